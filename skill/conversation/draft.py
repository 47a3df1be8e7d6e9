"""The turn being decided: the request, and the session and record as they stand so far.

A Draft belongs to one call of ``Coach.turn``. The session's fields are plain attributes here,
named as in Session, while the turn is decided (``session`` builds the frozen Session at the
end); the record is only ever replaced by new values. The session and record a turn starts from are
never changed.
"""

from __future__ import annotations

from skill.conversation.place import Place
from skill.conversation.playback import Where
from skill.conversation.record import UserRecord
from skill.conversation.session import Ask, Question, Said, Session
from skill.conversation.turn import Effect, Request


class Draft:
    """What one turn has decided so far."""

    __slots__ = (
        "back_to",
        "briefed",
        "checked",
        "doctor_first",
        "eased",
        "effects",
        "found",
        "heard_disclaimer",
        "now",
        "place",
        "question",
        "question_before",
        "record",
        "request",
        "said",
        "said_before",
        "stopped",
        "turns",
    )

    def __init__(self, request: Request, session: Session, record: UserRecord) -> None:
        self.request = request
        self.now = request.now
        self.place: Place | None = session.place
        self.question: Question | None = session.question
        self.question_before = session.question  # open when the turn began (kept as asked)
        self.checked = session.checked
        self.heard_disclaimer = session.heard_disclaimer
        # What 'repeat' says again: the last full reply. Each turn's reply sets it (None for
        # one that can't be built again from a key); a question asked again briefly keeps it.
        self.said_before = session.said
        self.said: Said | None = None
        self.back_to: int | None = session.back_to
        self.record = record
        self.effects: list[Effect] = []
        self.found: tuple[Place, Where] | None = None  # where() of the place, worked out once
        self.stopped = session.stopped
        self.briefed = session.briefed
        self.doctor_first = session.doctor_first
        self.turns = session.turns + 1
        # The routine whose hold a question interrupted: the answer says ease off ("" if none).
        self.eased = ""

    @property
    def session(self) -> Session:
        """The session as decided."""
        return Session(
            self.place,
            self.question,
            self.checked,
            self.heard_disclaimer,
            self.said,
            self.back_to,
            self.stopped,
            self.briefed,
            self.doctor_first,
            self.turns,
        )

    def move_to(self, place: Place | None) -> None:
        """The routine's place, in the session and (when there is one) in the stored record."""
        self.place = place
        if place is not None:
            self.record = self.record.with_place(place)

    def offered_before(self) -> tuple[str, ...]:
        """The routines a choice open when the turn began offered ("which would you like?")."""
        asked = self.question_before
        return asked.offered if asked is not None and asked.ask is Ask.CHOOSE else ()

    def heard_before(self) -> bool:
        """The disclaimer was heard in this session or is stored as heard (so an unreadable
        store doesn't repeat it)."""
        return self.heard_disclaimer or self.record.heard_disclaimer

    def hear_check(self) -> None:
        """The doctor-first list was read in full: next time, the short check."""
        if not self.record.heard_check:
            self.record = self.record._replace(heard_check=True)

    def hear_disclaimer(self) -> None:
        self.heard_disclaimer = True
        if not self.record.heard_disclaimer:
            self.record = self.record._replace(heard_disclaimer=True)
