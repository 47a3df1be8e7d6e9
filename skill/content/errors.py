"""The one error type for content problems, formatted as file:line:col: path: message."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

Path = tuple[str | int, ...]


def format_path(path: Path) -> str:
    """Render a breadcrumb such as ``steps[2].hold``; the empty path is ``(file)``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out or "(file)"


class Problem(NamedTuple):
    """One thing wrong with a content file, with where it is and what to change."""

    file: str
    line: int
    column: int
    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {format_path(self.path)}: {self.message}"


class ContentError(Exception):
    """Raised when content files have problems; carries every problem found, in file order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: Sequence[Problem] = sorted(
            problems, key=lambda p: (p.file, p.line, p.column, p.message)
        )
        super().__init__("\n".join(str(p) for p in self.problems))


class Origin(NamedTuple):
    """Where a piece of content was written, so later checks can point back at it."""

    file: str
    line: int
    column: int
    path: Path

    def problem(self, message: str) -> Problem:
        """A problem located here."""
        return Problem(self.file, self.line, self.column, self.path, message)

    def at(self, *path: str | int) -> Origin:
        """The same place, naming a part of it (e.g. the key 'cautions' within a routine)."""
        return Origin(self.file, self.line, self.column, (*self.path, *path))
