"""Understand typed utterances the way Alexa would, from the project's interaction model.

Two stages, after folding case, punctuation and filler words ("the", "please", "um", a leading
"Alexa"):

1. Exact: the whole utterance against every sample (slots capture words). The best match is
   the one with the most literal words; a sample that is only slots counts only when its
   values resolve.
2. Near: Alexa's NLU generalises from its samples, so an utterance that matches none is
   compared with every sample as a bag of word stems and word pairs, weighted by how rare each
   is across the samples (TF-IDF cosine). Slot values found in the utterance (a routine, topic,
   body area or number) stand in as their slot, so "my bum is killing me" is near "my {area}
   is killing me". The nearest sample wins if it is near enough (NEAR_ENOUGH); otherwise the
   utterance is AMAZON.FallbackIntent, as out-of-domain requests are on a device.

Slot values get Alexa-style entity resolution: ER_SUCCESS_MATCH with the canonical value and id
when the words match a value or synonym, ER_SUCCESS_NO_MATCH otherwise (built-in types such as
AMAZON.NUMBER carry a value only: "five" is sent as "5"). Amazon's built-in intents also answer
to their usual phrases. ``tests/corpus`` measures how well this generalises (make test prints
the figure).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skill.content.catalog import normalize_name
from skill.model.samples import AREA_SLOT, MINUTES_SLOT, ROUTINE_SLOT, TOPIC_SLOT
from skill.sim.words import MINUTES, features, number, span_end, weight_of

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

    @property
    def request(self) -> str:
        """What Alexa would send: "LaunchRequest", the intent's name, or "" for nothing."""
        return "LaunchRequest" if self.kind == "launch" else self.intent


@dataclass(frozen=True)
class _Sample:
    intent: str
    pattern: re.Pattern[str]
    literal: int  # how many literal words: more is a better match
    slots: tuple[str, ...]
    tokens: tuple[str, ...]  # folded words, with "{slot}" for each slot


NEAR_ENOUGH = 0.3  # similarity below which an utterance matches no sample
BETA = 2.0  # how much more a sample's words heard count than the utterance's words matched
NUMBER = MINUTES_SLOT[1]
MAX_UNKNOWN_WORDS = 3
STRONG = 0.6  # a near match this close beats an exact one that captured an unknown name


@dataclass(frozen=True)
class _Near:
    """A sample as a weighted bag of features, for the near stage."""

    intent: str
    slots: tuple[tuple[str, str], ...]  # (slot name, slot type) in order of appearance
    weights: dict[str, float]
    total: float


