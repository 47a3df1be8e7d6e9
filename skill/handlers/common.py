"""Shared handler plumbing: read typed state from a request, write a Reply into a response."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_slot, is_request_type
from ask_sdk_model import Response
from ask_sdk_model.ui import SimpleCard

from skill.content.catalog import Routine, Topic
from skill.conversation.coach import Coach
from skill.conversation.reply import Reply, Turn
from skill.conversation.state import SESSION_KEY, SessionState
from skill.conversation.talk import Talk
from skill.handlers.memory import RecordIO

Clock = Callable[[], float]
MAX_SLOT_CHARS = 200  # longer slot values are not names of anything we know


def turn_of(handler_input: HandlerInput, clock: Clock) -> Turn:
    """When the request was made (its own timestamp; the clock if it has none) and its locale."""
    request = handler_input.request_envelope.request
    stamp = getattr(request, "timestamp", None)
    now = stamp.timestamp() if stamp is not None and hasattr(stamp, "timestamp") else clock()
    locale = getattr(request, "locale", None)
    return Turn(now=now, locale=locale if isinstance(locale, str) else "en-US")


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
        found = find(spoken)
        return found.id if found else None
    return None


class CoachHandler(AbstractRequestHandler):
    """A handler that answers one request type or intent by asking the Coach."""

    intent: ClassVar[str] = ""
    request_type: ClassVar[str] = "IntentRequest"

    def __init__(self, coach: Coach, clock: Clock) -> None:
        self.coach = coach
        self.clock = clock

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if not is_request_type(self.request_type)(handler_input):
            return False
        if self.request_type != "IntentRequest":
            return True
        # Not is_intent_name(): it raises on an IntentRequest without an intent.
        request = handler_input.request_envelope.request
        return getattr(getattr(request, "intent", None), "name", None) == self.intent

    def handle(self, handler_input: HandlerInput) -> Response:
        manager = handler_input.attributes_manager
        # Requests without a session (some device events) have no session attributes at all.
        attributes = manager.session_attributes if handler_input.request_envelope.session else None
        state = SessionState.from_attributes((attributes or {}).get(SESSION_KEY))
        offer, state.offer = state.offer, None  # a question can only be answered right away
        store = RecordIO(handler_input)
        user = store.load()
        turn = turn_of(handler_input, self.clock)
        talk = Talk(state, user, turn, offer)
        self.coach.catch_up(talk)
        reply = self.coach.first_contact(talk, self.answer(handler_input, talk))
        if talk.forget and not store.delete():
            reply = self.coach.forget_failed(talk)
        elif not talk.forget:
            store.save(user, turn.now)
        if attributes is not None:
            attributes.clear()  # nothing the client added is echoed back, only our own state
            attributes[SESSION_KEY] = state.to_attributes()
        return build_response(handler_input, reply)

    def answer(self, handler_input: HandlerInput, talk: Talk) -> Reply:
        """What to say; subclasses call the Coach here and nothing else."""
        raise NotImplementedError


def build_response(handler_input: HandlerInput, reply: Reply) -> Response:
    """Turn a Reply into the SDK's response (speech, reprompt, card, end of session)."""
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
    response: Response = builder.response
    return response
