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
        self.before: dict[str, object] = {}  # the record as read, to save only a change

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
        record = UserRecord.from_attributes(stored)
        self.before = record.to_attributes()
        return record

    def save(self, record: UserRecord, now: float) -> None:
        """Write the record, stamped with the time, if it changed and was read successfully."""
        data = record.to_attributes()
        if not self.readable or data == self.before:
            return
        record.updated_at = data["updated_at"] = now
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
