"""The routines a user finished (and the runs whose ending they answered), kept as one compact
text: cheap to read and write every turn.

A regular user has up to MAX_HISTORY finished runs, and every request loads the record and most
save it. So the runs are stored as one short string that the store's JSON reads and writes
whole (JSON takes about 2 ns a character either way, and far longer for a list of numbers): the
routine ids once, then each run as the index of its routine, its start and the seconds to its
end, oldest first, then the start times of the runs whose ending was answered, whole numbers
in base 36 (see ``number_text``)::

    palm-press,ball-lean|0,tro8w0,8c;1,tropk0,6o|tro8w0

They are parsed into ``Done`` values only when a turn reads them (the week's summary, or a run
that has just finished being added), and trimmed only when one is added. Whether a run is in
the history is found in the text itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from skill.conversation.place import MAX_EPOCH, read_id, read_number

HISTORY_SECONDS = 60 * 86400  # keep 60 days of finished routines
MAX_HISTORY = 200
MAX_ENDED = 20  # runs whose ending was answered, kept by start time
# Longer text than MAX_HISTORY runs can take is not ours as written: it is parsed and cut.
MAX_TEXT = MAX_HISTORY * (65 + 4 + 2 * 24) + MAX_ENDED * 25


class Done(NamedTuple):
    """One run of a routine finished: which, when it began, and when its ending was heard."""

    routine: str
    run: float
    finished_at: float

    @property
    def key(self) -> tuple[str, float]:
        return (self.routine, self.run)


_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def number_text(value: float) -> str:
    """A time as the text stores it, exactly: a whole number in base 36 (request times are
    whole seconds: 1800000000 is "tro8w0", and every character counts, since JSON writes about
    2 ns of work per one on every save), anything else as "~" and its decimal form."""
    if value >= 0 and value == int(value) and value < 2**53:
        n, digits = int(value), ""
        while True:
            n, digit = divmod(n, 36)
            digits = _BASE36[digit] + digits
            if not n:
                return digits
    return f"~{float(value)!r}"


def text_number(text: str) -> float:
    """A number as ``number_text`` wrote it (ValueError for anything else)."""
    return float(text[1:]) if text.startswith("~") else float(int(text, 36))


def _text(runs: tuple[Done, ...], ended: tuple[float, ...]) -> str:
    ids: dict[str, int] = {}
    entries = [
        f"{ids.setdefault(d.routine, len(ids))},{number_text(d.run)},"
        + number_text(d.finished_at - d.run)
        for d in runs
    ]
    text = f"{','.join(ids)}|{';'.join(entries)}" if runs else ""
    return f"{text or '|'}|{','.join(map(number_text, ended))}" if ended else text


def _parse_ended(text: str) -> tuple[float, ...]:
    try:
        times = [text_number(t) for t in text.split(",")] if text else []
    except ValueError:
        return ()
    return tuple(t for t in times if 0 <= t <= MAX_EPOCH)[-MAX_ENDED:]  # never NaN or inf


def _parse(text: str) -> tuple[Done, ...]:
    """The runs in a stored text, leaving out anything malformed (read defensively)."""
    header, bar, rest = text.partition("|")
    body = rest.partition("|")[0]
    ids = [read_id(i) for i in header.split(",")] if bar else []
    runs = []
    for entry in body.split(";") if bar else ():
        parts = entry.split(",")
        if len(parts) != 3 or not parts[0].isdigit() or int(parts[0]) >= len(ids):
            continue
        routine = ids[int(parts[0])]
        try:
            run, length = text_number(parts[1]), text_number(parts[2])
        except ValueError:
            continue
        finished = read_number(run + length, 0, MAX_EPOCH)
        if routine is None or read_number(run, 0, MAX_EPOCH) is None or finished is None:
            continue
        runs.append(Done(routine, run, finished))
    return tuple(runs)


class History:
    """Finished runs, oldest first, and the ended runs, as their stored text; ``runs`` and
    ``ended`` parse it on first use."""

    __slots__ = ("_ended", "_runs", "text")

    def __init__(self, text: str = "") -> None:
        self.text = text
        self._runs: tuple[Done, ...] | None = None if text else ()
        self._ended: tuple[float, ...] | None = None if text else ()

    @classmethod
    def of(cls, runs: Iterable[Done], ended: Iterable[float] = ()) -> History:
        """The history of these runs (in the order given) and these ended runs."""
        kept, ends = tuple(runs), tuple(ended)[-MAX_ENDED:]
        history = cls(_text(kept, ends))
        history._runs, history._ended = kept, ends
        return history

    @classmethod
    def read(cls, stored: object) -> History:
        """A stored history: its text as it is when it is one we could have written, else
        what can be read from it, cut to MAX_HISTORY."""
        if not isinstance(stored, str) or not stored:
            return cls()
        if len(stored) <= MAX_TEXT:
            return cls(stored)
        whole = cls(stored)
        return cls.of(whole.runs[-MAX_HISTORY:], whole.ended)

    @property
    def ended(self) -> tuple[float, ...]:
        """The start times of the runs whose ending was answered (at most MAX_ENDED)."""
        if self._ended is None:
            self._ended = _parse_ended(
                self.text.split("|", 2)[2] if self.text.count("|") > 1 else ""
            )
        return self._ended

    @property
    def runs(self) -> tuple[Done, ...]:
        if self._runs is None:
            self._runs = _parse(self.text)
        return self._runs

    def has(self, key: tuple[str, float]) -> bool:
        """Whether this run is in the history (found in the text, without parsing it)."""
        routine, run = key
        bar = self.text.find("|")
        ids = self.text[:bar].split(",") if bar >= 0 else []
        if routine not in ids:
            return False
        head = f"{ids.index(routine)},{number_text(run)},"
        end = self.text.find("|", bar + 1)
        end = len(self.text) if end < 0 else end
        return self.text.startswith(head, bar + 1) or self.text.find(f";{head}", bar, end) >= 0

    def add(self, done: Done, now: float) -> History:
        """This history with ``done`` in it (itself if that run is in it already), trimmed to
        the last 60 days before ``now`` and at most MAX_HISTORY runs."""
        if self.has(done.key) or any(d.key == done.key for d in self.runs):
            return self
        return trimmed((*self.runs, done), now, self.ended)

    def end(self, run: float) -> History:
        """This history with the run that began at ``run`` ended (itself if it is already)."""
        if run in self.ended:
            return self
        return History.of(self.runs, (*self.ended, run))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, History) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        return f"History({self.text!r})"


EMPTY = History()


def trimmed(runs: Iterable[Done], now: float, ended: Iterable[float] = ()) -> History:
    """The last 60 days of ``runs`` before ``now``, at most MAX_HISTORY, oldest first; and the
    ended runs as given."""
    kept = sorted(runs, key=lambda d: d.finished_at)
    return History.of(
        tuple(d for d in kept if now - d.finished_at <= HISTORY_SECONDS)[-MAX_HISTORY:], ended
    )
