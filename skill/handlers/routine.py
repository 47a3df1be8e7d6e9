"""Handlers for choosing and moving through a routine."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.conversation.reply import Reply
from skill.handlers.common import CoachHandler, Context, slot_id, spoken_slot


class ListRoutinesIntentHandler(CoachHandler):
    """'What routines are there?'"""

    intent = "ListRoutinesIntent"

    def answer(self, handler_input: HandlerInput, context: Context) -> Reply:
        return self.coach.list_routines(context.state, context.turn)


class StartRoutineIntentHandler(CoachHandler):
    """'Start the lower back routine' (by any of its names; unknown names get the list)."""

    intent = "StartRoutineIntent"

    def answer(self, handler_input: HandlerInput, context: Context) -> Reply:
        routine_id = slot_id(handler_input, "routine", self.coach.catalog.find_routine)
        named = spoken_slot(handler_input, "routine") is not None
        return self.coach.start(context.state, context.prefs, context.turn, routine_id, named)


class NextIntentHandler(CoachHandler):
    """'Next'."""

    intent = "AMAZON.NextIntent"

    def answer(self, handler_input: HandlerInput, context: Context) -> Reply:
        return self.coach.next(context.state, context.turn)


class PreviousIntentHandler(CoachHandler):
    """'Go back'."""

    intent = "AMAZON.PreviousIntent"

    def answer(self, handler_input: HandlerInput, context: Context) -> Reply:
        return self.coach.previous(context.state, context.turn)


class RepeatIntentHandler(CoachHandler):
    """'Repeat that'."""

    intent = "AMAZON.RepeatIntent"

    def answer(self, handler_input: HandlerInput, context: Context) -> Reply:
        return self.coach.repeat(context.state, context.turn)


class StartOverIntentHandler(CoachHandler):
    """'Start over'."""

    intent = "AMAZON.StartOverIntent"

    def answer(self, handler_input: HandlerInput, context: Context) -> Reply:
        return self.coach.start_over(context.state, context.turn)


class PauseIntentHandler(CoachHandler):
    """'Pause' (mid-hold too: resume carries on with the seconds left)."""

    intent = "AMAZON.PauseIntent"

    def answer(self, handler_input: HandlerInput, context: Context) -> Reply:
        return self.coach.pause(context.state, context.turn)


class ResumeIntentHandler(CoachHandler):
    """'Resume' / 'carry on'."""

    intent = "AMAZON.ResumeIntent"

    def answer(self, handler_input: HandlerInput, context: Context) -> Reply:
        return self.coach.resume(context.state, context.turn)


class SkipHoldIntentHandler(CoachHandler):
    """'Skip this hold'."""

    intent = "SkipHoldIntent"

    def answer(self, handler_input: HandlerInput, context: Context) -> Reply:
        return self.coach.skip_hold(context.state, context.turn)


class HowMuchLongerIntentHandler(CoachHandler):
    """'How much longer?' (the hold carries on after the answer)."""

    intent = "HowMuchLongerIntent"

    def answer(self, handler_input: HandlerInput, context: Context) -> Reply:
        return self.coach.how_long(context.state, context.turn)


class WhichStepIntentHandler(CoachHandler):
    """'Which step am I on?'"""

    intent = "WhichStepIntent"

    def answer(self, handler_input: HandlerInput, context: Context) -> Reply:
        return self.coach.which_step(context.state, context.turn)
