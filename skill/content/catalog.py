"""Frozen content objects (routines, steps, cues, topics, safety) and name lookup."""

from __future__ import annotations

import re
from typing import NamedTuple

from skill.content.errors import Origin

SIDE_NAMES = ("right", "left")  # in the order a sides block usually runs
_FILLER = frozenset({"the", "a", "an", "my", "routine", "one", "please", "exercise", "for"})


def normalize_name(spoken: str) -> str:
    """Fold a spoken name so 'The Lower-Back one' and 'lower back' compare equal."""
    words = re.sub(r"[^a-z0-9]+", " ", spoken.casefold()).split()
    kept = [w for w in words if w not in _FILLER]
    return " ".join(kept or words)


def match_name(spoken: str, names: dict[str, str]) -> str | None:
    """The id whose folded name (a key of ``names``) was said: the whole of ``spoken``, else
    the longest name heard inside it as whole words ("the lower back one please")."""
    folded = normalize_name(spoken)
    if folded in names:
        return names[folded]
    padded = f" {folded} "
    inside = [name for name in names if name and f" {name} " in padded]
    return names[max(inside, key=len)] if inside else None


class Cue(NamedTuple):
    """Something said during a hold: a built-in cue by name, or the author's own at a time."""

    kind: str  # "breathe", "halfway", "ten-left" or "custom"
    origin: Origin
    at: int | None = None
    say: str | None = None


class Step(NamedTuple):
    """One step: what to say, then optionally a hold of ``hold`` seconds with cues."""

    say: str
    origin: Origin
    hold: int | None = None
    cues: tuple[Cue, ...] | None = None  # None means "the default cues for this hold"
    end: str | None = None  # said when the hold is over; None means "And release."
    name: str | None = None  # what the listener calls it; None: its first sentence
    recue: str | None = None  # said when its hold resumes; None: the last sentence of ``say``


class SideBlock(NamedTuple):
    """Steps spoken once per side, in the order of ``sides``."""

    sides: tuple[str, ...]
    steps: tuple[Step, ...]
    origin: Origin


class Routine(NamedTuple):
    """A guided routine as authored; the planner turns it into responses."""

    id: str
    name: str
    synonyms: tuple[str, ...]
    summary: str
    areas: tuple[str, ...]  # ids from content.areas.AREAS
    tools: tuple[str, ...]
    needs: str  # one of content.areas.NEEDS
    cautions: tuple[str, ...]
    reminder: str  # the cautions in one sentence, for a routine carried on later
    steps: tuple[Step | SideBlock, ...]
    origin: Origin
    kind: str = "routine"

    @property
    def names(self) -> tuple[str, ...]:
        """Every name people may say for it, the spoken name first."""
        return (self.name, *self.synonyms)


class Topic(NamedTuple):
    """An explanation: a brief answer and a longer one for 'tell me more'."""

    id: str
    name: str
    synonyms: tuple[str, ...]
    brief: str
    more: str
    origin: Origin

    @property
    def names(self) -> tuple[str, ...]:
        """Every name people may say for it, the spoken name first."""
        return (self.name, *self.synonyms)


class Safety(NamedTuple):
    """Safety wording shared by all routines and topics."""

    disclaimer: str
    stop_line: str
    screen: tuple[str, ...]
    never_press: tuple[str, ...]
    skip: tuple[str, ...]
    stop_signs: tuple[str, ...]
    emergency_signs: tuple[str, ...]
    urgent_signs: tuple[str, ...]
    emergency_numbers: tuple[tuple[str, str], ...]
    origin: Origin

    def emergency_number(self, locale: str) -> str | None:
        """The emergency number for a locale, or None when the locale is not listed."""
        return dict(self.emergency_numbers).get(locale)


