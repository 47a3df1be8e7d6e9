"""SQLite persistence (standard library): the default store for the Flask app.

One row per user (hashed key, JSON record). WAL mode and a busy timeout let several worker
processes share the file. Each thread opens its connection once (and again in a forked child,
or after any failure), and the schema is checked and migrated then, with PRAGMA user_version
(a newer schema is refused). A stat per operation notices a removed or replaced file, so
nothing is silently written elsewhere.

A save is conditional: one UPDATE of the row only if it still holds what this thread read (or
an INSERT only if there was none), a single statement and so a single transaction. Only if
another request saved meanwhile is the row read again in an IMMEDIATE transaction and merged
with ours, so concurrent requests lose nothing. On a read-only or full disk, reads fall back to
opening the file read-only (WAL needs to write its side files), so returning users are still
recognised.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import threading
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


UPDATE = "UPDATE users SET data = ?, updated = datetime('now') WHERE key = ? AND data = ?"
INSERT = "INSERT INTO users (key, data, updated) VALUES (?, ?, datetime('now'))"
INSERT_NEW = f"{INSERT} ON CONFLICT(key) DO NOTHING"  # a first save, if nobody made the row
UPSERT = f"{INSERT} ON CONFLICT(key) DO UPDATE SET data = excluded.data, updated = excluded.updated"
_forks = 0  # how many times this process is a fork's child: connections don't cross a fork


def _forked() -> None:
    global _forks
    _forks += 1


os.register_at_fork(after_in_child=_forked)


class SqliteAdapter(AbstractPersistenceAdapter):
    """Stores each user's attributes as one JSON row."""

    def __init__(
        self, path: str | Path, merge: Merge | None = None, timeout: float = TIMEOUT
    ) -> None:
        self.path = Path(path)
        self._file = str(self.path)
        self.merge = merge
        self.timeout = timeout  # also SQLite's busy timeout
        self._local = threading.local()
        # Created on first use, readable by this user only (SQLite gives its -wal and -shm
        # files the database's permissions).
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with contextlib.suppress(OSError):  # read-only: served anyway, below
            os.close(os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600))
        try:
            db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            try:
                db.execute("PRAGMA journal_mode=WAL")
                _migrate(db)
            finally:
                db.close()
        except sqlite3.Error as exc:  # read-only or full right now: serve anyway, and say so
            log.warning(
                "storage at %s is not writable now (%s); answering without saving", self.path, exc
            )

    def _db(self) -> sqlite3.Connection:
        """This thread's connection, opened (and the schema checked) once while the file on
        disk is the same one and the process the same; the caller forgets it on any failure."""
        identity = _identity(self._file)
        cached = getattr(self._local, "cached", None)
        if cached is not None and identity is not None and cached[:2] == (_forks, identity):
            db: sqlite3.Connection = cached[2]
            return db
        self._forget_connection()
        if not self.path.parent.is_dir():
            raise sqlite3.OperationalError(f"the data folder {self.path.parent} is gone")
        db = sqlite3.connect(
            self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False
        )
        try:
            db.execute("PRAGMA synchronous=NORMAL")
            _migrate(db)  # refuses a newer schema
        except BaseException:
            db.close()
            raise
        self._local.cached = (_forks, _identity(self._file), db)
        return db

    def _forget_connection(self) -> None:
        cached = getattr(self._local, "cached", None)
        self._local.cached = None
        if cached is not None and cached[0] == _forks:  # a parent's connection is left alone
            with contextlib.suppress(sqlite3.Error):
                cached[2].close()

    def _read_only(self, key: str) -> Any:
        """The row from the main file as it is: complete whenever no writer is open (the
        last one to close checkpoints the WAL into it)."""
        db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True)
        try:
            return db.execute(SELECT, (key,)).fetchone()
        finally:
            db.close()

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, Any]:
        key = user_key(request_envelope)
        try:
            row = self._db().execute(SELECT, (key,)).fetchone()
        except sqlite3.OperationalError as exc:
            self._forget_connection()
            if "locked" in str(exc) or not self.path.is_file():
                raise
            row = self._read_only(key)  # read-only or full disk
        except BaseException:
            self._forget_connection()
            raise
        self._local.read = (key, row[0] if row else None)  # for save_attributes
        data = json.loads(row[0]) if row else {}
        return data if isinstance(data, dict) else {}

    def save_attributes(
        self, request_envelope: RequestEnvelope, attributes: dict[str, Any]
    ) -> None:
        key = user_key(request_envelope)
        text = json.dumps(attributes, separators=(",", ":"))
        read = getattr(self._local, "read", None)
        try:
            db = self._db()
            if read is not None and read[0] == key:  # nobody saved since: one statement
                if read[1] is None:
                    done = db.execute(INSERT_NEW, (key, text))
                else:
                    done = db.execute(UPDATE, (text, key, read[1]))
                if done.rowcount == 1:
                    self._local.read = None  # a read is good for one save
                    return
            self._merge_and_save(db, key, attributes)
        except BaseException:
            self._forget_connection()  # after any failure, start the next one afresh
            raise

    def _merge_and_save(self, db: sqlite3.Connection, key: str, ours: dict[str, Any]) -> None:
        """Another request saved since this thread read the row (or it never read it): read
        it again and merge in one IMMEDIATE transaction."""
        db.execute("BEGIN IMMEDIATE")
        try:
            row = db.execute(SELECT, (key,)).fetchone()
            if row and self.merge is not None:
                ours = self.merge(json.loads(row[0]), ours)
            db.execute(UPSERT, (key, json.dumps(ours, separators=(",", ":"))))
            db.execute("COMMIT")
        except BaseException:
            _roll_back(db)
            raise
        self._local.read = None

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        key = user_key(request_envelope)
        try:
            self._db().execute("DELETE FROM users WHERE key = ?", (key,))
        except BaseException:
            self._forget_connection()
            raise
        self._local.read = None


def _identity(path: str) -> tuple[int, int] | None:
    """Which file is at ``path`` (device and inode), or None if there is none."""
    try:
        stat = os.stat(path)
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
