"""Handlers for the session's start and end."""

from __future__ import annotations

from typing import ClassVar

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from skill.conversation.reply import Reply
from skill.handlers.common import CoachHandler, Context


class LaunchRequestHandler(CoachHandler):
    """'Alexa, open back release coach': welcome (with the disclaimer the first time)."""

    request_type = "LaunchRequest"

    def answer(self, handler_input: HandlerInput, context: Context) -> Reply:
        return self.coach.launch(context.state, context.turn, context.prefs)


class SessionEndedRequestHandler(CoachHandler):
    """The session closed (timeout, user exit, error): nothing may be said."""

    request_type: ClassVar[str] = "SessionEndedRequest"

    def handle(self, handler_input: HandlerInput) -> Response:
        response: Response = handler_input.response_builder.response
        return response
