"""Production serving: the verified Flask app under gunicorn (several worker processes)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from skill.app import create_app


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    """Gunicorn driven from Python, with our settings instead of its command line."""

    def __init__(self, app: Flask, options: Mapping[str, Any]) -> None:
        self.application = app
        self.options = dict(options)
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


def serve(host: str, port: int, workers: int, config: Mapping[str, Any]) -> None:
    """Build the app once (content and settings are checked before any worker starts), then
    serve it. Put it behind an HTTPS proxy: Alexa only calls HTTPS endpoints."""
    app = create_app(config)
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "timeout": 30,
        "graceful_timeout": 10,
        "accesslog": "-",
        # The access log carries no query strings or bodies; Alexa sends neither of use.
        "access_log_format": '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss',
    }
    _Gunicorn(app, options).run()