@dataclass
class Model:
    """An interaction model compiled for matching."""

    invocation: tuple[str, ...]
    samples: list[_Sample] = field(default_factory=list)
    slot_types: dict[str, dict[str, str]] = field(default_factory=dict)  # intent.slot -> type
    values: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    near: list[_Near] = field(default_factory=list)
    idf: dict[str, float] = field(default_factory=dict)
    spans: list[tuple[str, list[str]]] = field(default_factory=list)

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
        model._index()
        return model

    def _index(self) -> None:
        """Weigh every sample's features by how rare they are across all samples."""
        bags = []
        for sample in self.samples:
            types = self.slot_types.get(sample.intent, {})
            tokens = [
                f"{{{types.get(t[1:-1], t[1:-1])}}}" if t.startswith("{") else t
                for t in sample.tokens
            ]
            tokens = self._spot_values(tokens)[0]  # a value written into a sample, as heard
            slots = tuple((t[1:-1], types.get(t[1:-1], "")) for t in sample.tokens if t[0] == "{")
            bags.append((sample.intent, slots, features(tokens)))
        # Rarity across intents, not samples: a word every sample of one intent uses ("safe")
        # tells intents apart; one that many intents use ("this is") does not.
        by_intent: dict[str, set[str]] = {}
        for intent, _, bag in bags:
            by_intent.setdefault(intent, set()).update(bag)
        counts: Counter[str] = Counter(f for seen in by_intent.values() for f in seen)
        total = len(by_intent) or 1
        self.idf = {f: math.log(1 + total / n) for f, n in counts.items()}
        for intent, slots, bag in bags:
            weights = {f: n * self.idf[f] * weight_of(f) for f, n in bag.items()}
            self.near.append(_Near(intent, slots, weights, sum(weights.values()) or 1.0))

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
        """An exact match whose slots all resolve; else the nearest sample; else an exact match
        that captured words naming nothing known ("start the yoga one": the skill says it has
        no routine by that name); else nothing."""
        exact = self._exact(heard)
        # A name we don't know is a few words, not a sentence caught by "my {area} is ...",
        # nor the name of something of another kind ("tell me about the ball lean").
        known = all(
            f.resolved
            or f.slot_type == NUMBER
            or (len(f.value.split()) <= MAX_UNKNOWN_WORDS and not self._names_any(f.value))
            for f in exact.slots
        )
        if exact.intent == "AMAZON.FallbackIntent" or not known:
            return self._near(heard) or Understood("intent", "AMAZON.FallbackIntent")
        if all(f.resolved or f.slot_type == NUMBER for f in exact.slots):
            return exact
        # Words that name nothing known: unless another intent is clearly nearer ("skip this
        # one" is not a routine called "this"), they are a name the skill doesn't have.
        near = self._near(heard, STRONG)
        return near if near is not None and near.intent != exact.intent else exact

    def _names_any(self, said: str) -> bool:
        """Whether the words are, in full, the name of a routine or a topic (an area is fine:
        "start the lower back one" is a routine asked for by its area)."""
        folded = normalize_name(said)
        return any(folded in self.values.get(t, {}) for t in (ROUTINE_SLOT[1], TOPIC_SLOT[1]))

    def _near(self, heard: list[str], enough: float = NEAR_ENOUGH) -> Understood | None:
        """The nearest sample, with the slot values found in the utterance (see the module's
        note), or None when no sample is near enough."""
        tokens, found = self._spot_values(heard)
        bag = features(tokens)
        unseen = math.log(1 + len(self.near))
        weights = {f: n * self.idf.get(f, unseen) * weight_of(f) for f, n in bag.items()}
        best: tuple[float, _Near] | None = None
        total = sum(weights.values()) or 1.0
        for sample in self.near:
            shared = [f for f in weights if f in sample.weights]
            if not shared:
                continue
            recall = sum(sample.weights[f] for f in shared) / sample.total
            precision = sum(weights[f] for f in shared) / total
            score = (1 + BETA**2) * precision * recall / (BETA**2 * precision + recall)
            if best is None or score > best[0]:
                best = (score, sample)
        if best is None or best[0] < enough:
            return None
        sample = best[1]
        fills = []
        for name, slot_type in sample.slots:
            if found.get(slot_type):
                said = found[slot_type].pop(0)
                fills.append(self._filled(name, slot_type, said))
        return Understood("intent", sample.intent, tuple(fills))

    def _spot_values(self, heard: list[str]) -> tuple[list[str], dict[str, list[str]]]:
        """The utterance with known slot values (longest first) replaced by their type."""
        tokens = list(heard)
        found: dict[str, list[str]] = {}
        if not self.spans:  # every value, longest first (worked out once)
            spans = [(slot_type, v.split()) for slot_type, t in self.values.items() for v in t]
            # Longest first; of equal length, a body area before a routine's name ("my
            # shoulder hurts" is about an area, not a request to start the shoulder hold).
            self.spans = sorted(spans, key=lambda s: (-len(s[1]), s[0] != AREA_SLOT[1]))
        present = {t.removesuffix("'s") for t in tokens}
        for slot_type, words_ in self.spans:
            if words_[0] not in present:
                continue
            i = 0
            while i < len(tokens):
                end = span_end(tokens, i, words_)
                # A body area of one word is one only after "my" ("my back", not "go back").
                owned = len(words_) > 1 or slot_type != AREA_SLOT[1] or tokens[i - 1 : i] == ["my"]
                if end is not None and owned:
                    found.setdefault(slot_type, []).append(" ".join(words_))
                    tokens[i:end] = [f"{{{slot_type}}}"]
                i += 1
        # A number is a slot only as a count of minutes ("five minutes"), the one number the
        # model asks for: "the second one" and "this one" are not numbers.
        for i in range(len(tokens) - 1, 0, -1):
            if tokens[i] not in MINUTES:
                continue
            for start in (i - 3, i - 2, i - 1):
                said = " ".join(tokens[max(start, 0) : i])
                if start >= 0 and number(said) is not None:
                    found.setdefault(NUMBER, []).insert(0, said)
                    tokens[start:i] = [f"{{{NUMBER}}}"]
                    break
        return tokens, found

    def _filled(self, slot: str, slot_type: str, said: str) -> SlotFill:
        if slot_type == NUMBER:
            return SlotFill(slot, number(said) or said, slot_type, None)
        return SlotFill(slot, said, slot_type, self.values.get(slot_type, {}).get(said))

    def _exact(self, heard: list[str]) -> Understood:
        text = " ".join(heard)
        best: tuple[tuple[int, int], Understood] | None = None
        for sample in self.samples:
            match = sample.pattern.fullmatch(text)
            if match is None:
                continue
            fills = tuple(
                self._fill(sample.intent, name, match.group(name)) for name in sample.slots
            )
            resolved = sum(1 for f in fills if f.resolved is not None or f.slot_type == NUMBER)
            if sample.literal == 0 and resolved < len(fills):
                continue  # "{routine}" alone counts only when it names something real
            score = (sample.literal + 2 * resolved, -len(fills))
            if best is None or score > best[0]:
                best = (score, Understood("intent", sample.intent, fills))
        return best[1] if best else Understood("intent", "AMAZON.FallbackIntent")

    def _fill(self, intent: str, slot: str, said: str) -> SlotFill:
        slot_type = self.slot_types.get(intent, {}).get(slot, "")
        if slot_type == NUMBER:
            return SlotFill(slot, number(said) or said, slot_type, None)
        resolved = self.values.get(slot_type, {}).get(normalize_name(said))
        return SlotFill(slot, said, slot_type, resolved)


def _compile(intent: str, sample: str) -> _Sample:
    """A sample such as 'start the {routine} one' as a regular expression over folded words."""
    parts, slots, literal, tokens = [], [], 0, []
    for token in re.split(r"(\{\w+\})", sample):
        if token.startswith("{"):
            name = token[1:-1]
            slots.append(name)
            parts.append(f"(?P<{name}>.+?)")
            tokens.append(token)
        else:
            folded = words(token)
            literal += len(folded)
            parts.extend(re.escape(w) for w in folded)
            tokens.extend(folded)
    return _Sample(intent, re.compile(" ".join(parts)), literal, tuple(slots), tuple(tokens))
