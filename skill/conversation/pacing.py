"""How long a listener waits, measured by talking to the Coach as a first-time user would.

The figures, per routine: the first response (its introduction, cautions and first steps, up
to the first "say next"), and the speech a first-time user hears from asking for the routine
("Alexa, ask back release coach to start the knuckle press") to its first hold: the disclaimer
and the full safety check, the first response, then the pressure and stop block and the
instruction into the hold. (Opening the skill first adds the welcome, about 14 s, before the
asking.) Start-up checks keep them within the limits below; ``routine-skill preview`` prints
them.
"""

from __future__ import annotations

from typing import NamedTuple

from skill.conversation.coach import Coach
from skill.conversation.record import UserRecord
from skill.conversation.session import Session
from skill.conversation.turn import Action, Request
from skill.speech.ssml import HOLD_MARK, estimate_seconds

FIRST_RESPONSE_LIMIT = 30.0  # seconds before the first "say next"
FIRST_HOLD_LIMIT = 90.0  # seconds of speech before a first-time user's first hold
START = 1_800_000_000.0  # any fixed time: nothing here depends on the date
MAX_WALK_TURNS = 40


class Pacing(NamedTuple):
    """A routine's waits, in estimated seconds of speech."""

    first_response: float
    first_hold: float | None  # None: the routine has no hold
    check: float  # the safety check as a first-time user hears it
    check_again: float | None  # the short check of a returning user (when asked for)


def pacing(coach: Coach, routine: str, locale: str = "en-US", returning: bool = False) -> Pacing:
    """Walk ``routine`` as a first-time user, from launch to its first hold; with
    ``returning``, also time a returning user's check (preview shows it; the start-up checks
    don't need that extra turn per routine)."""
    session, record, now = Session(), UserRecord(), START
    heard: list[float] = []

    def turn(action: Action, routine_id: str | None = None) -> str:
        nonlocal session, record, now
        out = coach.turn(Request(action, now, locale, routine=routine_id), session, record)
        session, record = out.session, out.record
        speech = out.reply.speech
        before_hold = speech.split(HOLD_MARK)[0]
        heard.append(estimate_seconds(before_hold))
        now += estimate_seconds(speech) + 5.0  # heard it all, then answered
        return speech

    turn(Action.START, routine)
    check = heard[-1]
    first = turn(Action.YES)
    first_response = heard[-1]
    speech = first
    for _ in range(MAX_WALK_TURNS):
        if HOLD_MARK in speech or session.place is None or session.question is not None:
            break
        speech = turn(Action.NEXT)
    first_hold = sum(heard) if HOLD_MARK in speech else None
    check_again = None
    if returning:
        later = Request(Action.START, now + 86400, locale, routine=routine)
        check_again = estimate_seconds(coach.turn(later, Session(), record).reply.speech)
    return Pacing(first_response, first_hold, check, check_again)
