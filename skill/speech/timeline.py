"""Segments of planned speech, holds rendered as timed silence, and where a listener got to."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, NamedTuple

from skill.content.errors import Origin
from skill.speech import prompts
from skill.speech.ssml import HOLD_MARK, Ssml, escape, estimate_seconds, join, silence

MIN_RESUMED_HOLD = 5  # below this many seconds left, a resumed hold just ends ("And release.")


def whole_seconds(seconds: float) -> int:
    """Seconds as said and as a screen's countdown shows them: to the millisecond, then to
    the nearest second, halves up (as APL's and JavaScript's Math.round)."""
    return math.floor(round(seconds, 3) + 0.5)


class Timed(NamedTuple):
    """Something said ``at`` seconds into a hold."""

    at: float
    text: str
    origin: Origin | None = None


class Segment(NamedTuple):
    """A stretch of one response: plain speech, or a hold (silence with cues, then release)."""

    kind: Literal["speech", "hold"]
    ssml: Ssml
    seconds: float
    step: int | None = None  # 1-based number of the expanded step it belongs to
    hold: float | None = None  # for holds: seconds of the hold itself
    cues: tuple[Timed, ...] = ()  # for holds: what is said when
    end: str = prompts.RELEASE  # for holds: said when the hold is over


class CueClash(ValueError):
    """A cue does not fit in its hold; carries the cue's origin when known."""

    def __init__(self, message: str, origin: Origin | None) -> None:
        super().__init__(message)
        self.origin = origin


def speech(text: str, step: int | None = None) -> Segment:
    """A speech segment from plain text."""
    ssml = escape(text)
    return Segment("speech", ssml, estimate_seconds(ssml), step)


def hold(
    seconds: float, cues: list[Timed], step: int | None = None, end: str = prompts.RELEASE
) -> Segment:
    """Silence of ``seconds`` with cues spoken inside it, then ``end`` ('And release.').

    Cue speech counts as part of the hold, so the whole hold lasts ``seconds``.
    Raises CueClash when a cue starts before the one before it has finished.
    """
    parts: list[Ssml] = [HOLD_MARK]
    cursor = 0.0
    for cue in sorted(cues, key=lambda c: c.at):
        if cue.at < cursor - 1e-6:
            raise CueClash(
                f"cue '{cue.text}' at {cue.at:g} s starts before the cue before it "
                f"has finished (about {cursor:.0f} s); move it later",
                cue.origin,
            )
        said = escape(cue.text)
        parts += [silence(cue.at - cursor), said]
        cursor = cue.at + estimate_seconds(said)
        if cursor > seconds:
            raise CueClash(
                f"cue '{cue.text}' at {cue.at:g} s runs past the end of the "
                f"{seconds:g} s hold; move it earlier",
                cue.origin,
            )
    release = escape(end)
    parts += [silence(seconds - cursor), HOLD_MARK, release]
    return Segment(
        "hold",
        join(*parts),
        seconds + estimate_seconds(release),
        step,
        seconds,
        tuple(sorted(cues, key=lambda c: c.at)),
        end,
    )


def rest_of_hold(segment: Segment, elapsed: float, announce: bool = True) -> Segment:
    """The remainder of a hold interrupted ``elapsed`` seconds in, led by the time left.

    Callers keep at least MIN_RESUMED_HOLD seconds for it (see ``continue_from``)."""
    assert segment.hold is not None
    left = segment.hold - elapsed
    lead = [Timed(0, prompts.hold_left(whole_seconds(left)))] if announce else []
    lead_end = estimate_seconds(escape(lead[0].text)) + 0.5 if lead else 0.0
    later = [Timed(c.at - elapsed, c.text) for c in segment.cues if c.at - elapsed >= lead_end]
    return hold(left, [*lead, *later], segment.step, segment.end)


@dataclass(frozen=True)
class Position:
    """Where a listener is inside a sequence of segments."""

    index: int  # segment index; len(segments) when everything was heard
    into: float  # seconds into that segment


def locate(segments: tuple[Segment, ...], offset: float) -> Position:
    """The segment being played ``offset`` seconds after the segments started."""
    start = 0.0
    for i, segment in enumerate(segments):
        if offset < start + segment.seconds:
            return Position(i, max(0.0, offset - start))
        start += segment.seconds
    return Position(len(segments), 0.0)


def continue_from(
    segments: tuple[Segment, ...], offset: float, announce: bool = True
) -> tuple[float, tuple[Segment, ...]]:
    """Where playback picks up after an interruption ``offset`` seconds in, and what is said.

    An interrupted hold continues with the seconds left (said first, when ``announce``);
    interrupted speech starts again from the start of its segment, so no instruction is heard by
    halves. When everything was heard, the closing prompt is said again.
    """
    where = locate(segments, offset)
    if where.index == len(segments):
        return sum(s.seconds for s in segments[:-1]), segments[-1:]
    start = offset - where.into
    current = segments[where.index]
    rest = segments[where.index + 1 :]
    if current.kind == "hold" and where.into > 0:
        assert current.hold is not None
        if current.hold - where.into < MIN_RESUMED_HOLD:  # all but over: just the end line
            return start + current.hold, (speech(current.end, current.step), *rest)
        return offset, (rest_of_hold(current, where.into, announce), *rest)
    return start, segments[where.index :]


def hold_seconds_left(segments: tuple[Segment, ...], offset: float) -> int | None:
    """Whole seconds left in the hold being played at ``offset``; None outside a hold or when
    it is all but over."""
    where = locate(segments, offset)
    if where.index == len(segments) or segments[where.index].kind != "hold":
        return None
    current = segments[where.index]
    assert current.hold is not None
    left = current.hold - where.into
    return whole_seconds(left) if left >= MIN_RESUMED_HOLD else None
