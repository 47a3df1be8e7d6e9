"""Touch on a screen: a button's ``Alexa.Presentation.APL.UserEvent``, handled as its intent."""

from __future__ import annotations

import logging

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from skill.apl import BUTTONS
from skill.conversation.turn import Action, Request
from skill.handlers.common import TurnHandler, basic_request, keep_own_attributes

log = logging.getLogger(__name__)

# A button's event is the value of the Action it stands for ("pause" is Action.PAUSE).
ACTIONS = {event: Action(event) for event in BUTTONS}


def pressed(handler_input: HandlerInput) -> Action | None:
    """The action of the button pressed, or None (an event no screen of ours sends)."""
    arguments = getattr(handler_input.request_envelope.request, "arguments", None)
    first = arguments[0] if isinstance(arguments, list) and arguments else None
    return ACTIONS.get(first) if isinstance(first, str) else None


class TouchEventHandler(TurnHandler):
    """Next, Pause, Resume and Repeat pressed on the step screen: the same turn as saying it.
    Any other event gets an empty response, and the session is kept as it was."""

    request_type = "Alexa.Presentation.APL.UserEvent"
    action = Action.FALLBACK  # not used: the button names the action

    def handle(self, handler_input: HandlerInput) -> Response:
        if pressed(handler_input) is None:
            log.info("ignored a screen event that is not one of our buttons")
            keep_own_attributes(handler_input)
            response: Response = handler_input.response_builder.response
            return response
        return super().handle(handler_input)

    def request(self, handler_input: HandlerInput) -> Request:
        action = pressed(handler_input) or Action.FALLBACK
        return basic_request(handler_input, action, self.clock)
