"""Handlers for questions about the technique and its safety."""

from __future__ import annotations

from typing import ClassVar

from ask_sdk_core.handler_input import HandlerInput

from skill.conversation.reply import Reply
from skill.conversation.talk import Talk
from skill.handlers.common import CoachHandler, slot_id


class ExplainIntentHandler(CoachHandler):
    """'What is fascia?', 'what's a trigger point?' (the topic comes from the slot)."""

    intent = "ExplainIntent"

    def answer(self, handler_input: HandlerInput, talk: Talk) -> Reply:
        topic_id = slot_id(handler_input, "topic", self.coach.catalog.find_topic)
        return self.coach.explain(talk, topic_id)


class TopicIntentHandler(CoachHandler):
    """A question whose wording already names its topic."""

    topic: ClassVar[str] = ""

    def answer(self, handler_input: HandlerInput, talk: Talk) -> Reply:
        return self.coach.explain(talk, self.topic)


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


class TellMeMoreIntentHandler(CoachHandler):
    """'Tell me more' after a topic (same as yes to 'would you like to hear more?')."""

    intent = "TellMeMoreIntent"

    def answer(self, handler_input: HandlerInput, talk: Talk) -> Reply:
        return self.coach.tell_me_more(talk)
