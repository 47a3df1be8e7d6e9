"""The one way an envelope reaches the skill, shared by the Flask and Lambda doors."""

from __future__ import annotations

import json
import re
from typing import Any

from ask_sdk_core.exceptions import AskSdkException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill import CustomSkill
from ask_sdk_model import Request, RequestEnvelope

_serializer = DefaultSerializer()
MAX_DEPTH = 32  # real envelopes nest about 8 deep; deeper is an attack on the parsers
EMPTY_RESPONSE: dict[str, Any] = {"version": "1.0", "response": {}}


# The SDK's deserializer copies unknown JSON keys onto its model objects with setattr, so a key
# such as "__dict__" or "to_dict" would overwrite the object's insides. Such keys are dropped.
MODEL_INTERNALS = frozenset(
    {
        "to_dict",
        "to_str",
        "attribute_map",
        "deserialized_types",
        "supports_multiple_types",
        "get_real_child_model",
        "discriminator_value_class_map",
        "json_discriminator_key",
    }
)


# A key that _clean would drop, as it appears in the JSON text: checking the text is much
# quicker than walking the whole envelope, which is then only done when this matches.
_SUSPECT_KEY = re.compile(r'"(?:_|' + "|".join(sorted(MODEL_INTERNALS)) + r')[^"]*"\s*:')


class BadEnvelope(ValueError):
    """The payload is not an Alexa request envelope; the message is safe to show the sender."""


def _clean(value: Any, depth: int = 0) -> Any:
    """A copy of parsed JSON without keys that could reach the SDK models' internals; too deep
    a nesting (an attack on the recursive parsers after us) is refused."""
    if depth > MAX_DEPTH:
        raise BadEnvelope("the JSON nests too deeply")
    if isinstance(value, dict):
        return {
            k: _clean(v, depth + 1)
            for k, v in value.items()
            if not k.startswith("_") and k not in MODEL_INTERNALS
        }
    if isinstance(value, list):
        return [_clean(v, depth + 1) for v in value]
    return value


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
    _clean(session.get("attributes"))  # only the depth matters here: the SDK deep-copies it
    try:
        text = json.dumps(envelope)
        if _SUSPECT_KEY.search(text):  # rare, so the full copy is only made when needed
            text = json.dumps(_clean(envelope))
        request_envelope = _serializer.deserialize(text, RequestEnvelope)
    except (AskSdkException, ValueError, TypeError, AttributeError, RecursionError) as exc:
        raise BadEnvelope("the envelope's fields have the wrong types") from exc
    response = skill.invoke(request_envelope=request_envelope, context=context)
    result = _serializer.serialize(response)
    assert isinstance(result, dict)
    return result
