"""The one way an envelope reaches the skill, shared by the Flask and Lambda doors."""

from __future__ import annotations

from typing import Any

from ask_sdk_core.exceptions import AskSdkException
from ask_sdk_core.skill import CustomSkill
from ask_sdk_model import Request, RequestEnvelope

from skill.codec import Codec

_codec = Codec()
MAX_DEPTH = 32  # real envelopes nest about 8 deep; deeper is an attack on the parsers
EMPTY_RESPONSE: dict[str, Any] = {"version": "1.0", "response": {}}


class BadEnvelope(ValueError):
    """The payload is not an Alexa request envelope; the message is safe to show the sender."""


def _check_depth(value: dict[str, Any] | list[Any]) -> None:
    """Refuse JSON nested more than MAX_DEPTH deep (an attack on the recursive code after us:
    the SDK deep-copies session attributes). One level at a time, copying nothing."""
    level: list[Any] = [value]
    for _ in range(MAX_DEPTH):
        level = [
            child
            for item in level
            for child in (item.values() if isinstance(item, dict) else item)
            if isinstance(child, dict | list)
        ]
        if not level:
            return
    raise BadEnvelope("the JSON nests too deeply")


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
    """Run the skill on an envelope (a parsed JSON object) and return the response envelope.

    Request types the SDK does not know (newer Alexa events) get an empty response."""
    envelope = check_envelope(payload)
    if envelope["request"]["type"] not in Request.discriminator_value_class_map:
        return dict(EMPTY_RESPONSE)
    session = envelope.get("session") or {}
    attributes = session.get("attributes")
    if isinstance(attributes, dict | list):
        _check_depth(attributes)
    try:
        request_envelope = _codec.from_data(envelope, RequestEnvelope)
    except (AskSdkException, ValueError, TypeError, AttributeError, RecursionError) as exc:
        raise BadEnvelope("the envelope's fields have the wrong types") from exc
    response = skill.invoke(request_envelope=request_envelope, context=context)
    result = _codec.serialize(response)
    assert isinstance(result, dict)
    return result
