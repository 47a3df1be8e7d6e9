"""Guiding a routine: starting one, moving through it, and questions answered inside it.

Every response played is stored as the user's place. A question about something else (help, an
explanation, something not understood) pauses the routine where the listener is, and 'resume'
carries on; "how much longer" and "which step" are answered and playback carries on. At a "say
next" prompt nothing is playing, so nothing is paused and no answer there talks about resuming.
"""

from __future__ import annotations

from skill.conversation import navigation
from skill.conversation.draft import Draft
from skill.conversation.navigation import Move
from skill.conversation.playback import Where, play
from skill.conversation.replies import RESUME, Part, Then, routine_then, stored
from skill.conversation.reply import Reply, Scene, ask, still
from skill.conversation.session import Ask, Key, Question
from skill.conversation.voice import Voice
from skill.speech import prompts
from skill.speech.planner import briefing
from skill.speech.ssml import Ssml, say


class Guide:
    """The routine actions; each returns the reply and leaves its changes in the Draft."""

    def __init__(self, voice: Voice) -> None:
        self.voice = voice
        self.plans = voice.plans

    # --- saying a response ---
    def play(self, d: Draft, routine: str, move: Move, run: float | None) -> Reply:
        """Say part of a routine (``run`` None: a new run of it) and store the place. Going
        into the response with the routine's first hold, the pressure and stop block is said
        first: in full once a session, in one sentence after that."""
        plan = self.plans[routine]
        lead = move.lead
        if move.nth == plan.briefing_at and move.onward:
            short = d.briefed and not move.full
            block = prompts.BRIEFING_AGAIN if short else briefing(self.voice.catalog.safety)
            lead, d.briefed = f"{lead} {block}".strip(), True
        played = play(plan, move.nth, move.offset, d.now, run, lead, move.announce, move.held)
        d.move_to(played.place)
        ending = Question(Ask.ENDING, routine)
        d.said, d.back_to, d.question = None, move.back_to, ending if played.last else None
        reprompt = (
            self.voice.questions.reprompt(ending)
            if played.last
            else prompts.vary(prompts.ROUTINE_REPROMPT, d.turns)
        )
        return ask(
            played.speech,
            reprompt=reprompt,
            card=played.card,
            shows=Scene(played.place, played.segments),
        )

    def check(self, d: Draft, routine: str, carry_on: bool) -> Reply:
        """The session's safety check: in full the first time, and the record keeps that the
        list was heard (never the answer); in one sentence after that."""
        if d.record.heard_check:
            short = Key.SHORT_CARRY_ON_CHECK if carry_on else Key.SHORT_CHECK
            return self.voice.render(d, short, routine)
        d.hear_check()
        return self.voice.render(d, Key.CARRY_ON_CHECK if carry_on else Key.SAFETY_CHECK, routine)

    def begin(self, d: Draft, routine: str) -> Reply:
        """A routine from its introduction and cautions: a new run."""
        return self.play(d, routine, Move(0, onward=True), run=None)

    def start(self, d: Draft, routine: str) -> Reply:
        """Start a routine; in a session's first routine, ask the safety check first. A
        routine stopped for a stop sign is not started again this session."""
        if routine not in self.plans:
            return self.voice.render(d, Key.LIST)
        if d.doctor_first:
            return self.voice.render(d, Key.DOCTOR_FIRST)
        if d.stopped == routine:
            return self.voice.render(d, Key.STOPPED, routine)
        self.hold(d)
        if not d.checked:
            return self.check(d, routine, carry_on=False)
        if d.stopped:  # another routine after a sign to stop: only if it has settled
            return self.play(d, routine, Move(0, lead=prompts.AFTER_STOP_SIGN, onward=True), None)
        return self.begin(d, routine)

    def _go(self, d: Draft, found: Where, move: Move | None) -> Reply:
        """Play ``move`` in the same run, or (None) ask the routine's question again."""
        if move is None:
            return self.ending_again(d, found)
        return self.play(d, found.plan.routine.id, move, found.place.run)

    def ending_again(self, d: Draft, found: Where, lead: str = "") -> Reply:
        """The routine's ending words, and its question, again."""
        move = Move(found.nth, found.response.seconds, lead)
        return self.play(d, found.plan.routine.id, move, found.place.run)

    def hold(self, d: Draft) -> None:
        """Pause the routine where the listener is (a question or stop interrupted it), and
        store that place so the user can come back to it."""
        found = self.voice.where(d)
        if found is not None and not found.paused and found.phase != "closing":
            d.move_to(found.place.pause(found.offset, d.now))
            d.eased = found.plan.routine.id if found.in_hold else ""

    def not_in_routine(self, d: Draft) -> Reply:
        """A routine word outside a routine; with one stored from an earlier session (a
        one-shot 'ask ... how much longer'), offer to carry it on. With a question open, it
        is asked again instead. After a stop sign, the routine stopped is not offered."""
        if d.stopped:
            return self.voice.render(d, Key.STOPPED, d.stopped)
        if self.voice.open_question(d) is not None:
            return self.voice.finish(d, Part(say(prompts.NOT_IN_ROUTINE), RESUME))
        return self.voice.render(d, Key.NOT_IN_ROUTINE)

    # --- in a routine (the Coach says "not in a routine" for these, before they are called) ---
    def next(self, d: Draft, found: Where) -> Reply:
        return self._go(d, found, navigation.forward(found))

    def previous(self, d: Draft, found: Where) -> Reply:
        return self._go(d, found, navigation.back(found, d.back_to))

    def replay(self, d: Draft, found: Where) -> Reply:
        """The step playing again from its start (at the prompt, the last step heard)."""
        return self._go(d, found, navigation.again(found, d.back_to))

    def start_over(self, d: Draft, found: Where) -> Reply:
        """The routine again from its beginning: a new run, as starting it by name is."""
        return self.play(d, found.plan.routine.id, Move(0, lead=prompts.STARTING_OVER), None)

    def pause(self, d: Draft, found: Where) -> Reply:
        if (reply := self._not_playing(d, found)) is not None:
            return reply
        self.hold(d)
        paused = prompts.PAUSED_IN_HOLD[found.plan.routine.needs] if d.eased else prompts.PAUSED
        d.eased = ""  # said in its own words
        return ask(say(paused), reprompt=prompts.PAUSED_REPROMPT, shows=still(d.place))

    def _not_playing(self, d: Draft, found: Where) -> Reply | None:
        """With nothing playing there is nothing to pause: at the end, the routine's question
        again; at a "say next" prompt, take your time and the prompt again. None otherwise."""
        if found.done:
            return self.ending_again(d, found)
        if found.at_prompt:
            text = say(prompts.TAKE_YOUR_TIME, found.prompt)
            reprompt = prompts.vary(prompts.ROUTINE_REPROMPT, d.turns)
            return ask(text, reprompt=reprompt, shows=still(found.place))
        return None

    def resume(self, d: Draft) -> Reply:
        """Carry on: in this session's routine, or a stored one from an earlier session (after
        the session's safety check, as starting a routine has)."""
        found, reminder = self.voice.where(d), ""
        if d.doctor_first:
            return self.voice.render(d, Key.DOCTOR_FIRST)
        if found is None:
            found = stored(self.plans, d, within=None)  # asked for: however long ago
            if found is None and d.stopped:
                return self.voice.render(d, Key.STOPPED, d.stopped)
            if found is None:
                return self.not_in_routine(d)
            if not d.checked:
                return self.check(d, found.plan.routine.id, carry_on=True)
            d.move_to(found.place)
            reminder = prompts.remember(found.plan.routine.reminder)  # a later session
        if found.done:
            return self.ending_again(d, found)
        return self._go(d, found, navigation.resume(found, d.now, reminder))

    def carry_on(self, d: Draft) -> Reply:
        """A stray 'yes' or 'okay' in a routine: at a prompt, next; mid-speech, carry on."""
        found = self.voice.where(d)
        if found is None and d.stopped:
            return self.voice.render(d, Key.STOPPED, d.stopped)
        if found is None:
            return self.voice.render(d, Key.NOTHING_OFFERED)
        if found.at_prompt:
            return self.next(d, found)
        return self.resume(d)

    def not_now(self, d: Draft) -> Reply:
        """A stray 'no' (or 'not sure'): in a routine, mid-speech it pauses, at a prompt take
        your time; outside one, okay."""
        found = self.voice.where(d)
        if found is None:
            return self.voice.render(d, Key.NO_THANKS)
        if (reply := self._not_playing(d, found)) is not None:
            return reply
        self.hold(d)
        return self.voice.finish(d, Part(Ssml(""), RESUME))._replace(shows=still(d.place))

    def skip_hold(self, d: Draft, found: Where) -> Reply:
        """End the hold playing (or the one the current instruction leads into)."""
        if found.done:
            return self.ending_again(d, found)
        move = navigation.skip_hold(found)
        if move is None:
            return self.answer_and_continue(d, found, prompts.NO_HOLD)
        return self._go(d, found, move)

    # --- questions during a routine (answered, then the routine carries on) ---
    def answer_and_continue(self, d: Draft, found: Where, answer: str) -> Reply:
        """Answer, then carry on playing; if paused, or with a question open, stay put (the
        question is asked again)."""
        if found.paused:
            paused = Part(say(answer), Then(prompts.PAUSED, RESUME.reprompt))
            return self.voice.finish(d, paused)._replace(shows=still(found.place))
        if self.voice.open_question(d) is not None:
            return self.voice.finish(d, Part(say(answer), routine_then(found)))
        move = Move(found.nth, found.offset, answer, False, d.back_to, held=found.place.held)
        return self._go(d, found, move)

    def _finished(self, d: Draft, found: Where) -> Reply:
        """A routine question after the routine is over."""
        if self.voice.open_question(d) is not None:
            return self.voice.finish(d, Part(say(prompts.FINISHED_ALREADY), RESUME))
        return self.ending_again(d, found, prompts.FINISHED_ALREADY)

    def how_long(self, d: Draft, found: Where) -> Reply:
        if found.done:
            return self._finished(d, found)
        plan = found.plan
        left = found.response.seconds - found.offset + plan.seconds_after(found.nth)
        answer = prompts.time_left(found.hold_left, prompts.minutes(left))
        return self.answer_and_continue(d, found, answer)

    def which_step(self, d: Draft, found: Where) -> Reply:
        if found.done:
            return self._finished(d, found)
        if found.phase == "intro":
            return self.answer_and_continue(d, found, prompts.IN_INTRO)
        step = found.current_step
        # Mid-hold, remind them what the step was; elsewhere its words are about to be repeated.
        label = step.label if found.hold_left is not None and step.name else None
        answer = prompts.which_step(step.heard_as, found.plan.routine.name, label)
        return self.answer_and_continue(d, found, answer)
