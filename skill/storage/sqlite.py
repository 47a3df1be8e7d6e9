"""SQLite persistence (standard library): the default store for the Flask app.

One row per user (hashed key, JSON record). WAL mode and a busy timeout let several worker
processes share the file; each save is one IMMEDIATE transaction that reads the row, merges it
with ours if another request saved it since this thread read it (so concurrent requests lose
nothing; the common case skips the merge) and writes it back. The schema is versioned with
PRAGMA user_version, migrated step by step on first use, and a newer schema is refused. Each
thread keeps a connection while the file is the same one (checked by a stat on every
operation), so a removed or replaced file is noticed, never silently written elsewhere. On a
read-only or full disk, reads fall back to opening the file read-only (WAL needs to write its
side files), so returning users are still recognised.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_model import RequestEnvelope

from skill.storage import Merge
from skill.storage.keys import user_key

log = logging.getLogger(__name__)
TIMEOUT = 2.0  # seconds to wait for a lock: Alexa gives the whole answer about 8 s
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # version 1
    ("CREATE TABLE users (key TEXT PRIMARY KEY, data TEXT NOT NULL, updated TEXT NOT NULL)",),
)
SCHEMA_VERSION = len(MIGRATIONS)
SELECT = "SELECT data FROM users WHERE key = ?"


class SqliteAdapter(AbstractPersistenceAdapter):
    """Stores each user's attributes as one JSON row."""

    def __init__(
        self, path: str | Path, merge: Merge | None = None, timeout: float = TIMEOUT
    ) -> None:
        self.path = Path(path)
        self.merge = merge
        self.timeout = timeout  # also SQLite's busy timeout
        self._local = threading.local()
        # Created on first use, readable by this user only (SQLite gives its -wal and -shm
        # files the database's permissions).
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with contextlib.suppress(OSError):  # read-only: served anyway, below
            os.close(os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600))
        try:
            with self._connection() as db:
                db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.Error as exc:  # read-only or full right now: serve anyway, and say so
            log.warning(
                "storage at %s is not writable now (%s); answering without saving", self.path, exc
            )

    @contextmanager
    def _connection(self, read_only: bool = False) -> Iterator[sqlite3.Connection]:
        """A connection for one operation. Each thread keeps its own open while the file on
        disk is the same one (a stat per operation notices a removed or replaced file)."""
        identity = _identity(self.path)
        cached = getattr(self._local, "cached", None) or (None, None, None)
        same = identity is not None and cached[:2] == (os.getpid(), identity)
        kept: sqlite3.Connection | None = cached[2] if same else None
        if kept is None and not self.path.parent.is_dir():
            raise sqlite3.OperationalError(f"the data folder {self.path.parent} is gone")
        if read_only:
            # The main file as it is: complete whenever no writer is open (the last one to
            # close checkpoints the WAL into it).
            db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True)
            try:
                yield db
            finally:
                db.close()
            return
        if kept is not None:
            db = kept
        else:
            self._forget_connection()
            db = sqlite3.connect(
                self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False
            )
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.cached = (os.getpid(), _identity(self.path), db)
        try:
            _migrate(db)  # one PRAGMA read when up to date; refuses a newer schema
            yield db
        except BaseException:
            self._forget_connection()  # after any failure, start the next one afresh
            raise

    def _forget_connection(self) -> None:
        cached = getattr(self._local, "cached", None)
        self._local.cached = None
        if cached is not None and cached[0] == os.getpid():
            with contextlib.suppress(sqlite3.Error):
                cached[2].close()

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, Any]:
        key = (user_key(request_envelope),)
        try:
            with self._connection() as db:
                row = db.execute(SELECT, key).fetchone()
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or not self.path.is_file():
                raise
            with self._connection(read_only=True) as db:  # read-only or full disk
                row = db.execute(SELECT, key).fetchone()
        self._local.read = (key[0], row[0] if row else None)  # for save_attributes
        data = json.loads(row[0]) if row else {}
        return data if isinstance(data, dict) else {}

    def save_attributes(
        self, request_envelope: RequestEnvelope, attributes: dict[str, Any]
    ) -> None:
        key = user_key(request_envelope)
        with self._connection() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                row = db.execute(SELECT, (key,)).fetchone()
                # Merged only if another request saved since this thread read the row.
                unchanged = getattr(self._local, "read", None) == (key, row[0] if row else None)
                if row and self.merge is not None and not unchanged:
                    attributes = self.merge(json.loads(row[0]), attributes)
                db.execute(
                    "INSERT INTO users (key, data, updated) VALUES (?, ?, datetime('now')) "
                    "ON CONFLICT(key) DO UPDATE SET data = excluded.data, "
                    "updated = excluded.updated",
                    (key, json.dumps(attributes, separators=(",", ":"))),
                )
                db.execute("COMMIT")
            except BaseException:
                _roll_back(db)
                raise

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        with self._connection() as db:
            db.execute("DELETE FROM users WHERE key = ?", (user_key(request_envelope),))


def _identity(path: Path) -> tuple[int, int] | None:
    """Which file is at ``path`` (device and inode), or None if there is none."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_dev, stat.st_ino)


def _migrate(db: sqlite3.Connection) -> None:
    """Bring the schema up to SCHEMA_VERSION, one step per transaction; refuse a newer one."""
    (version,) = db.execute("PRAGMA user_version").fetchone()
    if version > SCHEMA_VERSION:
        raise sqlite3.DatabaseError(
            f"the database has schema {version}, newer than this code's {SCHEMA_VERSION}"
        )
    while version < SCHEMA_VERSION:
        db.execute("BEGIN IMMEDIATE")
        try:
            (current,) = db.execute("PRAGMA user_version").fetchone()
            if current == version:  # another process may have migrated meanwhile
                for statement in MIGRATIONS[version]:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {version + 1}")
            db.execute("COMMIT")
        except BaseException:
            _roll_back(db)
            raise
        (version,) = db.execute("PRAGMA user_version").fetchone()


def _roll_back(db: sqlite3.Connection) -> None:
    """Undo a failed transaction, keeping the error that failed it: on a full disk SQLite has
    already rolled back, and "cannot rollback - no transaction is active" would hide "database
    or disk is full"."""
    if db.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
