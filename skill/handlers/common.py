"""Shared handler plumbing: an SDK request in, the Coach's turn, an SDK response out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_slot
from ask_sdk_model import Response
from ask_sdk_model.ui import SimpleCard

from skill.apl import render_directive, runs_on
from skill.content.catalog import Routine, Topic
from skill.conversation.coach import Coach
from skill.conversation.reply import Reply
from skill.conversation.screen import Screen
from skill.conversation.session import SESSION_KEY, Session
from skill.conversation.turn import Action, Request
from skill.handlers.memory import RecordIO

Clock = Callable[[], float]
MAX_SLOT_CHARS = 200  # longer slot values are not names of anything we know


def basic_request(handler_input: HandlerInput, action: Action, clock: Clock) -> Request:
    """A Request for ``action``: when it was made (its own timestamp; the clock if it has
    none) and its locale."""
    request = handler_input.request_envelope.request
    stamp = getattr(request, "timestamp", None)
    now = stamp.timestamp() if stamp is not None and hasattr(stamp, "timestamp") else clock()
    locale = getattr(request, "locale", None)
    screen = has_screen(handler_input)
    return Request(action, now, locale if isinstance(locale, str) else "en-US", screen=screen)


def has_screen(handler_input: HandlerInput) -> bool:
    """The device shows our APL documents (``Alexa.Presentation.APL`` in its interfaces, with
    a runtime new enough)."""
    system = getattr(handler_input.request_envelope.context, "system", None)
    interfaces = getattr(getattr(system, "device", None), "supported_interfaces", None)
    apl = getattr(interfaces, "alexa_presentation_apl", None)
    return apl is not None and runs_on(getattr(getattr(apl, "runtime", None), "max_version", None))


def spoken_slot(handler_input: HandlerInput, name: str) -> str | None:
    """What the user said for a slot, if anything."""
    slot = get_slot(handler_input, name)
    value = getattr(slot, "value", None)
    return value if isinstance(value, str) and value.strip() else None


def slot_id(
    handler_input: HandlerInput, name: str, find: Callable[[str], Routine | Topic | None]
) -> str | None:
    """The id a slot resolved to (entity resolution first, then the catalog's name matching).

    The id is not trusted: the Coach checks it against the catalog."""

    def found_id(spoken: str) -> str | None:
        found = find(spoken)
        return found.id if found else None

    return slot_key(handler_input, name, found_id)


def slot_key(
    handler_input: HandlerInput, name: str, find: Callable[[str], str | None]
) -> str | None:
    """The id a slot resolved to: entity resolution's match, else (ER_SUCCESS_NO_MATCH, or no
    resolution at all) ``find`` on the words heard, matched against names and synonyms."""
    slot = get_slot(handler_input, name)
    if slot is None:
        return None
    resolutions = getattr(getattr(slot, "resolutions", None), "resolutions_per_authority", None)
    for authority in resolutions or []:  # hand-made envelopes may hold nulls anywhere here
        code = getattr(getattr(getattr(authority, "status", None), "code", None), "value", None)
        values = getattr(authority, "values", None)
        if code == "ER_SUCCESS_MATCH" and values:
            value_id = getattr(getattr(values[0], "value", None), "id", None)
            if isinstance(value_id, str):
                return value_id
    spoken = slot.value
    if isinstance(spoken, str) and 0 < len(spoken) <= MAX_SLOT_CHARS:
        return find(spoken)
    return None


def keep_own_attributes(handler_input: HandlerInput) -> None:
    """Session attributes as this skill writes them, for a response no turn made (a device
    event, an unknown request, a failure): its own state, read defensively (a forged value,
    or NaN, is dropped), and nothing else the client sent."""
    if handler_input.request_envelope.session is None:  # no session: no attributes to read
        return
    attributes = handler_input.attributes_manager.session_attributes
    if attributes is None:
        return
    _write_session(attributes, Session.from_dict(attributes.get(SESSION_KEY)))


def respond(handler_input: HandlerInput, coach: Coach, request: Request) -> Response:
    """One turn: session attributes and the stored record in, the Coach's Outcome out.

    The record was loaded by the LoadRecord interceptor and is saved by SaveRecord; effects
    (forgetting the user) are carried out here, since a failure changes what is said."""
    manager = handler_input.attributes_manager
    # Requests without a session (some device events) have no session attributes at all.
    attributes = manager.session_attributes if handler_input.request_envelope.session else None
    session = Session.from_dict((attributes or {}).get(SESSION_KEY))
    store = RecordIO.of(handler_input)
    outcome = store.carry_out(coach.turn(request, session, store.record))
    if attributes is not None:
        _write_session(attributes, outcome.session)
    return build_response(handler_input, outcome.reply, outcome.screen)


def _write_session(attributes: dict[str, Any], session: Session) -> None:
    """Our own state as the session attributes: nothing the client added is echoed back."""
    attributes.clear()
    attributes[SESSION_KEY] = session.to_dict()


RequestKey = tuple[str, str | None]


def request_key(handler_input: HandlerInput) -> RequestKey:
    """What a request is, as handlers are found by it: its type, and an intent's name (not
    is_intent_name(), which raises on an IntentRequest without an intent)."""
    request = handler_input.request_envelope.request
    kind = getattr(request, "object_type", None)
    if not isinstance(kind, str):
        return ("", None)
    name = getattr(getattr(request, "intent", None), "name", None)
    return (kind, name if kind == "IntentRequest" and isinstance(name, str) else None)


class TurnHandler(AbstractRequestHandler):
    """A handler that turns one request type or intent into a Request for the Coach."""

    intent: ClassVar[str] = ""
    request_type: ClassVar[str] = "IntentRequest"
    action: ClassVar[Action]

    def __init__(self, coach: Coach, clock: Clock) -> None:
        self.coach = coach
        self.clock = clock

    @classmethod
    def key(cls) -> RequestKey:
        """The one request this handler answers (see ``request_key``)."""
        return (cls.request_type, cls.intent if cls.request_type == "IntentRequest" else None)

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return request_key(handler_input) == self.key()

    def handle(self, handler_input: HandlerInput) -> Response:
        return respond(handler_input, self.coach, self.request(handler_input))

    def request(self, handler_input: HandlerInput) -> Request:
        """The Request this SDK request stands for (subclasses add what the slots hold)."""
        return basic_request(handler_input, self.action, self.clock)


def build_response(
    handler_input: HandlerInput, reply: Reply, screen: Screen | None = None
) -> Response:
    """Turn a Reply into the SDK's response (speech, reprompt, card, end of session), and a
    screen into its APL document."""
    builder = handler_input.response_builder
    if not reply.speech:  # nothing may be said (a session that has ended)
        empty: Response = builder.response
        return empty
    builder.speak(reply.speech)
    if reply.reprompt is not None:
        builder.ask(reply.reprompt)
    builder.set_should_end_session(reply.ends_session)
    if reply.card is not None:
        builder.set_card(SimpleCard(title=reply.card.title, content=reply.card.text))
    if screen is not None:
        builder.add_directive(render_directive(screen))
    response: Response = builder.response
    return response
