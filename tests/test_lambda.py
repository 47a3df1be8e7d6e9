"""The Lambda door serves the same skill (here on the fixture content, from ROUTINES_DIR)."""

from __future__ import annotations

import pytest

from envelopes import envelope, intent, request, slot
from helpers import START, spoken
from skill import lambda_function
from skill.speech import prompts


@pytest.fixture(autouse=True)
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lambda_function, "_skill", None)  # built on the first call


def test_lambda_handler_runs_a_conversation() -> None:
    launch = lambda_function.handler(envelope(request("LaunchRequest", START)), None)
    assert spoken(launch).startswith(prompts.WELCOME_FIRST)
    attributes = launch["sessionAttributes"]
    start = intent("StartRoutineIntent", START + 5, {"routine": slot("routine", "palms")})
    check = lambda_function.handler(envelope(start, attributes=attributes), None)
    assert spoken(check).startswith(prompts.check_intro(False))
    yes = intent("AMAZON.YesIntent", START + 10)
    begun = lambda_function.handler(envelope(yes, attributes=check["sessionAttributes"]), None)
    assert spoken(begun).startswith("The palm press:")
    assert begun["response"]["shouldEndSession"] is False


def test_lambda_handler_answers_a_malformed_event_with_nothing() -> None:
    assert lambda_function.handler({"not": "alexa"}, None) == {"version": "1.0", "response": {}}
