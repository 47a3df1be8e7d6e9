"""Typed session and user state: the only way handlers read or write Alexa attributes.

Nothing here may hold pain scores, symptoms or conditions (Alexa policy): only where the user is
in a routine, what was offered or said, and preferences. Session attributes come back from the
client, so every field is read defensively: anything missing, of the wrong type, non-finite or
out of range becomes its default.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

# Attribute keys, in one place.
SESSION_KEY = "coach"

# The ending's question (wrap-up, another routine) is read from the position instead.
OFFER_KINDS = ("more", "screen", "resume-screen", "continue", "forget")
MAX_INDEX = 1000  # far more responses than any routine has
MAX_SECONDS = 3600.0  # offsets and lead times within one response
MAX_EPOCH = 1e11  # request times, in seconds since 1970
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass
class Offer:
    """A yes/no question the skill asked: what 'yes' should do."""

    kind: str  # one of OFFER_KINDS
    target: str = ""  # a topic id or routine id


@dataclass
class Said:
    """The last reply outside a routine, as a key the Coach can render again for 'repeat'."""

    key: str
    arg: str = ""


@dataclass
class SessionState:
    """Where this session is. Times are seconds since the epoch, from request timestamps."""

    routine_id: str | None = None
    response_index: int = 0  # the routine response last sent
    spoken_at: float | None = None  # when that response was sent
    start_offset: float = 0.0  # where in the planned response that playback began
    lead: float = 0.0  # seconds of extra speech said before it (answers, "carrying on")
    paused_at: float | None = None  # offset into the response where the user stopped
    started_at: float | None = None  # when this run of the routine began
    heard_disclaimer: bool = False  # also stored; kept here in case the store can't be read
    heard_screen: bool = False  # said yes to the safety check (this session only: health)
    offer: Offer | None = None
    last: Said | None = None

    def to_attributes(self) -> dict[str, Any]:
        """Plain data for session attributes."""
        # By hand, not dataclasses.asdict: this runs on every request, and asdict is slow.
        return {
            "routine_id": self.routine_id,
            "response_index": self.response_index,
            "spoken_at": self.spoken_at,
            "start_offset": self.start_offset,
            "lead": self.lead,
            "paused_at": self.paused_at,
            "started_at": self.started_at,
            "heard_disclaimer": self.heard_disclaimer,
            "heard_screen": self.heard_screen,
            "offer": None if self.offer is None else vars(self.offer).copy(),
            "last": None if self.last is None else vars(self.last).copy(),
        }

    @classmethod
    def from_attributes(cls, data: object) -> SessionState:
        """Read state back; anything unexpected becomes the default."""
        if not isinstance(data, dict):
            return cls()
        offer, last = data.get("offer"), data.get("last")
        return cls(
            routine_id=read_id(data.get("routine_id")),
            response_index=int(read_number(data.get("response_index"), 0, MAX_INDEX) or 0),
            spoken_at=read_number(data.get("spoken_at"), 0, MAX_EPOCH),
            start_offset=read_number(data.get("start_offset"), 0, MAX_SECONDS) or 0.0,
            lead=read_number(data.get("lead"), 0, MAX_SECONDS) or 0.0,
            paused_at=read_number(data.get("paused_at"), 0, MAX_SECONDS),
            started_at=read_number(data.get("started_at"), 0, MAX_EPOCH),
            heard_disclaimer=data.get("heard_disclaimer") is True,
            heard_screen=data.get("heard_screen") is True,
            offer=_offer(offer) if isinstance(offer, dict) else None,
            last=_said(last) if isinstance(last, dict) else None,
        )

    def clear_routine(self) -> None:
        """Leave any routine."""
        self.routine_id, self.response_index, self.spoken_at = None, 0, None
        self.start_offset, self.lead, self.paused_at, self.started_at = 0.0, 0.0, None, None


def read_id(value: object) -> str | None:
    """A content id, or None."""
    return value if isinstance(value, str) and len(value) <= 64 and _ID.match(value) else None


def read_number(value: object, low: float, high: float) -> float | None:
    """A finite number within [low, high], or None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:  # an int too large for a float
        return None
    return number if math.isfinite(number) and low <= number <= high else None


def _offer(data: dict[Any, Any]) -> Offer | None:
    kind, target = data.get("kind"), data.get("target", "")
    if kind in OFFER_KINDS and (target == "" or read_id(target)):
        return Offer(kind, target)
    return None


def _said(data: dict[Any, Any]) -> Said | None:
    key, arg = read_id(data.get("key")), data.get("arg", "")
    if key and (arg == "" or read_id(arg)):
        return Said(key, arg)
    return None
