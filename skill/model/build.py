"""Generate interaction_models/<locale>.json from the samples and the routines' names."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from skill.content.areas import AREAS, WANTS
from skill.content.catalog import Catalog, Routine, Topic
from skill.model.samples import (
    AREA_SLOT,
    BUILT_IN,
    CUSTOM,
    INVOCATION_NAME,
    LOCALE_SAMPLES,
    SLOTS,
    WANT_SLOT,
)

MODELS_DIR = Path(__file__).resolve().parent.parent.parent / "interaction_models"
LOCALES = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")


def _slot_type(
    name: str, items: tuple[Routine, ...] | tuple[Topic, ...], catalog: Catalog
) -> dict[str, Any]:
    def synonyms(item: Routine | Topic) -> list[str]:
        said = catalog.spoken_names(item) if isinstance(item, Routine) else item.names
        return list(said[1:])

    return {
        "name": name,
        "values": [
            {"id": item.id, "name": {"value": item.name, "synonyms": synonyms(item)}}
            for item in items
        ],
    }


def _vocabulary_type(name: str, table: dict[str, tuple[str, tuple[str, ...]]]) -> dict[str, Any]:
    """A slot type from one of the fixed vocabularies: id -> (name, synonyms)."""
    return {
        "name": name,
        "values": [
            {"id": id_, "name": {"value": value, "synonyms": list(synonyms)}}
            for id_, (value, synonyms) in table.items()
        ],
    }


def build_model(catalog: Catalog, locale: str = "en-US") -> dict[str, Any]:
    """A locale's interaction model: every intent the skill handles, the shared samples plus the
    locale's own phrasings, slot values from the catalog and the fixed vocabularies."""
    intents: list[dict[str, Any]] = []
    extra = LOCALE_SAMPLES.get(locale, {})
    for name, samples in {**CUSTOM, **BUILT_IN}.items():
        phrases = list(dict.fromkeys((*samples, *extra.get(name, ()))))
        intent: dict[str, Any] = {"name": name, "samples": phrases}
        if name in SLOTS:
            intent["slots"] = [{"name": slot, "type": kind} for slot, kind in SLOTS[name]]
        intents.append(intent)
    return {
        "interactionModel": {
            "languageModel": {
                "invocationName": INVOCATION_NAME,
                "intents": intents,
                "types": [
                    _slot_type("ROUTINE_NAME", catalog.routines, catalog),
                    _slot_type("TOPIC_NAME", catalog.topics, catalog),
                    _vocabulary_type(AREA_SLOT[1], AREAS),
                    _vocabulary_type(WANT_SLOT[1], WANTS),
                ],
            }
        }
    }


def render_model(catalog: Catalog, locale: str = "en-US") -> str:
    """The model as the text written to disk (stable, so diffs stay small)."""
    return json.dumps(build_model(catalog, locale), indent=2, ensure_ascii=False) + "\n"


def write_models(catalog: Catalog, directory: Path = MODELS_DIR) -> list[Path]:
    """Write every locale's model; return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for locale in LOCALES:
        path = directory / f"{locale}.json"
        path.write_text(render_model(catalog, locale), encoding="utf-8")
        written.append(path)
    return written
