"""Typed session and user state: the only way handlers read or write Alexa attributes.

Nothing here may hold pain scores, symptoms or conditions (Alexa policy): only where the user is
in a routine, what was offered, and preferences.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

# Attribute keys, in one place.
SESSION_KEY = "coach"
USER_KEY = "prefs"

OFFER_KINDS = ("more", "wrap-up", "screen")


@dataclass
class Offer:
    """A yes/no question the skill asked: what 'yes' should do."""

    kind: str  # one of OFFER_KINDS
    target: str = ""  # a topic id or routine id


@dataclass
class SessionState:
    """Where this session is. Times are seconds since the epoch, from request timestamps."""

    routine_id: str | None = None
    response_index: int = 0  # the routine response last sent
    spoken_at: float | None = None  # when that response was sent
    start_offset: float = 0.0  # where in the planned response that playback began
    lead: float = 0.0  # seconds of extra speech said before it (answers, "carrying on")
    paused_at: float | None = None  # offset into the response where the user stopped
    offer: Offer | None = None
    last_speech: str | None = None  # the last reply outside a routine, for "repeat"
    last_reprompt: str | None = None

    def to_attributes(self) -> dict[str, Any]:
        """Plain data for session attributes."""
        return asdict(self)

    @classmethod
    def from_attributes(cls, data: object) -> SessionState:
        """Read state back, ignoring anything missing, unknown or of the wrong type."""
        if not isinstance(data, dict):
            return cls()
        state = cls()
        for f in fields(cls):
            value = data.get(f.name)
            if f.name == "offer":
                state.offer = _offer(value)
            elif _fits(value, getattr(state, f.name), f.name):
                setattr(state, f.name, value)
        return state

    def clear_routine(self) -> None:
        """Leave any routine."""
        self.routine_id, self.response_index, self.spoken_at = None, 0, None
        self.start_offset, self.lead, self.paused_at = 0.0, 0.0, None


_OPTIONAL_FLOAT = {"spoken_at", "paused_at"}
_OPTIONAL_STR = {"routine_id", "last_speech", "last_reprompt"}


def _fits(value: object, default: object, name: str) -> bool:
    if value is None:
        return name in _OPTIONAL_FLOAT | _OPTIONAL_STR
    if name in _OPTIONAL_FLOAT or isinstance(default, float):
        return isinstance(value, int | float) and not isinstance(value, bool)
    if name in _OPTIONAL_STR:
        return isinstance(value, str)
    return type(value) is type(default)


def _offer(value: object) -> Offer | None:
    if not isinstance(value, dict):
        return None
    kind, target = value.get("kind"), value.get("target", "")
    if kind in OFFER_KINDS and isinstance(target, str):
        return Offer(kind, target)
    return None


@dataclass
class UserPrefs:
    """What the skill remembers about a user between sessions (no health information)."""

    heard_disclaimer: bool = False
    heard_screen: bool = False

    def to_attributes(self) -> dict[str, Any]:
        """Plain data for persistent attributes."""
        return {"heard_disclaimer": self.heard_disclaimer, "heard_screen": self.heard_screen}

    @classmethod
    def from_attributes(cls, data: object) -> UserPrefs:
        """Read preferences back, treating anything unexpected as the default."""
        if not isinstance(data, dict):
            return cls()
        return cls(
            heard_disclaimer=data.get("heard_disclaimer") is True,
            heard_screen=data.get("heard_screen") is True,
        )
