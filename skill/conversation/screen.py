"""What a screen shows for a reply: the step playing with its hold's countdown, or a text.

A step screen is a timeline on the speech's own clock: time 0 is when the speech starts, and
each part (the introduction, a step with its hold, the closing words) is on screen from its
``start`` to its ``end`` seconds. A playing screen is made from the very segments the reply
says (after whatever is said in front of them), so the screen and the speech agree by
construction, a hold picked up part-way included. A screen that is not playing (paused, or
waiting at "say next") shows the listener's moment at time 0, and its clock does not run.
Devices without a screen never get here: the Coach builds a screen only when asked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from skill.conversation.playback import where
from skill.conversation.reply import Card, Reply, Scene
from skill.speech import prompts
from skill.speech.planner import Plan
from skill.speech.ssml import card_text, estimate_seconds
from skill.speech.timeline import Segment, Timed, locate


class Shown(NamedTuple):
    """One part of a step screen: what is on it from ``start`` to ``end`` seconds."""

    start: float
    end: float
    heading: str  # "Step 2 of 6"; "Before you start" for the introduction; "" at the close
    name: str  # the step as the listener knows it ("The warm circles"), or ""
    side: str  # "Right side", or ""
    text: str  # the sentences said, as written
    hold: float | None = None  # the hold's whole length in seconds, if the part has one
    hold_start: float = 0.0  # when the whole hold began (before ``count_from`` if picked up)
    count_from: float = 0.0  # when this reply's count of it starts
    cues: tuple[Timed, ...] = ()  # what is said in the hold, when (its end line last)


class StepScreen(NamedTuple):
    """The routine playing (or paused) on a screen."""

    routine: str  # the routine's name, as a title
    parts: tuple[Shown, ...]
    running: bool  # the clock runs with the speech; False: the moment at time 0 stays
    paused: bool
    seconds: float  # how long the speech lasts from time 0 (the screen is kept on as long)


Screen = StepScreen | Card  # a routine's step, or a title and text


def title(text: str) -> str:
    """Text with its first letter made upper case (the rest as written)."""
    return text[:1].upper() + text[1:]


def screen_for(reply: Reply, plans: Mapping[str, Plan], now: float) -> Screen | None:
    """The screen for ``reply``: the routine scene it shows, else its card, else its words.
    None when nothing is said (a session that ended by itself)."""
    if not reply.speech:
        return None
    scene = reply.shows
    plan = plans.get(scene.place.routine) if scene is not None else None
    if scene is not None and plan is not None:
        return step_screen(plan, scene, now, reply.speech)
    return text_screen(reply)


def text_screen(reply: Reply) -> Card:
    """A reply as a text screen: its card, or the skill's name and what it says."""
    return reply.card or Card(prompts.SKILL_NAME, card_text(reply.speech))


def step_screen(plan: Plan, scene: Scene, now: float, speech: str) -> StepScreen:
    """The step screen of a scene: its segments as the speech plays them (after the lead in
    front), or, when none play, the part the listener is in, held still."""
    name = title(plan.routine.name)
    if scene.playing:
        segments = scene.playing
        lead = max(0.0, estimate_seconds(speech) - sum(s.seconds for s in segments))
        parts = _parts(plan, segments, range(len(segments)), lead)
        return StepScreen(name, parts, True, False, lead + sum(s.seconds for s in segments))
    place = scene.place
    segments = plan.responses[min(place.response, len(plan.responses) - 1)].segments
    at = place.paused if place.paused is not None else where(plan, place, now).offset
    first = min(locate(segments, at).index, len(segments) - 1)
    last = first
    while first > 0 and _key(segments, first - 1) == _key(segments, last):
        first -= 1  # the whole part is on screen, even when it is picked up in its middle
    while last + 1 < len(segments) and _key(segments, last + 1) == _key(segments, first):
        last += 1
    start = -at + sum(s.seconds for s in segments[:first])
    parts = _parts(plan, segments, range(first, last + 1), start)
    return StepScreen(name, parts, False, place.paused is not None, 0.0)


def _key(segments: Sequence[Segment], i: int) -> int | str:
    """Which part segment ``i`` belongs to: its step, the introduction, or the closing (a
    response's last segment)."""
    step = segments[i].step
    return step if step is not None else "closing" if i == len(segments) - 1 else "intro"


def _parts(
    plan: Plan, segments: Sequence[Segment], indexes: range, start: float
) -> tuple[Shown, ...]:
    """The parts of ``segments[indexes]``, the first starting at ``start`` seconds."""
    groups: list[list[int]] = []
    for i in indexes:
        if groups and _key(segments, groups[-1][-1]) == _key(segments, i):
            groups[-1].append(i)
        else:
            groups.append([i])
    parts = []
    for group in groups:
        parts.append(_shown(plan, [segments[i] for i in group], start, _key(segments, group[0])))
        start = parts[-1].end
    return tuple(parts)


def _shown(plan: Plan, segments: list[Segment], start: float, key: int | str) -> Shown:
    """One part from its segments, starting at ``start`` on the screen's clock."""
    end = start + sum(s.seconds for s in segments)
    text = " ".join(card_text(s.ssml) for s in segments if s.kind == "speech")
    if not isinstance(key, int):
        intro = key == "intro"
        heading, name = ("Before you start", title(plan.routine.name)) if intro else ("", "")
        return Shown(start, end, heading, name, "", text)
    step = plan.step(key)
    heading = f"Step {key} of {len(plan.steps)}"
    name, side = title(step.name or ""), f"{title(step.side)} side" if step.side else ""
    text = text or step.say  # a hold picked up again: its own words, as the plan has them
    held = next((s for s in segments if s.kind == "hold"), None)
    if held is None or held.hold is None:
        return Shown(start, end, heading, name, side, text)
    count_from = start + sum(s.seconds for s in segments[: segments.index(held)])
    whole = max(step.hold or 0, held.hold)
    cues = tuple(Timed(count_from + c.at, c.text) for c in held.cues)
    cues += (Timed(count_from + held.hold, held.end),)
    hold_start = count_from - (whole - held.hold)
    return Shown(start, end, heading, name, side, text, whole, hold_start, count_from, cues)
