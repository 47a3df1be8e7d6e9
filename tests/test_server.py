"""The production server (waitress, verification on) started the way users start it."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from envelopes import APP_ID, envelope, request
from servers import serve_skill, stop


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("server") / "server.log"
    process, url = serve_skill(["--skill-id", APP_ID, "--threads", "2"], log)
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


def test_slow_idle_and_short_body_clients_hold_no_worker(server: str) -> None:
    """50 connections that never finish a request (two worker threads here) while normal
    requests keep being answered within a second each."""
    address = urlsplit(server)
    where = (address.hostname or "127.0.0.1", address.port or 80)
    stop_trickling = threading.Event()
    held: list[socket.socket] = []
    for n in range(50):
        conn = socket.create_connection(where, timeout=5)
        held.append(conn)
        if n % 3 == 1:  # a promised body, never sent in full
            conn.sendall(
                b"POST /alexa HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n0123456789"
            )
        elif n % 3 == 2:  # headers, a line at a time, never ending
            conn.sendall(b"POST /alexa HTTP/1.1\r\nHost: x\r\n")
        # else: connected, and silent

    def trickle() -> None:
        while not stop_trickling.wait(0.5):
            for n, conn in enumerate(held):
                if n % 3 == 2:
                    conn.sendall(b"X-Slow: 1\r\n")

    trickler = threading.Thread(target=trickle, daemon=True)
    trickler.start()
    try:
        times = []
        for _ in range(20):
            start = time.monotonic()
            req = urllib.request.Request(f"{server}/healthz")
            with urllib.request.urlopen(req, timeout=1) as reply:
                assert reply.status == 200
            times.append(time.monotonic() - start)
        assert max(times) < 1.0
    finally:
        stop_trickling.set()
        trickler.join()
        for conn in held:
            conn.close()


def test_an_oversized_chunked_body_gets_413_and_a_clean_close(server: str) -> None:
    import http.client

    address = urlsplit(server)
    conn = http.client.HTTPConnection(address.hostname or "127.0.0.1", address.port, timeout=10)
    chunks = (b"x" * 65536 for _ in range(80))  # 5 MB, sent chunked, far over the limit
    # The server may stop reading once it has answered.
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        conn.request(
            "POST",
            "/alexa",
            body=chunks,
            headers={"Content-Type": "application/json"},
            encode_chunked=True,
        )
    reply = conn.getresponse()
    assert reply.status == 413
    conn.close()