class Catalog:
    """Everything the skill can say about, loaded and validated once at start-up, with its
    lookups made then. (A plain class: a frozen dataclass costs a cold start about 1 ms.)"""

    def __init__(
        self, routines: tuple[Routine, ...], topics: tuple[Topic, ...], safety: Safety
    ) -> None:
        self.routines, self.topics, self.safety = routines, topics, safety
        self._short = _short_names(routines)  # id -> short name
        said = [(r.id, n) for r in routines for n in (r.id, *r.names)]
        said += list(self._short.items())
        self._routine_names = {normalize_name(n): routine_id for routine_id, n in said}
        self._topic_names = {normalize_name(n): t.id for t in topics for n in (t.id, *t.names)}
        self._routines = {r.id: r for r in routines}
        self._topics = {t.id: t for t in topics}
        self._main = tuple(r for r in routines if r.kind == "routine")
        self._wrap_up = next((r for r in routines if r.kind == "wrap-up"), None)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Catalog) and (self.routines, self.topics, self.safety) == (
            other.routines,
            other.topics,
            other.safety,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Catalog({len(self.routines)} routines, {len(self.topics)} topics)"

    def spoken_names(self, routine: Routine) -> tuple[str, ...]:
        """Every name people may say for a routine: its own, then the last two words of a
        longer name when no other routine shares them ("side release" for the lower back side
        release)."""
        short = self._short.get(routine.id)
        return (*routine.names, short) if short else routine.names

    def routine(self, routine_id: str) -> Routine:
        """The routine with this id (KeyError if there is none)."""
        return self._routines[routine_id]

    def topic(self, topic_id: str) -> Topic:
        """The topic with this id (KeyError if there is none)."""
        return self._topics[topic_id]

    def get_routine(self, routine_id: str | None) -> Routine | None:
        """The routine with this id, or None."""
        return self._routines.get(routine_id or "")

    def get_topic(self, topic_id: str | None) -> Topic | None:
        """The topic with this id, or None."""
        return self._topics.get(topic_id or "")

    @property
    def main_routines(self) -> tuple[Routine, ...]:
        """The routines offered in the list (everything but the wrap-up)."""
        return self._main

    @property
    def wrap_up(self) -> Routine | None:
        """The movement routine offered after finishing another routine."""
        return self._wrap_up

    def wrap_up_after(self, routine: Routine) -> Routine | None:
        """What the ending of ``routine`` offers: the wrap-up after a routine, else nothing."""
        return self.wrap_up if routine.kind == "routine" else None

    def wrap_up_for(self, routine_id: str) -> Routine | None:
        """What the ending of the routine with this id offers (None if there is no such
        routine, or it offers none)."""
        routine = self._routines.get(routine_id)
        return self.wrap_up_after(routine) if routine is not None else None

    def find_routine(self, spoken: str) -> Routine | None:
        """The routine someone named, by id, name or synonym, ignoring case and filler words
        (a name said inside more words counts: entity resolution found no match)."""
        routine_id = match_name(spoken, self._routine_names)
        return self.routine(routine_id) if routine_id else None

    def find_topic(self, spoken: str) -> Topic | None:
        """The topic someone named, by id, name or synonym, ignoring case and filler words."""
        topic_id = match_name(spoken, self._topic_names)
        return self.topic(topic_id) if topic_id else None


def _short_names(routines: tuple[Routine, ...]) -> dict[str, str]:
    """routine id -> the last two words of its name, for names of three words or more, when
    no other routine is called that or shortens to it (worked out in one pass)."""
    candidates: dict[str, list[str]] = {}
    for routine in routines:
        words = normalize_name(routine.name).split()
        if len(words) >= 3 and words[-2] not in _SMALL:
            candidates.setdefault(" ".join(words[-2:]), []).append(routine.id)
    said = {normalize_name(n) for r in routines for n in r.names}
    return {
        ids[0]: short for short, ids in candidates.items() if len(ids) == 1 and short not in said
    }


_SMALL = frozenset({"of", "it", "and", "to", "on", "in", "up"})
