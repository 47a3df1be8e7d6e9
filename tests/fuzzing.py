"""Hypothesis settings and strategies shared by the fuzz tests: JSON, request types, intents
and nasty text."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FUZZ = settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=15), children, max_size=5)
    ),
    max_leaves=25,
)
REQUEST_TYPES = st.sampled_from(
    [
        "LaunchRequest",
        "IntentRequest",
        "SessionEndedRequest",
        "CanFulfillIntentRequest",
        "Alexa.Presentation.APL.UserEvent",
        "Made.Up",
    ]
)
INTENTS = st.sampled_from(
    [
        "StartRoutineIntent",
        "ExplainIntent",
        "AMAZON.NextIntent",
        "AMAZON.PauseIntent",
        "AMAZON.ResumeIntent",
        "HowMuchLongerIntent",
        "AMAZON.YesIntent",
        "AMAZON.RepeatIntent",
        "NoSuchIntent",
    ]
)
NASTY_TEXT = st.text(max_size=300) | st.sampled_from(
    [
        "<speak>hi</speak>",
        "<audio src='https://evil.example/a.mp3'/>",
        "a & b < c",
        "\x00\x07\x1b[31m",
        "x" * 5000,
        "]]><!--",
        "{side}",
        "%s%s%n",
    ]
)
