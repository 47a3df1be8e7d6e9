"""The one way an envelope reaches the skill, shared by the Flask and Lambda doors."""

from __future__ import annotations

import json
from typing import Any

from ask_sdk_core.exceptions import AskSdkException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill import CustomSkill
from ask_sdk_model import RequestEnvelope

_serializer = DefaultSerializer()


class BadEnvelope(ValueError):
    """The payload is not an Alexa request envelope; the message is safe to show the sender."""


def check_envelope(payload: object) -> dict[str, Any]:
    """The payload as a dict if it has the shape of an Alexa envelope; else BadEnvelope."""
    if not isinstance(payload, dict):
        raise BadEnvelope("expected a JSON object")
    request = payload.get("request")
    if not isinstance(request, dict) or not isinstance(request.get("type"), str):
        raise BadEnvelope("expected 'request' with a 'type'")
    context = payload.get("context")
    if not isinstance(context, dict) or not isinstance(context.get("System"), dict):
        raise BadEnvelope("expected 'context' with 'System'")
    session = payload.get("session")
    if session is not None and not isinstance(session, dict):
        raise BadEnvelope("expected 'session' to be an object")
    return payload


def invoke(skill: CustomSkill, payload: object, context: object = None) -> dict[str, Any]:
    """Run the skill on an envelope (a parsed JSON object) and return the response envelope."""
    envelope = check_envelope(payload)
    try:
        request_envelope = _serializer.deserialize(json.dumps(envelope), RequestEnvelope)
    except (AskSdkException, ValueError, TypeError, AttributeError) as exc:
        raise BadEnvelope("the envelope's fields have the wrong types") from exc
    response = skill.invoke(request_envelope=request_envelope, context=context)
    result = _serializer.serialize(response)
    assert isinstance(result, dict)
    return result
