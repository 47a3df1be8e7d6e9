"""SSML shown as text for people: words, with each hold as "[hold 60 s]" and its cues timed."""

from __future__ import annotations

import re

from skill.speech.ssml import BREAK_RUN, HOLD_MARK, break_seconds, estimate_seconds, plain_text

_TOKEN = re.compile(f"({re.escape(HOLD_MARK)}|{BREAK_RUN.pattern})")


def display(ssml: str) -> str:
    """Multi-line text: speech as sentences, each hold as a block of timed cues."""
    inner = ssml.removeprefix("<speak>").removesuffix("</speak>")
    lines: list[str] = []
    words: list[str] = []
    in_hold, elapsed = False, 0.0
    cues: list[tuple[float, str]] = []
    after_hold = False  # the first sentence after a hold is its end line ("And release.")

    def flush_words() -> None:
        text = plain_text(" ".join(words))
        if text:
            lines.append(text)
        words.clear()

    for token in _TOKEN.split(inner):
        if not token.strip():
            continue
        if token == HOLD_MARK:
            if not in_hold:
                flush_words()
                in_hold, elapsed = True, 0.0
                cues.clear()
            else:
                lines.append(f"[hold {elapsed:.0f} s]")
                lines.extend(f"  {at:>5.0f} s  {text}" for at, text in cues)
                in_hold, after_hold = False, True
        elif token.startswith("<break"):
            seconds = sum(break_seconds(token))
            if in_hold:
                elapsed += seconds
            else:
                flush_words()
                lines.append(f"[pause {seconds:g} s]")
        elif in_hold:
            cues.append((elapsed, plain_text(token)))
            elapsed += estimate_seconds(token)
        elif after_hold:
            end, _, rest = plain_text(token).partition(". ")
            lines.append(f"{end}." if rest else end)
            words.append(rest)
            after_hold = False
        else:
            words.append(token)
    flush_words()
    return "\n".join(lines)
