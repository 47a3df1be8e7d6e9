"""Playing a routine: where a listener got to in a planned response, and saying one.

Timeline estimate: a response starts playing about 1 s after the request that produced it, and
a listener's interruption ("Alexa, pause") reaches the skill about 1 s after the wake word
stopped the speech, so the position heard is taken as (now - time the response was sent - 2 s),
measured on the planner's speech-rate model. Times come from the requests' own timestamps, so a
simulated clock moves them too. (To verify on a device: the 2 s allowance.)
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from skill.conversation.place import Place
from skill.conversation.reply import Card
from skill.speech import prompts
from skill.speech.planner import ExpandedStep, Plan, PlannedResponse
from skill.speech.ssml import Ssml, estimate_seconds, join, plain_text, say
from skill.speech.timeline import Segment, continue_from, hold_seconds_left, locate

LATENCY_ALLOWANCE = 2.0
Phase = Literal["intro", "step", "closing"]  # closing: the "say next" prompt, or after it


class Where(NamedTuple):
    """What a listener is hearing of a place at a moment (worked out, never stored)."""

    plan: Plan
    place: Place
    offset: float  # seconds into the planned response
    phase: Phase
    step: int | None  # the step playing (phase "step" only)
    in_hold: bool  # a hold is playing
    hold_left: int | None  # seconds left in that hold (None when under 5 s or not in a hold)

    @property
    def response(self) -> PlannedResponse:
        return self.plan.responses[self.place.response]

    @property
    def nth(self) -> int:
        """The response's index in the plan."""
        return self.place.response

    @property
    def paused(self) -> bool:
        return self.place.paused is not None

    @property
    def last(self) -> bool:
        """This is the routine's last response (the one that ends with its question)."""
        return self.nth == len(self.plan.responses) - 1

    @property
    def done(self) -> bool:
        """The last response's ending is being said, or was heard: the routine is over.
        (Decided by segment, not by comparing sums of floating-point seconds.)"""
        return self.last and self.phase == "closing"

    @property
    def at_prompt(self) -> bool:
        """Waiting at a "say next" prompt: nothing of the routine is playing."""
        return self.phase == "closing" and not self.last

    @property
    def current_step(self) -> ExpandedStep:
        """The step playing; in the introduction the first to come, at the prompt the last
        heard."""
        steps = self.response.steps or (1,)
        number = self.step or (steps[-1] if self.phase == "closing" else steps[0])
        return self.plan.step(number)

    @property
    def prompt(self) -> str:
        """The response's closing words ("Say next when you're ready.", the ending)."""
        return plain_text(self.response.segments[-1].ssml)


def where(plan: Plan, place: Place, now: float) -> Where:
    """Where the listener is in ``place`` at ``now``."""
    response = plan.responses[min(place.response, len(plan.responses) - 1)]
    if place.paused is not None:
        offset = place.paused
    else:
        heard = now - place.sent_at - LATENCY_ALLOWANCE - place.lead
        offset = place.start + max(0.0, heard)
    offset = min(offset, response.seconds)
    found = locate(response.segments, offset).index
    segment = response.segments[found] if found < len(response.segments) else None
    step = segment.step if segment is not None else None
    phase: Phase = (
        "step"
        if step is not None
        else "closing"
        if found >= len(response.segments) - 1
        else "intro"
    )
    in_hold = segment is not None and segment.kind == "hold"
    left = hold_seconds_left(response.segments, offset)
    if place.response != response.index:  # a stored index past the end: the last response
        place = place._replace(response=response.index)
    return Where(plan, place, offset, phase, step, in_hold, left)


class Played(NamedTuple):
    """A routine response as said: its speech and card, the place it leaves, and the segments
    said after the lead."""

    speech: Ssml
    place: Place
    card: Card | None
    last: bool  # the routine's last response: it ends with the routine's question
    segments: tuple[Segment, ...] = ()


def play(
    plan: Plan,
    index: int,
    offset: float,
    now: float,
    run: float | None,
    lead: str = "",
    announce: bool = True,
    held: float = 0.0,
) -> Played:
    """Say response ``index`` from ``offset`` seconds in, after an optional lead sentence.
    ``run`` is when this run began (None: a new run, starting now)."""
    index = min(max(index, 0), len(plan.responses) - 1)
    start, tail = continue_from(plan.responses[index].segments, offset, announce)
    lead_ssml = say(lead) if lead else Ssml("")
    place = Place(
        plan.routine.id,
        index,
        sent_at=now,
        run=now if run is None else min(run, now),
        set_at=now,
        start=start,
        lead=estimate_seconds(lead_ssml),
        held=held,
        last=index == len(plan.responses) - 1,
    )
    speech = join(lead_ssml, *(s.ssml for s in tail))
    card = Card(*prompts.routine_card(plan.routine)) if index == 0 and offset == 0 else None
    return Played(speech, place, card, index == len(plan.responses) - 1, tail)
