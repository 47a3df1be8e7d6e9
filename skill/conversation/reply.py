"""A reply: the speech, the reprompt and the card of one response, and the routine place it
plays (for a screen)."""

from __future__ import annotations

from typing import NamedTuple

from skill.conversation.place import Place
from skill.speech.ssml import Ssml, escape, join


class Card(NamedTuple):
    """A simple card for the Alexa app and screens."""

    title: str
    text: str


class Reply(NamedTuple):
    """One response: speech, the reprompt (None only when the session ends), and a card.
    ``shows`` is the routine place the speech plays or holds, for a step screen."""

    speech: Ssml
    reprompt: Ssml | None
    card: Card | None = None
    shows: Place | None = None

    @property
    def ends_session(self) -> bool:
        return self.reprompt is None


def ask(*parts: Ssml, reprompt: str, card: Card | None = None, shows: Place | None = None) -> Reply:
    """A reply that ends with a question and keeps the microphone open."""
    return Reply(join(*parts), escape(reprompt), card, shows)


def tell(*parts: Ssml, card: Card | None = None) -> Reply:
    """A reply that ends the session."""
    return Reply(join(*parts), None, card)
