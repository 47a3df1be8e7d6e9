"""SQLite persistence (standard library): the default store for the Flask app.

One row per user (hashed key, JSON record). WAL mode and a busy timeout let several worker
processes share the file; each save is one IMMEDIATE transaction that reads the row, merges it
with ours (so concurrent requests lose nothing) and writes it back. The schema is versioned with
PRAGMA user_version and migrated step by step on first use. A connection is opened per
operation, so a removed or replaced file is noticed, never silently written elsewhere.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_model import RequestEnvelope

from skill.storage.keys import user_key

Merge = Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]]
TIMEOUT = 2.0  # seconds to wait for a lock: Alexa gives the whole answer about 8 s
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # version 1
    ("CREATE TABLE users (key TEXT PRIMARY KEY, data TEXT NOT NULL, updated TEXT NOT NULL)",),
)
SCHEMA_VERSION = len(MIGRATIONS)


class SqliteAdapter(AbstractPersistenceAdapter):
    """Stores each user's attributes as one JSON row."""

    def __init__(
        self, path: str | Path, merge: Merge | None = None, timeout: float = TIMEOUT
    ) -> None:
        self.path = Path(path)
        self.merge = merge
        self.timeout = timeout
        self.path.parent.mkdir(parents=True, exist_ok=True)  # created on first use
        with self._connection() as db:
            db.execute("PRAGMA journal_mode=WAL")

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        if not self.path.parent.is_dir():
            raise sqlite3.OperationalError(f"the data folder {self.path.parent} is gone")
        db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        try:
            db.execute(f"PRAGMA busy_timeout={int(self.timeout * 1000)}")
            db.execute("PRAGMA synchronous=NORMAL")
            _migrate(db)
            yield db
        finally:
            db.close()

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, Any]:
        with self._connection() as db:
            row = db.execute(
                "SELECT data FROM users WHERE key = ?", (user_key(request_envelope),)
            ).fetchone()
        data = json.loads(row[0]) if row else {}
        return data if isinstance(data, dict) else {}

    def save_attributes(
        self, request_envelope: RequestEnvelope, attributes: dict[str, Any]
    ) -> None:
        key = user_key(request_envelope)
        with self._connection() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                row = db.execute("SELECT data FROM users WHERE key = ?", (key,)).fetchone()
                if row and self.merge is not None:
                    attributes = self.merge(json.loads(row[0]), attributes)
                db.execute(
                    "INSERT INTO users (key, data, updated) VALUES (?, ?, datetime('now')) "
                    "ON CONFLICT(key) DO UPDATE SET data = excluded.data, "
                    "updated = excluded.updated",
                    (key, json.dumps(attributes, separators=(",", ":"))),
                )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        with self._connection() as db:
            db.execute("DELETE FROM users WHERE key = ?", (user_key(request_envelope),))


def _migrate(db: sqlite3.Connection) -> None:
    """Bring the schema up to SCHEMA_VERSION, one step per transaction."""
    (version,) = db.execute("PRAGMA user_version").fetchone()
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
            db.execute("ROLLBACK")
            raise
        (version,) = db.execute("PRAGMA user_version").fetchone()
