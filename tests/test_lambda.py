"""The Lambda door serves the same skill."""

from __future__ import annotations

from envelopes import envelope, intent, request
from skill import lambda_function


def test_lambda_handler_answers_launch_and_intents() -> None:
    launch = lambda_function.handler(envelope(request("LaunchRequest", 1_800_000_000)), None)
    assert "Welcome" in launch["response"]["outputSpeech"]["ssml"]
    listed = lambda_function.handler(envelope(intent("ListRoutinesIntent", 1_800_000_005)), None)
    assert "There are 5 routines" in listed["response"]["outputSpeech"]["ssml"]
    assert listed["response"]["shouldEndSession"] is False
