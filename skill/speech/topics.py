"""Topic text with safety placeholders filled in, as SSML for a given locale."""

from __future__ import annotations

import html
import re

from skill.content.catalog import Safety
from skill.speech.prompts import spoken_list
from skill.speech.ssml import Ssml, digits, escape

LOCAL_NUMBER = "your local emergency number"


def emergency(safety: Safety, locale: str) -> Ssml:
    """The emergency number for the locale, read digit by digit, or a generic phrase."""
    number = safety.emergency_number(locale)
    return digits(number) if number else escape(LOCAL_NUMBER)


def fill(text: str, safety: Safety, locale: str) -> Ssml:
    """Escape ``text`` and replace {placeholders} with safety wording for ``locale``."""
    values = {
        "emergency_number": emergency(safety, locale),
        "disclaimer": escape(safety.disclaimer),
        "stop_signs": escape(spoken_list(safety.stop_signs, "or")),
        "emergency_signs": escape(spoken_list(safety.emergency_signs, "or")),
        "urgent_signs": escape(spoken_list(safety.urgent_signs, "or")),
        "screen": escape(spoken_list(safety.screen, "or")),
        "never_press": escape(spoken_list(safety.never_press, "or")),
        "skip": escape(spoken_list(safety.skip, "or")),
    }
    parts = re.split(r"\{([a-z_]+)\}", text)
    # re.split alternates literal text and placeholder names.
    joined = "".join(values[p] if i % 2 else html.escape(p) for i, p in enumerate(parts))
    return Ssml(" ".join(joined.split()))
