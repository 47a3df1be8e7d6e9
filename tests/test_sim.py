"""The simulator: understanding utterances, real envelopes, the chat, speaking, audio preview."""

from __future__ import annotations

import io
import itertools
import os
import pty
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from servers import serve_skill, stop
from skill.cli import main
from skill.door import invoke
from skill.library import Library
from skill.model.build import build_model
from skill.sim.audio import Speaker, sounds
from skill.sim.chat import run_lines
from skill.sim.client import Simulator, catalog_models
from skill.sim.nlu import Model
from skill.skill_builder import build_skill
from skill.speech.display import display
from skill.speech.ssml import break_seconds, plain_text

CONTENT = Path(__file__).resolve().parent / "fixtures" / "content"


@pytest.fixture(scope="module")
def model(library: Library) -> Model:
    """The model build-model makes for the fixture content."""
    return Model.from_json(build_model(library.catalog, "en-US"))


@pytest.mark.parametrize(
    ("utterance", "kind", "intent", "slots"),
    [
        ("Alexa, open Back Release Coach!", "launch", "", {}),
        ("launch back release coach", "launch", "", {}),
        ("back release coach", "launch", "", {}),
        (
            "start the palm one",
            "intent",
            "StartRoutineIntent",
            {"routine": ("palm", "palm-press")},
        ),
        (
            "Let's do the PALMS, please.",
            "intent",
            "StartRoutineIntent",
            {"routine": ("palms", "palm-press")},
        ),
        ("start the knee routine", "intent", "StartRoutineIntent", {"routine": ("knee", None)}),
        (
            "the wall ball please",
            "intent",
            "StartRoutineIntent",
            {"routine": ("wall ball", "ball-lean")},
        ),
        (
            "what are knots?",
            "intent",
            "ExplainIntent",
            {"topic": ("knots", "trigger-points")},
        ),
        (
            "what is quantum healing",
            "intent",
            "ExplainIntent",
            {"topic": ("quantum healing", None)},
        ),
        ("um, next", "intent", "AMAZON.NextIntent", {}),
        ("skip", "intent", "AMAZON.NextIntent", {}),
        ("go back", "intent", "AMAZON.PreviousIntent", {}),
        ("say that again", "intent", "AMAZON.RepeatIntent", {}),
        ("start over", "intent", "AMAZON.StartOverIntent", {}),
        ("pause", "intent", "AMAZON.PauseIntent", {}),
        ("resume", "intent", "AMAZON.ResumeIntent", {}),
        ("help", "intent", "AMAZON.HelpIntent", {}),
        ("stop", "intent", "AMAZON.StopIntent", {}),
        ("cancel", "intent", "AMAZON.CancelIntent", {}),
        ("yeah", "intent", "AMAZON.YesIntent", {}),
        ("nope", "intent", "AMAZON.NoIntent", {}),
        ("okay", "intent", "OkayIntent", {}),
        ("OK then.", "intent", "OkayIntent", {}),
        ("I'm not sure", "intent", "UnsureIntent", {}),
        ("um, maybe", "intent", "UnsureIntent", {}),
        ("ready", "intent", "AMAZON.NextIntent", {}),
        ("How much longer?", "intent", "HowMuchLongerIntent", {}),
        ("is this safe", "intent", "SafetyIntent", {}),
        ("how am I doing this week", "intent", "WeekIntent", {}),
        ("sing me a song", "intent", "AMAZON.FallbackIntent", {}),
        ("hello there", "intent", "AMAZON.FallbackIntent", {}),
        # Near, not exact: words around a sample, and slot values found where they are said.
        (
            "my bum has been tight since the drive yesterday",
            "intent",
            "SuggestIntent",
            {"area": ("bum", "seat")},
        ),
        ("I only have five minutes", "intent", "SuggestIntent", {"minutes": ("5", None)}),
        (
            "the bottom of my back is tight",
            "intent",
            "SuggestIntent",
            {"area": ("bottom of back", "lower-back")},
        ),
        # An unknown name of a few words is still the intent (the skill says it has none)...
        ("start the yoga one", "intent", "StartRoutineIntent", {"routine": ("yoga", None)}),
        # ... but a sentence is not a name, and a routine's name is not a topic's.
        ("what is the capital city of peru today", "intent", "AMAZON.FallbackIntent", {}),
        (
            "tell me about the ball lean",
            "intent",
            "RoutineInfoIntent",
            {"routine": ("ball lean", "ball-lean")},
        ),
    ],
)
def test_utterances_resolve_like_alexa(
    model: Model, utterance: str, kind: str, intent: str, slots: dict[str, tuple[str, str | None]]
) -> None:
    understood = model.understand(utterance)
    assert (understood.kind, understood.intent) == (kind, intent)
    got = {f.name: (f.value, f.resolved[1] if f.resolved else None) for f in understood.slots}
    assert got == slots


