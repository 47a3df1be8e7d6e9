"""The routine-skill command line: validate, schema, preview, build-model, serve."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from skill.cli import main

CONTENT = Path(__file__).resolve().parent / "fixtures" / "content"
DIR = ["--dir", str(CONTENT)]


def test_validate_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(CONTENT)]) == 0
    assert f"ok: 3 routines and 7 topics in {CONTENT}" in capsys.readouterr().out


def test_validate_reports_problems_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(CONTENT, tmp_path / "routines")
    bad = tmp_path / "routines" / "ball-lean.yaml"
    bad.write_text(bad.read_text().replace("hold: 40", "hold: 1:30"))
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "routines"]) == 1
    err = capsys.readouterr().err
    assert "routines/ball-lean.yaml:16:11: steps[1].hold:" in err
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
        "needs",
        "tools",
        "cautions",
        "steps",
    }


def test_preview_text_shows_holds_and_shares(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["preview", "wall ball", *DIR]) == 0
    out = capsys.readouterr().out
    assert "[hold 40 s]" in out
    assert "-- Response 1 of 2: about" in out and "% of 240 s)" in out
    assert "20 s  Halfway." in out


def test_preview_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["preview", "palm-press", "--json", *DIR]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) >= 2
    for row in rows:
        assert row["ssml"].startswith("<speak>") and row["chars"] == len(row["ssml"])
        assert 0 < row["seconds"] <= 240


def test_preview_unknown_routine(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["preview", "knees", *DIR]) == 2
    err = capsys.readouterr().err
    assert err == "no routine called 'knees'; try one of: ball-lean, easy-walk, palm-press\n"


def test_build_model_check_and_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = ["--out", str(tmp_path), *DIR]
    assert main(["build-model", "--check", *out]) == 1
    err = capsys.readouterr().err
    assert "out of date: run make generate (or .venv/bin/routine-skill build-model)" in err
    assert main(["build-model", *out]) == 0
    assert main(["build-model", "--check", *out]) == 0
    (tmp_path / "en-GB.json").write_text("{}")
    assert main(["build-model", "--check", *out]) == 1
    assert capsys.readouterr().err.count("out of date") == 1


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

    shutil.copytree(CONTENT, tmp_path / "routines")
    bad = tmp_path / "routines" / "ball-lean.yaml"
    bad.write_text(bad.read_text().replace("hold: 40", "hold: forty"))
    monkeypatch.setenv("SKILL_ROUTINES_DIR", str(tmp_path / "routines"))
    monkeypatch.setenv("SKILL_DATA_PATH", str(tmp_path / "data" / "skill.sqlite3"))
    served: list[object] = []
    monkeypatch.setattr(Flask, "run", lambda self, **kwargs: served.append(kwargs))
    assert main(["serve", "--dev"]) == 1  # the broken folder was the one loaded
    assert "ball-lean.yaml:" in capsys.readouterr().err and served == []
    monkeypatch.setenv("SKILL_ROUTINES_DIR", str(CONTENT))
    # Port 0: any free one (5000 may be taken on this machine; app.run is a stand-in here).
    assert main(["serve", "--dev", "--port", "0"]) == 0 and len(served) == 1


def test_make_run_takes_a_port_and_host() -> None:
    root = Path(__file__).resolve().parent.parent
    # Not as a sub-make of `make test`: no inherited flags, no "Entering directory" lines.
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}

    def serve_line(*args: str) -> str:
        dry = subprocess.run(
            ["make", "-n", "run", *args], cwd=root, env=env, capture_output=True, text=True
        )
        return next(line for line in dry.stdout.splitlines() if "serve --dev" in line)

    assert serve_line("PORT=5050", "HOST=0.0.0.0").endswith("--host 0.0.0.0 --port 5050")
    assert serve_line().endswith("--host 127.0.0.1 --port 5000")


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("x.mp3", "only .wav files can be written, not"),
        ("nodir/x.wav", "there is no folder"),
    ],
)
def test_audio_mistakes_get_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], output: str, message: str
) -> None:
    assert main(["audio", "palm press", "-o", str(tmp_path / output), *DIR]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"routine-skill audio: {message}") and err.count("\n") == 1
    assert not (tmp_path / output).exists()


def test_chat_speak_without_the_espeak_program_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    assert main(["chat", "--memory", "--speak", *DIR]) == 2
    err = capsys.readouterr().err
    assert "espeak-ng program, which is not installed" in err and err.count("\n") == 1


def test_audio_renders_without_a_system_espeak(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")  # only the library from the wheel
    wav = tmp_path / "palm.wav"
    assert main(["audio", "palm press", "-o", str(wav), *DIR]) == 0
    assert wav.stat().st_size > 44 and "s of audio" in capsys.readouterr().out


def test_serve_on_a_busy_port_says_which_to_pick(capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        assert main(["serve", "--dev", "--port", str(port), *DIR]) == 2
    err = capsys.readouterr().err
    assert f"port {port} on 127.0.0.1 is in use; pick another (make run PORT=" in err
    assert err.count("\n") == 1


def test_make_package_warns_of_the_placeholder_id_and_names_an_npm_failure(
    tmp_path: Path,
) -> None:
    """The Makefile's package recipe, with stand-ins for routine-skill and npx."""
    root = Path(__file__).resolve().parent.parent
    stubs = tmp_path / "bin"
    stubs.mkdir()
    for name, code in (("routine-skill", 0), ("npx", 1)):  # npx fails: offline, no cache
        stub = stubs / name
        stub.write_text(f"#!/bin/sh\nexit {code}\n")
        stub.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE") and k != "SKILL_ID"}
    env["PATH"] = f"{stubs}:{env['PATH']}"
    made = subprocess.run(
        # -o: the venv counts as installed (this test checks the recipe, not the install)
        ["make", "-o", ".venv/.installed", "package", f"BIN={stubs}"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert made.returncode != 0
    assert "SKILL_ID is not set, so the Alexa trigger accepts only the placeholder" in made.stderr
    assert "make package: osls@" in made.stderr and "did not run" in made.stderr


def test_skill_dev_mode_in_the_environment_never_switches_off_verification(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import skill.server
    from skill.app import create_app

    monkeypatch.setenv("SKILL_DATA_PATH", str(tmp_path / "skill.sqlite3"))
    given: list[dict[str, object]] = []
    monkeypatch.setattr(skill.server, "serve", lambda *args: given.append(dict(args[3])))
    monkeypatch.setenv("SKILL_DEV_MODE", "true")
    assert main(["serve", "--skill-id", "amzn1.ask.skill.x", *DIR]) == 2  # refused, named
    err = capsys.readouterr().err
    assert "SKILL_DEV_MODE asks for development mode" in err and err.count("\n") == 1
    assert given == []
    monkeypatch.delenv("SKILL_DEV_MODE")
    assert main(["serve", "--skill-id", "amzn1.ask.skill.x", *DIR]) == 0
    (config,) = given
    assert config["DEV_MODE"] is False
    monkeypatch.setenv("SKILL_DEV_MODE", "true")  # set after start: still verified
    unsigned = create_app(config).test_client().post("/alexa", json={"version": "1.0"})
    assert unsigned.status_code == 400


def test_production_serve_on_a_busy_port_says_so_in_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import socket

    monkeypatch.delenv("SKILL_DEV_MODE", raising=False)
    monkeypatch.setenv("SKILL_DATA_PATH", str(tmp_path / "skill.sqlite3"))
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        args = ["serve", "--skill-id", "amzn1.ask.skill.x", "--port", str(port), *DIR]
        assert main(args) == 2
    err = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1:{port}" in err and "Traceback" not in err
