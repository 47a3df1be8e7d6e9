"""A test driver that holds one Alexa session against the skill, in-process."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

from ask_sdk_core.skill import CustomSkill

from envelopes import envelope, intent, request, slot
from skill.conversation.playback import LATENCY_ALLOWANCE
from skill.door import invoke
from skill.library import Library
from skill.speech.ssml import break_seconds, estimate_seconds, readable


@dataclass
class Answer:
    """One response envelope, with helpers for assertions."""

    raw: dict[str, Any]

    @property
    def response(self) -> dict[str, Any]:
        out: dict[str, Any] = self.raw["response"]
        return out

    @property
    def ssml(self) -> str:
        return str(self.response.get("outputSpeech", {}).get("ssml", ""))

    @property
    def text(self) -> str:
        """Speech as readable text, silences shown as [N s]."""
        inner = self.ssml.removeprefix("<speak>").removesuffix("</speak>")
        return readable(inner)

    @property
    def reprompt(self) -> str:
        ssml = self.response.get("reprompt", {}).get("outputSpeech", {}).get("ssml", "")
        return readable(str(ssml).removeprefix("<speak>").removesuffix("</speak>"))

    @property
    def ends(self) -> bool:
        return bool(self.response.get("shouldEndSession"))

    @property
    def state(self) -> dict[str, Any]:
        attributes = self.raw.get("sessionAttributes") or {}
        return dict(attributes.get("coach", {}))

    def check_limits(self) -> None:
        """Assert the response is well-formed SSML within Alexa's limits."""
        reprompt = self.response.get("reprompt", {}).get("outputSpeech", {}).get("ssml", "")
        for ssml in (self.ssml, reprompt):
            if ssml:
                ElementTree.fromstring(ssml)  # well-formed XML
                assert len(ssml) < 8000
                assert estimate_seconds(ssml) <= 240
                assert all(b <= 10 for b in break_seconds(ssml))
        assert len(json.dumps(self.raw, allow_nan=False)) < 24 * 1024
        if not self.ends and self.ssml:
            assert self.reprompt, "an open session needs a reprompt"


@dataclass
class Conversation:
    """Send requests in one session, as a listener who hears each answer to its end.

    After every answer the clock moves past the answer's estimated length (plus 3 s), like a
    person who listens and then speaks; ``after(seconds)`` instead puts the clock that long
    after the last answer was sent, to interrupt it; ``wait`` adds time (a pause).
    """

    skill: CustomSkill
    now: float = 1_800_000_000.0
    locale: str = "en-US"
    user: str = "amzn1.ask.account.TESTUSER"
    attributes: dict[str, Any] = field(default_factory=dict)
    new: bool = True
    log: list[Answer] = field(default_factory=list)
    sent_at: float = 0.0

    def wait(self, seconds: float) -> None:
        self.now += seconds

    def after(self, seconds: float) -> None:
        """Set the clock ``seconds`` after the last answer was sent."""
        self.now = self.sent_at + seconds

    def send(self, body: dict[str, Any]) -> Answer:
        payload = envelope(body, new=self.new, attributes=self.attributes, user=self.user)
        answer = Answer(invoke(self.skill, json.loads(json.dumps(payload))))
        answer.check_limits()
        self.new = False
        self.attributes = dict(answer.raw.get("sessionAttributes") or {})
        if answer.ends:
            self.attributes, self.new = {}, True
        self.log.append(answer)
        self.sent_at = self.now
        self.now += estimate_seconds(answer.ssml) + 3
        return answer

    def new_session(self) -> None:
        """The next request starts a new session (the old one timed out or was closed)."""
        self.attributes, self.new = {}, True

    def launch(self) -> Answer:
        self.new_session()
        return self.send(request("LaunchRequest", self.now, self.locale))

    def say(self, name: str, **slots: str | tuple[str, str]) -> Answer:
        """An intent; a slot given as (value, id) carries an entity-resolution match."""
        built = {}
        for key, value in slots.items():
            if isinstance(value, tuple):
                built[key] = slot(key, value[0], value[1])
            else:
                built[key] = slot(key, value)
        return self.send(intent(name, self.now, built, self.locale))

    def past_screen(self, answer: Answer) -> Answer:
        """Answer yes to the session's safety check if ``answer`` asked it; else ``answer``."""
        offer = answer.state.get("offer") or {}
        if offer.get("kind") in ("screen", "resume-screen"):
            return self.say("AMAZON.YesIntent")
        return answer

    def next_times(self, count: int) -> Answer | None:
        """Say 'next' ``count`` times; the last answer."""
        answer = None
        for _ in range(count):
            answer = self.say("AMAZON.NextIntent")
        return answer

    def start(self, routine_id: str) -> Answer:
        """Start a routine, answering yes to the session's safety check if it comes."""
        return self.past_screen(self.say("StartRoutineIntent", routine=(routine_id, routine_id)))


# --- where things are in a planned routine, for timing requests ---


def seconds_left(text: str) -> int:
    """The N in a leading 'About N seconds left in this hold'."""
    match = re.match(r"About (\d+) seconds left in this hold", text)
    assert match, text
    return int(match.group(1))


def heard(library: Library, routine_id: str, index: int) -> str:
    return readable(library.plans[routine_id].responses[index].ssml)


def into_hold(library: Library, routine_id: str, index: int, nth: int) -> float:
    """Seconds from sending response ``index`` until the start of its ``nth`` hold."""
    elapsed = LATENCY_ALLOWANCE
    holds = 0
    for segment in library.plans[routine_id].responses[index].segments:
        if segment.kind == "hold":
            if holds == nth:
                return elapsed
            holds += 1
        elapsed += segment.seconds
    raise AssertionError("no such hold")


def finish(talk: Conversation, library: Library, routine_id: str) -> None:
    """Start a routine and say 'next' until its last response (the ending) has been sent."""
    talk.start(routine_id)
    talk.next_times(len(library.plans[routine_id].responses) - 1)
