"""Build real Alexa request envelopes (as JSON-ready dicts) for tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

APP_ID = "amzn1.ask.skill.test-skill-id"
USER_ID = "amzn1.ask.account.TESTUSER"


def stamp(seconds: float) -> str:
    """An Alexa request timestamp for ``seconds`` since the epoch."""
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def envelope(
    request: dict[str, Any],
    *,
    new: bool = False,
    attributes: dict[str, Any] | None = None,
    user: str = USER_ID,
    session: bool = True,
) -> dict[str, Any]:
    """Wrap a request in a full envelope, with a session unless ``session`` is False."""
    system = {
        "application": {"applicationId": APP_ID},
        "user": {"userId": user},
        "device": {"deviceId": "amzn1.ask.device.TEST", "supportedInterfaces": {}},
        "apiEndpoint": "https://api.amazonalexa.com",
    }
    out: dict[str, Any] = {"version": "1.0", "context": {"System": system}, "request": request}
    if session:
        out["session"] = {
            "new": new,
            "sessionId": "amzn1.echo-api.session.TEST",
            "application": {"applicationId": APP_ID},
            "user": {"userId": user},
            "attributes": attributes or {},
        }
    return out


def request(kind: str, now: float, locale: str = "en-US", **extra: Any) -> dict[str, Any]:
    """A request body of type ``kind`` at time ``now``."""
    return {
        "type": kind,
        "requestId": f"amzn1.echo-api.request.{kind}.{now:.0f}",
        "timestamp": stamp(now),
        "locale": locale,
        **extra,
    }


def slot(name: str, value: str, resolved_id: str | None = None) -> dict[str, Any]:
    """A slot as Alexa sends it, with entity resolution when ``resolved_id`` is given."""
    out: dict[str, Any] = {"name": name, "value": value, "confirmationStatus": "NONE"}
    authority = f"amzn1.er-authority.echo-sdk.{APP_ID}.{name.upper()}"
    if resolved_id is not None:
        out["resolutions"] = {
            "resolutionsPerAuthority": [
                {
                    "authority": authority,
                    "status": {"code": "ER_SUCCESS_MATCH"},
                    "values": [{"value": {"name": value, "id": resolved_id}}],
                }
            ]
        }
    else:
        out["resolutions"] = {
            "resolutionsPerAuthority": [
                {
                    "authority": authority,
                    "status": {"code": "ER_SUCCESS_NO_MATCH"},
                }
            ]
        }
    return out


def intent(
    name: str, now: float, slots: dict[str, dict[str, Any]] | None = None, locale: str = "en-US"
) -> dict[str, Any]:
    """An IntentRequest body."""
    return request(
        "IntentRequest",
        now,
        locale,
        intent={"name": name, "confirmationStatus": "NONE", "slots": slots or {}},
    )
