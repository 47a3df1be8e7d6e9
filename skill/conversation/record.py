"""The one stored record per user: the disclaimer heard, where they are, the routines done.

Never pain scores, symptoms or conditions (Alexa policy): only progress and history. Stored
data is read defensively and migrated by version (``RECORD_VERSION``); concurrent saves for the
same user are merged (``merge``) so that no finished routine is lost.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from skill.conversation.history import EMPTY, MAX_ENDED, MAX_HISTORY, Done, History, trimmed
from skill.conversation.place import MAX_EPOCH, Place, read_id, read_number

# 1: progress with its own field names; 2: the place, as Place writes it; 3: the history as
# one compact text (see conversation.history)
RECORD_VERSION = 3
RESUME_WITHIN = 24 * 3600  # an unfinished routine is offered at launch for a day


class UserRecord(NamedTuple):
    """Everything stored about one user. (Whether they answered the safety check is kept for the
    session only: it says something about their health.)"""

    heard_disclaimer: bool = False
    heard_check: bool = False  # the doctor-first list was read in full (never the answer)
    place: Place | None = None  # the latest run under way
    history: History = EMPTY  # the runs finished, and those whose ending was answered
    updated_at: float = 0.0  # when a request last changed the record

    def with_place(self, place: Place | None) -> UserRecord:
        """The record with this place (itself when nothing changes). A run whose ending was
        being played, replaced by another run (another device's, or this device's before the
        next request could count it), is counted as done first: see ``ending_under_way``."""
        if place == self.place:
            return self
        old, record = self.place, self
        replaced = old is not None and place is not None and old.key != place.key
        if replaced and old is not None and ending_under_way(old) and old.run not in self.ended:
            record = record.count_done(old, old.set_at)
        return record._replace(place=place)

    def count_done(self, place: Place, now: float) -> UserRecord:
        """The record with this run counted as done (once), history trimmed."""
        history = self.history.add(Done(place.routine, place.run, now), now)
        return self if history is self.history else self._replace(history=history)

    def end_run(self, place: Place) -> UserRecord:
        """The user answered the ending of ``place``'s run: it is over, and no longer offered
        (another run stored meanwhile, from another device, stays)."""
        kept = self.place if self.place is not None and self.place.key != place.key else None
        return self._replace(place=kept, history=self.history.end(place.run))

    @property
    def ended(self) -> tuple[float, ...]:
        """The runs (by start time) whose ending was answered."""
        return self.history.ended

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the store (numbers as they are; the DynamoDB adapter converts)."""
        return {
            "heard_disclaimer": self.heard_disclaimer,
            "heard_check": self.heard_check,
            "place": None if self.place is None else self.place.to_dict(),
            "history": self.history.text,
            "updated_at": self.updated_at,
            "v": RECORD_VERSION,
        }

    @classmethod
    def from_dict(cls, data: object) -> UserRecord:
        """Read a stored record of this version or older; anything unreadable is the default."""
        if not isinstance(data, dict):
            return cls()
        data = migrate(data)
        return cls(
            heard_disclaimer=data.get("heard_disclaimer") is True,
            heard_check=data.get("heard_check") is True,
            place=Place.from_dict(data.get("place")),
            history=History.read(data.get("history")),
            updated_at=read_number(data.get("updated_at"), 0, MAX_EPOCH) or 0.0,
        )


def ending_under_way(place: Place) -> bool:
    """The routine's last response, with its ending, was sent and not paused: it is heard
    unless someone stops it (and a stop pauses the place)."""
    return place.last and place.paused is None


def newer_than_this_code(data: object) -> bool:
    """True for a record written by a newer version: it must not be overwritten by this one."""
    version = data.get("v") if isinstance(data, dict) else None
    return isinstance(version, int) and version > RECORD_VERSION


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a stored record up to RECORD_VERSION, one version at a time."""
    if "v" not in data and isinstance(data.get("prefs"), dict):  # 0: preferences only
        data = {**data["prefs"], "v": 1}
    if data.get("v") == 1:
        data = _from_version_1(data)
    if data.get("v") == 2:
        data = _from_version_2(data)
    return data


def _from_version_1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 kept the place as 'progress' with longer names, and history by 'routine_id'."""
    old = data.get("progress")
    place = None
    if isinstance(old, dict):
        sent_at = old.get("spoken_at")
        place = {
            "routine": old.get("routine_id"),
            "response": old.get("response_index"),
            "sent_at": old.get("saved_at") if sent_at is None else sent_at,
            "run": old.get("started_at"),
            "set_at": old.get("saved_at"),
            "start": old.get("start_offset"),
            "lead": old.get("lead"),
            "paused": old.get("paused_at"),
        }
    history = [
        {
            "routine": d.get("routine_id"),
            "run": d.get("started_at"),
            "finished_at": d.get("finished_at"),
        }
        for d in _list(data.get("history"))
        if isinstance(d, dict)
    ]
    kept = {k: v for k, v in data.items() if k not in ("progress", "history")}
    return {**kept, "place": place, "history": history, "v": 2}


def _from_version_2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 kept each finished run as an object in a list, and the ended runs as a list
    of numbers."""
    runs = (d for d in map(_done, _list(data.get("history"))) if d is not None)
    ended = (read_number(t, 0, MAX_EPOCH) for t in _list(data.get("ended")))
    history = History.of(tuple(runs)[-MAX_HISTORY:], (t for t in ended if t is not None))
    kept = {k: v for k, v in data.items() if k != "ended"}
    return {**kept, "history": history.text, "v": 3}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _done(value: object) -> Done | None:
    if not isinstance(value, dict):
        return None
    routine = read_id(value.get("routine"))
    run, finished = (read_number(value.get(k), 0, MAX_EPOCH) for k in ("run", "finished_at"))
    if routine is None or run is None or finished is None:
        return None
    return Done(routine, run, finished)


def merge(stored: dict[str, Any], ours: dict[str, Any]) -> dict[str, Any]:
    """Combine a record saved meanwhile by another request with ours, losing nothing: runs
    done from both, the disclaimer heard by either, and the most recent place unless its run
    was ended on purpose by either."""
    a, b = UserRecord.from_dict(stored), UserRecord.from_dict(ours)
    history = {d.key: d for d in (*a.history.runs, *b.history.runs)}
    ended = tuple(sorted(set(a.ended) | set(b.ended)))[-MAX_ENDED:]
    # The newer place wins; on a tie (timestamps have whole seconds), ours: it was made from
    # what the stored one said, one request later.
    newest = b.place
    if a.place is not None and (newest is None or a.place.set_at > newest.set_at):
        newest = a.place
    # A run whose ending was sent, replaced by another device's newer run before its next
    # request could count it, is counted here: two devices lose no finished routine.
    for dropped in (a.place, b.place):
        if dropped is None or newest is None or dropped.key == newest.key:
            continue
        if ending_under_way(dropped) and dropped.key not in history:
            history[dropped.key] = Done(dropped.routine, dropped.run, dropped.set_at)
    if newest is not None and newest.run in ended:
        newest = None
    # Runs are trimmed by the newest time either knows of, so that a run one request dropped
    # (over 60 days old) is not brought back by the other.
    latest = max(
        a.updated_at,
        b.updated_at,
        max((d.finished_at for d in history.values()), default=0.0),
        newest.set_at if newest else 0.0,
    )
    merged = UserRecord(
        heard_disclaimer=a.heard_disclaimer or b.heard_disclaimer,
        heard_check=a.heard_check or b.heard_check,
        place=newest,
        history=trimmed(history.values(), latest, ended),
        updated_at=max(a.updated_at, b.updated_at),
    )
    return merged.to_dict()
