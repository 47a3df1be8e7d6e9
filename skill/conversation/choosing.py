"""Choosing a routine: suggestions for an open request, and the list, a few at a time by area.

A suggestion routes by body area, time and tools to at most three routines (prompts.LISTED),
each said with its length, and asks which one. With no area it offers one routine per area,
shortest first; "something quick" offers the shortest; "I have five minutes" offers those that
fit (or the shortest, saying nothing is quite that short); "without a ball" offers routines that
need none. The list of routines is read by area, three at a time ("say more" for the rest).
"""

from __future__ import annotations

from typing import NamedTuple

from skill.content.areas import AREAS
from skill.content.catalog import Catalog, Routine
from skill.speech import prompts
from skill.speech.planner import Plan

SLACK = 30.0  # seconds a routine may run over the time someone has


class Offer(NamedTuple):
    """Routines offered, grouped by the area each is offered for, and a note said first."""

    groups: tuple[tuple[str, tuple[str, ...]], ...]  # (area id, routine ids)
    note: str = ""

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(r for _, ids in self.groups for r in ids)


class Chooser:
    """Works out what to offer from the catalog and the routines' planned lengths."""

    def __init__(self, catalog: Catalog, plans: dict[str, Plan]) -> None:
        self.catalog = catalog
        self.plans = plans
        self.routines = tuple(r for r in catalog.main_routines if r.id in plans)
        self.seconds = {r.id: plans[r.id].seconds for r in self.routines}
        self.by_length = tuple(sorted(self.routines, key=lambda r: self.seconds[r.id]))
        self.listed = tuple(
            r for area in AREAS for r in self.by_length if r.areas and r.areas[0] == area
        )

    def length(self, routine_id: str) -> str:
        return prompts.minutes(self.seconds.get(routine_id, 0.0))

    def suggest(self, area: str | None, minutes: int | None, want: str | None) -> Offer:
        """What to offer for an open request (see the module's note)."""
        pool = self.by_length
        note = ""
        if want == "hands":
            pool = tuple(r for r in pool if r.needs != "ball")
            note = prompts.NO_BALL if pool else prompts.NO_BALL_NONE
        if minutes is not None and pool:
            fits = tuple(r for r in pool if self.seconds[r.id] <= minutes * 60 + SLACK)
            pool, note = (fits, note) if fits else (pool[:1], prompts.TOO_LONG)
        if want == "quick":
            pool = pool[:2]
        if area is not None and area != "whole-back" and pool:
            here = tuple(r for r in pool if area in r.areas)
            if here:
                return Offer(((area, _ids(here[: prompts.LISTED])),), note)
            note = prompts.NO_AREA.format(area=AREAS[area][0]) if area in AREAS else note
        return Offer(self._one_per_area(pool), note or prompts.SUGGEST_OPEN)

    def _one_per_area(self, pool: tuple[Routine, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The shortest routine for each area, up to three areas."""
        groups: list[tuple[str, tuple[str, ...]]] = []
        taken: set[str] = set()
        for routine in pool:
            area = next((a for a in routine.areas if a not in taken), None)
            if area is None or len(groups) == prompts.LISTED:
                continue
            taken.add(area)
            groups.append((area, (routine.id,)))
        return tuple(groups)

    def page(self, start: int) -> tuple[Offer, int | None]:
        """A page of the list from ``start``, and where the next page starts (None: last)."""
        shown = self.listed[start : start + prompts.LISTED]
        groups: list[tuple[str, tuple[str, ...]]] = []
        for routine in shown:
            area = routine.areas[0]
            if groups and groups[-1][0] == area:
                groups[-1] = (area, (*groups[-1][1], routine.id))
            else:
                groups.append((area, (routine.id,)))
        after = start + prompts.LISTED
        return Offer(tuple(groups)), after if after < len(self.listed) else None

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


def _ids(routines: tuple[Routine, ...]) -> tuple[str, ...]:
    return tuple(r.id for r in routines)
