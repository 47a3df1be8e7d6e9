"""Storage keys: a hash of the Alexa user id, so stores never hold the id in clear."""

from __future__ import annotations

import hashlib

from ask_sdk_model import RequestEnvelope


def user_key(request_envelope: RequestEnvelope) -> str:
    """A stable key for the request's user ('anonymous' users share one)."""
    system = getattr(getattr(request_envelope, "context", None), "system", None)
    user_id = getattr(getattr(system, "user", None), "user_id", None)
    if not isinstance(user_id, str) or not user_id:
        user_id = "anonymous"
    return hashlib.sha256(user_id.encode()).hexdigest()
