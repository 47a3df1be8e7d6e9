"""Handlers for the session's start and end."""

from __future__ import annotations

from typing import ClassVar

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from skill.conversation.reply import Reply
from skill.conversation.talk import Talk
from skill.handlers.common import CoachHandler


class LaunchRequestHandler(CoachHandler):
    """'Alexa, open back release coach': welcome (with the disclaimer the first time)."""

    request_type = "LaunchRequest"

    def answer(self, handler_input: HandlerInput, talk: Talk) -> Reply:
        return self.coach.launch(talk)


class SessionEndedRequestHandler(CoachHandler):
    """The session closed (timeout, user exit, error): nothing may be said."""

    request_type: ClassVar[str] = "SessionEndedRequest"

    def handle(self, handler_input: HandlerInput) -> Response:
        response: Response = handler_input.response_builder.response
        return response
