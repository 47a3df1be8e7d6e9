"""The routine-skill command line: validate, schema, preview, build-model, serve."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from skill.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_validate_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(ROOT / "routines")]) == 0
    assert "ok: 6 routines and 7 topics" in capsys.readouterr().out


def test_validate_reports_problems_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "routines", tmp_path / "routines")
    bad = tmp_path / "routines" / "seat-muscle-release.yaml"
    bad.write_text(bad.read_text().replace("hold: 55", "hold: 1:30"))
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "routines"]) == 1
    err = capsys.readouterr().err
    assert "routines/seat-muscle-release.yaml:" in err
    assert "YAML 1.1 reads 1:30 as 90" in err
    assert err.strip().endswith("1 problem found")
    assert "Traceback" not in err


def test_schema_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert set(schema["properties"]) >= {
        "id",
        "name",
        "synonyms",
        "summary",
        "area",
        "tools",
        "cautions",
        "steps",
    }


def test_preview_text_shows_holds_and_shares(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["preview", "upper back"]) == 0
    out = capsys.readouterr().out
    assert "[hold 60 s]" in out
    assert "-- Response 1 of 3: about" in out and "% of 240 s)" in out
    assert "30 s  Halfway." in out


def test_preview_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["preview", "knuckle-press", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) >= 2
    for row in rows:
        assert row["ssml"].startswith("<speak>") and row["chars"] == len(row["ssml"])
        assert 0 < row["seconds"] <= 240


def test_preview_unknown_routine(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["preview", "knees"]) == 2
    assert "no routine called 'knees'" in capsys.readouterr().err


def test_build_model_check_and_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build-model", "--check"]) == 0
    assert main(["build-model", "--check", "--out", str(tmp_path)]) == 1
    assert "out of date" in capsys.readouterr().err
    assert main(["build-model", "--out", str(tmp_path)]) == 0
    assert main(["build-model", "--check", "--out", str(tmp_path)]) == 0


def test_serve_without_a_skill_id_refuses(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SKILL_ID", raising=False)
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert "needs the skill id" in err and "Traceback" not in err


def test_serve_reads_the_content_folder_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Found in review: --dir's default overrode SKILL_ROUTINES_DIR, so the variable did nothing.
    from flask import Flask

    shutil.copytree(ROOT / "routines", tmp_path / "routines")
    bad = tmp_path / "routines" / "knuckle-press.yaml"
    bad.write_text(bad.read_text().replace("hold: 60", "hold: sixty"))
    monkeypatch.setenv("SKILL_ROUTINES_DIR", str(tmp_path / "routines"))
    monkeypatch.setenv("SKILL_DATA_PATH", str(tmp_path / "data" / "skill.sqlite3"))
    served: list[object] = []
    monkeypatch.setattr(Flask, "run", lambda self, **kwargs: served.append(kwargs))
    assert main(["serve", "--dev"]) == 1  # the broken folder was the one loaded
    assert "knuckle-press.yaml:" in capsys.readouterr().err and served == []
    monkeypatch.setenv("SKILL_ROUTINES_DIR", str(ROOT / "routines"))
    assert main(["serve", "--dev"]) == 0 and len(served) == 1
