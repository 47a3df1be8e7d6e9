"""Real Alexa request envelopes, as the simulator and the tests send them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

SIM_APP_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"
SIM_USER_ID = "amzn1.ask.account.SIMULATOR"
SIM_DEVICE_ID = "amzn1.ask.device.SIMULATOR"
APL_RUNTIME = "2024.3"  # the newest an Echo Show reports


def timestamp(seconds: float) -> str:
    """An Alexa request timestamp (whole seconds, UTC) for ``seconds`` since the epoch."""
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def request_body(kind: str, now: float, locale: str = "en-US", **extra: Any) -> dict[str, Any]:
    """The ``request`` part of an envelope."""
    return {
        "type": kind,
        "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
        "timestamp": timestamp(now),
        "locale": locale,
        **extra,
    }


def intent_body(
    name: str, now: float, slots: dict[str, dict[str, Any]] | None = None, locale: str = "en-US"
) -> dict[str, Any]:
    """An IntentRequest."""
    intent = {"name": name, "confirmationStatus": "NONE", "slots": slots or {}}
    return request_body("IntentRequest", now, locale, dialogState="COMPLETED", intent=intent)


def slot_value(
    name: str, value: str, authority: str, resolved: tuple[str, str] | None
) -> dict[str, Any]:
    """A filled slot with entity resolution: ``resolved`` is (canonical value, id) or None."""
    if resolved is None:
        resolution: dict[str, Any] = {
            "authority": authority,
            "status": {"code": "ER_SUCCESS_NO_MATCH"},
        }
    else:
        resolution = {
            "authority": authority,
            "status": {"code": "ER_SUCCESS_MATCH"},
            "values": [{"value": {"name": resolved[0], "id": resolved[1]}}],
        }
    return {
        "name": name,
        "value": value,
        "confirmationStatus": "NONE",
        "resolutions": {"resolutionsPerAuthority": [resolution]},
    }


def _interfaces(screen: bool) -> dict[str, Any]:
    """A device's supported interfaces (a new dict each time: callers may change it)."""
    return {"Alexa.Presentation.APL": {"runtime": {"maxVersion": APL_RUNTIME}}} if screen else {}


def envelope(
    body: dict[str, Any],
    *,
    new: bool = False,
    session_id: str = "",
    attributes: dict[str, Any] | None = None,
    user: str = SIM_USER_ID,
    app_id: str = SIM_APP_ID,
    device: str = SIM_DEVICE_ID,
    screen: bool = False,
    session: bool = True,
) -> dict[str, Any]:
    """Wrap a request in a whole envelope: context, and a session unless ``session`` is False."""
    system: dict[str, Any] = {
        "application": {"applicationId": app_id},
        "user": {"userId": user},
        "device": {"deviceId": device, "supportedInterfaces": _interfaces(screen)},
        "apiEndpoint": "https://api.amazonalexa.com",
        "apiAccessToken": "simulated-token",
    }
    context: dict[str, Any] = {"System": system}
    if screen:
        context["Viewport"] = {
            "shape": "RECTANGLE",
            "pixelWidth": 1280,
            "pixelHeight": 800,
            "dpi": 160,
            "currentPixelWidth": 1280,
            "currentPixelHeight": 800,
        }
    out: dict[str, Any] = {"version": "1.0", "context": context, "request": body}
    if session:
        out["session"] = {
            "new": new,
            "sessionId": session_id or f"amzn1.echo-api.session.{uuid.uuid4()}",
            "application": {"applicationId": app_id},
            "user": {"userId": user},
            "attributes": attributes or {},
        }
    return out
