"""What a screen shows for a reply: the step playing with its hold's countdown, or a text.

A step screen is a timeline on the speech's own clock: time 0 is when the speech starts, and
each part (long words said in front, the introduction, a step with its hold, the closing
words under what they follow) is on screen from its ``start`` to its ``end`` seconds. A
playing screen is made from the very segments the reply says (after whatever is said in
front of them), so the screen and the speech agree by construction, a hold picked up
part-way included. A screen that is not playing (paused, or waiting at "say next") shows the
listener's moment at time 0, and its clock does not run. Devices without a screen never get
here: the Coach builds a screen only when asked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal, NamedTuple

from skill.conversation.playback import where
from skill.conversation.reply import Card, Reply, Scene
from skill.speech import prompts
from skill.speech.planner import Plan
from skill.speech.prompts import title
from skill.speech.ssml import card_text, estimate_seconds, join
from skill.speech.timeline import Segment, Timed

Role = Literal["lead", "intro", "step", "closing"]
LEAD_SHOWN = 3.0  # seconds: words said in front of a routine's own this long get a part


class Shown(NamedTuple):
    """One part of a step screen: what is on it from ``start`` to ``end`` seconds."""

    start: float
    end: float
    role: Role  # words said in front, the introduction, a step, or the closing words
    heading: str  # "Step 2 of 6"; "Before you start" (the introduction); "Before step 2 of 6"
    name: str  # the step as the listener knows it ("The warm circles"), or ""
    side: str  # "Right side", or ""
    text: str  # the sentences said, as written (at the close, those of the part before)
    hold: float | None = None  # the hold's whole length in seconds, if the part has one
    hold_start: float = 0.0  # when the whole hold began (before ``count_from`` if picked up)
    count_from: float = 0.0  # when this reply's count of it starts
    cues: tuple[Timed, ...] = ()  # what is said in the hold, when (its end line last)
    after: str = ""  # the closing words ("Say next when you're ready."), in a closing part


class StepScreen(NamedTuple):
    """The routine playing (or paused) on a screen."""

    routine: str  # the routine's name, as a title
    parts: tuple[Shown, ...]
    running: bool  # the clock runs with the speech; False: the moment at time 0 stays
    paused: bool
    seconds: float  # how long the speech lasts from time 0 (the screen is kept on as long)
    last: bool = False  # the routine's last response: its closing words ask its question


Screen = StepScreen | Card  # a routine's step, or a title and text


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
    front, shown as a part of its own when it is long), or, when none play, the part the
    listener is in, held still."""
    name, place = title(plan.routine.name), scene.place
    response = plan.responses[min(place.response, len(plan.responses) - 1)]
    last = response.index == len(plan.responses) - 1
    if scene.playing:
        segments = scene.playing
        lead = max(0.0, estimate_seconds(speech) - sum(s.seconds for s in segments))
        # Only the closing played ("resume" at "say next"): it is still under its step.
        closing_only = len(segments) == 1 and segments[0].step is None
        before = _parts(plan, response.segments, 0)[-2:-1] if closing_only else ()
        parts = _parts(plan, segments, lead, before[0] if before else None)
        said = join(*(s.ssml for s in segments))
        # Words in front (never after: the Coach only leads) get a part; in a hold picked up
        # again, the step and its count stay on through them.
        if lead >= LEAD_SHOWN and segments[0].kind != "hold" and speech.endswith(said):
            text = card_text(speech.removesuffix(said))
            first = segments[0].step  # "Before step 2 of 6", when the step starts after it
            starts = first is not None and response.step_start(first) == place.start
            into = parts[0].heading
            heading = f"Before {into[:1].lower()}{into[1:]}" if starts and into else ""
            parts = (Shown(0.0, lead, "lead", heading, "", "", text), *parts)
        return StepScreen(name, parts, True, False, parts[-1].end, last)
    at = place.paused if place.paused is not None else where(plan, place, now).offset
    parts = _parts(plan, response.segments, -at)
    here = next((p for p in parts if p.start <= 0 < p.end), parts[-1])
    return StepScreen(name, (here,), False, place.paused is not None, 0.0, last)


def _parts(
    plan: Plan, segments: Sequence[Segment], start: float, before: Shown | None = None
) -> tuple[Shown, ...]:
    """The parts ``segments`` make, the first starting at ``start`` seconds: consecutive
    segments of one step, the introduction, or the closing words (a response's last
    segment, shown under the part before it: ``before`` when that one is not played)."""
    groups: list[list[Segment]] = []
    keys: list[int | str] = []
    for i, segment in enumerate(segments):
        key = segment.step if segment.step is not None else "closing"
        if key == "closing" and i < len(segments) - 1:
            key = "intro"
        if keys and keys[-1] == key:
            groups[-1].append(segment)
        else:
            groups.append([segment])
            keys.append(key)
    parts: list[Shown] = []
    for group, key in zip(groups, keys, strict=True):
        parts.append(_shown(plan, group, start, key, parts[-1] if parts else before))
        start = parts[-1].end
    return tuple(parts)


def _shown(
    plan: Plan, segments: list[Segment], start: float, key: int | str, before: Shown | None
) -> Shown:
    """One part from its segments, starting at ``start`` on the screen's clock; the closing
    words keep the step before them on screen."""
    end = start + sum(s.seconds for s in segments)
    text = " ".join(card_text(s.ssml) for s in segments if s.kind == "speech")
    if key == "closing":
        if before is None or before.role not in ("step", "intro"):
            return Shown(start, end, "closing", "", "", "", "", after=text)
        h, n, side, said = before.heading, before.name, before.side, before.text
        return Shown(start, end, "closing", h, n, side, said, after=text)
    if not isinstance(key, int):
        return Shown(start, end, "intro", "Before you start", title(plan.routine.name), "", text)
    step = plan.step(key)
    heading = f"Step {key} of {len(plan.steps)}"
    name, side = title(step.name or ""), f"{title(step.side)} side" if step.side else ""
    held = next((s for s in segments if s.kind == "hold"), None)
    if not text or (held is None and step.hold is not None and text == step.end):
        # A hold picked up again (or only its end line left): the step's own words first.
        text = f"{step.say} {text}".strip()
    if held is None or held.hold is None:
        return Shown(start, end, "step", heading, name, side, text)
    count_from = start + sum(s.seconds for s in segments[: segments.index(held)])
    whole = max(step.hold or 0, held.hold)
    cues = tuple(Timed(count_from + c.at, c.text) for c in held.cues)
    cues += (Timed(count_from + held.hold, held.end),)
    hold_start = count_from - (whole - held.hold)
    return Shown(start, end, "step", heading, name, side, text, whole, hold_start, count_from, cues)
