"""A process-local store: for tests, the simulator, and Lambda without a table configured."""

from __future__ import annotations

import threading
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_model import RequestEnvelope

from skill.storage.keys import user_key


class MemoryAdapter(AbstractPersistenceAdapter):
    """Keeps attributes in a dict; lost when the process ends."""

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
