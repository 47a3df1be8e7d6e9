"""A simulated Echo: turns utterances into real envelopes, keeps the session and a clock.

The clock is a listener's: after each answer it moves past the answer's estimated length plus
2 s (someone who hears it out, then speaks), ``wait`` adds silence, and ``at`` places the next
utterance that many seconds after the answer was sent, to interrupt it. Silence longer than
Alexa's two listening windows (about 16 s) while a session is open ends it, as on a device:
the skill gets a SessionEndedRequest and the next utterance starts a new session. (A test that
needs a long silence inside one session sets ``timeout`` to None.)

Utterances are understood with an interaction model: the one in interaction_models/ by
default, or one built from the content being served (``catalog_models``), so a simulator in
the same process always understands the routines it talks to.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from skill.content.catalog import Catalog
from skill.conversation.session import SESSION_KEY
from skill.model.build import LOCALES, MODELS_DIR, build_model
from skill.sim.envelope import (
    SIM_APP_ID,
    SIM_USER_ID,
    envelope,
    intent_body,
    request_body,
    slot_value,
)
from skill.sim.nlu import Model, Understood
from skill.sim.screen import Rendered, screen_of
from skill.speech.ssml import estimate_seconds, readable

TOUCH = "Alexa.Presentation.APL.UserEvent"
SESSION_TIMEOUT = 16.0  # seconds of silence before Alexa closes an open session
LISTEN_GAP = 2.0
Transport = Callable[[dict[str, Any]], dict[str, Any]]
Models = Callable[[str], tuple[Model, str]]  # a locale -> its model, and the locale it is for


class SimError(RuntimeError):
    """The skill could not be reached, or answered with an HTTP error."""


def http_transport(url: str, timeout: float = 10.0) -> Transport:
    """Send envelopes to a running server (the skill's HTTP door)."""

    def send(payload: dict[str, Any]) -> dict[str, Any]:
        data = json.dumps(payload).encode()
        request = urllib.request.Request(
            url, data=data, method="POST", headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as reply:
                answer: dict[str, Any] = json.loads(reply.read() or b"{}")
                return answer
        except urllib.error.HTTPError as exc:
            raise SimError(f"HTTP {exc.code}: {exc.read().decode(errors='replace')}") from exc
        except (OSError, ValueError) as exc:
            raise SimError(f"could not reach {url}: {exc}") from exc

    return send


def load_model(locale: str) -> tuple[Model, str]:
    """The interaction model for a locale (en-US when the locale has none) and its locale."""
    path = MODELS_DIR / f"{locale}.json"
    used = locale if path.is_file() else "en-US"
    return Model.load(MODELS_DIR / f"{used}.json"), used


_BUILT: dict[int, tuple[Catalog, dict[str, Model]]] = {}  # compiled once per catalog


def catalog_models(catalog: Catalog) -> Models:
    """Models built from ``catalog``, as build-model would write them for its content (each
    compiled once per catalog and locale: simulators share them)."""
    kept = _BUILT.setdefault(id(catalog), (catalog, {}))[1]  # holding the catalog keeps its id

    def models(locale: str) -> tuple[Model, str]:
        used = locale if locale in LOCALES else "en-US"
        if used not in kept:
            kept[used] = Model.from_json(build_model(catalog, used))
        return kept[used], used

    return models


@dataclass
class Exchange:
    """One turn: what was said, what it meant, and the skill's answer."""

    said: str
    understood: Understood | None
    sent_at: float
    response: dict[str, Any] = field(default_factory=dict)
    new_session: bool = False

    @property
    def speech(self) -> str:
        return str(self.response.get("response", {}).get("outputSpeech", {}).get("ssml", ""))

    @property
    def reprompt(self) -> str:
        reprompt = self.response.get("response", {}).get("reprompt") or {}
        return str(reprompt.get("outputSpeech", {}).get("ssml", ""))

    @property
    def card(self) -> dict[str, Any]:
        card: dict[str, Any] = self.response.get("response", {}).get("card") or {}
        return card

    @property
    def screen(self) -> Rendered | None:
        """What a screen device shows for this answer (its APL datasource), if anything."""
        return screen_of(self.response)

    @property
    def ends(self) -> bool:
        return bool(self.response.get("response", {}).get("shouldEndSession"))

    @property
    def attributes(self) -> dict[str, Any]:
        attributes: dict[str, Any] = self.response.get("sessionAttributes") or {}
        return attributes

    @property
    def text(self) -> str:
        """The speech as words, each silence shown as [N s]."""
        return readable(self.speech)

    @property
    def reprompt_text(self) -> str:
        return readable(self.reprompt)

    @property
    def state(self) -> dict[str, Any]:
        """The skill's own session state (its one session attribute)."""
        state = self.attributes.get(SESSION_KEY)
        return state if isinstance(state, dict) else {}


@dataclass
class Simulator:
    """A device talking to the skill, one utterance at a time."""

    transport: Transport
    now: float
    locale: str = "en-US"
    user: str = SIM_USER_ID
    app_id: str = SIM_APP_ID
    screen: bool = False
    attributes: dict[str, Any] = field(default_factory=dict)
    session_id: str = ""
    sent_at: float = 0.0
    notes: list[str] = field(default_factory=list)
    models: Models = load_model
    timeout: float | None = SESSION_TIMEOUT  # None: silence never ends the session

    def __post_init__(self) -> None:
        self.model, _ = self.models(self.locale)

    @property
    def in_session(self) -> bool:
        return bool(self.session_id)

    # --- the clock and the device ---
    def wait(self, seconds: float) -> None:
        """Silence for ``seconds``; a long one ends an open session, as on a device."""
        self.now += seconds
        if self.in_session and self.timeout is not None and seconds > self.timeout:
            self.end_session("EXCEEDED_MAX_REPROMPTS")

    def at(self, seconds: float) -> None:
        """Put the clock ``seconds`` after the last answer was sent (to interrupt it)."""
        self.now = self.sent_at + seconds

    def set_locale(self, locale: str) -> None:
        self.locale = locale
        self.model, used = self.models(locale)
        if used != locale:
            self.notes.append(f"no interaction model for {locale}: understanding as {used}")

    def end_session(self, reason: str = "USER_INITIATED") -> Exchange:
        """Close the session the way Alexa does, with a SessionEndedRequest."""
        body = request_body("SessionEndedRequest", self.now, self.locale, reason=reason)
        exchange = self._send("", None, body)
        self.session_id, self.attributes = "", {}
        return exchange

    # --- talking ---
    def say(self, utterance: str) -> Exchange:
        """Say something to the device."""
        understood = self.model.understand(utterance)
        if understood.kind == "empty":
            return Exchange(utterance, understood, self.now)
        if understood.kind == "launch":
            self.session_id = ""
            body = request_body("LaunchRequest", self.now, self.locale)
        else:
            if understood.one_shot:
                self.session_id = ""
            elif not self.in_session:
                self.notes.append("no session was open: sent as a one-shot request")
            slots = {
                s.name: slot_value(s.name, s.value, self._authority(s.slot_type), s.resolved)
                for s in understood.slots
            }
            body = intent_body(understood.intent, self.now, slots, self.locale)
        return self._send(utterance, understood, body)

    def launch(self) -> Exchange:
        """Open the skill in a new session ("Alexa, open ...")."""
        self.session_id = ""
        return self._send(
            "", Understood("launch"), request_body("LaunchRequest", self.now, self.locale)
        )

    def intent(self, name: str, **slots: str | tuple[str, str]) -> Exchange:
        """Send an intent as if Alexa had understood it, without the model: a slot given as
        (words, id) carries an entity-resolution match, plain words none."""
        types = self.model.slot_types.get(name, {})
        built = {
            slot: slot_value(
                slot,
                value[0] if isinstance(value, tuple) else value,
                self._authority(types.get(slot, slot.upper())),
                value if isinstance(value, tuple) else None,
            )
            for slot, value in slots.items()
        }
        understood = Understood("intent", name)
        return self._send(name, understood, intent_body(name, self.now, built, self.locale))

    def touch(self, event: str) -> Exchange:
        """Press a screen's button: the ``Alexa.Presentation.APL.UserEvent`` it sends (a
        speaker has none: SimError)."""
        if not self.screen:
            raise SimError("a speaker has no screen to touch (:device show first)")
        source = {"type": "TouchWrapper", "handler": "Press", "id": ""}
        body = request_body(TOUCH, self.now, self.locale, arguments=[event], source=source)
        return self._send(f"(touch {event})", Understood("intent", TOUCH), body)

    def _authority(self, slot_type: str) -> str:
        return f"amzn1.er-authority.echo-sdk.{self.app_id}.{slot_type}"

    def _send(self, said: str, understood: Understood | None, body: dict[str, Any]) -> Exchange:
        new = not self.in_session
        if new:
            self.session_id, self.attributes = f"amzn1.echo-api.session.{uuid.uuid4()}", {}
        payload = envelope(
            body,
            new=new,
            session_id=self.session_id,
            attributes=self.attributes,
            user=self.user,
            app_id=self.app_id,
            screen=self.screen,
        )
        response = self.transport(payload)
        exchange = Exchange(said, understood, self.now, response, new)
        self.sent_at = self.now
        if body["type"] == "SessionEndedRequest":
            return exchange
        self.attributes = dict(exchange.attributes)
        if exchange.ends:
            self.session_id, self.attributes = "", {}
        self.now += estimate_seconds(exchange.speech) + LISTEN_GAP
        return exchange
