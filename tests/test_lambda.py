"""The Lambda door serves the same skill."""

from __future__ import annotations

from envelopes import envelope, intent, request, slot
from skill import lambda_function


def test_lambda_handler_runs_a_conversation() -> None:
    launch = lambda_function.handler(envelope(request("LaunchRequest", 1_800_000_000)), None)
    assert "Welcome" in launch["response"]["outputSpeech"]["ssml"]
    attributes = launch["sessionAttributes"]
    start = intent("StartRoutineIntent", 1_800_000_005, {"routine": slot("routine", "glutes")})
    screen = lambda_function.handler(envelope(start, attributes=attributes), None)
    assert "one quick check" in screen["response"]["outputSpeech"]["ssml"]
    yes = intent("AMAZON.YesIntent", 1_800_000_010)
    begun = lambda_function.handler(envelope(yes, attributes=screen["sessionAttributes"]), None)
    assert "Let's do the seat muscle release" in begun["response"]["outputSpeech"]["ssml"]
    assert begun["response"]["shouldEndSession"] is False


def test_lambda_handler_answers_a_malformed_event_with_nothing() -> None:
    assert lambda_function.handler({"not": "alexa"}, None) == {"version": "1.0", "response": {}}
