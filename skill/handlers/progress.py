"""Handlers for the user's stored progress: the week so far, and forgetting it all."""

from __future__ import annotations

from skill.conversation.turn import Action
from skill.handlers.common import TurnHandler


class WeekIntentHandler(TurnHandler):
    """'How am I doing this week?'"""

    intent, action = "WeekIntent", Action.WEEK


class ForgetProgressIntentHandler(TurnHandler):
    """'Forget my progress' (deletes after a yes)."""

    intent, action = "ForgetProgressIntent", Action.FORGET
