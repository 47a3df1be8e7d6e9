"""The shipped dialog files, run as tests; and the dialog runner's own checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from skill.cli import main
from skill.content.errors import ContentError
from skill.sim.dialogs import load_dialog

DIALOGS = sorted((Path(__file__).parent / "dialogs").glob("*.yaml"))
CONTENT = Path(__file__).parent / "fixtures" / "content"


@pytest.mark.parametrize("path", DIALOGS, ids=[p.stem for p in DIALOGS])
def test_dialog(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["dialogs", "--verbose", str(path)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "FAIL" not in out and " 0 failed" in out


def test_the_dialogs_cover_what_the_issues_ask() -> None:
    text = "\n".join(turn.say for p in DIALOGS for turn in load_dialog(p).turns)
    for needed in (
        "is this safe",
        "help",
        "pause",
        "resume",
        "stop",
        "what is fascia",
        "how hard should I press",
        "how often",
        "knots",
        "myofascial release",
        "how does it help back pain",
        "when should I see",
        "go back",
        "I'm not sure",
        "okay",
    ):
        assert needed in text, needed
    # Every fixture routine from start to finish, and the question rules in words.
    assert {p.stem for p in DIALOGS} >= {
        "palm-press",
        "ball-lean",
        "easy-walk",
        "questions",
        "navigation",
    }
    assert {load_dialog(p).content for p in DIALOGS} == {
        str(DIALOGS[0].parent / "../fixtures/content")
    }


def test_a_failing_expectation_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dialog = tmp_path / "wrong.yaml"
    dialog.write_text(
        "name: wrong on purpose\n"
        "turns:\n"
        "  - say: open back release coach\n"
        "    expect: {says: Goodbye forever, ends: true, intent: AMAZON.StopIntent}\n"
    )
    assert main(["dialogs", "--dir", str(CONTENT), str(dialog)]) == 1
    out = capsys.readouterr().out
    assert f"FAIL {dialog}:3: 'open back release coach':" in out
    assert "speech lacks 'Goodbye forever'" in out
    assert "the session stays open" in out
    assert "understood as LaunchRequest, expected AMAZON.StopIntent" in out


def test_a_screen_expectation_fails_on_the_wrong_screen_or_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for device, wanted in (("show", "screen lacks 'Step 9'"), ("voice", "no screen")):
        dialog = tmp_path / f"{device}.yaml"
        dialog.write_text(
            f"name: a screen that isn't there\ndevice: {device}\nturns:\n"
            "  - say: open back release coach\n"
            "    expect: {screen: [Step 9]}\n"
        )
        assert main(["dialogs", "--dir", str(CONTENT), str(dialog)]) == 1
        assert wanted in capsys.readouterr().out


def test_dialog_files_are_checked_like_routines(tmp_path: Path) -> None:
    dialog = tmp_path / "bad.yaml"
    dialog.write_text("name: bad\nturns:\n  - say: yes\n    expect: {ends: yes, sayz: hello}\n")
    with pytest.raises(ContentError) as caught:
        load_dialog(dialog)
    assert [str(p) for p in caught.value.problems] == [
        f"{dialog}:3:10: turns[0].say: expected text, got 'yes', which YAML reads as true or "
        'false; put it in quotes: "yes"',
        f"{dialog}:4:20: turns[0].expect.ends: expected true or false, got 'yes' (write true "
        "or false: YAML 1.1 reads yes/no/on/off as well)",
        f"{dialog}:4:25: turns[0].expect.sayz: unknown key 'sayz' (did you mean 'says'?)",
    ]
    dialog.write_text("name: bad\nturns:\n  - say: hi\n    expect: {matches: '('}\n")
    with pytest.raises(ContentError) as caught:
        load_dialog(dialog)
    (problem,) = caught.value.problems
    assert problem.path == ("turns", 0, "expect", "matches")
    assert problem.message.startswith("not a regular expression")


def test_texts_ignore_case_every_turn_is_listed_and_a_wrong_path_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dialog = tmp_path / "checks.yaml"
    dialog.write_text(
        "name: the dialog tool's own rules\n"
        "turns:\n"
        "  - say: open back release coach\n"
        "  - say: what is fascia\n"
        "    expect: {says: FASCIA IS, reprompt: would you like, card: FASCIA}\n"
        "  - say: help\n"
        "    expect: {attributes: {coach.no_such.thing: x}}\n"
    )
    assert main(["dialogs", "-v", "--dir", str(CONTENT), str(dialog)]) == 1
    out = capsys.readouterr().out
    assert f"said {dialog}:3: 'open back release coach'" in out  # no expect: listed with -v
    assert f"pass {dialog}:4: 'what is fascia'" in out  # says/reprompt/card ignore case
    assert "no such attribute coach.no_such.thing (expected 'x')" in out
    assert "'null'" not in out
