"""Consistency: the checked-in model and schemas are current, and intents match handlers."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from skill.content import loader
from skill.content.areas import AREAS, WANTS
from skill.content.catalog import Catalog
from skill.content.schema import document_schema
from skill.model.build import LOCALES, build_model
from skill.model.samples import BUILT_IN, CUSTOM, LOCALE_SAMPLES, SLOTS
from skill.sim.nlu import Model, words
from skill.skill_builder import handled_intents

ROOT = Path(__file__).resolve().parent.parent
CONTENT = Path(__file__).resolve().parent / "fixtures" / "content"
CURE_WORDS = {"cure", "heal", "healing", "treat", "treatment", "therapy", "fix", "pain"}
# Amazon's guidance: at least 30 varied samples for every custom intent.
MIN_SAMPLES = 30


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    """The fixture content (only its names and synonyms reach the model, so no planning)."""
    return loader.load_catalog(CONTENT)


@pytest.fixture(scope="module")
def models(catalog: Catalog) -> dict[str, dict[str, Any]]:
    """Each locale's model as build-model makes it, for the fixture content."""
    return {
        locale: build_model(catalog, locale)["interactionModel"]["languageModel"]
        for locale in LOCALES
    }


def _folded(sample: str, slot_types: dict[str, str]) -> str:
    """A sample as the simulator hears it (filler words gone), each slot shown by its type."""
    marked = re.sub(r"\{(\w+)\}", lambda m: f" {slot_types[m.group(1)]} ", sample)
    return " ".join(words(marked))


@pytest.mark.parametrize("locale", LOCALES)
def test_every_intent_has_a_handler_and_every_handler_an_intent(
    models: dict[str, dict[str, Any]], locale: str
) -> None:
    in_model = {i["name"] for i in models[locale]["intents"]}
    assert in_model == handled_intents()


@pytest.mark.parametrize("locale", LOCALES)
def test_custom_intents_have_thirty_varied_samples(
    models: dict[str, dict[str, Any]], locale: str
) -> None:
    custom = [i for i in models[locale]["intents"] if not i["name"].startswith("AMAZON.")]
    assert {i["name"] for i in custom} == set(CUSTOM)
    for item in custom:
        samples = item["samples"]
        assert len(set(samples)) == len(samples), item["name"]
        assert len(samples) >= MIN_SAMPLES, f"{item['name']} has {len(samples)} samples"
        # Varied, not one phrase with "the" dropped: count them as the simulator hears them.
        slot_types = {s["name"]: s["type"] for s in item.get("slots", [])}
        heard = {_folded(sample, slot_types) for sample in samples}
        assert len(heard) >= MIN_SAMPLES, f"{item['name']} has {len(heard)} distinct samples"


@pytest.mark.parametrize("locale", LOCALES)
def test_samples_are_well_formed_and_use_only_declared_slots(
    models: dict[str, dict[str, Any]], locale: str
) -> None:
    for item in models[locale]["intents"]:
        declared = {s["name"] for s in item.get("slots", [])}
        used: set[str] = set()
        for sample in item["samples"]:
            # Alexa accepts letters, apostrophes, spaces and {slots} in samples.
            assert re.fullmatch(r"[a-z' {}]+", sample), sample
            assert sample == " ".join(sample.split()), sample
            for slot in re.findall(r"\{(\w+)\}", sample):
                assert slot in declared, f"{item['name']}: {sample}"
                used.add(slot)
        assert used == declared, f"{item['name']} never uses {declared - used}"


def test_slots_are_declared_with_a_known_type(models: dict[str, dict[str, Any]]) -> None:
    assert set(SLOTS) <= set(CUSTOM)
    for locale, model in models.items():
        types = {t["name"] for t in model["types"]}
        for item in model["intents"]:
            expected = [{"name": slot, "type": kind} for slot, kind in SLOTS.get(item["name"], ())]
            assert item.get("slots", []) == expected, item["name"]
            for slot in expected:
                assert slot["type"] in types or slot["type"].startswith("AMAZON."), slot
        assert {"ROUTINE_NAME", "TOPIC_NAME", "BODY_AREA", "ROUTINE_WANT"} <= types, locale


@pytest.mark.parametrize("locale", LOCALES)
def test_samples_are_not_shared_between_intents(
    models: dict[str, dict[str, Any]], locale: str
) -> None:
    seen: dict[str, str] = {}
    for item in models[locale]["intents"]:
        for sample in item["samples"]:
            assert seen.setdefault(sample, item["name"]) == item["name"], sample


@pytest.mark.parametrize("locale", LOCALES)
def test_samples_are_not_shared_once_filler_words_are_dropped(
    models: dict[str, dict[str, Any]], locale: str
) -> None:
    """'start the {routine}' and 'start {routine}' sound alike; two intents may not both have
    such a pair (slots count as alike only when they have the same type)."""
    seen: dict[str, tuple[str, str]] = {}
    for item in models[locale]["intents"]:
        slot_types = {s["name"]: s["type"] for s in item.get("slots", [])}
        for sample in item["samples"]:
            first = seen.setdefault(_folded(sample, slot_types), (item["name"], sample))
            assert first[0] == item["name"], f"{first} and {(item['name'], sample)}"


@pytest.mark.parametrize("locale", LOCALES)
def test_the_simulator_understands_every_plain_sample_as_its_intent(
    models: dict[str, dict[str, Any]], locale: str
) -> None:
    """A sample without slots, said as written, reaches its own intent (no other intent's
    sample, with a slot filled by a real value, matches it better)."""
    nlu = Model.from_json({"interactionModel": {"languageModel": models[locale]}})
    for item in models[locale]["intents"]:
        for sample in item["samples"]:
            if "{" not in sample:
                assert nlu.understand(sample).intent == item["name"], sample


def test_locale_samples_are_for_intents_in_the_model() -> None:
    known = {*CUSTOM, *BUILT_IN}
    for locale, extra in LOCALE_SAMPLES.items():
        assert locale in LOCALES
        assert set(extra) <= known, f"{locale}: {set(extra) - known}"


def test_locales_add_to_the_shared_samples_without_repeating_them() -> None:
    for locale, extra in LOCALE_SAMPLES.items():
        for name, samples in extra.items():
            shared = {*CUSTOM.get(name, ()), *BUILT_IN.get(name, ())}
            assert not shared & set(samples), f"{locale} {name}: {shared & set(samples)}"


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
    models: dict[str, dict[str, Any]], catalog: Catalog
) -> None:
    types = {t["name"]: t for t in models["en-US"]["types"]}
    routines = {v["id"]: v["name"] for v in types["ROUTINE_NAME"]["values"]}
    for routine in catalog.routines:
        assert routines[routine.id] == {"value": routine.name, "synonyms": list(routine.synonyms)}
    topics = {v["id"] for v in types["TOPIC_NAME"]["values"]}
    assert topics == {t.id for t in catalog.topics}


@pytest.mark.parametrize(
    ("slot_type", "table"), [("BODY_AREA", AREAS), ("ROUTINE_WANT", WANTS)], ids=["area", "want"]
)
def test_vocabulary_slot_types_have_every_id_of_areas_py(
    models: dict[str, dict[str, Any]],
    slot_type: str,
    table: dict[str, tuple[str, tuple[str, ...]]],
) -> None:
    for locale, model in models.items():
        types = {t["name"]: t for t in model["types"]}
        values = {v["id"]: v["name"] for v in types[slot_type]["values"]}
        assert set(values) == set(table), locale
        for id_, (name, synonyms) in table.items():
            assert values[id_] == {"value": name, "synonyms": list(synonyms)}, id_


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
