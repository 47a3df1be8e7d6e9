"""A process-local persistence adapter: remembers preferences while the server runs."""

from __future__ import annotations

import threading
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_model import RequestEnvelope


def user_key(request_envelope: RequestEnvelope) -> str:
    """The user id a request belongs to ('anonymous' when it carries none)."""
    system = getattr(getattr(request_envelope, "context", None), "system", None)
    user_id = getattr(getattr(system, "user", None), "user_id", None)
    return user_id if isinstance(user_id, str) and user_id else "anonymous"


class MemoryAdapter(AbstractPersistenceAdapter):
    """Keeps attributes in a dict (lost on restart; durable stores come with persistence)."""

    def __init__(self) -> None:
        self._data: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, Any]:
        with self._lock:
            return dict(self._data.get(user_key(request_envelope), {}))

    def save_attributes(
        self, request_envelope: RequestEnvelope, attributes: dict[str, Any]
    ) -> None:
        with self._lock:
            self._data[user_key(request_envelope)] = dict(attributes)

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        with self._lock:
            self._data.pop(user_key(request_envelope), None)
