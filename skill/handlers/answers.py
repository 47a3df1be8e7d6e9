"""Handlers for words that answer, or don't quite answer, a yes/no question."""

from __future__ import annotations

from skill.conversation.turn import Action
from skill.handlers.common import TurnHandler


class OkayIntentHandler(TurnHandler):
    """'Okay', 'got it': an acknowledgement; at a yes/no question, no answer to it."""

    intent, action = "OkayIntent", Action.OKAY


class UnsureIntentHandler(TurnHandler):
    """'I'm not sure', 'maybe': at the safety check, advice to check with a doctor first."""

    intent, action = "UnsureIntent", Action.UNSURE
