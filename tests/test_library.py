"""The content snapshot: reused while nothing changed, made again when a file did; a packaged
one (the Lambda's) is used without hashing the files beside it."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from skill import library as library_module
from skill.library import SNAPSHOT_NAME, fingerprint, load_library

FIXTURES = Path(__file__).parent / "fixtures" / "content"


def test_a_snapshot_is_reused_until_a_file_changes(tmp_path: Path) -> None:
    content = tmp_path / "routines"
    shutil.copytree(FIXTURES, content)
    snapshot = tmp_path / SNAPSHOT_NAME
    first = load_library(content, snapshot=snapshot)
    assert snapshot.is_file()
    again = load_library(content, snapshot=snapshot)
    assert again == first and again is not first  # read back from the file
    routine = content / "palm-press.yaml"
    routine.write_text(routine.read_text().replace("name: palm press", "name: palm squeeze"))
    changed = load_library(content, snapshot=snapshot)
    assert changed.catalog.routine("palm-press").name == "palm squeeze"


def test_a_packaged_snapshot_is_used_without_fingerprinting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "routines"
    shutil.copytree(FIXTURES, content)
    snapshot = tmp_path / SNAPSHOT_NAME
    made = load_library(content, snapshot=snapshot)

    def no_hashing(*args: object) -> str:
        raise AssertionError("the package's files were hashed")

    monkeypatch.setattr(library_module, "fingerprint", no_hashing)
    assert load_library(content, snapshot=snapshot, keep=False, packaged=True) == made
    snapshot.write_bytes(b"not a pickle")  # unreadable: validated from the files, unhashed
    again = load_library(content, snapshot=snapshot, keep=False, packaged=True)
    assert again == made and snapshot.read_bytes() == b"not a pickle"  # nothing written


def test_a_snapshot_unpacks_each_plan_when_first_asked_for(tmp_path: Path) -> None:
    content = tmp_path / "routines"
    shutil.copytree(FIXTURES, content)
    made = load_library(content, snapshot=tmp_path / SNAPSHOT_NAME)
    read = load_library(content, snapshot=tmp_path / SNAPSHOT_NAME)
    plans = read.plans
    assert set(plans) == set(made.plans) and not plans._plans  # nothing unpacked yet
    assert {k: plans.seconds(k) for k in plans} == {k: made.plans[k].seconds for k in plans}
    assert not plans._plans  # lengths are known without unpacking
    plan = plans["palm-press"]
    assert plan == made.plans["palm-press"] and plans["palm-press"] is plan  # kept once unpacked
    assert plan.routine is read.catalog.routine("palm-press")  # the catalog's own, not a copy
    assert list(plans._plans) == ["palm-press"]
    with pytest.raises(KeyError):
        plans["no-such-routine"]


def test_the_fingerprint_follows_the_content_and_the_code(tmp_path: Path) -> None:
    content, code = tmp_path / "routines", tmp_path / "code"
    shutil.copytree(FIXTURES, content)
    code.mkdir()
    (code / "a.py").write_text("x = 1\n")
    first = fingerprint(content, code)
    assert fingerprint(content, code) == first
    (code / "a.py").write_text("x = 22\n")  # code edited
    assert fingerprint(content, code) != first
    second = fingerprint(content, code)
    (content / "topics.yaml").write_text((content / "topics.yaml").read_text() + "\n")
    assert fingerprint(content, code) != second
    assert fingerprint(content, None) == fingerprint(content, tmp_path / "none")  # content only


class _Stale:
    """Stands for an object older code pickled, which no longer unpickles (a TypeError)."""

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return (divmod, ("stale", "object"))


def test_a_snapshot_from_older_code_is_made_again(tmp_path: Path) -> None:
    content = tmp_path / "routines"
    shutil.copytree(FIXTURES, content)
    snapshot = tmp_path / SNAPSHOT_NAME
    made = load_library(content, snapshot=snapshot)
    for stale in (pickle.dumps(_Stale()), pickle.dumps(("old-key", _Stale(), {}, {}))):
        snapshot.write_bytes(stale)  # unpickling it raises: planned again, and rewritten
        assert load_library(content, snapshot=snapshot) == made
        assert snapshot.read_bytes() != stale
