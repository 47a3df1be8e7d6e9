"""The fixed vocabularies routines are routed by: body areas, what a routine needs, preferences.

Authors pick a routine's ``areas`` and ``needs`` from these ids (the schema checks them); the
interaction model's BODY_AREA and ROUTINE_WANT slot types are built from the same tables, so
"my bum is tight" and "something without a ball" reach the server as ids.
"""

from __future__ import annotations

from skill.content.catalog import match_name, normalize_name

# id -> (the name said back, what people call it)
AREAS: dict[str, tuple[str, tuple[str, ...]]] = {
    "lower-back": (
        "lower back",
        (
            "low back",
            "lower part of my back",
            "bottom of my back",
            "small of my back",
            "lumbar",
            "lower spine",
            "base of my spine",
            "belt line",
            "lower back muscles",
            "sides of my lower back",
        ),
    ),
    "upper-back": (
        "upper back",
        (
            "upper part of my back",
            "between my shoulder blades",
            "shoulder blades",
            "shoulder blade",
            "mid back",
            "middle of my back",
            "upper spine",
            "top of my back",
            "thoracic",
        ),
    ),
    "shoulders": (
        "shoulders",
        (
            "shoulder",
            "top of my shoulders",
            "neck and shoulders",
            "traps",
            "trapezius",
            "my neck",
            "neck",
            "shoulder muscles",
        ),
    ),
    "seat": (
        "seat",
        (
            "hips",
            "hip",
            "buttocks",
            "buttock",
            "glutes",
            "glute",
            "bum",
            "butt",
            "backside",
            "bottom",
            "behind",
            "piriformis",
            "seat muscles",
        ),
    ),
    "whole-back": (
        "whole back",
        ("back", "my back", "entire back", "all over my back", "all over", "everywhere"),
    ),
}

# What a routine needs, for routing ("I don't have a ball") and for how to come off a spot.
NEEDS = ("ball", "hands", "nothing")

# Preferences in an open request: id -> what people say.
WANTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "quick": (
        "quick",
        (
            "short",
            "fast",
            "brief",
            "quick one",
            "short one",
            "in a hurry",
            "not long",
            "quickly",
            "shortest",
            "the shortest",
            "shorter",
            "the shorter one",
            "quicker",
            "the quickest",
        ),
    ),
    "hands": (
        "with my hands",
        (
            "without a ball",
            "no ball",
            "hands only",
            "just my hands",
            "my hands",
            "without equipment",
            "no equipment",
            "without anything",
            "with nothing",
            "my fingers",
        ),
    ),
}


def _names(table: dict[str, tuple[str, tuple[str, ...]]]) -> dict[str, str]:
    return {
        normalize_name(said): key
        for key, (name, synonyms) in table.items()
        for said in (key, name, *synonyms)
    }


_AREA_NAMES = _names(AREAS)
_WANT_NAMES = _names(WANTS)


def find_area(spoken: str) -> str | None:
    """The body area named in ``spoken`` ('my lower back' -> 'lower-back'), or None."""
    return match_name(spoken, _AREA_NAMES)


def find_want(spoken: str) -> str | None:
    """The preference named in ``spoken`` ('without a ball' -> 'hands'), or None."""
    return match_name(spoken, _WANT_NAMES)
