"""The one stored record per user: preferences, where they are in a routine, sessions done.

Never pain scores, symptoms or conditions (Alexa policy): only progress, history and
preferences. Stored data is read defensively and migrated by version; concurrent saves for
the same user are merged (``merge``) so that no completed step or finished session is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from skill.conversation.state import SessionState, read_id, read_number

RECORD_VERSION = 1
RESUME_WITHIN = 24 * 3600  # an unfinished routine is offered at launch for a day
MAX_ENDED = 20
DAY = 86400  # days are counted in UTC: requests carry no time zone
HISTORY_SECONDS = 60 * 86400  # keep 60 days of sessions
MAX_HISTORY = 200
MAX_EPOCH = 1e11


@dataclass(frozen=True)
class Progress:
    """Where the user was in a routine when ``saved_at`` (the session state, stored)."""

    routine_id: str
    response_index: int
    spoken_at: float | None
    start_offset: float
    lead: float
    paused_at: float | None
    started_at: float  # when this run of the routine began: it names the run
    saved_at: float

    @classmethod
    def of(cls, state: SessionState, now: float) -> Progress | None:
        """A snapshot of the session's routine, or None outside a routine. The start time names
        the run, so it is kept as it is (a resumed run may have begun days ago); only one in
        the future is taken as now."""
        if state.routine_id is None:
            return None
        started = min(state.started_at if state.started_at is not None else now, now)
        return cls(
            state.routine_id,
            state.response_index,
            state.spoken_at,
            state.start_offset,
            state.lead,
            state.paused_at,
            started,
            now,
        )

    def restore(self, state: SessionState) -> None:
        """Put this progress back into a session."""
        state.routine_id, state.response_index = self.routine_id, self.response_index
        state.spoken_at, state.start_offset, state.lead = (
            self.spoken_at,
            self.start_offset,
            self.lead,
        )
        state.paused_at, state.started_at = self.paused_at, self.started_at

    @property
    def run(self) -> tuple[str, float]:
        """Which routine, started when: one run of a routine."""
        return (self.routine_id, self.started_at)


@dataclass(frozen=True)
class Done:
    """One routine finished: which, and when it started and ended."""

    routine_id: str
    started_at: float
    finished_at: float

    @property
    def run(self) -> tuple[str, float]:
        return (self.routine_id, self.started_at)


@dataclass
class UserRecord:
    """Everything stored about one user. (Whether they answered the safety check is kept for the
    session only: it says something about their health.)"""

    heard_disclaimer: bool = False
    progress: Progress | None = None
    ended: list[float] = field(default_factory=list)  # start times of runs ended on purpose
    history: list[Done] = field(default_factory=list)
    updated_at: float = 0.0  # when a request last changed the record

    def record_done(self, progress: Progress, now: float) -> None:
        """Count a run of a routine as done (once)."""
        if progress.run not in {d.run for d in self.history}:
            self.history.append(Done(progress.routine_id, progress.started_at, now))
        self.history = _trim(self.history, now)

    def end_progress(self) -> None:
        """The user is finished with the run under way (answered its ending)."""
        if self.progress is not None:
            self.ended = [*self.ended, self.progress.started_at][-MAX_ENDED:]
        self.progress = None

    def to_attributes(self) -> dict[str, Any]:
        """Plain data for the store (numbers as they are; DynamoDB adapters convert)."""
        # By hand, not dataclasses.asdict: this runs on every request, and asdict is slow.
        progress = self.progress
        return {
            "heard_disclaimer": self.heard_disclaimer,
            "progress": None
            if progress is None
            else {
                "routine_id": progress.routine_id,
                "response_index": progress.response_index,
                "spoken_at": progress.spoken_at,
                "start_offset": progress.start_offset,
                "lead": progress.lead,
                "paused_at": progress.paused_at,
                "started_at": progress.started_at,
                "saved_at": progress.saved_at,
            },
            "ended": list(self.ended),
            "history": [
                {
                    "routine_id": d.routine_id,
                    "started_at": d.started_at,
                    "finished_at": d.finished_at,
                }
                for d in self.history
            ],
            "updated_at": self.updated_at,
            "v": RECORD_VERSION,
        }

    @classmethod
    def from_attributes(cls, data: object) -> UserRecord:
        """Read a stored record of this version or older; anything unreadable is the default."""
        if not isinstance(data, dict):
            return cls()
        data = _migrate(data)
        ended = [read_number(t, 0, MAX_EPOCH) for t in _list(data.get("ended"))]
        return cls(
            heard_disclaimer=data.get("heard_disclaimer") is True,
            progress=_progress(data.get("progress")),
            ended=[t for t in ended if t is not None][-MAX_ENDED:],
            history=[d for d in map(_done, _list(data.get("history"))) if d is not None],
            updated_at=read_number(data.get("updated_at"), 0, MAX_EPOCH) or 0.0,
        )


def newer_than_this_code(data: object) -> bool:
    """True for a record written by a newer version: it must not be overwritten by this one."""
    version = data.get("v") if isinstance(data, dict) else None
    return isinstance(version, int) and version > RECORD_VERSION


def _migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring an older stored record up to RECORD_VERSION."""
    if "v" not in data and isinstance(data.get("prefs"), dict):  # version 0: preferences only
        data = {**data["prefs"], "v": 1}
    return data


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _progress(value: object) -> Progress | None:
    if not isinstance(value, dict):
        return None
    routine_id = read_id(value.get("routine_id"))
    index = read_number(value.get("response_index"), 0, 1000)
    started, saved = (read_number(value.get(k), 0, MAX_EPOCH) for k in ("started_at", "saved_at"))
    if routine_id is None or index is None or started is None or saved is None:
        return None
    return Progress(
        routine_id,
        int(index),
        read_number(value.get("spoken_at"), 0, MAX_EPOCH),
        read_number(value.get("start_offset"), 0, 3600) or 0.0,
        read_number(value.get("lead"), 0, 3600) or 0.0,
        read_number(value.get("paused_at"), 0, 3600),
        started,
        saved,
    )


