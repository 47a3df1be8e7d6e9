"""Load, validate and plan all content once at start-up: the catalog with its plans.

Validating and planning takes a few tens of milliseconds (YAML parsing most of it), which is
most of a cold start beyond imports. So a validated library can be kept in a snapshot file,
keyed by a fingerprint of the content files and of this package's source: the Lambda package
ships one made when it is built, and the Flask app keeps one beside its data. Any change to a
routine, a topic or the code makes a new fingerprint, and everything is validated again.
"""

from __future__ import annotations

import logging
import os
import pickle
from pathlib import Path
from typing import NamedTuple

from skill.content.catalog import Catalog
from skill.speech.planner import Plans
from skill.storage.keys import sha256

log = logging.getLogger(__name__)
PACKAGE = Path(__file__).resolve().parent
DEFAULT_ROUTINES = PACKAGE.parent / "routines"
DEFAULT_DATA = DEFAULT_ROUTINES.parent / "data" / "skill.sqlite3"  # git-ignored
SNAPSHOT_NAME = "library.snapshot"  # beside the data (Flask) or the content (Lambda package)


class Library(NamedTuple):
    """Validated content and the planned responses of every routine."""

    catalog: Catalog
    plans: Plans


def fingerprint(directory: str | Path, package: Path | None = PACKAGE) -> str:
    """A hash of the content files' bytes, and of the package's source files by name, size and
    modification time (any edit or reinstall changes those; reading and hashing all 700 KB of
    code was most of the Flask app's start-up beyond imports). With no ``package``, the
    content only."""
    digest = sha256(b"")
    for path in sorted(Path(directory).glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for path in sorted(package.rglob("*.py")) if package is not None else ():
        stat = path.stat()
        digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


SNAPSHOT_FORMAT = "snapshot-2"  # the header's first item: (format, content and code key)


def _read_snapshot(snapshot: Path, key: str | None) -> Library | None:
    """The library a snapshot holds, if it is one for ``key`` (None: any, as packaged).
    The key is a pickle of its own, read first, so a stale snapshot's objects are never
    unpickled; a file from older code (any other shape) is simply made again."""
    try:
        with snapshot.open("rb") as source:
            header = pickle.load(source)  # our own file: written below, or in our package
            ours = isinstance(header, tuple) and len(header) == 2 and header[0] == SNAPSHOT_FORMAT
            if not ours or key not in (None, header[1]):
                return None
            stored = pickle.load(source)
    except Exception:  # a cache of our own: whatever is wrong with it, plan again
        return None
    if not isinstance(stored, tuple) or len(stored) != 3:
        return None
    catalog, packed, seconds = stored
    if not isinstance(catalog, Catalog) or not isinstance(packed, dict):
        return None
    routines = {r.id: r for r in catalog.routines}
    return Library(catalog, Plans(packed=packed, seconds=seconds, routines=routines))


def write_snapshot(library: Library, key: str, snapshot: Path) -> None:
    """Store a validated library for the next start (atomically; a failure only costs time):
    the catalog, and each plan packed on its own (see ``Plans``)."""
    plans = library.plans
    stored = (library.catalog, plans.packed(), {k: plans.seconds(k) for k in plans})
    partial = snapshot.with_suffix(f".{os.getpid()}.partial")
    try:
        with partial.open("wb") as target:
            pickle.dump((SNAPSHOT_FORMAT, key), target, protocol=5)
            pickle.dump(stored, target, protocol=5)
        partial.replace(snapshot)
    except OSError as exc:
        log.info("could not keep a snapshot of the content at %s: %s", snapshot, exc)
        partial.unlink(missing_ok=True)


def load_library(
    directory: str | Path = DEFAULT_ROUTINES,
    snapshot: Path | None = None,
    keep: bool = True,
    packaged: bool = False,
) -> Library:
    """Load and plan everything in ``directory``; raise ContentError listing every problem.
    With ``snapshot``, reuse the library validated last time if nothing has changed since (and,
    with ``keep``, write a new snapshot when something has). A ``packaged`` snapshot was made
    with the code and content beside it, which nothing changes after (the Lambda package, built
    as one unit and read-only): it is used without fingerprinting them (80 files to hash)."""
    if snapshot is not None and packaged:
        if (cached := _read_snapshot(snapshot, None)) is not None:
            return cached
        snapshot = None  # unreadable, and not ours to write: validated from the files
    key = fingerprint(directory) if snapshot is not None else ""
    if snapshot is not None and (cached := _read_snapshot(snapshot, key)) is not None:
        return cached
    # Imported here: a start from a snapshot needs no YAML parser.
    from skill.content.errors import ContentError
    from skill.content.loader import load_catalog
    from skill.conversation.checks import reply_problems
    from skill.speech.planner import plan_catalog

    catalog = load_catalog(directory)
    plans = Plans(plan_catalog(catalog))
    problems = reply_problems(catalog, plans)
    if problems:
        raise ContentError(problems)
    library = Library(catalog, plans)
    if snapshot is not None and keep:
        write_snapshot(library, key, snapshot)
    return library
