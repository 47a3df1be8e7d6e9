"""Server processes for tests and measurements: a free port, waiting for one to answer, stopping."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request


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


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a server and wait for it to go."""
    process.terminate()
    process.wait(10)