def test_one_shot_invocations(model: Model) -> None:
    asked = model.understand("Alexa, ask back release coach to resume my routine")
    assert (asked.kind, asked.intent, asked.one_shot) == ("intent", "AMAZON.ResumeIntent", True)
    told = model.understand("tell back release coach how hard should I press")
    assert (told.intent, told.one_shot) == ("HowHardIntent", True)
    assert model.understand("ask back release coach").kind == "launch"


def test_entity_resolution_gives_the_canonical_value(model: Model) -> None:
    (fill,) = model.understand("start the wall ball").slots
    assert fill.resolved == ("ball lean", "ball-lean")


def test_envelopes_are_real(library: Library) -> None:
    sent: list[dict[str, Any]] = []
    skill = build_skill(library)

    def transport(payload: dict[str, Any]) -> dict[str, Any]:
        sent.append(payload)
        return invoke(skill, payload)

    models = catalog_models(library.catalog)
    sim = Simulator(transport, now=1_800_000_000.0, locale="en-GB", screen=True, models=models)
    sim.say("open back release coach")
    sim.say("list routines")
    first, second = sent
    assert first["session"]["new"] is True and second["session"]["new"] is False
    assert first["session"]["sessionId"] == second["session"]["sessionId"]
    assert second["session"]["attributes"]["coach"]  # state carried across turns
    system = second["context"]["System"]
    assert system["user"]["userId"] and system["device"]["deviceId"]
    assert "Alexa.Presentation.APL" in system["device"]["supportedInterfaces"]
    assert second["request"]["locale"] == "en-GB"
    assert second["request"]["timestamp"] > first["request"]["timestamp"]  # the clock moved


def test_long_silence_ends_the_session(sim: Simulator) -> None:
    sim.say("open back release coach")
    sim.wait(10)
    assert sim.in_session
    sim.wait(20)
    assert not sim.in_session
    answer = sim.say("open back release coach")
    assert "Welcome back" in answer.speech


def test_display_shows_holds_with_timed_cues(library: Library) -> None:
    text = display(library.plans["ball-lean"].responses[1].ssml)
    assert "[hold 40 s]\n      0 s  Breathe in slowly for four, and out for six." in text
    assert "     20 s  Halfway.\n     30 s  Ten seconds left.\nAnd release." in text


def test_chat_from_piped_lines(sim: Simulator) -> None:
    out = io.StringIO()
    script = [
        "open back release coach",
        "start the palm one",
        "yes",
        "next",
        ":at 20",
        "how much longer",
        ":wait 30",
        "ask back release coach to stop",
        ":help",
    ]
    run_lines(sim, script, out)
    text = out.getvalue()
    assert "you> start the palm one" in text
    assert "(StartRoutineIntent routine='palm' -> palm-press (ER_SUCCESS_MATCH))" in text
    assert "[hold 30 s]" in text and "reprompt: Say next to carry on" in text
    assert "card: Palm press: Your palms press together" in text
    assert "About" in text and "seconds left in this hold" in text
    assert "(30 s pass, the session ends)" in text
    assert "(AMAZON.StopIntent (one-shot, new session))" in text
    assert "[session ended]" in text and ":wait SECONDS" in text


def test_a_wait_past_the_clock_s_range_is_refused_in_one_line(sim: Simulator) -> None:
    out = io.StringIO()
    run_lines(sim, ["open back release coach", ":wait 99999999999999999999", "next"], out)
    text = out.getvalue()
    assert ":wait takes a number of seconds, up to 86400" in text
    assert "error" not in text and "(AMAZON.NextIntent)" in text  # the clock still works


