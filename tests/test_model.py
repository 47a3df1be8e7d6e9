"""Consistency: the checked-in model and schemas are current, and intents match handlers."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from skill.content.schema import document_schema
from skill.library import Library
from skill.model.build import LOCALES, build_model
from skill.skill_builder import handled_intents

ROOT = Path(__file__).resolve().parent.parent
CONTENT = Path(__file__).resolve().parent / "fixtures" / "content"
CURE_WORDS = {"cure", "heal", "healing", "treat", "treatment", "therapy", "fix", "pain"}


@pytest.fixture(scope="module")
def models(library: Library) -> dict[str, dict[str, Any]]:
    """Each locale's model as build-model makes it, for the fixture content."""
    return {
        locale: build_model(library.catalog, locale)["interactionModel"]["languageModel"]
        for locale in LOCALES
    }


@pytest.mark.parametrize("locale", LOCALES)
def test_every_intent_has_a_handler_and_every_handler_an_intent(
    models: dict[str, dict[str, Any]], locale: str
) -> None:
    in_model = {i["name"] for i in models[locale]["intents"]}
    assert in_model == handled_intents()


@pytest.mark.parametrize("locale", LOCALES)
def test_custom_intents_have_ten_varied_samples(
    models: dict[str, dict[str, Any]], locale: str
) -> None:
    for item in models[locale]["intents"]:
        if item["name"].startswith("AMAZON."):
            continue
        samples = item["samples"]
        assert len(samples) >= 10, item["name"]
        assert len(set(samples)) == len(samples), item["name"]
        for sample in samples:
            # Alexa accepts letters, apostrophes, spaces and {slots} in samples.
            assert re.fullmatch(r"[a-z' {}]+", sample), sample
            for slot in re.findall(r"\{(\w+)\}", sample):
                assert slot in {s["name"] for s in item.get("slots", [])}, sample


@pytest.mark.parametrize("locale", LOCALES)
def test_samples_are_not_shared_between_intents(
    models: dict[str, dict[str, Any]], locale: str
) -> None:
    seen: dict[str, str] = {}
    for item in models[locale]["intents"]:
        for sample in item["samples"]:
            assert seen.setdefault(sample, item["name"]) == item["name"], sample


@pytest.mark.parametrize("locale", LOCALES)
def test_invocation_name(models: dict[str, dict[str, Any]], locale: str) -> None:
    name = models[locale]["invocationName"]
    words = name.split()
    assert len(words) >= 2 and name == name.lower()
    assert not CURE_WORDS & set(words)


def test_required_built_in_intents_are_present(models: dict[str, dict[str, Any]]) -> None:
    names = {i["name"] for i in models["en-US"]["intents"]}
    for required in (
        "AMAZON.HelpIntent",
        "AMAZON.StopIntent",
        "AMAZON.CancelIntent",
        "AMAZON.FallbackIntent",
        "AMAZON.NavigateHomeIntent",
    ):
        assert required in names


def test_slot_values_come_from_the_yaml(
    models: dict[str, dict[str, Any]], library: Library
) -> None:
    types = {t["name"]: t for t in models["en-US"]["types"]}
    routines = {v["id"]: v["name"] for v in types["ROUTINE_NAME"]["values"]}
    for routine in library.catalog.routines:
        assert routines[routine.id] == {"value": routine.name, "synonyms": list(routine.synonyms)}
    topics = {v["id"] for v in types["TOPIC_NAME"]["values"]}
    assert topics == {t.id for t in library.catalog.topics}


@pytest.mark.parametrize("kind", ["routine", "topics", "safety"])
def test_checked_in_schemas_are_current(kind: str) -> None:
    path = ROOT / "routines" / "schema" / f"{kind}.schema.json"
    assert json.loads(path.read_text()) == document_schema(kind)


def test_content_files_pass_the_json_schema_and_point_at_it() -> None:
    for path in sorted(CONTENT.glob("*.yaml")):
        kind = {"topics.yaml": "topics", "safety.yaml": "safety"}.get(path.name, "routine")
        first_line = path.read_text().splitlines()[0]
        assert first_line.endswith(f"routines/schema/{kind}.schema.json")
        jsonschema.validate(yaml.safe_load(path.read_text()), document_schema(kind))


def test_json_schema_rejects_what_the_loader_rejects() -> None:
    routine = yaml.safe_load((CONTENT / "ball-lean.yaml").read_text())
    jsonschema.validate(routine, document_schema("routine"))
    routine["steps"][0]["hld"] = 30
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(routine, document_schema("routine"))
