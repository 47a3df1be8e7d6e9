"""What a screen shows for a reply: the step playing with its hold's countdown, or a text.

A step screen is a timeline on the speech's own clock: time 0 is when the speech starts, and
each part (the introduction, a step with its hold, the closing words) is on screen from its
``start`` to its ``end`` seconds, worked out from the same planned segments the speech is
made of (so the screen and the speech agree by construction). A screen that is not playing
(paused, or waiting at "say next") shows its moment at time 0, and its clock does not run.
Devices without a screen never get here: the Coach builds a screen only when asked.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from skill.conversation.place import Place
from skill.conversation.playback import where
from skill.conversation.reply import Reply
from skill.speech import prompts
from skill.speech.planner import Plan
from skill.speech.ssml import card_text, estimate_seconds
from skill.speech.timeline import Segment, Timed, locate


class Shown(NamedTuple):
    """One part of a step screen: what is on it from ``start`` to ``end`` seconds."""

    start: float
    end: float
    heading: str  # "Step 2 of 6"; "Before you start" for the introduction; "" at the close
    name: str  # the step as the listener knows it ("The warm circles")
    side: str  # "Right side", or ""
    text: str  # the sentences said, as written
    hold: float | None = None  # the hold's seconds, if the part has one
    hold_start: float = 0.0  # when the hold begins, on the same clock
    cues: tuple[Timed, ...] = ()  # what is said in the hold, when (its end line last)


class StepScreen(NamedTuple):
    """The routine playing (or paused) on a screen."""

    routine: str  # the routine's name, as written
    parts: tuple[Shown, ...]
    running: bool  # the clock runs with the speech; False: the moment at time 0 stays
    paused: bool
    seconds: float  # how long the speech lasts from time 0 (the screen is kept on as long)
    lead: float = 0.0  # when the routine's own speech starts (after an answer, "Carrying on.")


class TextScreen(NamedTuple):
    """A title and some text: a topic, the safety answer, anything outside a routine."""

    title: str
    text: str


Screen = StepScreen | TextScreen


def screen_for(reply: Reply, plans: Mapping[str, Plan], now: float) -> Screen | None:
    """The screen for ``reply``: the routine place it shows, else its card, else its words.
    None when nothing is said (a session that ended by itself)."""
    if not reply.speech:
        return None
    place = reply.shows
    plan = plans.get(place.routine) if place is not None else None
    if place is not None and plan is not None:
        return step_screen(plan, place, now, reply.speech)
    if reply.card is not None:
        return TextScreen(reply.card.title, reply.card.text)
    return TextScreen(prompts.SKILL_NAME, card_text(reply.speech))


def step_screen(plan: Plan, place: Place, now: float, speech: str) -> StepScreen:
    """The step screen of ``place``: playing from where its response was sent this turn
    (after whatever was said in front of it), else held at the listener's moment."""
    response = plan.responses[min(place.response, len(plan.responses) - 1)]
    segments = response.segments
    if place.paused is not None:
        at, lead, running = place.paused, 0.0, False
    elif place.sent_at == now:  # sent by this turn: the speech plays it after its lead
        at, running = place.start, True
        lead = max(0.0, estimate_seconds(speech) - (response.seconds - place.start))
    else:  # sent before and not paused: waiting where the listener got to
        at, lead, running = where(plan, place, now).offset, 0.0, False
    first = min(locate(segments, at).index, len(segments) - 1)
    while (
        first > 0
        and segments[first].step is not None
        and segments[first - 1].step == segments[first].step
    ):
        first -= 1  # the whole step is on screen, even when it is picked up in its hold
    starts = [sum(s.seconds for s in segments[:i]) for i in range(len(segments) + 1)]
    groups: list[list[int]] = []
    for i in range(first, len(segments)):
        if groups and segments[groups[-1][-1]].step == segments[i].step:
            groups[-1].append(i)
        else:
            groups.append([i])
    if not running:
        groups = groups[:1]
    parts = tuple(
        _shown(plan, [segments[i] for i in group], lead + starts[group[0]] - at, group[0] == 0)
        for group in groups
    )
    seconds = lead + response.seconds - at if running else 0.0
    paused = place.paused is not None
    return StepScreen(plan.routine.name, parts, running, paused, seconds, lead)


def _shown(plan: Plan, segments: list[Segment], start: float, intro: bool) -> Shown:
    """One part from its segments, starting at ``start`` on the screen's clock."""
    end = start + sum(s.seconds for s in segments)
    text = " ".join(card_text(s.ssml) for s in segments if s.kind == "speech")
    number = segments[0].step
    if number is None:
        heading = "Before you start" if intro else ""
        return Shown(start, end, heading, plan.routine.name.capitalize() if intro else "", "", text)
    step = plan.step(number)
    name = (step.name or "").capitalize()
    side = f"{step.side.capitalize()} side" if step.side else ""
    heading = f"Step {number} of {len(plan.steps)}"
    held = next((s for s in segments if s.kind == "hold"), None)
    if held is None or held.hold is None:
        return Shown(start, end, heading, name, side, text)
    hold_start = start + sum(s.seconds for s in segments[: segments.index(held)])
    cues = (
        *(Timed(hold_start + c.at, c.text) for c in held.cues),
        Timed(hold_start + held.hold, held.end),
    )
    return Shown(start, end, heading, name, side, text, held.hold, hold_start, cues)
