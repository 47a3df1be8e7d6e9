"""The last lines of defence: unknown requests, any exception, and request logging."""

from __future__ import annotations

import logging
import os

from ask_sdk_core.dispatch_components import (
    AbstractExceptionHandler,
    AbstractRequestInterceptor,
)
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_request_type
from ask_sdk_model import Response

from skill.conversation.reply import ask
from skill.conversation.screen import text_screen
from skill.conversation.turn import Action
from skill.handlers.body import BODY_INTENTS
from skill.handlers.common import (
    TurnHandler,
    build_response,
    has_screen,
    keep_own_attributes,
    request_key,
)
from skill.speech import prompts
from skill.speech.ssml import say
from skill.storage.keys import sha256

log = logging.getLogger(__name__)


class UnknownRequestHandler(TurnHandler):
    """Any request no other handler took: unknown intents get the fallback answer, other
    request types an empty response."""

    action = Action.FALLBACK

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        if get_request_type(handler_input) != "IntentRequest":
            keep_own_attributes(handler_input)
            response: Response = handler_input.response_builder.response
            return response
        return super().handle(handler_input)


class CatchAllExceptionHandler(AbstractExceptionHandler):
    """Any exception: log it, and speak a recovery line that keeps the session open."""

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        log.error("handler failed: %s", type(exception).__name__, exc_info=exception)
        keep_own_attributes(handler_input)
        reply = ask(say(prompts.ERROR), reprompt=prompts.HELP)
        # On a screen, the apology replaces whatever was showing (a countdown still running).
        screen = text_screen(reply) if has_screen(handler_input) else None
        return build_response(handler_input, reply, screen)


# A salt made when the process starts: log lines of one run can be followed per user, but the
# hash is no lasting pseudonym (nor can it be matched to a stored row, whose key is unsalted).
LOG_SALT = os.environ.get("SKILL_LOG_SALT") or os.urandom(16).hex()  # (secrets: 8 ms to import)


def user_hash(user_id: object) -> str:
    """A short hash of the user id, stable for this process, for correlating log lines."""
    return sha256(f"{LOG_SALT}:{user_id}".encode()).hexdigest()[:12]


def loggable(value: object, limit: int = 80) -> str:
    """A value from a request as it may be logged: printable, one line, cut short (a
    request id with a newline in it must not write a forged log line)."""
    if not isinstance(value, str | Exception) and value is not None:
        return "-"  # a request field of the wrong type is not logged at all
    text = str(value)
    return "".join(c if c.isprintable() else "?" for c in text[:limit])


class RequestLogger(AbstractRequestInterceptor):
    """One log line per request: id, type, intent, hashed user; never the envelope. (A body
    sign is logged as 'body-sign', with no user.)"""

    def process(self, handler_input: HandlerInput) -> None:
        if not log.isEnabledFor(logging.INFO):  # the fields cost more than the check
            return
        envelope = handler_input.request_envelope
        request_type, intent = request_key(handler_input)
        system = getattr(envelope.context, "system", None)
        user = getattr(getattr(system, "user", None), "user_id", None)
        if intent in BODY_INTENTS:
            intent, user = "body-sign", None
        intent = intent or "-"
        log.info(
            "request id=%s type=%s intent=%s user=%s",
            loggable(getattr(envelope.request, "request_id", None)),
            loggable(request_type or "-"),
            loggable(intent),
            user_hash(user) if user else "-",
        )
