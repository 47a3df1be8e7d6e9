"""Handlers for the user's stored progress: the week so far, and forgetting it all."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.conversation.reply import Reply
from skill.conversation.talk import Talk
from skill.handlers.common import CoachHandler


class WeekIntentHandler(CoachHandler):
    """'How am I doing this week?'"""

    intent = "WeekIntent"

    def answer(self, handler_input: HandlerInput, talk: Talk) -> Reply:
        return self.coach.week(talk)


class ForgetProgressIntentHandler(CoachHandler):
    """'Forget my progress' (deletes after a yes)."""

    intent = "ForgetProgressIntent"

    def answer(self, handler_input: HandlerInput, talk: Talk) -> Reply:
        return self.coach.forget(talk)
