"""Envelopes for tests: the simulator's builders, with the test skill's ids."""

from __future__ import annotations

from typing import Any

from skill.sim.envelope import (
    SIM_APP_ID,
    intent_body,
    request_body,
    slot_value,
)
from skill.sim.envelope import envelope as sim_envelope

APP_ID = SIM_APP_ID
USER_ID = "amzn1.ask.account.TESTUSER"


def envelope(
    request: dict[str, Any],
    *,
    new: bool = False,
    attributes: dict[str, Any] | None = None,
    user: str = USER_ID,
    session: bool = True,
    screen: bool = False,
) -> dict[str, Any]:
    """Wrap a request in a full envelope for the test user (on an Echo Show with ``screen``)."""
    return sim_envelope(
        request,
        new=new,
        attributes=attributes,
        user=user,
        session=session,
        screen=screen,
        session_id="amzn1.echo-api.session.TEST",
    )


def request(kind: str, now: float, locale: str = "en-US", **extra: Any) -> dict[str, Any]:
    """A request body of type ``kind`` at time ``now``."""
    return request_body(kind, now, locale, **extra)


def slot(name: str, value: str, resolved_id: str | None = None) -> dict[str, Any]:
    """A slot as Alexa sends it, with entity resolution when ``resolved_id`` is given."""
    authority = f"amzn1.er-authority.echo-sdk.{APP_ID}.{name.upper()}"
    return slot_value(name, value, authority, (value, resolved_id) if resolved_id else None)


def intent(
    name: str, now: float, slots: dict[str, dict[str, Any]] | None = None, locale: str = "en-US"
) -> dict[str, Any]:
    """An IntentRequest body."""
    return intent_body(name, now, slots, locale)
