"""Pacing: the waits a listener has, measured through the Coach, and the start-up limits."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from skill.cli import main
from skill.content.errors import ContentError
from skill.conversation.coach import Coach
from skill.conversation.pacing import FIRST_HOLD_LIMIT, FIRST_RESPONSE_LIMIT, pacing
from skill.library import Library, load_library

CONTENT = Path(__file__).resolve().parent / "fixtures" / "content"


def test_the_figures_follow_the_conversation(library: Library) -> None:
    coach = Coach(library.catalog, library.plans)
    for routine, plan in library.plans.items():
        found = pacing(coach, routine, returning=True)
        assert found.first_response == pytest.approx(plan.responses[0].seconds, abs=0.01)
        assert found.first_hold is not None and found.first_hold > found.first_response
        assert found.check_again is not None
        assert found.check_again < found.check  # a returning user hears the short check
        assert found.first_response <= FIRST_RESPONSE_LIMIT
        assert found.first_hold <= FIRST_HOLD_LIMIT


def long_cautions(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    path = folder / "palm-press.yaml"
    text = path.read_text(encoding="utf-8")
    extra = "".join(
        f"  - Keep your wrists soft and your shoulders low, and breathe slowly, number {n}.\n"
        for n in range(count)
    )
    path.write_text(
        text.replace("  - Keep the pressure light.\n", "  - Keep the pressure light.\n" + extra)
    )
    return folder


def test_a_first_response_over_the_limit_is_refused_at_start_up(tmp_path: Path) -> None:
    folder = long_cautions(tmp_path, 6)
    with pytest.raises(ContentError) as caught:
        load_library(folder)
    (problem,) = caught.value.problems
    assert problem.file.endswith("palm-press.yaml") and problem.path == ("cautions",)
    assert "the first response takes about" in problem.message
    assert f"(at most {FIRST_RESPONSE_LIMIT:.0f} s)" in problem.message


def test_preview_prints_the_pacing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["preview", "palm press", "--dir", str(CONTENT)]) == 0
    out = capsys.readouterr().out
    assert "Pacing: first response about" in out and "from asking for it to the first hold" in out
    assert "[first, once a session: Skip any bruise." in out
