"""The Flask door: POST /alexa takes an Alexa envelope, GET /healthz says the app is up."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from skill.door import BadEnvelope, invoke
from skill.library import DEFAULT_ROUTINES, load_library
from skill.skill_builder import build_skill

log = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "DEV_MODE": False,  # True switches request signature checks off; `serve --dev` only
    "ROUTINES_DIR": str(DEFAULT_ROUTINES),
    "MAX_CONTENT_LENGTH": 128 * 1024,  # Alexa envelopes are a few KB; larger bodies get 413
}
DEV_WARNING = (
    "DEVELOPMENT MODE: Alexa request signature verification is OFF. Anyone who can reach this "
    "server can talk to the skill. Never expose it to the internet."
)


class ConfigError(RuntimeError):
    """The app cannot start with this configuration; the message says what to change."""


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the Flask app. Settings: DEFAULTS, then SKILL_* environment variables, then
    ``config``. Content is loaded and validated here, so a bad routine stops start-up."""
    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("SKILL")
    app.config.from_mapping(config or {})
    if app.config["DEV_MODE"] is not True:  # only a real true: "no" or "False" must not count
        raise ConfigError(
            "production mode needs Alexa request verification, which this version does not "
            "have yet; run with --dev (DEV_MODE) on localhost only"
        )
    log.warning(DEV_WARNING)
    skill = build_skill(load_library(app.config["ROUTINES_DIR"]))

    @app.post("/alexa")
    def alexa() -> Response | tuple[Response, int]:
        try:
            payload = json.loads(request.get_data(cache=False) or b"null")
        except (ValueError, UnicodeDecodeError, RecursionError):
            return _error(400, "the body is not JSON")
        try:
            return jsonify(invoke(skill, payload))
        except BadEnvelope as exc:
            log.info("rejected request: %s", exc)
            return _error(400, str(exc))

    @app.get("/healthz")
    def healthz() -> Response:
        return jsonify(status="ok")

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> tuple[Response, int]:
        code = exc.code or 500
        response, status = _error(code, exc.name.lower())
        if code == 405:
            response.headers["Allow"] = ", ".join(exc.valid_methods or ())  # type: ignore[attr-defined]
        return response, status

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> tuple[Response, int]:
        log.error("unexpected error: %s", type(exc).__name__, exc_info=exc)
        return _error(500, "internal error")

    return app


def _error(status: int, message: str) -> tuple[Response, int]:
    return jsonify(error=message), status
