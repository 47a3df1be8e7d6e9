"""The AWS Lambda door: ``handler(event, context)`` serves the same skill as the Flask app.

The Alexa Skills Kit trigger (restricted to the skill id) is what authenticates requests here,
so no signature check is needed. The skill is built on the first call and reused while the
Lambda container stays warm.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from ask_sdk_core.skill import CustomSkill

from skill.door import EMPTY_RESPONSE, BadEnvelope, invoke
from skill.library import DEFAULT_ROUTINES, load_library
from skill.skill_builder import build_skill

log = logging.getLogger(__name__)
_skill: CustomSkill | None = None


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Lambda entry point."""
    global _skill
    if _skill is None:
        _skill = build_skill(load_library(os.environ.get("ROUTINES_DIR", str(DEFAULT_ROUTINES))))
    try:
        return invoke(_skill, event, context)
    except BadEnvelope as exc:  # only the Alexa trigger calls us, so this is a platform change
        log.error("rejected event: %s", exc)
        return dict(EMPTY_RESPONSE)
