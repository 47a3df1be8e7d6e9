"""Typed session state: the only way handlers read or write Alexa's session attributes.

Nothing here is stored, and nothing of it reaches the user's record but the place (Alexa policy:
no pain scores, symptoms or conditions are kept): where the user is in a routine, the question
asked last, what was said, and for this session only the answer to the safety check and a
routine stopped for a sign to stop. Session attributes come back from the client, so every
field is read defensively: anything unexpected becomes its default.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, NamedTuple

from skill.conversation.place import MAX_RESPONSE, Place, read_id, read_number

SESSION_KEY = "coach"  # the one session attribute the skill keeps


class Ask(StrEnum):
    """The yes/no questions the skill asks."""

    SAFETY_CHECK = "safety-check"  # before a session's first routine: "Shall we start ...?"
    CARRY_ON_CHECK = "carry-on-check"  # the same check before carrying on a stored routine
    CARRY_ON = "carry-on"  # "Last time you stopped at ... Shall we carry on?"
    MORE = "more"  # "Would you like to hear more?" after a topic
    FORGET = "forget"  # "Shall I forget your progress?"
    ENDING = "ending"  # a routine's last words: the wrap-up, or another routine
    CHOOSE = "choose"  # routines offered ("Which would you like?"); about: their ids


class Question(NamedTuple):
    """A yes/no question waiting for its answer, and what it is about."""

    ask: Ask
    about: str = ""  # a routine id or topic id (for CHOOSE: the ids offered, space-separated)

    @property
    def offered(self) -> tuple[str, ...]:
        """The routines a CHOOSE question offers."""
        return tuple(self.about.split())


class Key(StrEnum):
    """The replies built from a key (and one argument), so 'repeat' can build them again."""

    WELCOME = "welcome"
    WELCOME_BACK = "welcome-back"
    NOT_IN_ROUTINE = "not-in-routine"
    LIST = "list"
    UNKNOWN_ROUTINE = "unknown-routine"
    CARRY_ON_DECLINED = "carry-on-declined"
    SAFETY_CHECK = "safety-check"  # arg: the routine
    CARRY_ON_CHECK = "carry-on-check"  # arg: the routine
    TOPIC = "topic"  # arg: the topic
    MORE = "more"  # arg: the topic
    UNKNOWN_TOPIC = "unknown-topic"
    WEEK = "week"
    FORGET = "forget"
    KEPT = "kept"
    HELP = "help"
    HELP_QUESTION = "help-question"
    HELP_CHOOSE = "help-choose"  # help at a choice of routines
    HELP_ROUTINE = "help-routine"  # arg: the routine
    HELP_PROMPT = "help-prompt"  # arg: the routine
    FALLBACK = "fallback"
    FALLBACK_ROUTINE = "fallback-routine"
    FALLBACK_PROMPT = "fallback-prompt"
    CHECK_DECLINED = "check-declined"
    CHECK_UNSURE = "check-unsure"
    WRAP_UP_DECLINED = "wrap-up-declined"
    NO_THANKS = "no-thanks"
    CHOOSE = "choose"
    NOTHING_OFFERED = "nothing-offered"
    SHORT_CHECK = "short-check"  # arg: the routine; the check in one sentence
    SHORT_CARRY_ON_CHECK = "short-carry-on-check"  # arg: the routine
    CHECK_LIST = "check-list"  # the full doctor-first list, on "tell me more" at the check
    SUGGEST = "suggest"  # arg: area and routine ids in pairs, the routines offered
    ROUTINE_INFO = "routine-info"  # arg: the routine
    TOOLS = "tools"  # arg: the routine under way
    SAME_DAY = "same-day"
    STOP_SIGN = "stop-sign"  # arg: the routine stopped, or ""
    HURTS = "hurts"  # arg: the routine under way, or ""
    STOPPED = "stopped"  # arg: the routine stopped for a stop sign this session
    DOCTOR_FIRST = "doctor-first"  # a routine asked for after a same-day sign


class Said(NamedTuple):
    """The last keyed reply, to build again for 'repeat'."""

    key: Key
    arg: str = ""


class Session(NamedTuple):
    """What this session knows beyond the stored record."""

    place: Place | None = None  # the routine under way
    question: Question | None = None  # the question asked last, until it is answered
    checked: bool = False  # said yes to the safety check (kept for the session only: health)
    heard_disclaimer: bool = False  # also stored; kept here in case the store can't be read
    said: Said | None = None
    back_to: int | None = None  # the step "go back" went to, while that playback lasts
    stopped: str | None = None  # a routine stopped for a stop sign: not carried on this session
    briefed: bool = False  # heard the pressure and stop block in full this session
    doctor_first: bool = False  # a same-day sign was said: no routine this session
    turns: int = 0  # requests answered this session (picks among variants of a sentence)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for session attributes: only what differs from the defaults, since the
        SDK serializes every value of every response."""
        data: dict[str, Any] = {}
        if self.place is not None:
            data["place"] = self.place.to_dict()
        if self.question is not None:
            data["question"] = {"ask": self.question.ask.value, "about": self.question.about}
        if self.checked:
            data["checked"] = True
        if self.heard_disclaimer:
            data["heard_disclaimer"] = True
        if self.said is not None:
            data["said"] = {"key": self.said.key.value, "arg": self.said.arg}
        if self.back_to is not None:
            data["back_to"] = self.back_to
        if self.stopped is not None:
            data["stopped"] = self.stopped
        if self.briefed:
            data["briefed"] = True
        if self.doctor_first:
            data["doctor_first"] = True
        if self.turns:
            data["turns"] = self.turns
        return data

    @classmethod
    def from_dict(cls, data: object) -> Session:
        """Read state back; anything unexpected becomes the default."""
        if not isinstance(data, dict):
            return cls()
        back_to = read_number(data.get("back_to"), 1, MAX_RESPONSE)
        turns = read_number(data.get("turns"), 0, MAX_SESSION_TURNS)
        return cls(
            place=Place.from_dict(data.get("place")),
            question=_question(data.get("question")),
            checked=data.get("checked") is True,
            heard_disclaimer=data.get("heard_disclaimer") is True,
            said=_said(data.get("said")),
            back_to=None if back_to is None else int(back_to),
            stopped=read_id(data.get("stopped")),
            briefed=data.get("briefed") is True,
            doctor_first=data.get("doctor_first") is True,
            turns=0 if turns is None else int(turns),
        )


MAX_SESSION_TURNS = 1_000_000


_ASKS = frozenset(a.value for a in Ask)
_KEYS = frozenset(k.value for k in Key)


def _optional_id(value: object) -> str | None:
    """'' or content ids separated by spaces; None for anything else."""
    if not isinstance(value, str) or len(value) > 400:
        return None
    words = value.split()
    if " ".join(words) != value or len(words) > 8:
        return None
    return value if all(read_id(w) for w in words) else None


def _question(data: object) -> Question | None:
    if not isinstance(data, dict):
        return None
    ask, about = data.get("ask"), _optional_id(data.get("about", ""))
    if not isinstance(ask, str) or ask not in _ASKS or about is None:
        return None
    return Question(Ask(ask), about)


def _said(data: object) -> Said | None:
    if not isinstance(data, dict):
        return None
    key, arg = data.get("key"), _optional_id(data.get("arg", ""))
    if not isinstance(key, str) or key not in _KEYS or arg is None:
        return None
    return Said(Key(key), arg)
