"""How much of a corpus of real phrasings the simulator's NLU understands as expected.

A corpus is a YAML list of ``{say, intent, slots?, one_shot?}``: what a person said, the
intent it should be understood as, and the ids its slots should resolve to (minutes as digits).
The figure measures the interaction model's samples together with the simulator's matching;
it is only honest when the corpus is written from how people talk, not from the samples.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from skill.content.catalog import match_name
from skill.sim.nlu import Model, Understood, words


@dataclass(frozen=True)
class Case:
    """One phrasing and what it should mean."""

    say: str
    intent: str
    slots: tuple[tuple[str, str], ...] = ()
    one_shot: bool = False


@dataclass(frozen=True)
class Report:
    """The cases understood as expected, and the others with what they were understood as."""

    total: int
    misses: tuple[tuple[Case, str], ...]

    @property
    def hits(self) -> int:
        return self.total - len(self.misses)

    @property
    def share(self) -> float:
        return self.hits / self.total if self.total else 0.0


def load_corpus(path: str | Path) -> list[Case]:
    """Read a corpus file (ValueError naming the entry for one that is malformed)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of phrasings")
    return [_case(path, i, item) for i, item in enumerate(data)]


def _case(path: str | Path, i: int, item: Any) -> Case:
    if not isinstance(item, dict) or not isinstance(item.get("say"), str):
        raise ValueError(f"{path}: entry {i + 1} needs 'say' (text) and 'intent'")
    if not isinstance(item.get("intent"), str):
        raise ValueError(f"{path}: entry {i + 1} ({item['say']!r}) needs an 'intent'")
    slots = item.get("slots") or {}
    if not isinstance(slots, dict):
        raise ValueError(f"{path}: entry {i + 1} ({item['say']!r}): 'slots' must be a mapping")
    pairs = tuple(sorted((str(k), str(v)) for k, v in slots.items()))
    return Case(item["say"], item["intent"], pairs, item.get("one_shot") is True)


def heard_as(model: Model, understood: Understood) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The intent and the slot ids an utterance was understood as, by the skill: a value entity
    resolution doesn't match is matched on the server against names and synonyms (as the
    handlers do, with ``match_name``)."""
    if understood.kind == "launch":
        return "LaunchRequest", ()
    slots = []
    for fill in understood.slots:
        if fill.resolved:
            slots.append((fill.name, fill.resolved[1]))
            continue
        table = {k: v[1] for k, v in model.values.get(fill.slot_type, {}).items()}
        slots.append((fill.name, match_name(fill.value, table) or fill.value))
    return understood.intent, tuple(sorted(slots))


def measure(model: Model, cases: list[Case]) -> Report:
    """Run every case through ``model``."""
    misses = []
    for case in cases:
        understood = model.understand(case.say)
        intent, slots = heard_as(model, understood)
        expected = dict(case.slots)
        got = dict(slots)
        ok = (
            intent == case.intent
            and all(got.get(k) == v for k, v in expected.items())
            and understood.one_shot == case.one_shot
        )
        if not ok:
            shown = intent + (f" {dict(slots)}" if slots else "")
            misses.append((case, shown + (" (one-shot)" if understood.one_shot else "")))
    return Report(len(cases), tuple(misses))


def samples_in(model: dict[str, Any], cases: list[Case]) -> int:
    """How many of the cases are, word for word (after folding), a sample of the model."""
    language = model["interactionModel"]["languageModel"]
    samples = {
        " ".join(words(sample)) for intent in language["intents"] for sample in intent["samples"]
    }
    return sum(1 for case in cases if " ".join(words(case.say)) in samples)
