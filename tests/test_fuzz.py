"""Property-based tests: random and mutated requests never get a 500 or leak internals."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st

from certs import make_chain, make_keys
from envelopes import APP_ID, envelope, intent, request, slot
from fuzzing import FUZZ, INTENTS, JSON, NASTY_TEXT, REQUEST_TYPES, mutate
from skill.app import create_app


@pytest.fixture(scope="module")
def dev_client() -> FlaskClient:
    return create_app({"DEV_MODE": True}).test_client()


def check(reply: Any) -> None:
    assert reply.status_code < 500, reply.get_data(as_text=True)
    text = reply.get_data(as_text=True)
    assert "Traceback" not in text and 'File "' not in text
    body = json.loads(text)  # always JSON, never an HTML error page
    if reply.status_code == 200 and body.get("response", {}).get("outputSpeech"):
        ssml = body["response"]["outputSpeech"]["ssml"]
        root = ElementTree.fromstring(ssml)
        assert {e.tag for e in root.iter()} <= {"speak", "break", "say-as"}


@FUZZ
@given(
    data=st.data(),
    kind=REQUEST_TYPES,
    name=INTENTS,
    value=NASTY_TEXT,
    attributes=st.dictionaries(st.text(max_size=10), JSON, max_size=3),
)
def test_mutated_envelopes_never_break_the_endpoint(
    dev_client: FlaskClient,
    data: st.DataObject,
    kind: str,
    name: str,
    value: str,
    attributes: dict[str, Any],
) -> None:
    if kind == "IntentRequest":
        slots = {"routine": slot("routine", value), "topic": slot("topic", value)}
        body = intent(name, 1_800_000_000, slots)
    elif kind == "Alexa.Presentation.APL.UserEvent":  # a button of ours, or anything
        button = data.draw(st.sampled_from(["next", "pause", "resume", "repeat"]) | NASTY_TEXT)
        body = request(kind, 1_800_000_000, arguments=data.draw(st.just([button]) | JSON))
    else:
        body = request(kind, 1_800_000_000)
    screen = data.draw(st.booleans())  # an Echo Show, or a speaker
    base = envelope(body, attributes={"coach": attributes}, screen=screen)
    payload = mutate(base, data)
    check(dev_client.post("/alexa", json=payload))


@FUZZ
@given(value=NASTY_TEXT, name=st.sampled_from(["StartRoutineIntent", "ExplainIntent"]))
def test_slot_values_are_never_echoed_into_speech(
    dev_client: FlaskClient, value: str, name: str
) -> None:
    slots = {"routine": slot("routine", value), "topic": slot("topic", value)}
    reply = dev_client.post("/alexa", json=envelope(intent(name, 1_800_000_000, slots)))
    check(reply)
    assert reply.status_code == 200
    if any(c in value for c in "<>&"):
        # Our own speech has no < > or & in its words, so finding the value among the words
        # (tags removed, entities decoded) would mean it was echoed back.
        ssml = reply.get_json()["response"]["outputSpeech"]["ssml"]
        words = html.unescape(re.sub(r"<[^>]+>", " ", ssml))
        assert value.strip() == "" or value not in words


@FUZZ
@given(body=st.binary(max_size=2000) | st.text(max_size=500).map(str.encode))
def test_random_bodies_get_a_clear_4xx(dev_client: FlaskClient, body: bytes) -> None:
    reply = dev_client.post("/alexa", data=body, content_type="application/json")
    check(reply)
    assert 400 <= reply.status_code < 500  # random bytes are never an Alexa envelope


@pytest.fixture(scope="module")
def verified_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    now = datetime(2026, 11, 25, 13, 0, tzinfo=UTC)
    chain = make_chain(make_keys(), now)
    roots: Path = tmp_path_factory.mktemp("roots") / "roots.pem"
    roots.write_bytes(chain.root_pem)
    return create_app(
        {
            "SKILL_ID": APP_ID,
            "TRUSTED_ROOTS": str(roots),
            "CERT_FETCHER": lambda url: chain.pem,
            "CLOCK": now.timestamp,
        }
    )


@FUZZ
@given(
    url=st.text(max_size=80)
    | st.sampled_from(
        [
            "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
            "https://s3.amazonaws.com/echo.api/../x.pem",
            "HTTPS://S3.AMAZONAWS.COM/echo.api/c.pem",
        ]
    ),
    signature=st.text(max_size=400) | st.binary(max_size=256).map(lambda b: b.hex()),
    data=st.data(),
)
def test_unverified_requests_never_get_past_the_door(
    verified_app: Flask, url: str, signature: str, data: st.DataObject
) -> None:
    client = verified_app.test_client()
    payload = mutate(envelope(request("LaunchRequest", 1_800_000_000)), data)
    headers = {"SignatureCertChainUrl": url, "Signature-256": signature}
    headers = {k: v for k, v in headers.items() if v.isprintable() and "\n" not in v}
    reply = client.post("/alexa", json=payload, headers=headers)
    check(reply)
    assert reply.status_code == 400
