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
from skill.conversation.session import Key
from skill.speech import prompts
from skill.speech.topics import LOCAL_NUMBER, fill


class Body:
    """The answers to what a body says."""

    def __init__(self, guide: Guide) -> None:
        self.guide = guide
        self.voice = guide.voice
        self.safety = guide.voice.catalog.safety

    def _stop_routine(self, d: Draft) -> str:
        """End the hold where it is and keep the place (in the record, as a pause: the
        session is no longer in a routine); the routine's id, or ''."""
        d.question = None
        found = self.voice.active(d)
        if found is None:
            return ""
        self.guide.hold(d)
        d.eased = False  # the answer says to come off, in its own words
        d.stopped, d.place = found.plan.routine.id, None
        return d.stopped

    def emergency(self, d: Draft) -> Reply:
        self._stop_routine(d)
        number = self.safety.emergency_number(d.request.locale) or LOCAL_NUMBER
        text = prompts.EMERGENCY.replace("{emergency_number}", number)
        speech = fill(prompts.EMERGENCY, self.safety, d.request.locale)
        return tell(speech, card=Card(prompts.EMERGENCY_TITLE, text))

    def same_day(self, d: Draft) -> Reply:
        self._stop_routine(d)
        return self.voice.render(d, Key.SAME_DAY)

    def stop_sign(self, d: Draft) -> Reply:
        return self.voice.render(d, Key.STOP_SIGN, self._stop_routine(d))

    def hurts(self, d: Draft) -> Reply:
        """Ease off; a hold that is playing carries on after the advice."""
        found = self.voice.active(d)
        if found is None:
            return self.voice.render(d, Key.HURTS)
        if found.in_hold and not found.paused and self.voice.open_question(d) is None:
            advice = prompts.HURTS[found.plan.routine.needs]
            return self.guide.answer_and_continue(d, found, advice)
        return self.voice.render(d, Key.HURTS, found.plan.routine.id)
