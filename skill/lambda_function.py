"""The AWS Lambda door: ``handler(event, context)`` serves the same skill as the Flask app.

The Alexa Skills Kit trigger (restricted to the skill id) is what authenticates requests here,
so no signature check is needed. The skill is built on the first call and reused while the
Lambda container stays warm.
"""

from __future__ import annotations

import os
from typing import Any

from ask_sdk_core.skill import CustomSkill

from skill.door import invoke
from skill.library import DEFAULT_ROUTINES, load_library
from skill.skill_builder import build_skill

_skill: CustomSkill | None = None


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Lambda entry point."""
    global _skill
    if _skill is None:
        _skill = build_skill(load_library(os.environ.get("ROUTINES_DIR", str(DEFAULT_ROUTINES))))
    return invoke(_skill, event, context)
