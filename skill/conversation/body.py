"""What a body says, answered from any state: emergency signs, same-day signs, stop signs, and
plain "it hurts".

These come before the question rules: an open question is dropped (the safety check is not
asked again after "I feel tingling"). An emergency sign gets the locale's number at once, and
the session ends so the device is free to call. A sign to stop ends the hold where it is (the
place is kept, as a pause) and the routine is not carried on this session. "It hurts" gets
ease-off guidance, and a hold that is playing carries on. Nothing here is stored: the record
never holds symptoms (Alexa policy), only the paused place.
"""

from __future__ import annotations

from skill.conversation.draft import Draft
from skill.conversation.guide import Guide
from skill.conversation.reply import Card, Reply, tell
from skill.conversation.session import Ask, Key
from skill.speech import prompts
from skill.speech.ssml import card_text, say
from skill.speech.topics import fill

CARRY_ON_QUESTIONS = (Ask.CARRY_ON, Ask.CARRY_ON_CHECK)


class Body:
    """The answers to what a body says."""

    def __init__(self, guide: Guide) -> None:
        self.guide = guide
        self.voice = guide.voice
        self.safety = guide.voice.catalog.safety

    def _stop_routine(self, d: Draft) -> str:
        """End the hold where it is and keep the place (in the record, as a pause: the
        session is no longer in a routine); the routine's id, or ''."""
        question, d.question = self.voice.open_question(d), None
        found = self.voice.active(d)
        if found is None and question is not None and question.ask in CARRY_ON_QUESTIONS:
            d.stopped = question.about  # offered to carry on: not today, after that
            return ""  # not under way: nothing to come off
        if found is None:
            return ""
        self.guide.hold(d)
        d.eased = ""  # the answer says to come off, in its own words
        d.stopped, d.place = found.plan.routine.id, None
        return d.stopped

    def emergency(self, d: Draft) -> Reply:
        """The locale's number at once, with a card; the session ends so they can call."""
        routine = self.voice.catalog.get_routine(self._stop_routine(d))
        speech = fill(prompts.EMERGENCY, self.safety, d.request.locale)
        come_off = say(prompts.STOP_NOW[routine.needs]) if routine else say()
        return tell(come_off, speech, card=Card(prompts.EMERGENCY_TITLE, card_text(speech)))

    def same_day(self, d: Draft) -> Reply:
        """See a doctor today; a routine under way stops, and none starts this session."""
        self._stop_routine(d)
        d.doctor_first = True
        return self.voice.render(d, Key.SAME_DAY)

    def stop_sign(self, d: Draft) -> Reply:
        """Come off now; the routine is not carried on this session."""
        return self.voice.render(d, Key.STOP_SIGN, self._stop_routine(d))

    def hurts(self, d: Draft) -> Reply:
        """Ease off; a hold that is playing carries on after the advice."""
        found = self.voice.active(d)
        if found is None:
            return self.voice.render(d, Key.HURTS)
        if found.in_hold and not found.paused and self.voice.open_question(d) is None:
            advice = prompts.HURTS[found.plan.routine.needs]
            return self.guide.answer_and_continue(d, found, advice)
        self.guide.hold(d)  # an instruction playing waits while they ease off
        d.eased = ""  # the advice says how
        return self.voice.render(d, Key.HURTS, found.plan.routine.id)
