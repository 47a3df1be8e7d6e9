"""Helpers for tests that talk to the skill: a simulator on a skill, limits checked on every
answer, and where things are in a planned routine (for timing an interruption)."""

from __future__ import annotations

import json
import re
from typing import Any
from xml.etree import ElementTree

from ask_sdk_core.skill import CustomSkill

from skill.conversation.playback import LATENCY_ALLOWANCE
from skill.door import invoke
from skill.library import Library
from skill.sim.client import Exchange, Simulator, catalog_models
from skill.sim.envelope import SIM_USER_ID
from skill.speech import prompts
from skill.speech.planner import briefing
from skill.speech.ssml import Ssml, break_seconds, estimate_seconds, join, readable, say

START = 1_800_000_000.0  # tests run on a fixed clock


def check_limits(response: dict[str, Any]) -> None:
    """Assert a response envelope is well-formed SSML within Alexa's limits, and asks
    something whenever it leaves the microphone open."""
    body = response.get("response", {})
    speech = body.get("outputSpeech", {}).get("ssml", "")
    reprompt = (body.get("reprompt") or {}).get("outputSpeech", {}).get("ssml", "")
    for ssml in (speech, reprompt):
        if ssml:
            ElementTree.fromstring(ssml)  # well-formed XML
            assert len(ssml) < 8000
            assert estimate_seconds(ssml) <= 240
            assert all(b <= 10 for b in break_seconds(ssml))
    assert len(json.dumps(response, allow_nan=False)) < 24 * 1024
    if speech and not body.get("shouldEndSession"):
        assert reprompt, "an open session needs a reprompt"


def simulator(
    skill: CustomSkill, library: Library, user: str = SIM_USER_ID, **options: Any
) -> Simulator:
    """A device talking to ``skill`` in this process, every answer checked against the limits."""

    def transport(payload: dict[str, Any]) -> dict[str, Any]:
        return send(skill, payload)

    options.setdefault("now", START)
    return Simulator(transport, user=user, models=catalog_models(library.catalog), **options)


def start(sim: Simulator, routine: str) -> Exchange:
    """Start a routine by id, answering yes to the session's safety check if it is asked."""
    answer = sim.intent("StartRoutineIntent", routine=(routine, routine))
    return past_check(sim, answer)


def past_check(sim: Simulator, answer: Exchange) -> Exchange:
    """Answer yes to the session's safety check if ``answer`` asked it; else ``answer``."""
    question = answer.state.get("question") or {}
    if question.get("ask") in ("safety-check", "carry-on-check"):
        return sim.intent("AMAZON.YesIntent")
    return answer


def finish(sim: Simulator, library: Library, routine: str) -> Exchange:
    """Start a routine and say 'next' until its last response (the ending) has been sent."""
    answer = start(sim, routine)
    for _ in range(len(library.plans[routine].responses) - 1):
        answer = sim.intent("AMAZON.NextIntent")
    return answer


def seconds_left(text: str) -> int:
    """The N in 'About N seconds left in this hold' (after a sentence saying where the ball or
    hand goes back, when a hold resumes)."""
    match = re.search(r"About (\d+) seconds left in this hold", text)
    assert match, text
    return int(match.group(1))


def briefing_lead(library: Library, routine: str, index: int, briefed: bool = False) -> Ssml:
    """What is said before response ``index`` when moving on into it: the pressure and stop
    block before the first hold (in full the first time in a session, else in short)."""
    if index != library.plans[routine].briefing_at:
        return Ssml("")
    return say(prompts.BRIEFING_AGAIN if briefed else briefing(library.catalog.safety))


def heard(library: Library, routine: str, index: int, briefed: bool = False) -> str:
    """Response ``index`` of a routine as it is heard in full, moving on into it."""
    lead = briefing_lead(library, routine, index, briefed)
    return readable(join(lead, library.plans[routine].responses[index].ssml))


def into_hold(library: Library, routine: str, index: int, nth: int, briefed: bool = False) -> float:
    """Seconds from sending response ``index`` (moving on into it) until the start of its
    ``nth`` hold."""
    elapsed = LATENCY_ALLOWANCE + estimate_seconds(briefing_lead(library, routine, index, briefed))
    holds = 0
    for segment in library.plans[routine].responses[index].segments:
        if segment.kind == "hold":
            if holds == nth:
                return elapsed
            holds += 1
        elapsed += segment.seconds
    raise AssertionError("no such hold")


def spoken(response: dict[str, Any]) -> str:
    """The speech of a response envelope as words, silences shown as [N s]."""
    return readable(str(response.get("response", {}).get("outputSpeech", {}).get("ssml", "")))


def send(skill: CustomSkill, payload: dict[str, Any]) -> dict[str, Any]:
    """Invoke the skill on an envelope, checking the response against Alexa's limits."""
    response = invoke(skill, json.loads(json.dumps(payload)))
    check_limits(response)
    return response