def test_sounds_are_the_speech_s_words_and_its_silences_in_order(library: Library) -> None:
    for plan in library.plans.values():
        for response in plan.responses:
            heard = sounds(response.ssml)
            silence = [s for s in heard if isinstance(s, float)]
            assert sum(silence) == pytest.approx(sum(break_seconds(response.ssml)), abs=1e-6)
            words = " ".join(s for s in heard if isinstance(s, str))
            assert words == plain_text(response.ssml)
            assert all(type(a) is not type(b) for a, b in itertools.pairwise(heard))


def test_speaker_says_words_and_keeps_holds_as_silence(library: Library) -> None:
    said: list[list[str]] = []
    slept: list[float] = []
    speaker = Speaker(speed=10, run=said.append, sleep=slept.append)
    speaker(library.plans["ball-lean"].responses[1].ssml)
    assert said[0][:2] == ["espeak-ng", "-v"] and "Lean into the ball" in said[0][-1]
    # The authored holds (40 and 30 s), less the cues spoken inside them, ten times faster.
    plan = library.plans["ball-lean"]
    held = sum(plan.step(n).hold or 0 for n in plan.responses[1].steps)
    assert held == 70
    assert held - 15 <= sum(slept) * 10 <= held


def test_audio_preview_length_agrees_with_the_estimate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], library: Library
) -> None:
    for routine in ("palm-press", "ball-lean"):
        wav = tmp_path / f"{routine}.wav"
        assert main(["audio", routine, "-o", str(wav), "--dir", str(CONTENT)]) == 0
        out = capsys.readouterr().out
        seconds = float(out.split(": ")[1].split(" s of audio")[0])
        estimate = library.plans[routine].seconds
        assert abs(seconds - estimate) / estimate < 0.15, out
        assert wav.stat().st_size > seconds * 20_000  # really that long: 22 kHz, 16 bits


@pytest.fixture(scope="module")
def dev_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("devserver")
    env = {"SKILL_DATA_PATH": str(folder / "skill.sqlite3")}
    process, url = serve_skill(["--dev"], folder / "server.log", env)
    try:
        yield f"{url}/alexa"
    finally:
        stop(process)


def chat(url: str, lines: list[str]) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "skill.cli", "chat", "--url", url, "--user", "amzn1.ask.account.X"],
        input="\n".join(lines),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout


def test_chat_over_http_keeps_progress_across_runs(dev_server: str) -> None:
    first = chat(
        dev_server,
        ["open back release coach", "start the palm press", "yes", "next", ":at 20", "stop"],
    )
    assert "The palm press:" in first and "[session ended]" in first
    second = chat(dev_server, ["open back release coach", "yes", "yes"])  # then the check
    assert (
        "Last time you stopped in the palm press, at the palms hold. Shall we carry on?" in second
    )
    assert "seconds left in this hold" in second


def test_chat_at_a_terminal_prompts_and_answers(tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "skill.cli", "chat", "--memory", "--dir", str(CONTENT)],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        close_fds=True,
    )
    os.close(follower)
    output = b""

    def read_until(marker: bytes, seconds: float = 20) -> None:
        nonlocal output
        deadline = time.monotonic() + seconds
        while marker not in output and time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.2)
            if ready:
                try:
                    output += os.read(leader, 4096)
                except OSError:
                    break

    try:
        read_until(b"you> ")
        os.write(leader, b"open back release coach\r")
        read_until(b"What would you like to do?")
        os.write(leader, b":quit\r")
        process.wait(20)
    finally:
        process.kill()
        os.close(leader)
    text = output.decode(errors="replace")
    assert "Type what you would say to Alexa" in text  # the help shown at a terminal
    assert "Alexa: Welcome to Back Release Coach" in text
    assert process.returncode == 0


def test_a_speaker_that_cannot_play_says_so_once(library: Library) -> None:
    class Failed:
        returncode = 1  # espeak-ng with no audio device

    calls: list[list[str]] = []

    def run(argv: list[str]) -> Failed:
        calls.append(argv)
        return Failed()

    speaker = Speaker(run=run, sleep=lambda s: None)
    first = speaker(library.plans["ball-lean"].responses[1].ssml)
    assert first is not None and "could not play sound" in first
    assert speaker(library.plans["ball-lean"].responses[0].ssml) is None and len(calls) == 1
