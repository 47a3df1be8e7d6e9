"""Handler dispatch by table: the ordered handler list, looked up by request type and intent.

The SDK asks each handler's ``can_handle`` in turn, about 20 calls a request. A handler that
keeps ``TurnHandler``'s own ``can_handle`` answers exactly one request type (and, for intents,
one intent name), so those are found in a dict; the first such handler in the list wins, as in
the SDK. From the first handler with a ``can_handle`` of its own, the rest are asked in order,
as the SDK asks them.
"""

from __future__ import annotations

from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_runtime.dispatch_components.request_components import (
    GenericRequestHandlerChain,
    GenericRequestMapper,
)

from skill.handlers.common import RequestKey, TurnHandler, request_key


def key_of(handler: object) -> RequestKey | None:
    """The one request a handler answers, if its ``can_handle`` is TurnHandler's."""
    if (
        not isinstance(handler, TurnHandler)
        or type(handler).can_handle is not TurnHandler.can_handle
    ):
        return None
    return handler.key()


class TableMapper(GenericRequestMapper):
    """A request mapper that finds the handler by (request type, intent) first."""

    def __init__(self, chains: list[GenericRequestHandlerChain]) -> None:
        super().__init__(request_handler_chains=chains)
        self.table: dict[RequestKey, GenericRequestHandlerChain] = {}
        self.rest: list[GenericRequestHandlerChain] = []
        for chain in chains:
            key = None if self.rest else key_of(chain.request_handler)
            if key is None:
                self.rest.append(chain)
            else:
                self.table.setdefault(key, chain)

    def get_request_handler_chain(self, handler_input: Any) -> GenericRequestHandlerChain | None:
        assert isinstance(handler_input, HandlerInput)
        found = self.table.get(request_key(handler_input))
        if found is not None:
            return found
        for chain in self.rest:
            if chain.request_handler.can_handle(handler_input=handler_input):
                return chain
        return None
