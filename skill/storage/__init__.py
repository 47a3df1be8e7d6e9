"""Persistence adapters for ask-sdk-core: SQLite (self-hosted) and DynamoDB (Lambda)."""

from collections.abc import Callable
from typing import Any

# Combines a record saved meanwhile by another request with ours (see conversation.record.merge).
Merge = Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]]
