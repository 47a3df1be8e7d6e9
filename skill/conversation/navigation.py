"""Moving through a routine by steps: where "next", "go back", "repeat", "skip this hold" and
"resume" take playback from where the listener is.

Resuming a hold says in one sentence where the ball or hand goes back, then the seconds left.
After more than RESTART_AFTER seconds off the spot, the hold's count starts again, but never
past MAX_ON_SPOT seconds on one spot in all (the brief's maximum): ``Place.held`` carries the
seconds already held there.

Navigation works by steps, not whole responses: "next" mid-response goes to the next step,
"go back" to the step before the one playing (at the "say next" prompt, the one just done; said
again, one step further back each time, down to the first), "repeat" restarts the step playing
(at the prompt, the last step heard, or the one "go back" went to).
"""

from __future__ import annotations

from typing import NamedTuple

from skill.conversation.playback import Where
from skill.speech import prompts
from skill.speech.planner import PlannedResponse
from skill.speech.timeline import MIN_RESUMED_HOLD, locate, whole_seconds

RESTART_AFTER = 30.0
MAX_ON_SPOT = 120.0


class Move(NamedTuple):
    """Where playback goes: response ``nth`` from ``offset`` seconds in, after ``lead``."""

    nth: int  # the response's index in the plan
    offset: float = 0.0
    lead: str = ""
    announce: bool = True  # an interrupted hold says how long is left
    back_to: int | None = None  # the step this move went back to
    held: float = 0.0  # seconds already held on this spot (a hold started again)
    onward: bool = False  # moving on into this response (the briefing may come first)
    full: bool = False  # the briefing in full, even if it was said (it was cut off)


def _position(where: Where, back_to: int | None = None) -> int:
    """Position in the plan's step order of the step playing (in the introduction, the first
    step to come; at the prompt, the first step of the next response, or the step "go back"
    last went to)."""
    order = where.plan.step_order
    if where.phase == "step":
        return order.index((where.nth, where.step or 0))
    if where.phase == "closing" and back_to is not None and (where.nth, back_to) in order:
        return order.index((where.nth, back_to))
    later = [
        i
        for i, (r, _) in enumerate(order)
        if r > where.nth or (r == where.nth and where.phase == "intro")
    ]
    return later[0] if later else len(order)


def _to_step(where: Where, position: int, lead: str = "", back: bool = False) -> Move:
    index, step = where.plan.step_order[position]
    offset = where.plan.responses[index].step_start(step)
    return Move(index, offset, lead, back_to=step if back else None)


def forward(where: Where) -> Move | None:
    """'Next': the next step, or the next response; None after the last step (the routine's
    question is asked again)."""
    cautions = _cautions_start(where.response) if where.nth == 0 else None
    if where.phase == "intro" and cautions is not None and where.offset < cautions:
        return Move(0, cautions)  # "next" skips the introduction, but not the cautions
    if where.phase != "closing":
        position = _position(where) + (1 if where.phase == "step" else 0)
        order = where.plan.step_order
        if position < len(order) and order[position][0] == where.nth:
            return _to_step(where, position)
    if where.last:
        return None
    return Move(where.nth + 1, onward=True)


def back(where: Where, back_to: int | None) -> Move:
    """'Go back': the step before the one playing (see the module's note)."""
    position = _position(where, back_to)
    if position == 0:
        if where.phase == "intro":
            return Move(0, lead=prompts.ALREADY_FIRST)
        return _to_step(where, 0, prompts.ALREADY_FIRST, back=True)
    return _to_step(where, position - 1, back=True)


def again(where: Where, back_to: int | None) -> Move | None:
    """'Repeat': the step playing from its start; None once the routine is over."""
    if where.done:
        return None
    if where.phase == "intro" or not where.response.steps:
        return Move(where.nth)
    steps = where.response.steps
    if where.phase == "closing" and back_to in steps:  # heard from the step gone back to
        return _to_step(where, _position(where, back_to), back=True)
    step = where.step if where.phase == "step" and where.step else steps[-1]
    return Move(where.nth, where.response.step_start(step))


def resume(where: Where, now: float, reminder: str = "") -> Move:
    """Carry on from where the listener stopped, after ``reminder`` (the cautions in short,
    in a later session). A hold is cued again, and continues with the time left, or starts
    its count again after a long pause (see the module's note)."""
    lead = f"{reminder} " if reminder else ""
    if not where.in_hold:
        # Stopped before anything of the response was heard (in the briefing said before
        # it): the briefing comes again, in full.
        again = where.nth == where.plan.briefing_at and where.offset == 0
        return Move(where.nth, where.offset, lead + prompts.CARRY_ON, onward=again, full=again)
    segments = where.response.segments
    found = locate(segments, where.offset)
    segment = segments[found.index]
    assert segment.hold is not None
    start = sum(s.seconds for s in segments[: found.index])  # as locate adds them up
    end_of_hold = Move(where.nth, start + segment.seconds, lead + segment.end)
    if segment.hold - found.into < MIN_RESUMED_HOLD:  # all but over: just its end line
        return end_of_hold
    step = where.current_step
    recue = lead + prompts.recue(step.recue, step.side)
    held = where.place.held + where.offset - max(start, where.place.start)
    off_the_spot = now - where.place.set_at if where.paused else 0.0
    if off_the_spot <= RESTART_AFTER:
        return Move(where.nth, where.offset, recue, held=where.place.held)
    count = min(segment.hold, MAX_ON_SPOT - held)
    if count < MIN_RESUMED_HOLD:  # two minutes on this spot already: the hold is over
        return end_of_hold
    offset = start + (segment.hold - count)  # exactly the hold's start when it all comes again
    return Move(
        where.nth, offset, f"{recue} {prompts.hold_again(whole_seconds(count))}", False, held=held
    )


def skip_hold(where: Where) -> Move | None:
    """End the hold playing (or the one the current instruction leads into); None if there is
    no such hold."""
    start = 0.0
    for segment in where.response.segments:
        end = start + segment.seconds
        ours = where.step is not None and segment.step == where.step
        if segment.kind == "hold" and ours and end > where.offset:
            return Move(where.nth, end, f"{prompts.SKIPPING_HOLD} {segment.end}")
        start = end
    return None


def _cautions_start(response: PlannedResponse) -> float | None:
    """Where the routine's cautions start (after the introduction's first sentence), if this
    response has them."""
    first_step = next(
        (i for i, s in enumerate(response.segments) if s.step is not None),
        len(response.segments) - 1,
    )  # an introduction-only response: its closing
    if first_step < 2:
        return None
    return response.segments[0].seconds
