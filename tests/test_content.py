"""Smoke tests of the shipped content: it loads, every routine plays from start to finish,
every topic answers, and the generated files are current. They pin no counts and no wording,
so adding, removing or rewording a routine (then `make generate`) keeps them green; the last
test proves that on a changed copy. The only tests that read routines/: SKILL_TEST_CONTENT and
SKILL_TEST_MODELS point them at another content folder and its models."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from helpers import check_limits, simulator
from skill.content.schema import document_schema
from skill.library import Library, load_library
from skill.model.build import LOCALES, render_model
from skill.skill_builder import build_skill
from skill.speech import prompts
from skill.speech.ssml import card_text, plain_text
from skill.speech.topics import emergency

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = Path(os.environ.get("SKILL_TEST_CONTENT", ROOT / "routines"))
MODELS = Path(os.environ.get("SKILL_TEST_MODELS", ROOT / "interaction_models"))


@pytest.fixture(scope="module")
def shipped() -> Library:
    return load_library(SHIPPED)


def routine_ids() -> list[str]:
    """The shipped routines, by file (so each one is a test of its own)."""
    files = sorted(SHIPPED.glob("*.yaml"))
    return [p.stem for p in files if p.name not in ("topics.yaml", "safety.yaml")]


@pytest.mark.parametrize("screen", [False, True], ids=["speaker", "show"])
@pytest.mark.parametrize("routine", routine_ids())
def test_every_routine_plays_from_start_to_finish(
    shipped: Library, routine: str, screen: bool
) -> None:
    plan = shipped.plans[routine]
    # Every answer is checked against the limits (on a show, with its APL document).
    sim = simulator(build_skill(shipped), shipped, screen=screen)
    sim.launch()
    answer = sim.intent("StartRoutineIntent", routine=(plan.routine.name, routine))
    assert answer.state["question"] == {"ask": "safety-check", "about": routine}
    answer = sim.intent("AMAZON.YesIntent")
    for index in range(len(plan.responses)):
        assert answer.state["place"]["routine"] == routine
        assert answer.state["place"]["response"] == index
        assert not answer.ends and answer.text != prompts.ERROR
        if screen:  # the step screen shows the routine, in the words being said
            assert answer.screen is not None and answer.screen.kind == "step"
            shown = answer.screen.properties
            assert shown["routine"].lower() == plan.routine.name.lower()
            said = card_text(answer.speech)
            for part in shown["parts"]:
                for sentence in re.split(r"(?<=[.!?])\s+", f"{part['text']} {part['after']}"):
                    assert sentence.strip() in said, sentence
        if index < len(plan.responses) - 1:
            answer = sim.intent("AMAZON.NextIntent")
    assert answer.state["question"] == {"ask": "ending", "about": routine}
    after = sim.intent("AMAZON.YesIntent")  # the wrap-up it offers, or the list of routines
    assert after.text != prompts.ERROR and not after.ends
    wrap_up = shipped.catalog.wrap_up_after(plan.routine)
    assert after.state.get("place", {}).get("routine") == (wrap_up.id if wrap_up else None)


def test_every_topic_answers_briefly_then_in_more_detail(shipped: Library) -> None:
    sim = simulator(build_skill(shipped), shipped)
    sim.launch()
    for topic in shipped.catalog.topics:
        brief = sim.intent("ExplainIntent", topic=(topic.name, topic.id))
        assert brief.state["question"] == {"ask": "more", "about": topic.id}
        more = sim.intent("AMAZON.YesIntent")
        assert more.text.endswith(prompts.AFTER_MORE) and more.text != brief.text


@pytest.mark.parametrize("locale", LOCALES)
def test_the_safety_answer_gives_each_locale_its_number(shipped: Library, locale: str) -> None:
    sim = simulator(build_skill(shipped), shipped, locale=locale)
    answer = sim.intent("SafetyIntent")
    assert shipped.catalog.safety.disclaimer in answer.text
    assert plain_text(emergency(shipped.catalog.safety, locale)) in answer.text


@pytest.mark.parametrize("locale", LOCALES)
def test_checked_in_model_is_what_build_model_writes(shipped: Library, locale: str) -> None:
    assert (MODELS / f"{locale}.json").read_text() == render_model(shipped.catalog, locale), (
        "run `make generate` and commit the result"
    )


def test_shipped_files_pass_the_json_schema_and_point_at_it() -> None:
    for path in sorted(SHIPPED.glob("*.yaml")):
        kind = {"topics.yaml": "topics", "safety.yaml": "safety"}.get(path.name, "routine")
        first_line = path.read_text().splitlines()[0]
        assert first_line == f"# yaml-language-server: $schema=schema/{kind}.schema.json"
        jsonschema.validate(yaml.safe_load(path.read_text()), document_schema(kind))


def test_an_added_removed_or_reworded_routine_keeps_these_checks_green(tmp_path: Path) -> None:
    content, models = tmp_path / "routines", tmp_path / "models"
    shutil.copytree(SHIPPED, content)
    fixture = ROOT / "tests" / "fixtures" / "content" / "palm-press.yaml"
    # A new routine, the README's way; its id and names are made unlike any a routine of
    # routines/ may have, so a clash with a real routine can't fail this test.
    added = (
        fixture.read_text()
        .replace("../../../routines/schema/", "schema/")
        .replace("id: palm-press", "id: zz-added-routine")
        .replace("name: palm press", "name: zz added routine")
        .replace("synonyms: [palms, the palm one]", "synonyms: [zz added]")
    )
    (content / "zz-added-routine.yaml").write_text(added)
    routines = [p for p in sorted(content.glob("*.yaml")) if "kind: wrap-up" not in p.read_text()]
    routines = [p for p in routines if p.name not in ("topics.yaml", "safety.yaml")]
    routines[0].unlink()  # one gone
    reworded = routines[1]
    text = reworded.read_text()
    reworded.write_text(re.sub(r"(\n  - say: )", r"\1Gently now. ", text, count=1))
    run = [sys.executable, "-m", "skill.cli"]
    subprocess.run([*run, "build-model", "--dir", str(content), "--out", str(models)], check=True)
    env = {**os.environ, "SKILL_TEST_CONTENT": str(content), "SKILL_TEST_MODELS": str(models)}
    result = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", __file__, "-o", "addopts=", "-v"),
            *("-p", "no:cacheprovider"),
            *("-k", "not keeps_these_checks_green"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    for device in ("speaker", "show"):
        assert f"plays_from_start_to_finish[zz-added-routine-{device}] PASSED" in result.stdout
    assert f"plays_from_start_to_finish[{routines[0].stem}-" not in result.stdout


def test_responses_of_every_routine_fit_alexa_s_limits(shipped: Library) -> None:
    for plan in shipped.plans.values():
        for response in plan.responses:
            body = {"outputSpeech": {"ssml": f"<speak>{response.ssml}</speak>"}, "reprompt": None}
            check_limits({"response": {**body, "shouldEndSession": True}})
