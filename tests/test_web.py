"""The web simulator's server side: only in development mode, its files under a strict policy,
and a JSON endpoint that is the chat's simulator (same NLU, envelopes and clock)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from conftest import FIXTURES
from helpers import START, into_hold
from skill.app import create_app
from skill.conversation.session import SESSION_KEY
from skill.library import Library
from skill.sim.client import catalog_models
from skill.sim.screen import Rendered, countdown
from skill.speech.ssml import estimate_seconds

API = "/simulator/api/turn"


def make(tmp_path: Path, dev: bool) -> Flask:
    config: dict[str, Any] = {
        "DEV_MODE": dev,
        "ROUTINES_DIR": str(FIXTURES),
        "DATA_PATH": str(tmp_path / "data" / "progress.db"),
        "CLOCK": lambda: START,
    }
    if not dev:
        config["SKILL_ID"] = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"
    return create_app(config)


@pytest.fixture
def client(tmp_path: Path) -> FlaskClient:
    return make(tmp_path, dev=True).test_client()


def turn(client: FlaskClient, **body: Any) -> dict[str, Any]:
    reply = client.post(API, json={"sim": "test-page", **body})
    assert reply.status_code == 200, reply.get_data(as_text=True)
    found: dict[str, Any] = reply.get_json()
    return found


def test_production_has_no_simulator(tmp_path: Path) -> None:
    production = make(tmp_path, dev=False).test_client()
    for path in ("/simulator", "/simulator/app.js", "/simulator/index.html"):
        assert production.get(path).status_code == 404
    assert (
        production.post(API, json={"sim": "x", "say": "open back release coach"}).status_code == 404
    )


def test_the_page_loads_its_own_files_and_nothing_else(client: FlaskClient) -> None:
    page = client.get("/simulator")
    assert page.status_code == 200 and page.mimetype == "text/html"
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy
    html = page.get_data(as_text=True)
    assert "/simulator/app.js" in html and "/simulator/style.css" in html
    assert "http://" not in html and "https://" not in html  # no CDN
    for name in ("app.js", "style.css"):
        asset = client.get(f"/simulator/{name}")
        assert asset.status_code == 200 and asset.get_data()
        assert "https://" not in asset.get_data(as_text=True)
    for path in ("/simulator/web.py", "/simulator/..%2Fweb.py", "/simulator/nope.js"):
        assert client.get(path).status_code == 404


def test_bad_bodies_get_a_400_and_no_traceback(client: FlaskClient) -> None:
    for body in (
        {},
        {"sim": "../../x", "say": "hi"},
        {"sim": "ok"},
        {"sim": "ok", "say": 3},
        {"sim": "ok", "say": "next", "at": True},
        {"sim": "ok", "say": "next", "at": -1},
        {"sim": "ok", "say": "next", "at": 1e9},
    ):
        reply = client.post(API, json=body)
        assert reply.status_code == 400 and "error" in reply.get_json()
    assert client.post(API, data="say=hi").status_code == 400
    assert client.post(API, data="{", content_type="application/json").status_code == 400


def test_a_routine_walked_through_the_endpoint(client: FlaskClient, library: Library) -> None:
    opened = turn(client, say="open back release coach")
    assert opened["understood"]["intent"] == "LaunchRequest" and opened["open"]
    asked = turn(client, say="start the palm press")
    assert asked["understood"]["slots"] == [
        {"name": "routine", "value": "palm press", "resolved": ["palm press", "palm-press"]}
    ]
    turn(client, say="yes")
    holds = turn(client, say="next")
    kinds = [p["kind"] for p in holds["pieces"]]
    assert "hold" in kinds  # the page's timeline lasts as long as the speech is estimated to
    assert holds["seconds"] == pytest.approx(estimate_seconds(holds["speech"]), abs=0.01)
    hold = holds["pieces"][kinds.index("hold")]
    assert hold["seconds"] == library.plans["palm-press"].steps[1].hold
    assert holds["screen"]["kind"] == "step" and holds["screen"]["properties"]["running"]
    # Interrupt 10 s into the hold, as the page does: 'at' is how far it had played.
    at = into_hold(library, "palm-press", 1, 0) - 2 + 10  # the helper counts the 2 s allowance
    paused = turn(client, say="pause", at=at)
    shown = Rendered(**paused["screen"])
    assert shown.properties["status"] == "Paused"
    (part,) = shown.properties["parts"]
    assert countdown(part, 0) == f"0:{hold['seconds'] - 10:02.0f}"
    assert paused["attributes"][SESSION_KEY]["place"]["paused"] > 0
    resumed = turn(client, say=":touch resume")  # as in chat; the page's buttons send touch
    assert resumed["understood"]["intent"] == "Alexa.Presentation.APL.UserEvent"
    assert resumed["screen"]["properties"]["running"]
    explained = turn(client, say="what is fascia")
    assert explained["understood"]["intent"] == "ExplainIntent"
    assert explained["screen"]["kind"] == "text" and explained["card"]["title"] == "Fascia"


def test_commands_are_the_chat_s_and_the_device_can_be_a_speaker(client: FlaskClient) -> None:
    turn(client, say="open back release coach")
    note = turn(client, say=":device voice")
    assert note["device"] == "speaker" and "speaker only" in note["note"]
    assert turn(client, say="list routines")["screen"] is None
    pressed = turn(client, touch="next")  # a speaker has no screen to touch
    assert "no screen" in pressed["error"] and "understood" not in pressed
    assert "has no :quit" in turn(client, say=":quit")["note"]
    ended = turn(client, say=":new-session")
    assert not ended["open"]
    assert "unknown command" in turn(client, say=":fly")["note"]


def test_the_endpoint_understands_as_the_chat_does(client: FlaskClient, library: Library) -> None:
    model, _ = catalog_models(library.catalog)("en-US")
    turn(client, say="open back release coach")
    for words in ("how much longer", "my lower back is tight", "it hurts", "is this safe"):
        understood = model.understand(words)
        assert turn(client, say=words)["understood"]["intent"] == understood.intent, words