def _done(value: object) -> Done | None:
    if not isinstance(value, dict):
        return None
    routine_id = read_id(value.get("routine_id"))
    started, finished = (
        read_number(value.get(k), 0, MAX_EPOCH) for k in ("started_at", "finished_at")
    )
    if routine_id is None or started is None or finished is None:
        return None
    return Done(routine_id, started, finished)


def _trim(history: list[Done], now: float) -> list[Done]:
    kept = sorted(history, key=lambda d: d.finished_at)
    kept = [d for d in kept if now - d.finished_at <= HISTORY_SECONDS]
    return kept[-MAX_HISTORY:]


def merge(stored: dict[str, Any], ours: dict[str, Any]) -> dict[str, Any]:
    """Combine a record saved meanwhile by another request with ours, losing nothing: runs
    done from both, the disclaimer heard by either, and the most recent progress unless its
    run was ended on purpose by either."""
    a, b = UserRecord.from_attributes(stored), UserRecord.from_attributes(ours)
    history = {d.run: d for d in (*a.history, *b.history)}
    ended = sorted(set(a.ended) | set(b.ended))[-MAX_ENDED:]
    # The newer progress wins; on a tie (timestamps have whole seconds), ours: it was made
    # from what the stored one said, one request later.
    newest = b.progress
    if a.progress is not None and (newest is None or a.progress.saved_at > newest.saved_at):
        newest = a.progress
    if newest is not None and newest.started_at in ended:
        newest = None
    # Runs are trimmed by the newest time either knows of, so that a run one request dropped
    # (over 60 days old) is not brought back by the other.
    latest = max(
        a.updated_at,
        b.updated_at,
        max((d.finished_at for d in history.values()), default=0.0),
        newest.saved_at if newest else 0.0,
    )
    merged = UserRecord(
        heard_disclaimer=a.heard_disclaimer or b.heard_disclaimer,
        progress=newest,
        ended=ended,
        history=_trim(list(history.values()), latest),
        updated_at=max(a.updated_at, b.updated_at),
    )
    return merged.to_attributes()


@dataclass(frozen=True)
class Week:
    """What 'how am I doing this week?' reports."""

    sessions: int  # routines done in the last 7 days (the wrap-up not counted)
    routines: tuple[str, ...]  # their ids, most used first
    days_in_a_row: int  # days up to today (or yesterday) with at least one routine
    two_weeks_in: bool  # the first routine was two weeks or more ago


def week_summary(history: list[Done], now: float, kinds: dict[str, str]) -> Week:
    """Summarise the last seven days (rolling) of a user's history."""
    done = [d for d in history if kinds.get(d.routine_id) == "routine"]
    recent = [d for d in done if 0 <= now - d.finished_at <= 7 * DAY]
    counts: dict[str, int] = {}
    for d in recent:
        counts[d.routine_id] = counts.get(d.routine_id, 0) + 1
    routines = tuple(sorted(counts, key=lambda r: (-counts[r], r)))
    days = {int(d.finished_at // DAY) for d in done}
    day = int(now // DAY)
    if day not in days:
        day -= 1  # a streak is not broken until today is over
    streak = 0
    while day in days:
        streak, day = streak + 1, day - 1
    first = min((d.started_at for d in done), default=now)
    return Week(len(recent), routines, streak, now - first >= 14 * DAY)
