"""Loader tests: one fixture file per kind of mistake, with the exact message an author sees."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from skill.content.catalog import Catalog
from skill.content.errors import ContentError
from skill.content.loader import load_catalog
from skill.library import DEFAULT_ROUTINES, Library, load_library

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "errors"
CONTENT = Path(__file__).parent / "fixtures" / "content"
GOOD = ("topics.yaml", "safety.yaml", "easy-walk.yaml", "ball-lean.yaml")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A routines/ folder with good shared files, the working directory set above it."""
    target = tmp_path / "routines"
    target.mkdir()
    for name in GOOD:
        shutil.copy(CONTENT / name, target / name)
    monkeypatch.chdir(tmp_path)
    return target


def problems_for(folder: Path, fixture: str) -> list[str]:
    shutil.copy(FIXTURES / fixture, folder / fixture)
    with pytest.raises(ContentError) as caught:
        load_library(folder)
    return [str(p) for p in caught.value.problems]


CASES = {
    "unknown-key.yaml": [
        "routines/unknown-key.yaml:9:1: stpes: unknown key 'stpes' (did you mean 'steps'?)",
    ],
    "nested-unknown-key.yaml": [
        "routines/nested-unknown-key.yaml:12:5: steps[1].hld: unknown key 'hld' "
        "(did you mean 'hold'?)",
    ],
    "wrong-type.yaml": [
        "routines/wrong-type.yaml:6:8: tools: expected a list (lines starting with '- '), "
        "got 'a tennis ball'",
    ],
    "hold-range.yaml": [
        "routines/hold-range.yaml:11:11: steps[0].hold: expected seconds between 5 and 120, "
        "got 150",
    ],
    "sexagesimal.yaml": [
        "routines/sexagesimal.yaml:11:11: steps[0].hold: expected seconds between 5 and 120, "
        "got '1:30' (YAML 1.1 reads 1:30 as 90; write the seconds as a plain number, "
        "e.g. hold: 90)",
    ],
    "quoted-hold.yaml": [
        "routines/quoted-hold.yaml:11:11: steps[0].hold: expected seconds between 5 and 120, "
        "got the text '30'; remove the quotes",
    ],
    "norway.yaml": [
        "routines/norway.yaml:3:28: synonyms[1]: expected text, got 'no', which YAML reads as "
        'true or false; put it in quotes: "no"',
    ],
    "duplicate-key.yaml": [
        "routines/duplicate-key.yaml:12:5: steps[0].hold: duplicate key 'hold' (first at line "
        "11); YAML would silently keep only the last one",
    ],
    "duplicate-name.yaml": [
        "routines/duplicate-name.yaml:3:12: synonyms[0]: 'wall ball' is already used by routine "
        "'ball-lean' (routines/ball-lean.yaml:5); each id and name must be unique",
    ],
    "missing-cautions.yaml": [
        "routines/missing-cautions.yaml:1:1: (file): missing required key 'cautions': Cautions "
        "spoken before the first step.",
    ],
    "placeholder.yaml": [
        "routines/placeholder.yaml:12:14: steps[0].steps[0].say: unknown placeholder '{sied}' "
        "(did you mean 'side'?); a step in a sides block can use: {side}, {other_side}",
        "routines/placeholder.yaml:14:10: steps[1].say: unknown placeholder '{side}'; a step "
        "without sides can use: none",
    ],
    "cue-overlap.yaml": [
        "routines/cue-overlap.yaml:15:9: steps[0].cues[1]: cue 'Nearly there.' at 12 s starts "
        "before the cue before it has finished (about 14 s); move it later",
    ],
    "ten-left-short.yaml": [
        "routines/ten-left-short.yaml:12:12: steps[0].cues[0]: 'ten-left' needs a hold longer "
        "than 10 s, not 8 s",
    ],
    "bad-cue.yaml": [
        "routines/bad-cue.yaml:12:12: steps[0].cues[0]: expected one of breathe, halfway, "
        "ten-left, got 'halfwya' (did you mean 'halfway'?)",
    ],
    "cues-without-hold.yaml": [
        "routines/cues-without-hold.yaml:11:11: steps[0].cues: 'cues' needs a hold: add "
        "'hold: SECONDS' or remove 'cues'",
    ],
    "too-long.yaml": [
        "routines/too-long.yaml:10:5: steps[0]: this makes a response of about 248 s of audio "
        "(keep it under 225 s); split the text into more steps or shorten the hold",
    ],
    "syntax.yaml": [
        "routines/syntax.yaml:11:4: (file): not valid YAML: this line's indentation doesn't "
        "match the lines above it; keys of one item must start in the same column (YAML says: "
        "while parsing a block collection expected <block end>, but found "
        "'<block mapping start>')",
    ],
    "two-documents.yaml": [
        "routines/two-documents.yaml:11:1: (file): not valid YAML: found more than one YAML "
        "document ('---'); keep one per file",
    ],
    "id-mismatch.yaml": [
        "routines/id-mismatch.yaml:1:5: id: id 'wrong-name' should match the file name: rename "
        "the file to wrong-name.yaml or set id: id-mismatch",
    ],
    "empty.yaml": [
        "routines/empty.yaml:1:1: (file): the file is empty: start from a file like it, or see "
        "the keys in its schema (.venv/bin/routine-skill schema)"
    ],
}


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_each_mistake_gets_its_exact_message(folder: Path, fixture: str) -> None:
    assert problems_for(folder, fixture) == CASES[fixture]


