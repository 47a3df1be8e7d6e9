"""The turn being decided: the request, and the session and record as they stand so far.

A Draft belongs to one call of ``Coach.turn``; the session and record it starts from are never
changed (they are frozen), only replaced here by new values.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from skill.conversation.place import Place
from skill.conversation.record import UserRecord
from skill.conversation.session import Session
from skill.conversation.turn import Effect, Request


class Draft:
    """What one turn has decided so far."""

    __slots__ = ("effects", "now", "record", "request", "session")

    def __init__(self, request: Request, session: Session, record: UserRecord) -> None:
        self.request = request
        self.now = request.now
        self.session = session
        self.record = record
        self.effects: list[Effect] = []

    def update(self, **changes: Any) -> None:
        """Change fields of the session."""
        self.session = replace(self.session, **changes)

    def move_to(self, place: Place | None) -> None:
        """The routine's place, in the session and (when there is one) in the stored record."""
        self.update(place=place)
        if place is not None:
            self.record = self.record.with_place(place)

    @property
    def heard_disclaimer(self) -> bool:
        """Heard in this session or stored (so an unreadable store doesn't repeat it)."""
        return self.session.heard_disclaimer or self.record.heard_disclaimer

    def hear_disclaimer(self) -> None:
        self.update(heard_disclaimer=True)
        if not self.record.heard_disclaimer:
            self.record = replace(self.record, heard_disclaimer=True)
