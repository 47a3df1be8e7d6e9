"""What 'how am I doing this week?' reports, from the history of finished routines."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from skill.conversation.history import Done

DAY = 86400  # days are counted in UTC: requests carry no time zone


class Week(NamedTuple):
    """The last seven days, rolling."""

    sessions: int  # routines done in the last 7 days (the wrap-up not counted)
    routines: tuple[str, ...]  # their ids, most used first
    days_in_a_row: int  # days up to today (or yesterday) with at least one routine
    two_weeks_in: bool  # the first routine was two weeks or more ago


def week_summary(history: Iterable[Done], now: float, kinds: Mapping[str, str]) -> Week:
    """Summarise the last seven days of a user's history (``kinds``: routine id -> kind)."""
    done = [d for d in history if kinds.get(d.routine) == "routine"]
    recent = [d for d in done if 0 <= now - d.finished_at <= 7 * DAY]
    counts: dict[str, int] = {}
    for d in recent:
        counts[d.routine] = counts.get(d.routine, 0) + 1
    routines = tuple(sorted(counts, key=lambda r: (-counts[r], r)))
    days = {int(d.finished_at // DAY) for d in done}
    day = int(now // DAY)
    if day not in days:
        day -= 1  # a streak is not broken until today is over
    streak = 0
    while day in days:
        streak, day = streak + 1, day - 1
    first = min((d.run for d in done), default=now)
    return Week(len(recent), routines, streak, now - first >= 14 * DAY)
