"""Shared fixtures: the shipped content, a skill built from it, and a conversation driver."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from ask_sdk_core.skill import CustomSkill

from driver import Conversation
from skill.library import Library, load_library
from skill.skill_builder import build_skill

ROOT = Path(__file__).resolve().parent.parent
ROUTINES = ROOT / "routines"


@pytest.fixture(autouse=True, scope="session")
def data_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Apps built by tests keep their SQLite file in a temporary folder, not the checkout."""
    path = tmp_path_factory.mktemp("data") / "skill.sqlite3"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SKILL_DATA_PATH", str(path))
        yield path


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library(ROUTINES)


@pytest.fixture
def skill(library: Library) -> CustomSkill:
    return build_skill(library)


@pytest.fixture
def talk(skill: CustomSkill) -> Conversation:
    """A user who has opened the skill once (and so heard the disclaimer)."""
    conversation = Conversation(skill)
    conversation.launch()
    return conversation
