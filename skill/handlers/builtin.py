"""Handlers for Amazon's built-in intents: help, stop, cancel, fallback, home, yes and no."""

from __future__ import annotations

from skill.conversation.turn import Action
from skill.handlers.common import TurnHandler


class HelpIntentHandler(TurnHandler):
    """'Help': what to say here, ending with a question."""

    intent, action = "AMAZON.HelpIntent", Action.HELP


class StopIntentHandler(TurnHandler):
    """'Stop': a kind goodbye, and the session ends."""

    intent, action = "AMAZON.StopIntent", Action.STOP


class CancelIntentHandler(TurnHandler):
    """'Cancel': the same as stop."""

    intent, action = "AMAZON.CancelIntent", Action.STOP


class FallbackIntentHandler(TurnHandler):
    """Anything the model did not understand: a helpful line, and the session stays open."""

    intent, action = "AMAZON.FallbackIntent", Action.FALLBACK


class NavigateHomeIntentHandler(TurnHandler):
    """'Go home' on screen devices: leave the routine and ask what next."""

    intent, action = "AMAZON.NavigateHomeIntent", Action.HOME


class YesIntentHandler(TurnHandler):
    """'Yes' to the question asked last."""

    intent, action = "AMAZON.YesIntent", Action.YES


class NoIntentHandler(TurnHandler):
    """'No' to the question asked last."""

    intent, action = "AMAZON.NoIntent", Action.NO