def test_every_fixture_has_a_case() -> None:
    assert sorted(p.name for p in FIXTURES.glob("*.yaml")) == sorted(CASES)


def test_all_problems_in_all_files_are_reported_at_once(folder: Path) -> None:
    for fixture in ("hold-range.yaml", "norway.yaml", "wrong-type.yaml"):
        shutil.copy(FIXTURES / fixture, folder / fixture)
    with pytest.raises(ContentError) as caught:
        load_catalog(folder)
    files = {p.file for p in caught.value.problems}
    assert files == {f"routines/{n}" for n in ("hold-range.yaml", "norway.yaml", "wrong-type.yaml")}
    # The exception's text is the list of messages, one per line: what the CLI prints.
    assert str(caught.value).count("\n") == len(caught.value.problems) - 1


def test_not_utf8_is_reported(folder: Path) -> None:
    (folder / "latin.yaml").write_bytes("id: latin\nname: caf\xe9\n".encode("latin-1"))
    with pytest.raises(ContentError) as caught:
        load_catalog(folder)
    (problem,) = caught.value.problems
    assert problem.message == "not UTF-8 text (byte 0xe9); save the file as UTF-8"
    assert (problem.line, problem.column) == (2, 10)  # where the byte is, not 1:1


def test_yml_extension_is_flagged(folder: Path) -> None:
    shutil.copy(FIXTURES / "hold-range.yaml", folder / "other.yml")
    with pytest.raises(ContentError) as caught:
        load_catalog(folder)
    assert [str(p) for p in caught.value.problems] == [
        "routines/other.yml:1:1: (file): rename to .yaml: only .yaml files are read"
    ]


def test_missing_shared_files_and_wrap_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "routines").mkdir()
    shutil.copy(CONTENT / "ball-lean.yaml", tmp_path / "routines")
    with pytest.raises(ContentError) as caught:
        load_catalog("routines")
    assert [str(p) for p in caught.value.problems] == [
        "routines/safety.yaml:1:1: (file): missing file: every routines folder needs topics.yaml "
        "and safety.yaml",
        "routines/topics.yaml:1:1: (file): missing file: every routines folder needs topics.yaml "
        "and safety.yaml",
    ]


def test_exactly_one_wrap_up(folder: Path) -> None:
    (folder / "easy-walk.yaml").unlink()
    with pytest.raises(ContentError) as caught:
        load_catalog(folder)
    assert [str(p) for p in caught.value.problems] == [
        "routines:1:1: kind: exactly one routine needs 'kind: wrap-up' (found 0)"
    ]


def test_required_topics(folder: Path) -> None:
    text = (folder / "topics.yaml").read_text()
    (folder / "topics.yaml").write_text(text.replace("id: pressure", "id: pushing"))
    with pytest.raises(ContentError) as caught:
        load_catalog(folder)
    messages = [p.message for p in caught.value.problems]
    assert messages == [
        "missing topic 'pressure': the skill answers questions with it; required topics are "
        "fascia, myofascial-release, back-pain, trigger-points, pressure, frequency, safety"
    ]


