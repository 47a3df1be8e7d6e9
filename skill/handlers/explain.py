"""Handlers for questions about the technique and its safety."""

from __future__ import annotations

from typing import ClassVar

from ask_sdk_core.handler_input import HandlerInput

from skill.conversation.turn import Action, Request
from skill.handlers.common import TurnHandler, slot_id


class ExplainIntentHandler(TurnHandler):
    """'What is fascia?', 'what's a trigger point?' (the topic comes from the slot)."""

    intent, action = "ExplainIntent", Action.EXPLAIN

    def request(self, handler_input: HandlerInput) -> Request:
        topic = slot_id(handler_input, "topic", self.coach.catalog.find_topic)
        return super().request(handler_input)._replace(topic=topic)


class TopicIntentHandler(TurnHandler):
    """A question whose wording already names its topic."""

    action = Action.EXPLAIN
    topic: ClassVar[str] = ""

    def request(self, handler_input: HandlerInput) -> Request:
        return super().request(handler_input)._replace(topic=self.topic)


class HowHardIntentHandler(TopicIntentHandler):
    """'How hard should I press?'"""

    intent, topic = "HowHardIntent", "pressure"


class HowOftenIntentHandler(TopicIntentHandler):
    """'How often should I do this?'"""

    intent, topic = "HowOftenIntent", "frequency"


class HowItHelpsIntentHandler(TopicIntentHandler):
    """'How does it help back pain?'"""

    intent, topic = "HowItHelpsIntent", "back-pain"


class SafetyIntentHandler(TopicIntentHandler):
    """'Is this safe?', 'when should I see a doctor?' (red flags, the locale's number)."""

    intent, topic = "SafetyIntent", "safety"


class TellMeMoreIntentHandler(TurnHandler):
    """'Tell me more' after a topic (the same as yes to 'would you like to hear more?')."""

    intent, action = "TellMeMoreIntent", Action.MORE
