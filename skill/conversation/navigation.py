"""Moving through a routine by steps: where "next", "go back", "repeat", "skip this hold" and
"resume" take playback from where the listener is.

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


class Move(NamedTuple):
    """Where playback goes: response ``nth`` from ``offset`` seconds in, after ``lead``."""

    nth: int  # the response's index in the plan
    offset: float = 0.0
    lead: str = ""
    announce: bool = True  # an interrupted hold says how long is left
    back_to: int | None = None  # the step this move went back to


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
    stop_line = _stop_line_start(where.response) if where.nth == 0 else None
    if where.phase == "intro" and stop_line is not None and where.offset < stop_line:
        return Move(0, stop_line)  # skipping the cautions still says when to stop
    if where.phase != "closing":
        position = _position(where) + (1 if where.phase == "step" else 0)
        order = where.plan.step_order
        if position < len(order) and order[position][0] == where.nth:
            return _to_step(where, position)
    if where.last:
        return None
    return Move(where.nth + 1)


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


def resume(where: Where) -> Move:
    """Carry on from where the listener stopped (a hold continues with the time left)."""
    return Move(where.nth, where.offset, "" if where.in_hold else prompts.CARRY_ON)


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


def _stop_line_start(response: PlannedResponse) -> float | None:
    """Where the introduction's last sentence (the stop line) starts, if this response has one."""
    first_step = next(
        (i for i, s in enumerate(response.segments) if s.step is not None),
        len(response.segments) - 1,
    )  # an introduction-only response: its closing
    if first_step == 0:
        return None
    return sum(s.seconds for s in response.segments[: first_step - 1])