def test_unquoted_emergency_number_is_refused(folder: Path) -> None:
    text = (folder / "safety.yaml").read_text()
    (folder / "safety.yaml").write_text(text.replace('en-GB: "999"', "en-GB: 999"))
    with pytest.raises(ContentError) as caught:
        load_catalog(folder)
    (problem,) = caught.value.problems
    assert problem.path == ("emergency_numbers", "en-GB")
    assert "got '999', which YAML reads as a number; put it in quotes" in problem.message


def test_tests_outside_the_content_smoke_tests_cannot_read_routines() -> None:
    # conftest's guard: every other test runs on tests/fixtures/content.
    with pytest.raises(AssertionError, match="reads the shipped routines/"):
        load_library(DEFAULT_ROUTINES)
    assert load_catalog(CONTENT).routines  # any other folder loads


def test_names_match_loosely() -> None:
    catalog = load_catalog(CONTENT)
    found = catalog.find_routine("The Palm one")
    assert found is not None and found.id == "palm-press"
    assert catalog.find_routine("something else entirely") is None
    topic = catalog.find_topic("the fascia")
    assert topic is not None and topic.id == "fascia"


def test_the_readme_example_routine_is_valid(folder: Path) -> None:
    readme = (ROOT / "README.md").read_text()
    blocks = [b.split("```", 1)[0] for b in readme.split("```yaml\n")[1:]]
    (example,) = [b for b in blocks if b.startswith("# yaml-language-server: $schema=schema/r")]
    (folder / "ball-lean.yaml").unlink()
    (folder / "top-of-shoulder-hold.yaml").write_text(example)
    catalog = load_library(folder).catalog
    assert catalog.routine("top-of-shoulder-hold").cautions


def test_replies_built_from_content_are_checked_at_start_up(folder: Path) -> None:
    long_item = "  - " + " ".join(["You have had a test condition for a long while now."] * 3)
    safety = (folder / "safety.yaml").read_text()
    (folder / "safety.yaml").write_text(safety.replace("  - You feel unwell.", long_item))
    text = (folder / "topics.yaml").read_text()
    expanding = " ".join(["{screen}"] * 24)  # short as written, too long when filled in
    text = text.replace("    more: Fascia wraps every muscle.", f'    more: "{expanding}"')
    (folder / "topics.yaml").write_text(text)
    with pytest.raises(ContentError) as caught:
        load_library(folder)
    (problem,) = caught.value.problems
    assert problem.file == "routines/topics.yaml" and problem.path == ("topics", 0, "more")
    assert (
        "this makes a reply of" in problem.message and "(in en-AU); shorten it" in problem.message
    )


def test_a_long_name_answers_to_its_last_two_words_when_no_other_does(library: Library) -> None:
    palm = library.catalog.routine("palm-press")._replace(name="seated palm press")
    ball = library.catalog.routine("ball-lean")._replace(name="standing wall lean")
    twin = ball._replace(id="other-lean", name="kneeling wall lean", synonyms=())
    catalog = Catalog((palm, ball), library.catalog.topics, library.catalog.safety)
    assert catalog.spoken_names(palm)[-1] == "palm press"
    assert catalog.find_routine("the wall lean please") == ball
    clash = Catalog((palm, ball, twin), library.catalog.topics, library.catalog.safety)
    assert clash.spoken_names(ball) == ball.names  # two routines end "wall lean": neither


def test_a_copied_routine_with_its_id_unchanged_is_the_one_blamed(folder: Path) -> None:
    # A copy named to sort first ("a-copy.yaml") still carries ball-lean's id and names.
    shutil.copy(folder / "ball-lean.yaml", folder / "a-copy.yaml")
    with pytest.raises(ContentError) as caught:
        load_catalog(folder)
    problems = caught.value.problems
    assert problems and all(p.file.endswith("a-copy.yaml") for p in problems)  # not ball-lean
    assert any("is already used by routine 'ball-lean'" in p.message for p in problems)


def test_a_quoted_hold_like_1_30_says_what_to_write(folder: Path) -> None:
    path = folder / "ball-lean.yaml"
    path.write_text(path.read_text().replace("hold: 40", 'hold: "1:30"', 1))
    with pytest.raises(ContentError) as caught:
        load_catalog(folder)
    (problem,) = caught.value.problems
    assert "write the seconds as a plain number, e.g. hold: 90" in problem.message
    assert "remove the quotes" not in problem.message
