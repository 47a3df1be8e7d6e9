"""HTTP tests through the Flask test client."""

from __future__ import annotations

import json
import logging

import pytest
from flask import Flask
from flask.testing import FlaskClient

from envelopes import USER_ID, envelope, intent, request
from skill.app import create_app
from skill.config import ConfigError


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    data = tmp_path_factory.mktemp("app") / "skill.sqlite3"  # its own users, first visits
    return create_app({"DEV_MODE": True, "TESTING": True, "DATA_PATH": str(data)})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def test_launch_over_http(client: FlaskClient) -> None:
    reply = client.post("/alexa", json=envelope(request("LaunchRequest", 1_800_000_000), new=True))
    assert reply.status_code == 200
    body = reply.get_json()
    assert body["version"] == "1.0"
    assert "Welcome to Back Release Coach" in body["response"]["outputSpeech"]["ssml"]


def test_session_attributes_round_trip(client: FlaskClient) -> None:
    now = 1_800_000_000
    first = client.post("/alexa", json=envelope(intent("HowHardIntent", now)))
    attributes = first.get_json()["sessionAttributes"]
    more = client.post(
        "/alexa", json=envelope(intent("AMAZON.YesIntent", now + 5), attributes=attributes)
    )
    assert "Never press on bone." in more.get_json()["response"]["outputSpeech"]["ssml"]


def test_healthz(client: FlaskClient) -> None:
    reply = client.get("/healthz")
    assert reply.status_code == 200 and reply.get_json() == {"status": "ok"}


@pytest.mark.parametrize("method", ["get", "put", "delete", "patch"])
def test_other_methods_get_405(client: FlaskClient, method: str) -> None:
    reply = getattr(client, method)("/alexa")
    assert reply.status_code == 405
    assert reply.get_json() == {"error": "method not allowed"}
    assert "POST" in reply.headers["Allow"]


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"", "application/json"),
        (b"{not json", "application/json"),
        (b"\xff\xfe\x00", "application/json"),
        (b"[1, 2]", "application/json"),
        (json.dumps({"request": {"type": "LaunchRequest"}}).encode(), "application/json"),
        (
            json.dumps(
                {"version": "1.0", "request": {"type": 7}, "context": {"System": {}}}
            ).encode(),
            "application/json",
        ),
    ],
)
def test_malformed_bodies_get_400_without_internals(
    client: FlaskClient, body: bytes, content_type: str
) -> None:
    reply = client.post("/alexa", data=body, content_type=content_type)
    assert reply.status_code == 400
    text = reply.get_data(as_text=True)
    assert "Traceback" not in text and "File " not in text
    assert set(reply.get_json()) == {"error"}


def test_wrong_field_types_get_400(client: FlaskClient) -> None:
    bad = envelope(request("LaunchRequest", 1_800_000_000))
    bad["request"]["timestamp"] = {"not": "a date"}
    reply = client.post("/alexa", json=bad)
    assert reply.status_code == 400


def test_oversized_body_gets_413(client: FlaskClient) -> None:
    reply = client.post("/alexa", data=b"x" * (200 * 1024), content_type="application/json")
    assert reply.status_code == 413
    assert reply.get_json() == {"error": "request entity too large"}


def test_unknown_path_is_json_404(client: FlaskClient) -> None:
    reply = client.get("/admin")
    assert reply.status_code == 404 and reply.get_json() == {"error": "not found"}


def test_wrong_content_type_gets_400(client: FlaskClient) -> None:
    # 400 rather than 415: Alexa's certification expects 400 for every request it forges.
    body = json.dumps(envelope(request("LaunchRequest", 1_800_000_000)))
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
        reply = client.post("/alexa", data=body, content_type=content_type)
        assert reply.status_code == 400, content_type
        assert reply.get_json() == {"error": "expected application/json"}
    reply = client.post("/alexa", data=body)  # no content type at all
    assert reply.status_code == 400
    reply = client.post("/alexa", data=body, content_type="application/json; charset=utf-8")
    assert reply.status_code == 200


