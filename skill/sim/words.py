"""Word-level helpers for the simulator's NLU: numbers said in words, rough stems, the
features utterances are compared by, and where a slot value is said."""

from __future__ import annotations

import itertools
from collections import Counter

MINUTES = frozenset({"minute", "minutes", "mins", "min"})

UNITS = [
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
    *("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen"),
]
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
TENS |= {"eighty": 80, "ninety": 90}


def number(said: str) -> str | None:
    """Digits for a number said in words up to 99 ('twenty five' -> '25'), or None."""
    if said.isdigit():
        return said
    parts = said.split()
    if len(parts) == 1 and parts[0] in UNITS:
        return str(UNITS.index(parts[0]))
    if parts and parts[0] in TENS and len(parts) <= 2:
        unit = UNITS.index(parts[1]) if len(parts) == 2 and parts[1] in UNITS[1:10] else 0
        return None if len(parts) == 2 and not unit else str(TENS[parts[0]] + unit)
    # "a" is a filler word: "a couple of minutes" arrives as "couple of".
    return {"couple": "2", "couple of": "2", "few": "3"}.get(said)


def stem(word: str) -> str:
    """A rough stem, so 'tingling', 'tingles' and 'tingle' compare equal."""
    word = word.removesuffix("'s").replace("'", "")
    for suffix in ("ing", "ed", "ly", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def features(tokens: list[str]) -> Counter[str]:
    """Word stems and pairs of neighbouring stems."""
    stems = [stem(t) for t in tokens]
    return Counter([*stems, *(f"{a} {b}" for a, b in itertools.pairwise(stems))])


PAIR_WEIGHT = 0.5  # a pair of words counts for less than a word


def weight_of(feature: str) -> float:
    """How much a feature counts: a word 1, a pair of words less."""
    return PAIR_WEIGHT if " " in feature else 1.0


NAME_FILLER = frozenset({"my", "the", "a", "an", "of", "one", "routine"})


def span_end(tokens: list[str], start: int, value: list[str]) -> int | None:
    """Where ``value`` (folded words of a slot value) ends if it is said from ``start``, with
    possessives dropped and small words in between skipped ("bottom of my back")."""
    i = start
    for n, word in enumerate(value):
        while n and i < len(tokens) and tokens[i] in NAME_FILLER and tokens[i] != word:
            i += 1
        if i >= len(tokens) or tokens[i].removesuffix("'s") != word:
            return None
        i += 1
    return i
