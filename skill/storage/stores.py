"""The one store factory: which persistence adapter a door uses, from its configuration.

``TABLE_NAME`` set: DynamoDB (Lambda). Else ``DATA_PATH`` set: SQLite (the Flask app, chat).
Neither: in memory, lost with the process (tests, ``chat --memory``, Lambda with no table;
the caller says so where it matters). Every adapter merges concurrent saves of one user's
record with ``conversation.record.merge``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from skill.config import ConfigError
from skill.conversation.record import merge
from skill.storage.memory import MemoryAdapter

TABLE_ENV = "TABLE_NAME"  # the environment variable that names the DynamoDB table (Lambda)


def open_store(config: Mapping[str, Any]) -> AbstractPersistenceAdapter:
    """The store ``config`` asks for; ConfigError (a clear message) if it can't be opened."""
    if config.get("TABLE_NAME"):
        # Imported here: the SDK's DynamoDB module needs an AWS region at import.
        from skill.storage.dynamo import dynamo_adapter

        return dynamo_adapter(str(config["TABLE_NAME"]), merge=merge)
    path = config.get("DATA_PATH")
    if not path:
        return MemoryAdapter()
    import sqlite3  # here: the Lambda door never needs it

    from skill.storage.sqlite import SqliteAdapter

    try:
        return SqliteAdapter(path, merge=merge)
    except (OSError, sqlite3.Error) as exc:
        raise ConfigError(f"cannot use {path} for storage: {exc}") from exc
