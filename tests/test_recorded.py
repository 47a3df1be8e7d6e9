"""The recorded conversations (tests/recorded/, made by tests/recorded.py) replayed: every
response is byte-identical to the one recorded, on either store."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from recorded import CONTENT, RECORDED, seeded_store
from skill.conversation.record import merge
from skill.door import invoke
from skill.library import Library, load_library
from skill.sim.envelope import SIM_USER_ID
from skill.skill_builder import build_skill
from skill.storage.keys import key_of
from skill.storage.sqlite import SqliteAdapter

FILES = sorted(RECORDED.glob("*.json"))


@pytest.fixture(scope="module")
def content() -> Library:
    return load_library(CONTENT)


def sqlite_store(path: Path, seed: dict[str, Any] | None) -> SqliteAdapter:
    store = SqliteAdapter(path, merge=merge)
    if seed is not None:
        with sqlite3.connect(path) as db:
            db.execute(
                "INSERT INTO users VALUES (?, ?, datetime('now'))",
                (key_of(SIM_USER_ID), json.dumps(seed)),
            )
    return store


def test_every_dialog_is_recorded() -> None:
    dialogs = {p.stem for p in (RECORDED.parent / "dialogs").glob("*.yaml")}
    assert dialogs | {"regular-user"} == {p.stem for p in FILES}


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_responses_are_byte_identical(
    path: Path, kind: str, content: Library, tmp_path: Path
) -> None:
    recording = json.loads(path.read_text(encoding="utf-8"))
    seed = recording["seed"]
    store: AbstractPersistenceAdapter = (
        seeded_store(seed) if kind == "memory" else sqlite_store(tmp_path / "r.sqlite3", seed)
    )
    skill = build_skill(content, store)
    for i, exchange in enumerate(recording["exchanges"]):
        response = invoke(skill, exchange["request"])
        assert json.dumps(response) == json.dumps(exchange["response"]), (
            f"{path.name}: exchange {i} differs; if the change is meant, record again with "
            "`.venv/bin/python tests/recorded.py`"
        )
