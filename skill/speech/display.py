"""SSML shown as text for people: words, with each hold as "[hold 60 s]" and its cues timed."""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from skill.speech.ssml import BREAK_RUN, HOLD_MARK, break_seconds, estimate_seconds, plain_text

_TOKEN = re.compile(f"({re.escape(HOLD_MARK)}|{BREAK_RUN.pattern})")


class Piece(NamedTuple):
    """A stretch of a response as heard: words, a hold (silence with timed cues), or a pause."""

    kind: Literal["speech", "hold", "pause"]
    text: str = ""
    seconds: float = 0.0
    cues: tuple[tuple[float, str], ...] = ()  # for holds: (seconds into the hold, words)


def pieces(ssml: str) -> list[Piece]:
    """A response in order: each sentence group, each hold with its cues, each pause. The
    first sentence after a hold is a piece of its own (its end line, "And release.")."""
    inner = ssml.removeprefix("<speak>").removesuffix("</speak>")
    out: list[Piece] = []
    words: list[str] = []
    in_hold, elapsed = False, 0.0
    cues: list[tuple[float, str]] = []
    after_hold = False

    def flush_words() -> None:
        text = plain_text(" ".join(words))
        if text:
            out.append(Piece("speech", text, estimate_seconds(" ".join(words))))
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
                out.append(Piece("hold", "", elapsed, tuple(cues)))
                in_hold, after_hold = False, True
        elif token.startswith("<break"):
            seconds = sum(break_seconds(token))
            if in_hold:
                elapsed += seconds
            else:
                flush_words()
                out.append(Piece("pause", "", seconds))
        elif in_hold:
            cues.append((elapsed, plain_text(token)))
            elapsed += estimate_seconds(token)
        elif after_hold:
            end, _, rest = plain_text(token).partition(". ")
            end = f"{end}." if rest else end
            out.append(Piece("speech", end, estimate_seconds(end)))
            words.append(rest)
            after_hold = False
        else:
            words.append(token)
    flush_words()
    return out


def display(ssml: str) -> str:
    """Multi-line text: speech as sentences, each hold as a block of timed cues."""
    lines: list[str] = []
    for piece in pieces(ssml):
        if piece.kind == "speech":
            lines.append(piece.text)
        elif piece.kind == "pause":
            lines.append(f"[pause {piece.seconds:g} s]")
        else:
            lines.append(f"[hold {piece.seconds:.0f} s]")
            lines.extend(f"  {at:>5.0f} s  {text}" for at, text in piece.cues)
    return "\n".join(lines)
