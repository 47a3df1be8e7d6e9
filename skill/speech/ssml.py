"""SSML fragments: escaping, silences, Alexa's limits, and the speech-time estimate.

Speech-rate model (used for every duration the skill speaks or previews): each word costs
0.32 s, a sentence end (. ! ?) adds 0.35 s and a clause break (, ; : and dashes) 0.15 s; a digit
read one by one counts as a word; every ``<break>`` counts its exact time. That is about 165
words a minute overall, calibrated on 2026-11-25 against espeak-ng reading all the routine text
at 150 words a minute (418 s of audio against 428 s estimated). `routine-skill audio` checks it
again for any routine; the test keeps it within 15 %. (To verify on a device: Alexa's voice.)
"""

from __future__ import annotations

import re
from typing import NewType

Ssml = NewType("Ssml", str)
"""Text that is safe to place inside <speak>: escaped, with only tags this module makes."""

MAX_SSML_CHARS = 8000  # outputSpeech must stay under this, <speak> included
MAX_AUDIO_SECONDS = 240.0  # one response's speech plus silence
MAX_BREAK_SECONDS = 10.0  # one <break>

SECONDS_PER_WORD = 0.32
SENTENCE_PAUSE = 0.35
CLAUSE_PAUSE = 0.15

_BREAK = re.compile(r'<break time="(\d+)(ms|s)"/>')
_DIGITS = re.compile(r'<say-as interpret-as="digits">([0-9]+)</say-as>')
_TAG = re.compile(r"<[^>]+>")


# What html.escape does, without importing html (its entity table costs a cold start ~1 ms).
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_QUOTED = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})
_ENTITY = re.compile(r"&(amp|lt|gt|quot|#x27);")
_CHARS = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "#x27": "'"}


def escape(text: str) -> Ssml:
    """Escape plain text for SSML (&, <, >) and fold runs of whitespace."""
    # Text only ever lands in text nodes, never attributes, so quotes can stay as they are.
    return Ssml(" ".join(text.split()).translate(_ESCAPES))


def escape_quoted(text: str) -> str:
    """html.escape(text): &, <, > and both quotes, whitespace kept as it is."""
    return text.translate(_QUOTED)


def unescape(text: str) -> str:
    """Undo ``escape``: the only entities this skill's SSML holds."""
    return _ENTITY.sub(lambda m: _CHARS[m.group(1)], text)


def join(*parts: Ssml) -> Ssml:
    """Join fragments with single spaces, skipping empty ones."""
    return Ssml(" ".join(p for p in parts if p))


def say(*sentences: str) -> Ssml:
    """Plain sentences, escaped and joined."""
    return join(*(escape(s) for s in sentences))


def digits(number: str) -> Ssml:
    """Digits read one at a time (emergency numbers: 'nine one one')."""
    if not number.isdigit():
        raise ValueError(f"not digits: {number!r}")
    return Ssml(f'<say-as interpret-as="digits">{number}</say-as>')


def silence(seconds: float) -> Ssml:
    """Silence as a chain of breaks of at most 10 s each (nothing for under 50 ms)."""
    millis = round(seconds * 1000)
    parts = []
    while millis >= 50:
        chunk = min(millis, int(MAX_BREAK_SECONDS * 1000))
        parts.append(
            f'<break time="{chunk // 1000}s"/>'
            if chunk % 1000 == 0
            else f'<break time="{chunk}ms"/>'
        )
        millis -= chunk
    return Ssml("".join(parts))


# A break of no length, valid SSML that Alexa ignores, marks where a hold starts and ends so
# that a reader of the SSML alone (the simulator, logs) can show "[hold 60 s]".
HOLD_MARK = Ssml('<break strength="none"/>')


def speak(fragment: Ssml) -> str:
    """The whole outputSpeech document."""
    return f"<speak>{fragment}</speak>"


def break_seconds(fragment: str) -> list[float]:
    """The length of every <break> in a fragment, in order."""
    return [int(n) / (1000 if unit == "ms" else 1) for n, unit in _BREAK.findall(fragment)]


def plain_text(fragment: str) -> str:
    """The words of a fragment as they would be read: tags dropped, entities unescaped."""
    spelled = _DIGITS.sub(lambda m: " ".join(m.group(1)), fragment)
    return unescape(" ".join(_TAG.sub(" ", spelled).split()))


def card_text(fragment: str) -> str:
    """The words of a fragment as written on a card: tags dropped, numbers as digits ("Call
    911 now", while the speech reads them one by one)."""
    return unescape(" ".join(_TAG.sub(" ", fragment).split()))


def estimate_seconds(fragment: str) -> float:
    """Estimated playing time of a fragment under the speech-rate model above."""
    text = plain_text(fragment)
    words = len(re.findall(r"[A-Za-z0-9']+", text))
    sentences = len(re.findall(r"[.!?]+", text))
    clauses = len(re.findall(r"[,;:]|\s[-\u2013\u2014]\s", text))
    return (
        words * SECONDS_PER_WORD
        + sentences * SENTENCE_PAUSE
        + clauses * CLAUSE_PAUSE
        + sum(break_seconds(fragment))
    )


BREAK_RUN = re.compile(r'(?:<break time="\d+(?:ms|s)"/>\s*)+')  # one silence, however chained


def readable(fragment: str) -> str:
    """Speech as text with each run of silence shown as ``[12 s]`` (for previews and logs)."""

    def pause(match: re.Match[str]) -> str:
        total = sum(break_seconds(match.group(0)))
        return f" [{total:g} s] "

    runs = BREAK_RUN.sub(pause, fragment)
    return plain_text(runs)


# Headroom kept by content checks for what the conversation may say in front of planned speech
# ("About 40 seconds left in this hold, and about 3 minutes in the routine.", the disclaimer).
LEAD_SECONDS = 15.0
LEAD_CHARS = 600


def limit_problems(fragment: Ssml, headroom: bool = False) -> list[str]:
    """What about this fragment breaks Alexa's response limits (empty when it fits); with
    ``headroom``, the limits are lowered by LEAD_SECONDS and LEAD_CHARS."""
    problems = []
    max_chars = MAX_SSML_CHARS - (LEAD_CHARS if headroom else 0)
    max_seconds = MAX_AUDIO_SECONDS - (LEAD_SECONDS if headroom else 0)
    chars = len(speak(fragment))
    if chars >= max_chars:
        problems.append(f"{chars} SSML characters (keep it under {max_chars})")
    seconds = estimate_seconds(fragment)
    if seconds > max_seconds:
        problems.append(f"about {seconds:.0f} s of audio (keep it under {max_seconds:.0f} s)")
    if any(b > MAX_BREAK_SECONDS for b in break_seconds(fragment)):
        problems.append(f"a break longer than {MAX_BREAK_SECONDS:.0f} s")
    return problems
