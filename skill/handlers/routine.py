"""Handlers for choosing and moving through a routine."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.content.areas import find_area
from skill.conversation.turn import Action, Request
from skill.handlers.common import MAX_SLOT_CHARS, TurnHandler, slot_id, spoken_slot


class ListRoutinesIntentHandler(TurnHandler):
    """'What routines are there?'"""

    intent, action = "ListRoutinesIntent", Action.LIST


class RoutineSlotHandler(TurnHandler):
    """An intent with a routine slot: the routine it names, or what was said for one."""

    def request(self, handler_input: HandlerInput) -> Request:
        routine = slot_id(handler_input, "routine", self.coach.catalog.find_routine)
        spoken = spoken_slot(handler_input, "routine")
        # "Start the lower back one": no routine by that name, but an area to suggest for.
        area = find_area(spoken) if routine is None and spoken else None
        request = super().request(handler_input)
        said = spoken[:MAX_SLOT_CHARS] if routine is None and spoken else ""
        return request._replace(
            routine=routine, named=spoken is not None, area=area, said_name=said
        )


class StartRoutineIntentHandler(RoutineSlotHandler):
    """'Start the lower back routine' (by any of its names; unknown names get the list)."""

    intent, action = "StartRoutineIntent", Action.START


class NextIntentHandler(TurnHandler):
    """'Next', 'ready', 'I'm in position'."""

    intent, action = "AMAZON.NextIntent", Action.NEXT


class PreviousIntentHandler(TurnHandler):
    """'Go back' (again: one step further back)."""

    intent, action = "AMAZON.PreviousIntent", Action.PREVIOUS


class RepeatIntentHandler(TurnHandler):
    """'Repeat that'."""

    intent, action = "AMAZON.RepeatIntent", Action.REPEAT


class StartOverIntentHandler(TurnHandler):
    """'Start over'."""

    intent, action = "AMAZON.StartOverIntent", Action.START_OVER


class PauseIntentHandler(TurnHandler):
    """'Pause' (mid-hold too: resume carries on with the seconds left)."""

    intent, action = "AMAZON.PauseIntent", Action.PAUSE


class ResumeIntentHandler(TurnHandler):
    """'Resume' / 'carry on'."""

    intent, action = "AMAZON.ResumeIntent", Action.RESUME


class SkipHoldIntentHandler(TurnHandler):
    """'Skip this hold'."""

    intent, action = "SkipHoldIntent", Action.SKIP_HOLD


class HowMuchLongerIntentHandler(TurnHandler):
    """'How much longer?' (the hold carries on after the answer)."""

    intent, action = "HowMuchLongerIntent", Action.HOW_LONG


class WhichStepIntentHandler(TurnHandler):
    """'Which step am I on?'"""

    intent, action = "WhichStepIntent", Action.WHICH_STEP
