"""Echo Show screens: a step screen on the speech's clock, text screens, and touch."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from ask_sdk_core.skill import CustomSkill

from envelopes import envelope, request
from helpers import (
    START,
    briefing_lead,
    finish,
    into_hold,
    seconds_left,
    send,
    simulator,
    start,
)
from skill.apl import FOREVER, STEP, TEXT
from skill.conversation.playback import LATENCY_ALLOWANCE
from skill.library import Library
from skill.sim.client import Exchange, Simulator
from skill.sim.screen import countdown, part_at, screen_lines
from skill.speech.display import pieces
from skill.speech.ssml import card_text, estimate_seconds
from skill.speech.timeline import locate


@pytest.fixture
def show(skill: CustomSkill, library: Library) -> Simulator:
    """An Echo Show that has opened the skill once."""
    sim = simulator(skill, library, screen=True)
    sim.launch()
    return sim


def step(answer: Exchange) -> dict[str, Any]:
    """The step screen's properties (the test fails if the answer has another screen)."""
    assert answer.screen is not None and answer.screen.kind == STEP, answer.screen
    return answer.screen.properties


def into_hold_answer(show: Simulator, library: Library, seconds: float) -> Exchange:
    """Start the palm press, say next, and stop ``seconds`` into its first hold (a pause)."""
    start(show, "palm-press")
    show.intent("AMAZON.NextIntent")
    show.at(into_hold(library, "palm-press", 1, 0, briefed=False) + seconds)
    return show.intent("AMAZON.PauseIntent")


def test_a_speaker_gets_no_screen_and_a_show_gets_one_every_answer(
    skill: CustomSkill, library: Library
) -> None:
    speaker, screen = simulator(skill, library), simulator(skill, library, screen=True)
    for sim in (speaker, screen):
        sim.launch()
    for said in ("AMAZON.HelpIntent", "ListRoutinesIntent"):
        heard, shown = speaker.intent(said), screen.intent(said)
        assert heard.speech == shown.speech  # the same words either way
        assert "directives" not in heard.response["response"]
        assert shown.screen is not None and shown.screen.kind == TEXT
    assert start(speaker, "palm-press").screen is None
    assert step(start(screen, "palm-press"))["routine"] == "Palm press"


def test_the_step_screen_shows_what_is_being_said_when_it_is_said(
    show: Simulator, library: Library
) -> None:
    start(show, "palm-press")
    answer = show.intent("AMAZON.NextIntent")  # the response with the first holds
    screen = step(answer)
    plan = library.plans["palm-press"]
    response = plan.responses[1]
    lead = estimate_seconds(answer.speech) - response.seconds  # the briefing said first
    assert screen["running"] and lead > 0
    assert screen["lockMs"] == pytest.approx(estimate_seconds(answer.speech) * 1000, abs=2)
    parts = screen["parts"]
    assert parts[0]["from"] <= 0 and parts[-1]["to"] == FOREVER
    briefing = parts[0]  # the pressure and stop block said in front is on screen as it is said
    assert briefing["role"] == "lead" and briefing["to"] == pytest.approx(lead * 1000, abs=2)
    assert briefing["heading"] == f"Before step {response.steps[0]} of {len(plan.steps)}"
    assert briefing["text"] == card_text(briefing_lead(library, "palm-press", 1))
    assert all(a["to"] == b["from"] for a, b in itertools.pairwise(parts))
    for t in range(0, int(response.seconds), 3):  # every 3 s of the routine's own speech
        segment = response.segments[locate(response.segments, t).index]
        part = part_at(screen, (lead + t) * 1000)
        assert part is not None
        number = re.match(r"Step (\d+) of", part["heading"])
        assert part["role"] != "lead", t  # the lead is over when the routine's words begin
        if part["role"] == "closing":  # under the step it follows
            assert segment is response.segments[-1], t
            assert part["heading"] == f"Step {response.segments[-2].step} of {len(plan.steps)}"
            assert part["after"] == card_text(segment.ssml)
        else:
            assert (int(number[1]) if number else None) == segment.step, t
            if segment.kind == "speech":  # the words on the screen are the words being said
                assert card_text(segment.ssml) in part["text"]
    held = [p for p in parts if p["hold"]]
    holds = [s for s in response.segments if s.kind == "hold"]
    assert [(p["holdTo"] - p["holdFrom"]) / 1000 for p in held] == [s.hold for s in holds]
    first, length = held[0], holds[0].hold  # its cues at their seconds, its countdown
    assert first["cues"][-1]["text"] == holds[0].end and length is not None
    middle = first["holdFrom"] + length * 500
    assert countdown(first, first["holdFrom"] - 5000) == countdown(first, first["holdFrom"])
    assert countdown(first, middle) == f"0:{length // 2:02.0f}"
    halfway = next(c for c in first["cues"] if c["from"] <= middle < c["to"])
    assert halfway["text"] == holds[0].cues[0].text


