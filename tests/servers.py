"""Server processes for tests and measurements: a free port, waiting for one to answer, stopping."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_up(
    process: subprocess.Popen[bytes], port: int, health: str | None = "/healthz", tries: int = 150
) -> None:
    """Return once the server on ``port`` answers GET ``health`` (or, with None, accepts a
    connection); RuntimeError if it exits first or never answers."""
    for _ in range(tries):
        try:
            if health is None:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            else:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{health}", timeout=1).close()
            return
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with {process.returncode}") from None
            time.sleep(0.1)
    raise RuntimeError(f"nothing answered on port {port}")


def serve_skill(
    args: list[str], log: Path, env: dict[str, str] | None = None, tries: int = 150
) -> tuple[subprocess.Popen[bytes], str]:
    """`routine-skill serve ARGS` on a free port, as users run it, once it answers; returns the
    process and its base URL. RuntimeError with the server's log if it never comes up."""
    port = free_port()
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "skill.cli", "serve", "--port", str(port), *args],
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
    try:
        wait_until_up(process, port, tries=tries)
    except RuntimeError:
        stop(process)
        raise RuntimeError(log.read_text()) from None
    return process, f"http://127.0.0.1:{port}"


def stop(process: subprocess.Popen[bytes], timeout: float = 10) -> None:
    """Stop a server and wait for it to go."""
    process.terminate()
    process.wait(timeout)
