"""Handlers for the session's start and end."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.conversation.reply import Reply
from skill.conversation.talk import Talk
from skill.handlers.common import CoachHandler


class LaunchRequestHandler(CoachHandler):
    """'Alexa, open back release coach': welcome (with the disclaimer the first time)."""

    request_type = "LaunchRequest"

    def answer(self, handler_input: HandlerInput, talk: Talk) -> Reply:
        return self.coach.launch(talk)


class SessionEndedRequestHandler(CoachHandler):
    """The session closed (timeout, 'Alexa, exit', error): keep the place, say nothing."""

    request_type = "SessionEndedRequest"

    def answer(self, handler_input: HandlerInput, talk: Talk) -> Reply:
        return self.coach.session_ended(talk)
