"""The AWS Lambda door: ``handler(event, context)`` serves the same skill as the Flask app.

The Alexa Skills Kit trigger (restricted to the skill id) is what authenticates requests here,
so no signature check is needed. The skill is built on the first call and reused while the
Lambda container stays warm. Progress is stored in the DynamoDB table named by TABLE_NAME; with
no table configured it is kept in memory only (and a warning is logged).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from ask_sdk_core.skill import CustomSkill

from skill.door import EMPTY_RESPONSE, BadEnvelope, invoke
from skill.handlers.errors import loggable
from skill.library import DEFAULT_ROUTINES, SNAPSHOT_NAME, load_library
from skill.skill_builder import build_skill
from skill.storage.stores import TABLE_ENV, open_store

log = logging.getLogger(__name__)
_skill: CustomSkill | None = None


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Lambda entry point."""
    global _skill
    if _skill is None:
        routines = Path(os.environ.get("ROUTINES_DIR", str(DEFAULT_ROUTINES)))
        # The package ships a snapshot of its validated content, made with the code and
        # content beside it (see skill.library); the function's own files are read-only, so
        # it never writes one, and nothing changes them.
        snapshot = routines.parent / SNAPSHOT_NAME
        library = load_library(routines, snapshot=snapshot, keep=False, packaged=True)
        table = os.environ.get(TABLE_ENV)
        if not table:
            log.warning("%s is not set: progress is kept in memory only", TABLE_ENV)
        _skill = build_skill(library, open_store({"TABLE_NAME": table}))
    try:
        return invoke(_skill, event, context)
    except BadEnvelope as exc:  # only the Alexa trigger calls us, so this is a platform change
        log.error("rejected event: %s", loggable(exc, 200))
        return dict(EMPTY_RESPONSE)
