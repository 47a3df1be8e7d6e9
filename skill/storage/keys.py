"""Storage keys: a hash of the Alexa user id, so stores never hold the id in clear."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Protocol

from ask_sdk_model import RequestEnvelope


class Digest(Protocol):
    """A hash being worked out (hashlib's interface)."""

    def update(self, data: bytes, /) -> None: ...

    def hexdigest(self) -> str: ...


def _sha256() -> Callable[[bytes], Digest]:
    """CPython's own SHA-256 (module _sha2 from 3.12, _sha256 before), the same digest as
    hashlib's without loading OpenSSL (hashlib is about 2 ms of a Lambda cold start)."""
    for name in ("_sha2", "_sha256"):
        try:
            found: Callable[[bytes], Digest] = importlib.import_module(name).sha256
            return found
        except (ImportError, AttributeError):
            continue
    from hashlib import sha256

    return sha256


sha256 = _sha256()


def user_key(request_envelope: RequestEnvelope) -> str:
    """A stable key for the request's user ('anonymous' users share one)."""
    system = getattr(getattr(request_envelope, "context", None), "system", None)
    user_id = getattr(getattr(system, "user", None), "user_id", None)
    return key_of(user_id if isinstance(user_id, str) and user_id else "anonymous")


def key_of(user_id: str) -> str:
    """The storage key of an Alexa user id."""
    return sha256(user_id.encode()).hexdigest()
