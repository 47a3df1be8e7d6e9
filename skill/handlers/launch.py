"""Handlers for the session's start and end."""

from __future__ import annotations

from skill.conversation.turn import Action
from skill.handlers.common import TurnHandler


class LaunchRequestHandler(TurnHandler):
    """'Alexa, open back release coach': welcome (with the disclaimer the first time)."""

    request_type, action = "LaunchRequest", Action.LAUNCH


class SessionEndedRequestHandler(TurnHandler):
    """The session closed (timeout, 'Alexa, exit', error): keep the place, say nothing."""

    request_type, action = "SessionEndedRequest", Action.SESSION_ENDED
