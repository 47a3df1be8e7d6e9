"""Production serving: the verified Flask app under waitress.

Waitress reads every request whole (headers and body, on its own I/O loop) before a worker
thread sees it, so a client that sends slowly, sends nothing, or promises a body it never
sends holds no worker: gunicorn's sync workers were each stopped by one such connection, and
two of them stopped the server for 30 s. Idle connections are closed after CHANNEL_TIMEOUT,
bodies are capped at the app's own limit, and the app runs in THREADS threads of one process
(SQLite and the content are shared; Alexa's traffic for one skill is light).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

THREADS = 8
CHANNEL_TIMEOUT = 20  # seconds a connection may sit with no complete request
CONNECTION_LIMIT = 500  # open connections at once; more wait in the listen queue


def serve(host: str, port: int, threads: int, config: Mapping[str, Any]) -> None:
    """Build the app once (content and settings are checked before anything listens), then
    serve it. Put it behind an HTTPS proxy: Alexa only calls HTTPS endpoints."""
    from waitress import serve as waitress  # only the production server needs them

    from skill.app import DEFAULTS, create_app

    app = create_app(config)
    waitress(
        app,
        host=host,
        port=port,
        threads=threads,
        channel_timeout=CHANNEL_TIMEOUT,
        connection_limit=CONNECTION_LIMIT,
        max_request_body_size=DEFAULTS["MAX_CONTENT_LENGTH"] + 1,  # the app answers 413
        max_request_header_size=64 * 1024,
        expose_tracebacks=False,
        ident="",  # no Server header naming the software
        clear_untrusted_proxy_headers=True,
    )
