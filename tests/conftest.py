"""Shared fixtures: the tests' own content (tests/fixtures/content), a skill built from it,
and simulated devices talking to it. Only tests/test_content.py reads the shipped routines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from ask_sdk_core.skill import CustomSkill

from helpers import simulator
from skill.content import loader
from skill.content.catalog import Catalog
from skill.library import DEFAULT_ROUTINES, Library, load_library
from skill.sim.client import Simulator
from skill.skill_builder import build_skill

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "content"
# The only tests that may read routines/: smoke tests of the shipped content, and the Lambda
# package (which must ship it). Everything else runs on FIXTURES.
SHIPPED_CONTENT_TESTS = ("test_content.py", "test_package.py")


@pytest.fixture(autouse=True, scope="session")
def environment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Apps built by tests keep their SQLite file in a temporary folder, not the checkout, and
    serve the fixture content unless a test says otherwise."""
    path = tmp_path_factory.mktemp("data") / "skill.sqlite3"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SKILL_DATA_PATH", str(path))
        patch.setenv("SKILL_ROUTINES_DIR", str(FIXTURES))
        patch.setenv("ROUTINES_DIR", str(FIXTURES))  # the Lambda door's setting
        yield path


@pytest.fixture(autouse=True)
def shipped_content_guard(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading routines/ fails any other test, so no routine edit can break one."""
    if request.node.path.name in SHIPPED_CONTENT_TESTS:
        return
    real = loader.load_catalog

    def guarded(directory: str | Path) -> Catalog:
        if Path(directory).resolve() == DEFAULT_ROUTINES.resolve():
            raise AssertionError(
                "this test reads the shipped routines/; use the fixture content "
                "(tests/fixtures/content) instead"
            )
        return real(directory)

    monkeypatch.setattr(loader, "load_catalog", guarded)


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library(FIXTURES)


@pytest.fixture
def skill(library: Library) -> CustomSkill:
    return build_skill(library)


@pytest.fixture
def sim(skill: CustomSkill, library: Library) -> Simulator:
    """A device that has not opened the skill yet."""
    return simulator(skill, library)


@pytest.fixture
def talk(sim: Simulator) -> Simulator:
    """A user who has opened the skill once (and so heard the disclaimer)."""
    sim.launch()
    return sim
