"""The Flask door: POST /alexa takes an Alexa envelope, GET /healthz says the app is up, and
in development mode /simulator is a page to talk to the skill (skill.sim.web).

Production (the default) verifies every request as Alexa's certification requires and needs the
skill id; development mode (DEV_MODE true, ``serve --dev``) is the only way to turn that off.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from skill.config import ConfigError, skill_ids
from skill.door import BadEnvelope, invoke
from skill.handlers.errors import loggable
from skill.library import DEFAULT_DATA, DEFAULT_ROUTINES, SNAPSHOT_NAME, load_library
from skill.skill_builder import build_skill
from skill.storage.stores import open_store
from skill.verify import SIGNED_HEADERS
from skill.verify.errors import VerificationError

if TYPE_CHECKING:
    from skill.verify.verifier import RequestVerifier

log = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "DEV_MODE": False,  # only a real True switches request verification off
    "SKILL_ID": "",  # comma-separated skill ids; the SKILL_ID environment variable also works
    "ROUTINES_DIR": str(DEFAULT_ROUTINES),
    "DATA_PATH": str(DEFAULT_DATA),  # the SQLite file of users' progress (folder made on start)
    "TRUSTED_ROOTS": None,  # a PEM file of roots instead of certifi's (test chains, load runs)
    "CERT_FETCHER": None,  # a function url -> bytes instead of the HTTPS download (tests)
    # A PEM chain served for every certificate URL instead of downloading it: for load tests
    # with a test chain (pair it with TRUSTED_ROOTS). Never set it for real traffic.
    "CERT_CHAIN_FILE": None,
    "CLOCK": None,  # a function -> seconds since the epoch instead of time.time (tests)
    "MAX_CONTENT_LENGTH": 128 * 1024,  # Alexa envelopes are a few KB; larger bodies get 413
}
DEV_WARNING = (
    "DEVELOPMENT MODE: Alexa request signature verification is OFF. Anyone who can reach this "
    "server can talk to the skill. Never expose it to the internet."
)
CSP = "Content-Security-Policy"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Strict-Transport-Security": "max-age=31536000",
}


def _verifier(config: Mapping[str, Any]) -> RequestVerifier | None:
    if config["DEV_MODE"] is True:
        log.warning(DEV_WARNING)
        return None
    ids = skill_ids(config["SKILL_ID"] or os.environ.get("SKILL_ID", ""))
    if not ids:
        raise ConfigError(
            "production mode needs the skill id: set SKILL_ID=amzn1.ask.skill.... (or pass "
            "--skill-id); use --dev only on your own machine"
        )
    # Imported here: cryptography costs start-up time that development mode doesn't need.
    from skill.verify.certs import CertificateCache, http_fetch, load_roots
    from skill.verify.verifier import RequestVerifier

    clock = config["CLOCK"] or time.time
    fetch = config["CERT_FETCHER"] or http_fetch
    if config["CERT_CHAIN_FILE"]:
        chain = Path(config["CERT_CHAIN_FILE"]).read_bytes()
        log.warning(
            "certificate chains come from %s, not Amazon: test use only", config["CERT_CHAIN_FILE"]
        )

        def fetch(url: str) -> bytes:
            return chain

    try:
        roots = load_roots(config["TRUSTED_ROOTS"])
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read trusted roots {config['TRUSTED_ROOTS']}: {exc}") from exc
    return RequestVerifier(ids, CertificateCache(roots, fetch, clock), clock)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the Flask app. Settings: DEFAULTS, then SKILL_* environment variables, then
    ``config``. Content is loaded and validated here, so a bad routine stops start-up."""
    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("SKILL")
    app.config.from_mapping(config or {})
    verifier = _verifier(app.config)
    store = open_store({"DATA_PATH": app.config["DATA_PATH"]})
    snapshot = Path(app.config["DATA_PATH"]).parent / SNAPSHOT_NAME
    library = load_library(app.config["ROUTINES_DIR"], snapshot)
    skill = build_skill(library, store)
    if app.config["DEV_MODE"] is True:  # the web simulator: never in production (a 404 there)
        from skill.sim.web import blueprint

        app.register_blueprint(blueprint(skill, library.catalog, app.config["CLOCK"] or time.time))

    @app.post("/alexa")
    def alexa() -> Response | tuple[Response, int]:
        if request.mimetype != "application/json":  # 400, not 415: certification wants 400
            return _error(400, "expected application/json")
        limit = app.config["MAX_CONTENT_LENGTH"]
        if request.content_length is None:
            # Chunked: Flask's stream stops quietly at the limit, so read the server's own one
            # byte past it, to tell a whole body from a cut one.
            body = request.environ["wsgi.input"].read(limit + 1)
            if len(body) > limit:
                return _error(413, "request entity too large")
        else:
            body = request.get_data(cache=False)
        try:
            payload = json.loads(body or b"null")
        except (ValueError, UnicodeDecodeError, RecursionError):
            return _error(400, "the body is not JSON")
        if verifier is not None:
            try:
                headers = {name: request.headers.get(name, "") for name in SIGNED_HEADERS}
                verifier.verify(headers, body, payload if isinstance(payload, dict) else {})
            except VerificationError as exc:
                log.warning("rejected unverified request: %s", loggable(exc, 200))
                return _error(400, "request verification failed")
        try:
            return jsonify(invoke(skill, payload))
        except BadEnvelope as exc:
            log.info("rejected request: %s", loggable(exc, 200))
            return _error(400, str(exc))

    @app.get("/healthz")
    def healthz() -> Response:
        return jsonify(status="ok")

    @app.after_request
    def secure(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            if name != CSP or name not in response.headers:  # the simulator page sets its own
                response.headers[name] = value
        return response

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
