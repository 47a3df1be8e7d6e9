"""Playing a routine: which planned response to say, and where a listener got to in it.

Timeline estimate: a response starts playing about 1 s after the request that produced it, and
a listener's interruption ("Alexa, pause") reaches the skill about 1 s after the wake word
stopped the speech, so the position heard is taken as (now - time the response was sent - 2 s),
measured on the planner's speech-rate model. Times come from the requests' own timestamps, so a
simulated clock moves them too. (To verify on a device: the 2 s allowance.)
"""

from __future__ import annotations

from skill.content.catalog import Catalog
from skill.conversation.reply import Card, Reply, Turn, ask, say, tell
from skill.conversation.state import Offer, SessionState
from skill.speech import prompts
from skill.speech.planner import Plan, PlannedResponse
from skill.speech.ssml import Ssml, estimate_seconds, join
from skill.speech.timeline import continue_from, hold_seconds_left, locate

LATENCY_ALLOWANCE = 2.0


class Playback:
    """Routine playback and navigation over pre-planned responses."""

    def __init__(self, catalog: Catalog, plans: dict[str, Plan]) -> None:
        self.catalog = catalog
        self.plans = plans

    # --- where the listener is ---
    def plan(self, state: SessionState) -> Plan | None:
        """The plan of the routine under way, if any."""
        return self.plans.get(state.routine_id) if state.routine_id else None

    def current(self, state: SessionState) -> PlannedResponse | None:
        """The response last sent in the routine under way."""
        plan = self.plan(state)
        if plan is None:
            return None
        return plan.responses[min(max(state.response_index, 0), len(plan.responses) - 1)]

    def offset(self, state: SessionState, now: float) -> float:
        """Seconds into the current planned response that the listener had reached at ``now``."""
        if state.paused_at is not None:
            return state.paused_at
        if state.spoken_at is None:
            return 0.0
        heard = now - state.spoken_at - LATENCY_ALLOWANCE - state.lead
        return state.start_offset + max(0.0, heard)

    def hold_position(self, state: SessionState, now: float) -> None:
        """Pause the routine where the listener is (used when a question interrupts it)."""
        response = self.current(state)
        if response is not None and state.paused_at is None:
            state.paused_at = min(self.offset(state, now), response.seconds)

    # --- saying a response ---
    def play(
        self,
        state: SessionState,
        turn: Turn,
        index: int,
        offset: float = 0.0,
        lead: str = "",
        announce: bool = True,
    ) -> Reply:
        """Say response ``index`` from ``offset`` seconds in, after an optional lead sentence."""
        plan = self.plan(state)
        assert plan is not None
        index = min(max(index, 0), len(plan.responses) - 1)
        start, tail = continue_from(plan.responses[index].segments, offset, announce)
        lead_ssml = say(lead) if lead else Ssml("")
        state.response_index, state.spoken_at, state.paused_at = index, turn.now, None
        state.start_offset, state.lead = start, estimate_seconds(lead_ssml)
        state.last_speech = state.last_reprompt = None
        speech = join(lead_ssml, *(s.ssml for s in tail))
        routine = plan.routine
        card = None
        if index == 0 and offset == 0:
            card = Card(routine.name.capitalize(), " ".join((routine.summary, *routine.cautions)))
        if index < len(plan.responses) - 1:
            return ask(speech, reprompt=prompts.ROUTINE_REPROMPT, card=card)
        wrap_up = self.catalog.wrap_up
        if routine.kind == "routine" and wrap_up is not None:
            state.offer = Offer("wrap-up", wrap_up.id)
            return ask(speech, reprompt=prompts.wrap_up_reprompt(wrap_up.name), card=card)
        state.clear_routine()
        return tell(speech)

    def begin(self, state: SessionState, turn: Turn, routine_id: str) -> Reply:
        """Start a routine from its introduction and cautions."""
        state.clear_routine()
        state.routine_id = routine_id
        return self.play(state, turn, 0)

    def not_in_routine(self) -> Reply:
        return ask(say(prompts.NOT_IN_ROUTINE, prompts.CHOOSE), reprompt=prompts.CHOOSE)

    # --- navigation ---
    def next(self, state: SessionState, turn: Turn) -> Reply:
        if self.plan(state) is None:
            return self.not_in_routine()
        return self.play(state, turn, state.response_index + 1)

    def previous(self, state: SessionState, turn: Turn) -> Reply:
        if self.plan(state) is None:
            return self.not_in_routine()
        if state.response_index <= 0:
            return self.play(state, turn, 0, lead=prompts.ALREADY_FIRST)
        return self.play(state, turn, state.response_index - 1)

    def start_over(self, state: SessionState, turn: Turn) -> Reply:
        if self.plan(state) is None:
            return self.not_in_routine()
        return self.play(state, turn, 0, lead=prompts.STARTING_OVER)

    def replay(self, state: SessionState, turn: Turn) -> Reply:
        """Say the current response again from its start."""
        if self.plan(state) is None:
            return self.not_in_routine()
        return self.play(state, turn, state.response_index)

    def pause(self, state: SessionState, turn: Turn) -> Reply:
        if self.plan(state) is None:
            return self.not_in_routine()
        self.hold_position(state, turn.now)
        return ask(say(prompts.PAUSED), reprompt=prompts.PAUSED_REPROMPT)

    def resume(self, state: SessionState, turn: Turn) -> Reply:
        """Carry on from where the listener stopped (a hold continues with the time left)."""
        if self.plan(state) is None:
            return self.not_in_routine()
        offset = self.offset(state, turn.now)
        response = self.current(state)
        assert response is not None
        in_hold = hold_seconds_left(response.segments, offset) is not None
        return self.play(
            state, turn, state.response_index, offset, lead="" if in_hold else prompts.CARRY_ON
        )

    def skip_hold(self, state: SessionState, turn: Turn) -> Reply:
        """End the hold under way (or the next one in this response) and carry on after it."""
        response = self.current(state)
        if response is None:
            return self.not_in_routine()
        where = locate(response.segments, self.offset(state, turn.now))
        start = sum(s.seconds for s in response.segments[: where.index])
        for segment in response.segments[where.index :]:
            start += segment.seconds
            if segment.kind == "hold":
                lead = f"{prompts.SKIPPING_HOLD} {segment.end}"
                return self.play(state, turn, state.response_index, start, lead=lead)
        return self.play(state, turn, state.response_index + 1, lead=prompts.MOVING_ON)

    # --- questions during a routine (answered, then the routine carries on) ---
    def _answer_and_continue(self, state: SessionState, turn: Turn, answer: str) -> Reply:
        if state.paused_at is not None:
            return ask(say(answer, prompts.PAUSED), reprompt=prompts.PAUSED_REPROMPT)
        offset = self.offset(state, turn.now)
        return self.play(state, turn, state.response_index, offset, lead=answer, announce=False)

    def how_long(self, state: SessionState, turn: Turn) -> Reply:
        plan, response = self.plan(state), self.current(state)
        if plan is None or response is None:
            return self.not_in_routine()
        offset = self.offset(state, turn.now)
        left = max(0.0, response.seconds - offset) + plan.seconds_after(state.response_index)
        hold_left = hold_seconds_left(response.segments, offset)
        return self._answer_and_continue(
            state, turn, prompts.time_left(hold_left, prompts.minutes(left))
        )

    def which_step(self, state: SessionState, turn: Turn) -> Reply:
        plan, response = self.plan(state), self.current(state)
        if plan is None or response is None:
            return self.not_in_routine()
        where = locate(response.segments, self.offset(state, turn.now))
        number = (
            response.segments[where.index].step if where.index < len(response.segments) else None
        )
        if number is None:
            steps = response.steps or (1,)
            number = steps[0] if where.index == 0 else steps[-1]
        step = plan.step(number)
        # Mid-hold, remind them what the step was; elsewhere its words are about to be repeated.
        in_hold = hold_seconds_left(response.segments, self.offset(state, turn.now)) is not None
        answer = prompts.which_step(
            number, len(plan.steps), step.side, step.label if in_hold else None
        )
        return self._answer_and_continue(state, turn, answer)
