"""Load, validate and plan all content once at start-up: the catalog with its plans."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from skill.content.catalog import Catalog
from skill.content.errors import ContentError
from skill.content.loader import load_catalog
from skill.conversation.checks import reply_problems
from skill.speech.planner import Plan, plan_catalog

DEFAULT_ROUTINES = Path(__file__).resolve().parent.parent / "routines"
DEFAULT_DATA = DEFAULT_ROUTINES.parent / "data" / "skill.sqlite3"  # git-ignored


@dataclass(frozen=True)
class Library:
    """Validated content and the planned responses of every routine."""

    catalog: Catalog
    plans: dict[str, Plan]


def load_library(directory: str | Path = DEFAULT_ROUTINES) -> Library:
    """Load and plan everything in ``directory``; raise ContentError listing every problem."""
    catalog = load_catalog(directory)
    plans = plan_catalog(catalog)
    problems = reply_problems(catalog, plans)
    if problems:
        raise ContentError(problems)
    return Library(catalog, plans)
