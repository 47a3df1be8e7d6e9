"""Topic text with safety placeholders filled in, as SSML for a given locale."""

from __future__ import annotations

import re
from functools import lru_cache

from skill.content.catalog import Safety
from skill.speech.ssml import Ssml, digits, escape, escape_quoted, say

LOCAL_NUMBER = "your local emergency number"


def emergency(safety: Safety, locale: str) -> Ssml:
    """The emergency number for the locale (digits read one by one), or a generic phrase."""
    number = local_number(safety, locale)
    return digits(number) if number.isdigit() else escape(number)


def local_number(safety: Safety, locale: str) -> str:
    """The emergency number for the locale as written (for a card), or a generic phrase."""
    return safety.emergency_number(locale) or LOCAL_NUMBER


@lru_cache(maxsize=4096)  # content texts times locales: a few hundred; each made once
def fill(text: str, safety: Safety, locale: str) -> Ssml:
    """Escape ``text`` and replace {placeholders} with safety wording for ``locale``."""
    values = {
        "emergency_number": emergency(safety, locale),
        "disclaimer": escape(safety.disclaimer),
        "stop_signs": say(*safety.stop_signs),
        "emergency_signs": say(*safety.emergency_signs),
        "urgent_signs": say(*safety.urgent_signs),
        "screen": say(*safety.screen),
        "never_press": say(*safety.never_press),
        "skip": say(*safety.skip),
    }
    parts = re.split(r"\{([a-z_]+)\}", text)
    # re.split alternates literal text and placeholder names.
    joined = "".join(values[p] if i % 2 else escape_quoted(p) for i, p in enumerate(parts))
    return Ssml(" ".join(joined.split()))
