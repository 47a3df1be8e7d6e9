"""Loading and saving the user's stored record, in one place: two interceptors around every
turn, and the effects a turn asks for. Nothing here ever fails a reply.

A storage fault (locked, read-only, full, unreachable, throttled) is logged once per request
and the user still gets the right spoken answer. If the record could not be read (or was
written by a newer version), nothing is written, so a default record can never overwrite what
is stored. The record is saved only when the turn changed it, or when an older version stored
it (then once, in this version's form, so it is not migrated again on every request).
"""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import (
    AbstractRequestInterceptor,
    AbstractResponseInterceptor,
)
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_request_type
from ask_sdk_model import Response

from skill.conversation.record import RECORD_VERSION, UserRecord, newer_than_this_code
from skill.conversation.turn import FORGET, Outcome

log = logging.getLogger(__name__)
RECORD_KEY = "record"  # the request attribute that carries a RecordIO through one request
TURNS = ("LaunchRequest", "IntentRequest", "SessionEndedRequest")  # requests with a turn


class RecordIO:
    """One request's access to the stored record."""

    def __init__(self, handler_input: HandlerInput) -> None:
        self.manager = handler_input.attributes_manager
        self.readable = True
        self.logged = False
        self.forgotten = False
        self.older = False
        self.record = self._load()
        self.outcome: Outcome | None = None

    @classmethod
    def of(cls, handler_input: HandlerInput) -> RecordIO:
        """The request's RecordIO (made by LoadRecord, or here if it did not run)."""
        attributes = handler_input.attributes_manager.request_attributes
        found = attributes.get(RECORD_KEY)
        if not isinstance(found, RecordIO):
            found = attributes[RECORD_KEY] = cls(handler_input)
        return found

    def _fault(self, action: str, exc: Exception) -> None:
        if not self.logged:  # once per request, whatever else fails
            log.warning("storage unavailable (%s): %s: %s", action, type(exc).__name__, exc)
            self.logged = True

    def _load(self) -> UserRecord:
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
        # An older version's record is written back in this version's form by the first turn,
        # even one that changes nothing, so that it is migrated once, not on every request.
        self.older = isinstance(stored, dict) and bool(stored) and stored.get("v") != RECORD_VERSION
        return UserRecord.from_dict(stored)

    def carry_out(self, outcome: Outcome) -> Outcome:
        """Do what the turn asked beyond saving; a failed effect says what the Coach gave for
        that case. Returns the outcome as it stands, kept for SaveRecord."""
        for effect in outcome.effects:
            if effect.kind == FORGET:
                self.forgotten = True  # deleted, or left as it was: never written over
                if not self._delete():
                    outcome = outcome._replace(reply=effect.if_failed)
        self.outcome = outcome
        return outcome

    def _delete(self) -> bool:
        try:
            self.manager.delete_persistent_attributes()
        except Exception as exc:
            self._fault("delete", exc)
            return False
        return True

    def save(self) -> None:
        """Write the turn's record if it changed and the stored one was read successfully."""
        outcome = self.outcome
        if outcome is None or self.forgotten or not self.readable:
            return
        if outcome.record is self.record and not self.older:
            return
        try:
            self.manager.persistent_attributes = outcome.record.to_dict()
            self.manager.save_persistent_attributes()
        except Exception as exc:  # the answer matters more than the write
            self._fault("write", exc)


class LoadRecord(AbstractRequestInterceptor):
    """Before a turn: read the user's record (once, for the whole request)."""

    def process(self, handler_input: HandlerInput) -> None:
        if get_request_type(handler_input) in TURNS:
            RecordIO.of(handler_input)


class SaveRecord(AbstractResponseInterceptor):
    """After a turn: save the record if the turn changed it."""

    def process(self, handler_input: HandlerInput, response: Response) -> None:
        found = handler_input.attributes_manager.request_attributes.get(RECORD_KEY)
        if isinstance(found, RecordIO):
            found.save()
