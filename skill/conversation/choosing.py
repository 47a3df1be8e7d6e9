"""Choosing a routine: suggestions for an open request, and the list, a few at a time by area.

A suggestion routes by body area, time and tools to at most three routines (prompts.LISTED),
each said with its length, and asks which one. With no area it offers one routine per area,
shortest first; "something quick" offers the shortest; "I have five minutes" offers those that
fit (or the shortest, saying nothing is quite that short); "without a ball" offers routines that
need none. The list of routines is read by area, three at a time ("say more" for the rest).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from skill.content.areas import AREAS
from skill.content.catalog import Catalog, Routine, normalize_name
from skill.speech import prompts
from skill.speech.planner import Plans

SLACK = 30.0  # seconds a routine may run over the time someone has
ORDINALS = {"first": 0, "second": 1, "third": 2, "last": -1}


class Offer(NamedTuple):
    """Routines offered, grouped by the area each is offered for, and a note said first."""

    groups: tuple[tuple[str, tuple[str, ...]], ...]  # (area id, routine ids)
    note: str = ""

    @property
    def ids(self) -> tuple[str, ...]:
        """Every routine offered, in the order they are said."""
        return tuple(r for _, ids in self.groups for r in ids)


class Chooser:
    """Works out what to offer from the catalog and the routines' planned lengths."""

    def __init__(self, catalog: Catalog, plans: Plans) -> None:
        self.catalog = catalog
        self.plans = plans
        self.routines = tuple(r for r in catalog.main_routines if r.id in plans)
        self.seconds = {r.id: plans.seconds(r.id) for r in self.routines}
        self.by_id = {r.id: r for r in self.routines}
        self.by_length = tuple(sorted(self.routines, key=lambda r: self.seconds[r.id]))
        self.listed = tuple(
            r for area in AREAS for r in self.by_length if r.areas and r.areas[0] == area
        )
        self.list_place = {r.id: i for i, r in enumerate(self.listed)}  # where each is listed
        # Indexes, so that an offer costs the same at six routines as at a thousand: the pool
        # an offer starts from (every routine, or an area's), shortest first, and its routines
        # that need no ball.
        self.rank = {r.id: i for i, r in enumerate(self.by_length)}
        self.pools: dict[str, tuple[Routine, ...]] = {"": self.by_length}
        self.pools.update({a: tuple(r for r in self.by_length if a in r.areas) for a in AREAS})
        self.hands = {k: tuple(r for r in p if r.needs != "ball") for k, p in self.pools.items()}

    def pick(self, offered: tuple[str, ...], spoken: str) -> str | None:
        """The offered routine ``spoken`` means: by place ("the first one", "the last one"),
        or the one whose name has a word of it ("the knuckle one", "side release"); None when
        it names none or several."""
        heard = set(normalize_name(spoken).split()) - {"one", "please", "that", "this"}
        for word, index in ORDINALS.items():
            if word in heard and -len(offered) <= index < len(offered):
                return offered[index]
        found = [
            r
            for r in offered
            if r in self.by_id
            and heard
            & set(normalize_name(" ".join(self.catalog.spoken_names(self.by_id[r]))).split())
        ]
        return found[0] if len(found) == 1 else None

    def length(self, routine_id: str) -> str:
        """A routine's length as said ('about 4 minutes')."""
        return prompts.minutes(self.seconds.get(routine_id, 0.0))

    def suggest(
        self,
        area: str | None,
        minutes: int | None,
        want: str | None,
        within: tuple[str, ...] = (),
    ) -> Offer:
        """What to offer for an open request (see the module's note); ``within``: the
        routines offered a moment ago, which a follow-up without an area narrows down ("the
        shorter one", "I don't have a ball")."""
        key: str | None = ""  # which indexed pool ``pool`` is (None: none of them)
        narrowed: tuple[Routine, ...] = ()
        if area is None and within:
            offered = {self.by_id[r] for r in within if r in self.by_id}
            narrowed = tuple(sorted(offered, key=lambda r: self.rank[r.id]))
        notes: list[str] = []
        if narrowed:
            key = None
        elif area is not None and area != "whole-back":
            if self.pools.get(area):
                key = area
            elif area in AREAS:
                notes.append(prompts.NO_AREA.format(area=AREAS[area][0]))
        pool = narrowed if key is None else self.pools[key]
        if want == "hands":
            hands = tuple(r for r in pool if r.needs != "ball") if key is None else self.hands[key]
            notes.append(prompts.NO_BALL if hands else prompts.NO_BALL_NONE)
            pool = hands
        if minutes is not None and pool:
            longest = minutes * 60 + SLACK  # the pool is shortest first: those that fit lead it
            fits = pool[
                : next((i for i, r in enumerate(pool) if self.seconds[r.id] > longest), len(pool))
            ]
            pool = fits or pool[:1]
            notes += [] if fits else [prompts.TOO_LONG]
        if want == "quick":
            pool = pool[: 1 if narrowed else 2]  # "the shorter one" of those offered
        note = " ".join(notes)
        # An area's pool (and any part of it) all work on that area.
        on_area = key == area or all(area in r.areas for r in pool)
        if narrowed or (area is not None and pool and on_area):
            return Offer(_by_first_area(pool[: prompts.LISTED], area), note)
        return Offer(self._one_per_area(pool), note or prompts.SUGGEST_OPEN)

    def _one_per_area(self, pool: tuple[Routine, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The shortest routine for each area, up to three areas."""
        groups: list[tuple[str, tuple[str, ...]]] = []
        taken: set[str] = set()
        for routine in pool:
            if len(groups) == prompts.LISTED:
                break
            area = next((a for a in routine.areas if a not in taken), None)
            if area is None:
                continue
            taken.add(area)
            groups.append((area, (routine.id,)))
        return tuple(groups)

    def page(self, start: int) -> tuple[Offer, int | None]:
        """A page of the list from ``start``, and where the next page starts (None: last)."""
        shown = self.listed[start : start + prompts.LISTED]
        after = start + prompts.LISTED
        return Offer(_by_first_area(shown)), after if after < len(self.listed) else None

    def spoken(self, offer: Offer) -> str:
        """The offer by ear: 'For your lower back, the knuckle press, about 3 minutes.'"""
        groups = [
            (
                AREAS[area][0] if area in AREAS else area,
                [prompts.offered(self.catalog.routine(r).name, self.length(r)) for r in ids],
            )
            for area, ids in offer.groups
        ]
        return prompts.by_area(groups)


def _by_first_area(
    routines: tuple[Routine, ...], area: str | None = None
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Routines grouped, in order, under ``area`` if they all work on it, else the first area
    each names."""
    return grouped((area if area in r.areas else r.areas[0], r.id) for r in routines)


def grouped(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(area, routine id) pairs in order, as groups: neighbours under one area share one."""
    groups: list[tuple[str, tuple[str, ...]]] = []
    for area, routine in pairs:
        if groups and groups[-1][0] == area:
            groups[-1] = (area, (*groups[-1][1], routine))
        else:
            groups.append((area, (routine,)))
    return tuple(groups)
