"""Understand typed utterances the way Alexa would, from the project's interaction model.

Matching is by whole utterance against every sample (slots capture words), after folding case,
punctuation and filler words ("the", "please", "um", a leading "Alexa"). The best match is the
one with the most literal words; a sample that is only slots counts only when its values
resolve. Slot values get Alexa-style entity resolution: ER_SUCCESS_MATCH with the canonical
value and id when the words match a value or synonym, ER_SUCCESS_NO_MATCH otherwise. Amazon's
built-in intents also answer to their usual phrases. Anything else is AMAZON.FallbackIntent.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skill.content.catalog import normalize_name

FILLER = frozenset({"the", "a", "an", "please", "um", "uh", "er", "erm", "hmm", "just", "so"})
OPENERS = ("open", "launch", "start", "begin", "load", "run", "play")
ASKERS = ("ask", "tell")
JOINERS = ("to", "for", "about", "if", "whether", "that", "and")

# What people say for Amazon's built-in intents (the model may add its own samples).
BUILT_IN_PHRASES: dict[str, tuple[str, ...]] = {
    "AMAZON.NextIntent": ("next", "skip", "next one", "move on", "go forward"),
    "AMAZON.PreviousIntent": ("previous", "back", "go back", "last one", "go back one"),
    "AMAZON.RepeatIntent": ("repeat", "say again", "again", "pardon", "what did you say"),
    "AMAZON.StartOverIntent": ("start over", "restart", "from the beginning", "begin again"),
    "AMAZON.PauseIntent": ("pause", "pause it", "hang on", "one moment"),
    "AMAZON.ResumeIntent": ("resume", "continue", "unpause"),
    "AMAZON.HelpIntent": ("help", "help me", "i need help"),
    "AMAZON.StopIntent": ("stop", "quit", "exit", "shut up", "be quiet", "off", "enough"),
    "AMAZON.CancelIntent": ("cancel", "never mind", "forget it"),
    "AMAZON.YesIntent": (
        "yes",
        "yeah",
        "yep",
        "yup",
        "sure",
        "go ahead",
        "yes please",
        "please do",
        "of course",
    ),
    "AMAZON.NoIntent": ("no", "nope", "nah", "no thanks", "no thank you", "not now"),
    "AMAZON.NavigateHomeIntent": ("go home", "home", "main menu"),
}


def words(text: str) -> list[str]:
    """Lower-case words without punctuation or filler words; a leading 'alexa' is dropped."""
    found = re.sub(r"[^a-z0-9' ]+", " ", text.lower().replace("-", " ")).split()
    if found and found[0] == "alexa":
        found = found[1:]
    return [w for w in found if w not in FILLER]


@dataclass(frozen=True)
class SlotFill:
    """A slot as heard: the words, and what entity resolution made of them."""

    name: str
    value: str
    slot_type: str
    resolved: tuple[str, str] | None  # (canonical value, id)


@dataclass(frozen=True)
class Understood:
    """What an utterance means: open the skill, an intent (maybe one-shot), or nothing."""

    kind: str  # "launch", "intent" or "empty"
    intent: str = ""
    slots: tuple[SlotFill, ...] = ()
    one_shot: bool = False  # "ask back release coach to ...": a new session


@dataclass(frozen=True)
class _Sample:
    intent: str
    pattern: re.Pattern[str]
    literal: int  # how many literal words: more is a better match
    slots: tuple[str, ...]


@dataclass
class Model:
    """An interaction model compiled for matching."""

    invocation: tuple[str, ...]
    samples: list[_Sample] = field(default_factory=list)
    slot_types: dict[str, dict[str, str]] = field(default_factory=dict)  # intent.slot -> type
    values: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path) -> Model:
        """Read interaction_models/<locale>.json."""
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Model:
        language = data["interactionModel"]["languageModel"]
        model = cls(tuple(words(language["invocationName"])))
        for slot_type in language.get("types", []):
            table: dict[str, tuple[str, str]] = {}
            for value in slot_type.get("values", []):
                name = value["name"]
                canonical = (name["value"], value.get("id") or name["value"])
                for said in (name["value"], *name.get("synonyms", [])):
                    table.setdefault(normalize_name(said), canonical)
            model.values[slot_type["name"]] = table
        for intent in language["intents"]:
            types = {s["name"]: s["type"] for s in intent.get("slots", [])}
            model.slot_types[intent["name"]] = types
            phrases = [*intent.get("samples", []), *BUILT_IN_PHRASES.get(intent["name"], ())]
            for sample in dict.fromkeys(phrases):
                model.samples.append(_compile(intent["name"], sample))
        return model

    def understand(self, utterance: str) -> Understood:
        """The meaning of one utterance."""
        heard = words(utterance)
        if not heard:
            return Understood("empty")
        inv = list(self.invocation)
        for start in range(len(heard)):
            if heard[start : start + len(inv)] == inv:
                before, after = heard[:start], heard[start + len(inv) :]
                if before and before[-1] in ASKERS:
                    while after and after[0] in JOINERS:
                        after = after[1:]
                    if not after:
                        return Understood("launch")
                    found = self._intent(after)
                    return Understood("intent", found.intent, found.slots, one_shot=True)
                if not after or (before and before[-1] in OPENERS):
                    return Understood("launch")
        return self._intent(heard)

    def _intent(self, heard: list[str]) -> Understood:
        text = " ".join(heard)
        best: tuple[tuple[int, int], Understood] | None = None
        for sample in self.samples:
            match = sample.pattern.fullmatch(text)
            if match is None:
                continue
            fills = tuple(
                self._fill(sample.intent, name, match.group(name)) for name in sample.slots
            )
            resolved = sum(1 for f in fills if f.resolved is not None)
            if sample.literal == 0 and resolved < len(fills):
                continue  # "{routine}" alone only counts when it names something real
            score = (sample.literal + 2 * resolved, -len(fills))
            if best is None or score > best[0]:
                best = (score, Understood("intent", sample.intent, fills))
        return best[1] if best else Understood("intent", "AMAZON.FallbackIntent")

    def _fill(self, intent: str, slot: str, said: str) -> SlotFill:
        slot_type = self.slot_types.get(intent, {}).get(slot, "")
        resolved = self.values.get(slot_type, {}).get(normalize_name(said))
        return SlotFill(slot, said, slot_type, resolved)


def _compile(intent: str, sample: str) -> _Sample:
    """A sample such as 'start the {routine} one' as a regular expression over folded words."""
    parts, slots, literal = [], [], 0
    for token in re.split(r"(\{\w+\})", sample):
        if token.startswith("{"):
            name = token[1:-1]
            slots.append(name)
            parts.append(f"(?P<{name}>.+?)")
        else:
            folded = words(token)
            literal += len(folded)
            parts.extend(re.escape(w) for w in folded)
    return _Sample(intent, re.compile(" ".join(parts)), literal, tuple(slots))
