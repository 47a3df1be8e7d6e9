"""Start-up configuration errors and parsing shared by the app and the command line."""

from __future__ import annotations


class ConfigError(RuntimeError):
    """The app cannot start with this configuration; the message says what to change."""


def skill_ids(value: object) -> list[str]:
    """Skill ids from a comma-separated string or a list."""
    items = value.split(",") if isinstance(value, str) else value if isinstance(value, list) else []
    return [str(i).strip() for i in items if str(i).strip()]
