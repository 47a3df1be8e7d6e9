"""The smallest honest ask-sdk-core skill, behind the same kind of Flask view and Lambda entry.

It answers every request with "Hello" and keeps a session open, so a comparison with it
isolates what this project adds: content, planning, state, storage, verification aside.
"""

from __future__ import annotations

import json
from typing import Any

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_model import RequestEnvelope, Response

_serializer = DefaultSerializer()


class HelloHandler(AbstractRequestHandler):
    """Every request: say hello."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        response: Response = handler_input.response_builder.speak("Hello.").ask("Hello?").response
        return response


def build() -> CustomSkill:
    builder = SkillBuilder()
    builder.add_request_handler(HelloHandler())
    skill: CustomSkill = builder.create()
    return skill


def invoke(skill: CustomSkill, payload: dict[str, Any]) -> dict[str, Any]:
    """Parse, invoke, serialise: what any ask-sdk door does."""
    envelope = _serializer.deserialize(json.dumps(payload), RequestEnvelope)
    result = _serializer.serialize(skill.invoke(envelope, None))
    assert isinstance(result, dict)
    return result


def create_app() -> Any:
    from flask import Flask, jsonify, request  # only the Flask door needs Flask

    app = Flask(__name__)
    skill = build()

    @app.post("/alexa")
    def alexa() -> Any:
        return jsonify(invoke(skill, json.loads(request.get_data())))

    return app


_lambda_skill: CustomSkill | None = None


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The Lambda entry, built on first use like the project's."""
    global _lambda_skill
    if _lambda_skill is None:
        _lambda_skill = build()
    return invoke(_lambda_skill, event)
