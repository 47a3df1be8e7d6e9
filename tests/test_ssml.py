"""SSML helpers: escaping, silences, the speech-time model and the trust check."""

from __future__ import annotations

import html
from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skill.speech.ssml import (
    CLAUSE_PAUSE,
    SECONDS_PER_WORD,
    SENTENCE_PAUSE,
    Ssml,
    break_seconds,
    digits,
    escape,
    escape_quoted,
    estimate_seconds,
    join,
    limit_problems,
    readable,
    silence,
    speak,
    unescape,
)


def test_escape_makes_any_text_safe_xml() -> None:
    text = 'Tom & Jerry <b>say</b> "hi" it\'s </speak><audio src="x"/>'
    root = ElementTree.fromstring(speak(escape(text)))
    assert list(root) == []  # no elements were smuggled in
    assert root.text == " ".join(text.split())
    assert "it's" in escape(text)  # apostrophes stay short: SSML characters are budgeted


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, []),
        (0.04, []),
        (7.5, [7.5]),
        (10, [10.0]),
        (27.25, [10.0, 10.0, 7.25]),
        (60, [10.0] * 6),
    ],
)
def test_silence_chains_breaks_of_at_most_ten_seconds(
    seconds: float, expected: list[float]
) -> None:
    assert break_seconds(silence(seconds)) == expected


def test_estimate_follows_the_documented_model() -> None:
    # 4 words + 1 sentence end + 1 clause break + 12 s of breaks.
    fragment = join(escape("Breathe in, then out."), silence(12))
    assert estimate_seconds(fragment) == pytest.approx(
        4 * SECONDS_PER_WORD + SENTENCE_PAUSE + CLAUSE_PAUSE + 12
    )


def test_digits_are_read_one_by_one_and_counted_as_words() -> None:
    assert estimate_seconds(digits("000")) == pytest.approx(3 * SECONDS_PER_WORD)
    assert readable(join(escape("Call"), digits("911"))) == "Call 9 1 1"
    with pytest.raises(ValueError):
        digits("9-1-1")


def test_readable_shows_each_run_of_silence() -> None:
    fragment = join(escape("One."), silence(25), escape("Two & three."))
    assert readable(fragment) == "One. [25 s] Two & three."


def test_limit_problems_name_each_limit() -> None:
    assert limit_problems(escape("Short.")) == []
    long_text = escape("word " * 1700)
    assert any("SSML characters" in p for p in limit_problems(long_text))
    assert any("of audio" in p for p in limit_problems(silence(241)))
    assert limit_problems(silence(230)) == []
    assert limit_problems(silence(230), headroom=True) == [
        "about 230 s of audio (keep it under 225 s)"
    ]
    assert any("break longer" in p for p in limit_problems(Ssml('<break time="11s"/>')))


@given(st.text(max_size=60))
def test_escaping_is_html_escape_and_unescape_undoes_it(text: str) -> None:
    assert escape(text) == html.escape(" ".join(text.split()), quote=False)
    assert escape_quoted(text) == html.escape(text)
    assert unescape(escape_quoted(text)) == text == html.unescape(escape_quoted(text))
