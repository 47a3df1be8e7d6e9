"""A reply: the speech, the reprompt and the card of one response, and the routine scene it
plays or holds (for a screen)."""

from __future__ import annotations

from typing import NamedTuple

from skill.conversation.place import Place
from skill.speech.ssml import Ssml, escape, join
from skill.speech.timeline import Segment


class Card(NamedTuple):
    """A simple card for the Alexa app and screens."""

    title: str
    text: str


class Scene(NamedTuple):
    """The routine a reply shows: its place, and the segments this reply plays of the place's
    response, as the speech says them (none: nothing plays, and the place is shown still)."""

    place: Place
    playing: tuple[Segment, ...] = ()


class Reply(NamedTuple):
    """One response: speech, the reprompt (None only when the session ends), and a card.
    ``shows`` is the routine scene the speech plays or holds, for a step screen."""

    speech: Ssml
    reprompt: Ssml | None
    card: Card | None = None
    shows: Scene | None = None

    @property
    def ends_session(self) -> bool:
        return self.reprompt is None


def ask(*parts: Ssml, reprompt: str, card: Card | None = None, shows: Scene | None = None) -> Reply:
    """A reply that ends with a question and keeps the microphone open."""
    return Reply(join(*parts), escape(reprompt), card, shows)


def tell(*parts: Ssml, card: Card | None = None) -> Reply:
    """A reply that ends the session."""
    return Reply(join(*parts), None, card)


def still(place: Place | None) -> Scene | None:
    """A routine place shown as it stands (paused, or waiting at "say next")."""
    return Scene(place) if place is not None else None
