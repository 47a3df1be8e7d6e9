"""Playing a routine: which planned response to say, and where a listener got to in it.

Timeline estimate: a response starts playing about 1 s after the request that produced it, and
a listener's interruption ("Alexa, pause") reaches the skill about 1 s after the wake word
stopped the speech, so the position heard is taken as (now - time the response was sent - 2 s),
measured on the planner's speech-rate model. Times come from the requests' own timestamps, so a
simulated clock moves them too. (To verify on a device: the 2 s allowance.)

Navigation works by steps, not whole responses: "next" mid-response goes to the next step,
"go back" to the step before the one playing (at the "say next" prompt, the one just done),
"repeat" restarts the step playing (at the prompt, the last step heard).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from skill.content.catalog import Catalog
from skill.conversation.record import RESUME_WITHIN, Progress
from skill.conversation.reply import Card, Reply, ask
from skill.conversation.state import SessionState
from skill.conversation.talk import Talk
from skill.speech import prompts
from skill.speech.planner import ExpandedStep, Plan, PlannedResponse
from skill.speech.ssml import Ssml, estimate_seconds, join, say
from skill.speech.timeline import continue_from, hold_seconds_left, locate

LATENCY_ALLOWANCE = 2.0


@dataclass(frozen=True)
class Where:
    """Where the listener is in the routine under way."""

    plan: Plan
    response: PlannedResponse
    offset: float  # seconds into the planned response
    phase: Literal["intro", "step", "closing"]  # closing: the "say next" prompt, or after it
    step: int | None  # the step playing (phase "step" only)
    in_hold: bool  # a hold is playing
    hold_left: int | None  # seconds left in that hold (None when under 5 s or not in a hold)

    @property
    def index(self) -> int:
        return self.response.index

    @property
    def current_step(self) -> ExpandedStep:
        """The step playing; in the introduction the first to come, at the prompt the last
        heard."""
        steps = self.response.steps or (1,)
        number = self.step or (steps[-1] if self.phase == "closing" else steps[0])
        return self.plan.step(number)

    @property
    def done(self) -> bool:
        """The last response was heard, or its ending is being said: the routine is over.
        (Decided by segment, not by comparing sums of floating-point seconds.)"""
        is_last = self.index == len(self.plan.responses) - 1
        return is_last and self.phase == "closing"


class Playback:
    """Routine playback and navigation over pre-planned responses."""

    def __init__(self, catalog: Catalog, plans: dict[str, Plan]) -> None:
        self.catalog = catalog
        self.plans = plans

    def where(self, state: SessionState, now: float) -> Where | None:
        """Where the listener is at ``now``, or None outside a routine."""
        plan = self.plans.get(state.routine_id) if state.routine_id else None
        if plan is None:
            return None
        response = plan.responses[min(state.response_index, len(plan.responses) - 1)]
        if state.paused_at is not None:
            offset = state.paused_at
        elif state.spoken_at is None:
            offset = 0.0
        else:
            heard = now - state.spoken_at - LATENCY_ALLOWANCE - state.lead
            offset = state.start_offset + max(0.0, heard)
        offset = min(offset, response.seconds)
        found = locate(response.segments, offset).index
        step = response.segments[found].step if found < len(response.segments) else None
        phase: Literal["intro", "step", "closing"] = (
            "step"
            if step is not None
            else "closing"
            if found >= len(response.segments) - 1
            else "intro"
        )
        in_hold = found < len(response.segments) and response.segments[found].kind == "hold"
        left = hold_seconds_left(response.segments, offset)
        return Where(plan, response, offset, phase, step, in_hold, left)

    def active(self, talk: Talk) -> Where | None:
        """Where the listener is, unless the routine is over (or there is none)."""
        where = self.where(talk.state, talk.now)
        return None if where is None or where.done else where

    def catch_up(self, talk: Talk) -> None:
        """Count the stored run as done once its ending has been reached (called every turn,
        and safe to repeat). A finished run whose ending question went unanswered for a day
        is then ended, so it can't be counted again once it drops out of the history."""
        progress = talk.user.progress
        where = None if progress is None else self.stored_where(progress, talk.now)
        if progress is not None and where is not None and where.done:
            talk.user.record_done(progress, talk.now)
            if talk.now - progress.saved_at > RESUME_WITHIN:
                talk.user.end_progress()

    def stored_where(self, progress: Progress, now: float) -> Where | None:
        """Where a stored run stands at ``now`` (None if its routine is gone)."""
        probe = SessionState()
        progress.restore(probe)
        return self.where(probe, now)

    def current(self, talk: Talk) -> Where | None:
        """Where the listener is; right after 'shall we carry on?', a routine word ('next',
        'how much longer') takes up the offered routine as a yes would (once this session's
        safety check was heard; before it, not_in_routine asks it)."""
        offer, progress, state = talk.offer, talk.user.progress, talk.state
        offered = offer.target if offer is not None and offer.kind == "continue" else None
        ready = state.routine_id is None and state.heard_screen
        if ready and progress is not None and progress.routine_id == offered:
            progress.restore(state)
        return self.where(talk.state, talk.now)

    def hold_position(self, talk: Talk) -> None:
        """Pause the routine where the listener is (a question or stop interrupted it), and
        store that place so the user can come back to it."""
        where = self.where(talk.state, talk.now)
        if where is not None and talk.state.paused_at is None:
            talk.state.paused_at = where.offset
            talk.remember_progress()

    # --- saying a response ---
    def play(
        self, talk: Talk, index: int, offset: float = 0.0, lead: str = "", announce: bool = True
    ) -> Reply:
        """Say response ``index`` from ``offset`` seconds in, after an optional lead sentence.

        Every response played is stored as the user's progress; reaching the last one records
        the routine as done."""
        state = talk.state
        plan = self.plans[state.routine_id or ""]
        index = min(max(index, 0), len(plan.responses) - 1)
        start, tail = continue_from(plan.responses[index].segments, offset, announce)
        lead_ssml = say(lead) if lead else Ssml("")
        state.response_index, state.spoken_at, state.paused_at = index, talk.now, None
        state.start_offset, state.lead = start, estimate_seconds(lead_ssml)
        state.started_at = state.started_at or talk.now
        state.last = None
        talk.remember_progress()
        speech = join(lead_ssml, *(s.ssml for s in tail))
        card = Card(*prompts.routine_card(plan.routine)) if index == 0 and offset == 0 else None
        if index < len(plan.responses) - 1:
            return ask(speech, reprompt=prompts.ROUTINE_REPROMPT, card=card)
        return ask(speech, reprompt=self.ending_question(plan), card=card)

    def ending_question(self, plan: Plan) -> str:
        """The question a routine ends with (its answer is read from the position, see yes/no)."""
        wrap_up = self.catalog.wrap_up_after(plan.routine)
        if wrap_up is not None:
            return prompts.wrap_up_reprompt(wrap_up.name)
        return prompts.ANOTHER_REPROMPT

    def say_ending(self, talk: Talk, where: Where, lead: str = "") -> Reply:
        """Say the routine's ending (and its question) again."""
        return self.play(talk, where.index, where.response.seconds, lead=lead)

    def play_step(self, talk: Talk, index: int, step: int, lead: str = "") -> Reply:
        """Say response ``index`` from the start of step ``step``."""
        response = self.plans[talk.state.routine_id or ""].responses[index]
        return self.play(talk, index, response.step_start(step), lead)

    def begin(self, talk: Talk, routine_id: str) -> Reply:
        """Start a routine from its introduction and cautions (replacing any stored progress)."""
        talk.state.clear_routine()
        talk.state.routine_id = routine_id
        return self.play(talk, 0)

    def not_in_routine(self, talk: Talk) -> Reply:
        """What a routine word outside a routine gets (a keyed reply, see Replies)."""
        raise NotImplementedError

    # --- navigation, by steps ---
    def _current(self, where: Where) -> int:
        """Position in the plan's step order of the step playing (in the introduction, the first
        step to come; at the prompt, the first step of the next response)."""
        order = where.plan.step_order
        if where.phase == "step":
            return order.index((where.index, where.step or 0))
        later = [
            i
            for i, (r, _) in enumerate(order)
            if r > where.index or (r == where.index and where.phase == "intro")
        ]
        return later[0] if later else len(order)

    def next(self, talk: Talk) -> Reply:
        where = self.current(talk)
        if where is None:
            return self.not_in_routine(talk)
        stop_line = _stop_line_start(where.response) if where.index == 0 else None
        if where.phase == "intro" and stop_line is not None and where.offset < stop_line:
            # Skipping ahead in the cautions still says when to stop before any step.
            return self.play(talk, 0, stop_line)
        if where.phase != "closing":
            position = self._current(where) + (1 if where.phase == "step" else 0)
            order = where.plan.step_order
            if position < len(order) and order[position][0] == where.index:
                return self.play_step(talk, where.index, order[position][1])
        if where.index == len(where.plan.responses) - 1:  # the end: say the ending again
            return self.say_ending(talk, where)
        return self.play(talk, where.index + 1)

    def previous(self, talk: Talk) -> Reply:
        where = self.current(talk)
        if where is None:
            return self.not_in_routine(talk)
        position = self._current(where)
        if position == 0:
            return self.play(talk, 0, lead=prompts.ALREADY_FIRST)
        index, step = where.plan.step_order[position - 1]
        return self.play_step(talk, index, step)

    def replay(self, talk: Talk) -> Reply:
        """Say the step playing again from its start (at the prompt, the last step heard)."""
        where = self.current(talk)
        if where is None:
            return self.not_in_routine(talk)
        if where.done:
            return self.say_ending(talk, where)
        steps = where.response.steps
        step = where.step if where.phase == "step" else steps[-1] if steps else None
        if where.phase == "intro" or step is None:
            return self.play(talk, where.index)
        return self.play_step(talk, where.index, step)

    def start_over(self, talk: Talk) -> Reply:
        """The routine again from its beginning: a new run, as starting it by name is."""
        if self.current(talk) is None:
            return self.not_in_routine(talk)
        talk.state.started_at = None
        return self.play(talk, 0, lead=prompts.STARTING_OVER)

    def pause(self, talk: Talk) -> Reply:
        where = self.current(talk)
        if where is None:
            return self.not_in_routine(talk)
        if where.done:  # nothing left to pause: ask the ending's question again
            return self.say_ending(talk, where)
        self.hold_position(talk)
        return ask(say(prompts.PAUSED), reprompt=prompts.PAUSED_REPROMPT)

    def resume(self, talk: Talk) -> Reply:
        """Carry on from where the listener stopped (a hold continues with the time left)."""
        where = self.where(talk.state, talk.now)
        if where is None:
            return self.not_in_routine(talk)
        lead = "" if where.in_hold else prompts.CARRY_ON
        return self.play(talk, where.index, where.offset, lead=lead)

    def skip_hold(self, talk: Talk) -> Reply:
        """End the hold playing (or the one the current instruction leads into)."""
        where = self.current(talk)
        if where is None:
            return self.not_in_routine(talk)
        start = 0.0
        for segment in where.response.segments:
            end = start + segment.seconds
            ours = where.step is not None and segment.step == where.step
            if segment.kind == "hold" and ours and end > where.offset:
                return self.play(
                    talk, where.index, end, lead=f"{prompts.SKIPPING_HOLD} {segment.end}"
                )
            start = end
        return self._answer_and_continue(talk, where, prompts.NO_HOLD)

    # --- questions during a routine (answered, then the routine carries on) ---
    def _answer_and_continue(self, talk: Talk, where: Where, answer: str) -> Reply:
        if talk.state.paused_at is not None:
            return ask(say(answer, prompts.PAUSED), reprompt=prompts.PAUSED_REPROMPT)
        return self.play(talk, where.index, where.offset, lead=answer, announce=False)

    def how_long(self, talk: Talk) -> Reply:
        where = self.current(talk)
        if where is None:
            return self.not_in_routine(talk)
        if where.done:
            return self.say_ending(talk, where, lead=prompts.FINISHED_ALREADY)
        left = where.response.seconds - where.offset + where.plan.seconds_after(where.index)
        answer = prompts.time_left(where.hold_left, prompts.minutes(left))
        return self._answer_and_continue(talk, where, answer)

    def which_step(self, talk: Talk) -> Reply:
        where = self.current(talk)
        if where is None:
            return self.not_in_routine(talk)
        if where.done:
            return self.say_ending(talk, where, lead=prompts.FINISHED_ALREADY)
        if where.phase == "intro":
            return self._answer_and_continue(talk, where, prompts.IN_INTRO)
        return self._answer_and_continue(talk, where, self.position_words(where))

    def position_words(self, where: Where) -> str:
        """'You're on step 3 of 9, on the right side', with the step's first words mid-hold."""
        step = where.current_step
        # Mid-hold, remind them what the step was; elsewhere its words are about to be repeated.
        label = step.label if where.hold_left is not None else None
        return prompts.which_step(step.number, len(where.plan.steps), step.side, label)


def _stop_line_start(response: PlannedResponse) -> float | None:
    """Where the introduction's last sentence (the stop line) starts, if this response has one."""
    first_step = next(
        (i for i, s in enumerate(response.segments) if s.step is not None),
        len(response.segments) - 1,
    )  # an introduction-only response: its closing
    if first_step == 0:
        return None
    return sum(s.seconds for s in response.segments[: first_step - 1])
