"""One request's worth of conversation, as the Coach sees it."""

from __future__ import annotations

from dataclasses import dataclass

from skill.conversation.record import Progress, UserRecord
from skill.conversation.reply import Turn
from skill.conversation.state import Offer, SessionState


@dataclass
class Talk:
    """The session, the user's stored record, when and where, and the question asked last."""

    state: SessionState
    user: UserRecord
    turn: Turn
    offer: Offer | None = None  # the yes/no question asked last turn (cleared for this one)
    forget: bool = False  # set when the user confirmed "forget my progress"

    @property
    def now(self) -> float:
        return self.turn.now

    @property
    def heard_disclaimer(self) -> bool:
        """Heard in this session or stored (so an unreadable store doesn't repeat it)."""
        return self.state.heard_disclaimer or self.user.heard_disclaimer

    @heard_disclaimer.setter
    def heard_disclaimer(self, value: bool) -> None:
        self.state.heard_disclaimer = self.user.heard_disclaimer = value

    def remember_progress(self) -> None:
        """Store where the session is in its routine (if it is in one)."""
        progress = Progress.of(self.state, self.now)
        if progress is not None:
            self.user.progress = progress
