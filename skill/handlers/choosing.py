"""Handlers for choosing a routine from an open request, or asking about one."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.content.areas import find_area, find_want
from skill.conversation.turn import Action, Request
from skill.handlers.common import TurnHandler, slot_key, spoken_slot
from skill.handlers.routine import RoutineSlotHandler

MAX_MINUTES = 600


def minutes_slot(handler_input: HandlerInput) -> int | None:
    """An AMAZON.NUMBER slot of minutes ('5'); None when missing or not a sensible number."""
    said = spoken_slot(handler_input, "minutes")
    if said is None or not said.isdigit() or len(said) > 4:
        return None
    value = int(said)
    return value if 0 < value <= MAX_MINUTES else None


class SuggestIntentHandler(TurnHandler):
    """'My lower back is tight', 'I have five minutes', 'something quick'."""

    intent, action = "SuggestIntent", Action.SUGGEST

    def request(self, handler_input: HandlerInput) -> Request:
        return (
            super()
            .request(handler_input)
            ._replace(
                area=slot_key(handler_input, "area", find_area),
                minutes=minutes_slot(handler_input),
                want=slot_key(handler_input, "want", find_want),
            )
        )


class NoBallIntentHandler(TurnHandler):
    """'I don't have a ball'."""

    intent, action = "NoBallIntent", Action.NO_BALL


class RoutineInfoIntentHandler(RoutineSlotHandler):
    """'How long is the knuckle press?', 'what do I need for the wall lean?'."""

    intent, action = "RoutineInfoIntent", Action.ROUTINE_INFO


class ToolsIntentHandler(TurnHandler):
    """'What do I need?', 'can I use a foam roller?'."""

    intent, action = "ToolsIntent", Action.TOOLS
