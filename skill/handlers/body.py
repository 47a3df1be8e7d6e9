"""Handlers for what a body says: emergency signs, same-day signs, stop signs, "it hurts"."""

from __future__ import annotations

from skill.conversation.turn import Action
from skill.handlers.common import TurnHandler


class EmergencyIntentHandler(TurnHandler):
    """'I have chest pain', 'I can't control my bladder', 'emergency'."""

    intent, action = "EmergencyIntent", Action.EMERGENCY


class SameDayIntentHandler(TurnHandler):
    """'I have a fever', 'it hurts more at night'."""

    intent, action = "SameDayIntent", Action.SAME_DAY


class StopSignIntentHandler(TurnHandler):
    """'I feel tingling down my leg', 'sharp pain', 'I feel dizzy'."""

    intent, action = "StopSignIntent", Action.STOP_SIGN


class HurtsIntentHandler(TurnHandler):
    """'It hurts', 'this is too much'."""

    intent, action = "HurtsIntent", Action.HURTS


# What a body says is health information: logged as one word, never beside a user.
BODY_INTENTS = frozenset(
    h.intent
    for h in (
        EmergencyIntentHandler,
        SameDayIntentHandler,
        StopSignIntentHandler,
        HurtsIntentHandler,
    )
)
