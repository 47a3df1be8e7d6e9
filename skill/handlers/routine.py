"""Handlers for choosing and moving through a routine."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.conversation.reply import Reply
from skill.conversation.talk import Talk
from skill.handlers.common import CoachHandler, slot_id, spoken_slot


class ListRoutinesIntentHandler(CoachHandler):
    """'What routines are there?'"""

    intent = "ListRoutinesIntent"

    def answer(self, handler_input: HandlerInput, talk: Talk) -> Reply:
        return self.coach.list_routines(talk)


class StartRoutineIntentHandler(CoachHandler):
    """'Start the lower back routine' (by any of its names; unknown names get the list)."""

    intent = "StartRoutineIntent"

    def answer(self, handler_input: HandlerInput, talk: Talk) -> Reply:
        routine_id = slot_id(handler_input, "routine", self.coach.catalog.find_routine)
        named = spoken_slot(handler_input, "routine") is not None
        return self.coach.start(talk, routine_id, named)


class NextIntentHandler(CoachHandler):
    """'Next'."""

    intent = "AMAZON.NextIntent"

    def answer(self, handler_input: HandlerInput, talk: Talk) -> Reply:
        return self.coach.next(talk)


class PreviousIntentHandler(CoachHandler):
    """'Go back'."""

    intent = "AMAZON.PreviousIntent"

    def answer(self, handler_input: HandlerInput, talk: Talk) -> Reply:
        return self.coach.previous(talk)


class RepeatIntentHandler(CoachHandler):
    """'Repeat that'."""

    intent = "AMAZON.RepeatIntent"

    def answer(self, handler_input: HandlerInput, talk: Talk) -> Reply:
        return self.coach.repeat(talk)


class StartOverIntentHandler(CoachHandler):
    """'Start over'."""

    intent = "AMAZON.StartOverIntent"

    def answer(self, handler_input: HandlerInput, talk: Talk) -> Reply:
        return self.coach.start_over(talk)


class PauseIntentHandler(CoachHandler):
    """'Pause' (mid-hold too: resume carries on with the seconds left)."""

    intent = "AMAZON.PauseIntent"

    def answer(self, handler_input: HandlerInput, talk: Talk) -> Reply:
        return self.coach.pause(talk)


class ResumeIntentHandler(CoachHandler):
    """'Resume' / 'carry on'."""

    intent = "AMAZON.ResumeIntent"

    def answer(self, handler_input: HandlerInput, talk: Talk) -> Reply:
        return self.coach.resume(talk)


class SkipHoldIntentHandler(CoachHandler):
    """'Skip this hold'."""

    intent = "SkipHoldIntent"

    def answer(self, handler_input: HandlerInput, talk: Talk) -> Reply:
        return self.coach.skip_hold(talk)


class HowMuchLongerIntentHandler(CoachHandler):
    """'How much longer?' (the hold carries on after the answer)."""

    intent = "HowMuchLongerIntent"

    def answer(self, handler_input: HandlerInput, talk: Talk) -> Reply:
        return self.coach.how_long(talk)


class WhichStepIntentHandler(CoachHandler):
    """'Which step am I on?'"""

    intent = "WhichStepIntent"

    def answer(self, handler_input: HandlerInput, talk: Talk) -> Reply:
        return self.coach.which_step(talk)
