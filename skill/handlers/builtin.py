"""Handlers for Amazon's built-in intents: help, stop, cancel, fallback, home, yes and no."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.conversation.reply import Reply
from skill.conversation.talk import Talk
from skill.handlers.common import CoachHandler


class HelpIntentHandler(CoachHandler):
    """'Help': what to say, ending with a question."""

    intent = "AMAZON.HelpIntent"

    def answer(self, handler_input: HandlerInput, talk: Talk) -> Reply:
        return self.coach.help(talk)


class StopIntentHandler(CoachHandler):
    """'Stop': a kind goodbye, and the session ends."""

    intent = "AMAZON.StopIntent"

    def answer(self, handler_input: HandlerInput, talk: Talk) -> Reply:
        return self.coach.stop(talk)


class CancelIntentHandler(StopIntentHandler):
    """'Cancel': the same as stop."""

    intent = "AMAZON.CancelIntent"


class FallbackIntentHandler(CoachHandler):
    """Anything the model did not understand: a helpful line, and the session stays open."""

    intent = "AMAZON.FallbackIntent"

    def answer(self, handler_input: HandlerInput, talk: Talk) -> Reply:
        return self.coach.fallback(talk)


class NavigateHomeIntentHandler(CoachHandler):
    """'Go home' on screen devices: leave the routine and ask what next."""

    intent = "AMAZON.NavigateHomeIntent"

    def answer(self, handler_input: HandlerInput, talk: Talk) -> Reply:
        return self.coach.home(talk)


class YesIntentHandler(CoachHandler):
    """'Yes' to the question asked last."""

    intent = "AMAZON.YesIntent"

    def answer(self, handler_input: HandlerInput, talk: Talk) -> Reply:
        return self.coach.yes(talk)


class NoIntentHandler(CoachHandler):
    """'No' to the question asked last."""

    intent = "AMAZON.NoIntent"

    def answer(self, handler_input: HandlerInput, talk: Talk) -> Reply:
        return self.coach.no(talk)
