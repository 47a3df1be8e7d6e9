"""What goes into the Coach's turn and what comes out: Request in; Outcome, with its effects."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, NamedTuple

from skill.conversation.record import UserRecord
from skill.conversation.reply import Reply
from skill.conversation.screen import Screen
from skill.conversation.session import Session


class Action(StrEnum):
    """What the person asked for, whatever words or intent carried it."""

    LAUNCH = "launch"
    SESSION_ENDED = "session-ended"
    LIST = "list"
    START = "start"
    NEXT = "next"
    PREVIOUS = "previous"
    REPEAT = "repeat"
    START_OVER = "start-over"
    PAUSE = "pause"
    RESUME = "resume"
    SKIP_HOLD = "skip-hold"
    HOW_LONG = "how-long"
    WHICH_STEP = "which-step"
    EXPLAIN = "explain"
    MORE = "more"
    WEEK = "week"
    FORGET = "forget"
    HELP = "help"
    STOP = "stop"
    HOME = "home"
    YES = "yes"
    NO = "no"
    UNSURE = "unsure"
    OKAY = "okay"
    FALLBACK = "fallback"
    # What a body says, from any state (see Coach: they come before the question rules).
    EMERGENCY = "emergency"  # an emergency sign: call the number now
    SAME_DAY = "same-day"  # a sign to see a doctor today
    STOP_SIGN = "stop-sign"  # sharp pain, tingling, numbness, dizziness: stop the routine
    HURTS = "hurts"  # "it hurts", "too much": ease off
    # Choosing a routine from an open request.
    SUGGEST = "suggest"  # "my lower back is tight", "I have five minutes", "something quick"
    NO_BALL = "no-ball"  # "I don't have a ball"
    ROUTINE_INFO = "routine-info"  # "how long is the knuckle press?"
    TOOLS = "tools"  # "what do I need?", "can I use a foam roller?"


class Request(NamedTuple):
    """One request, as the Coach needs it: what, when, in which locale, and any names heard.

    ``routine`` and ``topic`` are ids from the slots; they are not trusted (the Coach checks
    them against the catalog)."""

    action: Action
    now: float  # seconds since the epoch, from the request's timestamp
    locale: str = "en-US"
    routine: str | None = None
    topic: str | None = None
    named: bool = False  # a routine name was said (known or not)
    said_name: str = ""  # the words of a routine name no id was found for (matched, never said)
    area: str | None = None  # a body area id (content.areas) from an open request
    minutes: int | None = None  # "I have five minutes"
    want: str | None = None  # a preference id (content.areas.WANTS)
    screen: bool = False  # the device shows APL: the Outcome carries a screen


class Effect(NamedTuple):
    """Something the adapter must do after the turn, and what to say if it can't."""

    kind: Literal["forget"]  # delete everything stored about this user
    if_failed: Reply


FORGET: Literal["forget"] = "forget"


class Outcome(NamedTuple):
    """Everything a turn changes. ``record`` is the very object passed in when nothing in it
    changed, so the adapter saves only a change. ``screen`` is what a screen shows (only
    when the request says the device has one)."""

    reply: Reply
    session: Session
    record: UserRecord
    effects: tuple[Effect, ...] = ()
    screen: Screen | None = None
