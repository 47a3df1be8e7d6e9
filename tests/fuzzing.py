"""Hypothesis settings and strategies shared by the fuzz tests: JSON, request types, intents
and nasty text, and one mutation of an envelope."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from skill.skill_builder import handled_intents

FUZZ = settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def json_values(keys: st.SearchStrategy[str], text: int, width: int, leaves: int) -> Any:
    """Any JSON value: objects with ``keys``, texts up to ``text`` long, ``width`` items."""
    return st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False)
        | st.text(max_size=text),
        lambda children: (
            st.lists(children, max_size=width) | st.dictionaries(keys, children, max_size=width)
        ),
        max_leaves=leaves,
    )


JSON = json_values(st.text(max_size=15), text=40, width=5, leaves=25)
KEYS = st.text(max_size=10)  # a key added to an envelope
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
INTENTS = st.sampled_from([*sorted(handled_intents()), "NoSuchIntent"])  # every one we answer
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


def mutate(
    base: dict[str, Any],
    data: st.DataObject,
    keys: st.SearchStrategy[str] = KEYS,
    values: Any = JSON,
    depth: int = 4,
) -> dict[str, Any]:
    """Replace, delete or add one value somewhere in the envelope (up to ``depth`` deep)."""
    out = copy.deepcopy(base)
    node: Any = out
    for _ in range(data.draw(st.integers(0, depth))):
        if isinstance(node, dict) and node:
            key = data.draw(st.sampled_from(sorted(node)))
            if not isinstance(node[key], dict | list) or not node[key]:
                break
            node = node[key]
    if isinstance(node, dict):
        action = data.draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "add" or not node:
            node[data.draw(keys)] = data.draw(values)
        else:
            key = data.draw(st.sampled_from(sorted(node)))
            if action == "delete":
                del node[key]
            else:
                node[key] = data.draw(values)
    return out
