"""The production server (gunicorn, verification on) started the way users start it."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from envelopes import APP_ID, envelope, request
from servers import serve_skill, stop


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("server") / "server.log"
    process, url = serve_skill(["--skill-id", APP_ID, "--workers", "2"], log)
    try:
        yield url
    finally:
        stop(process)
    assert "Traceback" not in log.read_text()


def status(url: str, data: bytes | None = None, method: str = "POST") -> tuple[int, bytes]:
    req = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(req, timeout=5) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_unsigned_requests_are_refused(server: str) -> None:
    body = json.dumps(envelope(request("LaunchRequest", time.time()))).encode()
    code, text = status(f"{server}/alexa", body)
    assert code == 400 and json.loads(text) == {"error": "request verification failed"}


def test_health_and_methods(server: str) -> None:
    assert status(f"{server}/healthz", method="GET") == (200, b'{"status":"ok"}\n')
    assert status(f"{server}/alexa", method="GET")[0] == 405
    assert status(f"{server}/alexa", b"{not json")[0] == 400
