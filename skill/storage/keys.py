"""Storage keys: a hash of the Alexa user id, so stores never hold the id in clear."""

from __future__ import annotations

import hashlib

from ask_sdk_model import RequestEnvelope


def user_key(request_envelope: RequestEnvelope) -> str:
    """A stable key for the request's user ('anonymous' users share one)."""
    system = getattr(getattr(request_envelope, "context", None), "system", None)
    user_id = getattr(getattr(system, "user", None), "user_id", None)
    return key_of(user_id if isinstance(user_id, str) and user_id else "anonymous")


def key_of(user_id: str) -> str:
    """The storage key of an Alexa user id."""
    return hashlib.sha256(user_id.encode()).hexdigest()