def test_pause_and_how_much_longer_show_the_step_with_its_time_left(
    show: Simulator, library: Library
) -> None:
    paused = into_hold_answer(show, library, 8)
    screen = step(paused)
    assert not screen["running"] and screen["status"] == "Paused"
    (part,) = screen["parts"]
    assert part["name"] == "The palms hold" and part["hold"]
    asked = show.intent("HowMuchLongerIntent")
    left = seconds_left(asked.text)
    assert countdown(part, 0) == f"0:{left:02d}"
    assert step(asked)["parts"] == screen["parts"]  # still paused: the same moment
    assert [b["event"] for b in part["buttons"]] == ["resume", "repeat", "next"]
    resumed = step(show.intent("AMAZON.ResumeIntent"))
    assert resumed["running"] and resumed["status"] == ""
    first = resumed["parts"][0]
    assert first["name"] == "The palms hold"  # picked up in its hold
    assert countdown(first, 0) == f"0:{left:02d}"  # the count waits for the routine's words


def test_how_much_longer_while_playing_keeps_the_countdown_running(
    show: Simulator, library: Library
) -> None:
    start(show, "palm-press")
    show.intent("AMAZON.NextIntent")
    show.at(into_hold(library, "palm-press", 1, 0) + 10)
    asked = show.intent("HowMuchLongerIntent")
    screen = step(asked)
    assert screen["running"]
    part = screen["parts"][0]
    lead = part["countFrom"]  # the answer is said first, then the hold carries on
    assert lead > 0
    assert countdown(part, lead) == f"0:{seconds_left(asked.text):02d}"


def test_topics_and_the_safety_answer_get_a_text_screen(show: Simulator) -> None:
    for intent, slots in (("ExplainIntent", {"topic": ("fascia", "fascia")}), ("SafetyIntent", {})):
        answer = show.intent(intent, **slots)
        assert answer.screen is not None and answer.screen.kind == TEXT
        assert answer.card and answer.screen.properties["title"] == answer.card["title"]
        assert answer.screen.properties["text"] == answer.card["content"]


def test_a_button_is_the_same_turn_as_saying_it(skill: CustomSkill, library: Library) -> None:
    said, touched = (simulator(skill, library, screen=True, user=u) for u in ("said", "touched"))
    for sim in (said, touched):
        sim.launch()
        start(sim, "palm-press")
        sim.intent("AMAZON.NextIntent")
        sim.at(into_hold(library, "palm-press", 1, 0) + 12)
    for intent, event in (
        ("AMAZON.PauseIntent", "pause"),
        ("AMAZON.ResumeIntent", "resume"),
        ("AMAZON.RepeatIntent", "repeat"),
        ("AMAZON.NextIntent", "next"),
    ):
        spoken, pressed = said.intent(intent), touched.touch(event)
        assert pressed.speech == spoken.speech and pressed.state == spoken.state, event
        assert pressed.screen == spoken.screen


def test_an_event_that_is_no_button_of_ours_changes_nothing(show: Simulator) -> None:
    before = start(show, "palm-press")
    answer = show.touch("open-the-pod-bay-doors")
    assert answer.speech == "" and answer.screen is None
    assert answer.state == before.state


def test_chat_prints_the_screen(show: Simulator, library: Library) -> None:
    lines = screen_lines(into_hold_answer(show, library, 8).screen)  # type: ignore[arg-type]
    assert lines[0] == "Palm press (paused)"
    assert re.fullmatch(r"Step 2 of \d+ · The palms hold \[0:\d\d left\]", lines[1])
    assert lines[-1] == "[Resume] [Repeat] [Next]"