def test_security_headers_on_every_response(client: FlaskClient) -> None:
    for reply in (
        client.get("/healthz"),
        client.get("/alexa"),
        client.get("/nope"),
        client.post("/alexa", data=b"{", content_type="application/json"),
    ):
        assert reply.headers["X-Content-Type-Options"] == "nosniff"
        assert reply.headers["Cache-Control"] == "no-store"
        assert "default-src 'none'" in reply.headers["Content-Security-Policy"]


def test_production_mode_refuses_to_start_without_a_skill_id(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SKILL_ID", raising=False)
    with pytest.raises(ConfigError, match="needs the skill id"):
        create_app()


def test_dev_mode_warns_loudly(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        create_app({"DEV_MODE": True})
    assert any("verification is OFF" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("depth", [100, 50_000])
def test_deeply_nested_json_gets_400(client: FlaskClient, depth: int) -> None:
    nested = envelope(request("LaunchRequest", 1_800_000_000))
    nested["session"]["attributes"] = {"x": json.loads("[" * 100 + "]" * 100)}
    bodies = [json.dumps(nested).encode(), b"[" * depth + b"]" * depth]
    for body in bodies:
        reply = client.post("/alexa", data=body, content_type="application/json")
        assert reply.status_code == 400, body[:40]


@pytest.mark.parametrize("value", ["no", "False", "0", "off", "yes"])
def test_dev_mode_needs_a_real_true(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("SKILL_DEV_MODE", value)
    monkeypatch.delenv("SKILL_ID", raising=False)
    with pytest.raises(ConfigError, match="needs the skill id"):
        create_app()


def test_dev_mode_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKILL_DEV_MODE", "true")
    assert create_app().config["DEV_MODE"] is True


def test_logs_name_the_request_but_never_the_user(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        client.post("/alexa", json=envelope(intent("HowHardIntent", 1_800_000_000)))
    assert "type=IntentRequest intent=HowHardIntent" in caplog.text
    assert "request id=amzn1.echo-api.request." in caplog.text
    assert USER_ID not in caplog.text and "sessionId" not in caplog.text


def test_a_body_sign_is_logged_as_one_word_with_no_user(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        client.post("/alexa", json=envelope(intent("StopSignIntent", 1_800_000_000)))
    line = next(r.getMessage() for r in caplog.records if r.getMessage().startswith("request "))
    assert "intent=body-sign user=-" in line and "StopSign" not in caplog.text


def test_a_request_id_with_a_newline_cannot_forge_a_log_line(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    body = envelope(intent("HowHardIntent", 1_800_000_000))
    body["request"]["requestId"] = "amzn1.x\nINFO forged: admin logged in"
    with caplog.at_level(logging.INFO):
        client.post("/alexa", json=body)
    assert not any("\n" in r.getMessage() for r in caplog.records)
    assert "amzn1.x?INFO forged" in caplog.text


def test_the_log_hash_is_not_a_lasting_pseudonym() -> None:
    from skill.handlers import errors

    first = errors.user_hash(USER_ID)
    assert first == errors.user_hash(USER_ID)  # stable within a run
    errors.LOG_SALT, kept = "another run", errors.LOG_SALT
    try:
        assert errors.user_hash(USER_ID) != first  # and different in another
    finally:
        errors.LOG_SALT = kept


def test_an_oversized_chunked_body_gets_413_not_a_cut_body(client: FlaskClient) -> None:
    import io

    chunked = {"Content-Type": "application/json", "Transfer-Encoding": "chunked"}
    for size, status in ((200 * 1024, 413), (1024, 400)):  # the small one is whole: bad JSON
        body = b'{"a": "' + b"x" * size + b'"'
        reply = client.post(
            "/alexa",
            input_stream=io.BytesIO(body),
            headers=chunked,
            environ_overrides={"wsgi.input_terminated": True},
        )
        assert reply.status_code == status, size
    assert reply.get_json() == {"error": "the body is not JSON"}
