"""Where a listener is in a routine: the one position type for the session, the store and
playback, with its bounds checked in one place.

Times are seconds since the epoch, taken from the requests' own timestamps (so a simulated
clock moves them too); offsets are seconds into a planned response. Data read back from a
client or a store goes through ``Place.from_dict``, which turns anything missing, of the wrong
type, non-finite or out of range into None (no place) or a field's default.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

MAX_RESPONSE = 1000  # far more responses than any routine has
MAX_OFFSET = 3600.0  # offsets and lead times within one response
MAX_EPOCH = 1e11  # request times
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class Place(NamedTuple):
    """A run of a routine: which response was sent when, and where playback stands in it."""

    routine: str  # the routine's id
    response: int  # index of the planned response last sent
    sent_at: float  # when that response was sent
    run: float  # when this run of the routine began: with the routine, it names the run
    set_at: float  # when this place last changed (a response sent, or a pause)
    start: float = 0.0  # seconds into the response where that playback began
    lead: float = 0.0  # seconds of other speech said before it ("Carrying on.", an answer)
    paused: float | None = None  # seconds into the response where the listener stopped
    held: float = 0.0  # seconds held on this spot before a hold started its count again
    last: bool = False  # the response sent is the routine's last (its ending follows)

    @property
    def key(self) -> tuple[str, float]:
        """Which routine, started when: one run of a routine."""
        return (self.routine, self.run)

    def pause(self, offset: float, now: float) -> Place:
        """This place, held at ``offset`` seconds into its response."""
        return self._replace(paused=offset, set_at=now)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for session attributes and the store (fields at their defaults are left
        out: every request carries this, and each value costs the SDK's serializer time)."""
        data: dict[str, Any] = {
            "routine": self.routine,
            "response": self.response,
            "sent_at": self.sent_at,
            "run": self.run,
            "set_at": self.set_at,
        }
        if self.start:
            data["start"] = self.start
        if self.lead:
            data["lead"] = self.lead
        if self.paused is not None:
            data["paused"] = self.paused
        if self.held:
            data["held"] = self.held
        if self.last:
            data["last"] = True
        return data

    @classmethod
    def from_dict(cls, data: object) -> Place | None:
        """A place read back from plain data, or None if its essentials are unusable."""
        if not isinstance(data, dict):
            return None
        routine = read_id(data.get("routine"))
        response = read_number(data.get("response"), 0, MAX_RESPONSE)
        sent_at, run, set_at = (read_number(data.get(k), 0, MAX_EPOCH) for k in _TIMES)
        if routine is None or response is None or sent_at is None or run is None:
            return None
        return cls(
            routine,
            int(response),
            sent_at,
            run,
            set_at if set_at is not None else sent_at,
            read_number(data.get("start"), 0, MAX_OFFSET) or 0.0,
            read_number(data.get("lead"), 0, MAX_OFFSET) or 0.0,
            read_number(data.get("paused"), 0, MAX_OFFSET),
            read_number(data.get("held"), 0, MAX_OFFSET) or 0.0,
            data.get("last") is True,
        )


_TIMES = ("sent_at", "run", "set_at")


def read_id(value: object) -> str | None:
    """A content id (lower-case words joined by hyphens), or None."""
    return value if isinstance(value, str) and len(value) <= 64 and _ID.match(value) else None


def read_number(value: object, low: float, high: float) -> float | None:
    """A finite number within [low, high], or None (never a bool, NaN or infinity)."""
    # Exact types: bool is an int subclass. NaN fails every comparison; an int too large for
    # a float is compared exactly, so it fails the bounds before float() could overflow.
    if (type(value) is float or type(value) is int) and low <= value <= high:
        return float(value)
    return None