def test_waiting_at_say_next_shows_the_closing_words_still(show: Simulator) -> None:
    start(show, "palm-press")  # the introduction, heard out: waiting at "say next"
    show.wait(5)
    screen = step(show.intent("AMAZON.PauseIntent"))  # nothing plays, so nothing is paused
    assert not screen["running"] and screen["status"] == ""
    (part,) = screen["parts"]  # the closing words, under the step they follow
    assert part["role"] == "closing" and part["heading"].startswith("Step 1 of")
    assert "say next" in part["after"] and part["text"] == "Sit tall on a chair."
    assert [b["event"] for b in part["buttons"]] == ["repeat", "next"]  # nothing to pause
    for said in ("AMAZON.ResumeIntent", "WhichStepIntent"):  # the closing, played again
        screen = step(show.intent(said))
        closing = screen["parts"][-1]
        assert closing["role"] == "closing" and closing["heading"] == part["heading"]
        assert closing["text"] == part["text"] and closing["after"] == part["after"]
        # Words said first ("You're on ...") have the buttons of what they lead to, and are
        # not "before" a step that was said already.
        assert all(p["buttons"] == closing["buttons"] for p in screen["parts"])
        leads = [p for p in screen["parts"] if p["role"] == "lead"]
        assert all(p["heading"] == "" for p in leads)
        assert leads or said == "AMAZON.ResumeIntent"  # "which step" is answered first


def test_paused_in_the_introduction_the_screen_still_says_before_you_start(
    show: Simulator, library: Library
) -> None:
    start(show, "palm-press")
    intro = library.plans["palm-press"].responses[0].segments
    show.at(LATENCY_ALLOWANCE + intro[0].seconds + 0.5)  # into its second sentence
    paused = step(show.intent("AMAZON.PauseIntent"))
    (part,) = paused["parts"]
    assert part["heading"] == "Before you start" and part["name"] == "Palm press"
    assert card_text(intro[0].ssml) in part["text"]  # the whole introduction, not its tail
    resumed = step(show.intent("AMAZON.ResumeIntent"))
    assert resumed["parts"][0]["heading"] == "Before you start"


@pytest.mark.parametrize("into", [6, 12, 20])
def test_a_resumed_hold_shows_the_cues_the_speech_says(
    show: Simulator, library: Library, into: float
) -> None:
    into_hold_answer(show, library, into)
    answer = show.intent("AMAZON.ResumeIntent")
    said = next(p for p in pieces(answer.speech) if p.kind == "hold")
    part = next(p for p in step(answer)["parts"] if p["hold"])
    start = part["countFrom"]
    shown = [(c["from"] - start) / 1000 for c in part["cues"][:-1]]  # the end line is last
    assert shown == pytest.approx([at for at, _ in said.cues], abs=0.002)
    assert [c["text"] for c in part["cues"][:-1]] == [text for _, text in said.cues]
    assert (part["holdTo"] - start) / 1000 == pytest.approx(said.seconds, abs=0.002)
    whole = library.plans["palm-press"].steps[1].hold
    assert (part["holdTo"] - part["holdFrom"]) / 1000 == whole  # the bar is the whole hold's


@pytest.mark.parametrize(
    ("runtime", "shown"), [("2024.3", True), ("2024.2", True), ("2023.3", False), ("1.9", False)]
)
def test_a_device_with_an_older_apl_runtime_gets_no_screen(
    skill: CustomSkill, runtime: str, shown: bool
) -> None:
    payload = envelope(request("LaunchRequest", START), new=True, screen=True)
    device = payload["context"]["System"]["device"]
    device["supportedInterfaces"]["Alexa.Presentation.APL"]["runtime"]["maxVersion"] = runtime
    directives = send(skill, payload)["response"].get("directives") or []
    assert bool(directives) == shown


def test_the_routine_s_question_is_answered_by_voice_not_by_a_button(
    show: Simulator, library: Library
) -> None:
    ending = step(finish(show, library, "palm-press"))["parts"][-1]
    steps = len(library.plans["palm-press"].steps)
    assert ending["role"] == "closing" and ending["heading"] == f"Step {steps} of {steps}"
    assert [b["event"] for b in ending["buttons"]] == ["repeat"]


def test_a_hold_all_but_over_still_shows_its_step(show: Simulator, library: Library) -> None:
    start(show, "palm-press")
    show.intent("AMAZON.NextIntent")
    show.at(into_hold(library, "palm-press", 1, 0) + 28)  # 2 s of the 30 s hold left
    parts = step(show.intent("HowMuchLongerIntent"))["parts"]  # then only "And release."
    palms = library.plans["palm-press"].steps[1]
    (part,) = [p for p in parts if p["name"] == "The palms hold"]
    assert part["text"] == f"{palms.say} {palms.end}" and not part["hold"]
