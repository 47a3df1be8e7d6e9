"""Reading and writing the user's stored record through the SDK, never failing a reply.

A storage fault (locked, read-only, full, unreachable, throttled) is logged once per request
and the user still gets the right spoken answer. If the record could not be read, nothing is
written, so a default record can never overwrite stored progress.
"""

from __future__ import annotations

import logging

from ask_sdk_core.handler_input import HandlerInput

from skill.conversation.record import UserRecord, newer_than_this_code

log = logging.getLogger(__name__)


class RecordIO:
    """One request's access to the stored record."""

    def __init__(self, handler_input: HandlerInput) -> None:
        self.manager = handler_input.attributes_manager
        self.readable = True
        self.logged = False

    def _fault(self, action: str, exc: Exception) -> None:
        if not self.logged:  # once per request, whatever else fails
            log.warning("storage unavailable (%s): %s: %s", action, type(exc).__name__, exc)
            self.logged = True

    def load(self) -> UserRecord:
        """The stored record, or a default one when the store can't be read."""
        try:
            stored = self.manager.persistent_attributes
        except Exception as exc:  # any store fault: answer anyway
            self.readable = False
            self._fault("read", exc)
            return UserRecord()
        if newer_than_this_code(stored):  # a newer deployment wrote it: read, never overwrite
            self.readable = False
            self._fault("read", ValueError(f"record version {stored.get('v')} is newer"))
        return UserRecord.from_attributes(stored)

    def save(self, record: UserRecord, before: dict[str, object], now: float) -> None:
        """Write the record, stamped with the time, if it changed and was read successfully."""
        if not self.readable or record.to_attributes() == before:
            return
        record.updated_at = now
        data = record.to_attributes()
        try:
            self.manager.persistent_attributes = data
            self.manager.save_persistent_attributes()
        except Exception as exc:  # the answer matters more than the write
            self._fault("write", exc)

    def delete(self) -> bool:
        """Forget the user entirely; False if the store could not."""
        try:
            self.manager.delete_persistent_attributes()
        except Exception as exc:
            self._fault("delete", exc)
            return False
        return True
