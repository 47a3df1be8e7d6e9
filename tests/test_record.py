"""The stored record and the session state: one place type, read defensively, migrated by
version (a record written by the previous version is read as it meant)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from helpers import START, simulator
from skill.conversation.history import MAX_HISTORY, Done, History, number_text, text_number
from skill.conversation.place import Place
from skill.conversation.record import RECORD_VERSION, UserRecord, merge
from skill.conversation.session import Ask, Key, Question, Said, Session
from skill.library import Library
from skill.skill_builder import build_skill
from skill.speech import prompts
from skill.storage.keys import key_of
from skill.storage.sqlite import SqliteAdapter

# Written by version 1 (the code before the one place type), as it stored it: paused 10 s
# into response 1 of a run that started at ...425, one finished run, and one ended.
VERSION_1 = {
    "heard_disclaimer": True,
    "progress": {
        "routine_id": "palm-press",
        "response_index": 1,
        "spoken_at": 1800000480.0,
        "start_offset": 0.0,
        "lead": 0.0,
        "paused_at": 10.0,
        "started_at": 1800000425.0,
        "saved_at": 1800000510.0,
    },
    "ended": [1800000063.0],
    "history": [
        {"routine_id": "ball-lean", "started_at": 1800000063.0, "finished_at": 1800000371.0}
    ],
    "updated_at": 1800000510.0,
    "v": 1,
}


def test_a_version_1_record_is_read_as_it_meant() -> None:
    assert UserRecord.from_dict(VERSION_1) == UserRecord(
        heard_disclaimer=True,
        place=Place(
            "palm-press",
            1,
            sent_at=1800000480.0,
            run=1800000425.0,
            set_at=1800000510.0,
            paused=10.0,
        ),
        history=History.of([Done("ball-lean", 1800000063.0, 1800000371.0)], [1800000063.0]),
        updated_at=1800000510.0,
    )


def test_a_version_0_record_keeps_its_preferences() -> None:
    assert UserRecord.from_dict({"prefs": {"heard_disclaimer": True}}) == UserRecord(True)


def test_the_record_round_trips_in_the_current_version() -> None:
    record = UserRecord.from_dict(VERSION_1)
    data = record.to_dict()
    assert data["v"] == RECORD_VERSION == 3
    assert set(data) == {
        "v",
        "heard_disclaimer",
        "heard_check",
        "place",
        "history",
        "updated_at",
    }
    # Where they are, and when: nothing about how they feel (defaults are left out).
    assert set(data["place"]) == {"routine", "response", "sent_at", "run", "set_at", "paused"}
    assert UserRecord.from_dict(json.loads(json.dumps(data))) == record


def test_a_stored_version_1_record_carries_on_and_is_saved_as_version_3(
    tmp_path: Path, library: Library
) -> None:
    store = SqliteAdapter(tmp_path / "skill.sqlite3", merge=merge)
    sim = simulator(build_skill(library, store), library, now=1800000510.0 + 3600)
    key = key_of(sim.user)
    with sqlite3.connect(store.path) as db:
        db.execute(
            "INSERT INTO users (key, data, updated) VALUES (?, ?, datetime('now'))",
            (key, json.dumps(VERSION_1)),
        )
    welcome = sim.launch()
    assert welcome.text.startswith(
        "Welcome back. Last time you stopped in the palm press, at the palms hold."
    )
    sim.intent("AMAZON.YesIntent")  # carry on: the session's check comes first
    resumed = sim.intent("AMAZON.YesIntent")
    # An hour off the spot: the palms go back, and the hold's count starts again.
    recue = "Press your palms together again."
    assert f"{recue} {prompts.hold_again(30)}" in resumed.text
    with sqlite3.connect(store.path) as db:
        (data,) = db.execute("SELECT data FROM users WHERE key = ?", (key,)).fetchone()
    saved = json.loads(data)
    assert saved["v"] == 3 and saved["place"]["routine"] == "palm-press"
    assert saved["history"] == "ball-lean|0,tro8xr,8k|tro8xr"  # and ended


# Written by version 2, as it stored the finished runs: one object each (one malformed).
VERSION_2 = {
    "heard_disclaimer": True,
    "heard_check": False,
    "place": None,
    "ended": [1800000063.0],
    "history": [
        {"routine": "ball-lean", "run": 1800000063.0, "finished_at": 1800000371.5},
        {"routine": "Not An Id", "run": 1800000400.0, "finished_at": 1800000700.0},
        {"routine": "palm-press", "run": 1800000800.0, "finished_at": 1800001000.0},
    ],
    "updated_at": 1800001000.0,
    "v": 2,
}


def test_a_version_2_record_keeps_its_runs_as_one_text() -> None:
    record = UserRecord.from_dict(VERSION_2)
    assert record.history.runs == (
        Done("ball-lean", 1800000063.0, 1800000371.5),
        Done("palm-press", 1800000800.0, 1800001000.0),
    )
    data = record.to_dict()
    assert data["history"] == "ball-lean,palm-press|0,tro8xr,~308.5;1,tro9i8,5k|tro8xr"
    assert record.ended == (1800000063.0,) and "ended" not in data
    assert UserRecord.from_dict(json.loads(json.dumps(data))) == record


PLACE = {"routine": "palm-press", "response": 1, "sent_at": START, "run": START, "set_at": START}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, Place("palm-press", 1, START, START, START)),
        ({"set_at": None}, Place("palm-press", 1, START, START, START)),  # set when it was sent
        (
            {"paused": 12, "start": 3, "lead": 1.5},
            Place("palm-press", 1, START, START, START, 3.0, 1.5, 12.0),
        ),
        (
            {"paused": float("nan"), "start": -5, "lead": 1e308},
            Place("palm-press", 1, START, START, START),
        ),
        ({"paused": True}, Place("palm-press", 1, START, START, START)),
        ({"routine": "<audio/>"}, None),
        ({"routine": "x" * 100}, None),
        ({"response": 10**9}, None),
        ({"response": "1"}, None),
        ({"sent_at": float("inf")}, None),
        ({"run": 10**400}, None),
        ({"sent_at": None}, None),
    ],
)
def test_a_place_is_read_within_its_bounds(changes: dict[str, Any], expected: Place | None) -> None:
    assert Place.from_dict({**PLACE, **changes}) == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (None, Session()),
        ("x" * 10_000, Session()),
        (
            {"question": {"ask": "more", "about": "fascia"}},
            Session(question=Question(Ask.MORE, "fascia")),
        ),
        ({"question": {"ask": "forget"}}, Session(question=Question(Ask.FORGET))),
        ({"question": {"ask": "screen", "about": "fascia"}}, Session()),  # an unknown question
        ({"question": {"ask": ["more"], "about": "fascia"}}, Session()),
        ({"question": {"ask": "more", "about": "<audio/>"}}, Session()),
        ({"said": {"key": "topic", "arg": "fascia"}}, Session(said=Said(Key.TOPIC, "fascia"))),
        ({"said": {"key": "<speak>", "arg": 5}}, Session()),
        ({"checked": "yes", "heard_disclaimer": 1, "back_to": -3}, Session()),
        ({"place": {**PLACE, "response": "x"}, "back_to": 4}, Session(back_to=4)),
        (
            {"question": {"ask": "choose", "about": "palm-press ball-lean"}},
            Session(question=Question(Ask.CHOOSE, "palm-press ball-lean")),
        ),
        ({"question": {"ask": "choose", "about": "palm-press  ball-lean"}}, Session()),
        ({"question": {"ask": "choose", "about": " ".join(["a"] * 9)}}, Session()),
        ({"stopped": "<x>", "briefed": "yes", "turns": float("nan")}, Session()),
        ({"stopped": "palm-press", "turns": 3}, Session(stopped="palm-press", turns=3)),
    ],
)
def test_session_state_from_the_client_is_read_defensively(data: object, expected: Session) -> None:
    assert Session.from_dict(data) == expected


def test_session_state_round_trips(library: Library) -> None:
    session = Session(
        place=Place("palm-press", 2, START, START - 5, START, 1.0, 2.0, 3.0),
        question=Question(Ask.ENDING, "palm-press"),
        checked=True,
        heard_disclaimer=True,
        said=Said(Key.MORE, "fascia"),
        back_to=3,
        stopped="ball-lean",
        briefed=True,
        turns=7,
    )
    assert Session.from_dict(json.loads(json.dumps(session.to_dict()))) == session


def test_a_finished_run_replaced_by_another_devices_newer_one_still_counts() -> None:
    ending_sent = Place("palm-press", 3, START, START - 200, START, last=True)  # device A
    newer = Place("ball-lean", 0, START + 5, START + 5, START + 5)  # device B, read before A
    stored = UserRecord(heard_disclaimer=True, place=ending_sent).to_dict()
    ours = UserRecord(heard_disclaimer=True, place=newer).to_dict()
    merged = UserRecord.from_dict(merge(stored, ours))
    assert merged.place == newer
    assert merged.history.runs == (Done("palm-press", START - 200, START),)
    # A run replaced before its last response was sent was not finished: not counted.
    unfinished = UserRecord(place=Place("palm-press", 2, START, START - 200, START)).to_dict()
    assert UserRecord.from_dict(merge(unfinished, ours)).history.runs == ()
    # Counted once, however often it is merged.
    twice = UserRecord.from_dict(merge(merge(stored, ours), ours))
    assert len(twice.history.runs) == 1


def test_the_place_says_when_the_last_response_was_sent(library: Library) -> None:
    from skill.conversation.playback import play

    plan = library.plans["palm-press"]
    assert play(plan, len(plan.responses) - 1, 0.0, START, None).place.last
    assert not play(plan, 0, 0.0, START, None).place.last
    assert Place.from_dict({**PLACE, "last": True}) == Place(**{**PLACE, "last": True})  # type: ignore[arg-type]


def test_replacing_a_run_whose_ending_plays_counts_it_but_not_a_stopped_one() -> None:
    ending = Place("palm-press", 3, START, START - 200, START, last=True)  # device A's
    record = UserRecord(place=ending)
    other = Place("ball-lean", 0, START + 1, START + 1, START + 1)  # device B, read it first
    assert record.with_place(other).history.runs == (Done("palm-press", START - 200, START),)
    stopped = ending._replace(paused=12.0)  # stopped in the final steps: not finished
    assert UserRecord(place=stopped).with_place(other).history.runs == ()
    # The same run going on (how much longer, a resume) is not a replacement.
    assert UserRecord(place=ending).with_place(ending._replace(start=5.0)).history.runs == ()


def test_the_history_text_is_parsed_only_when_read_and_trimmed_only_when_added_to() -> None:
    runs = [Done("palm-press", START - i * 3600, START - i * 3600 + 300) for i in range(250, 0, -1)]
    stored = History.of(runs[-MAX_HISTORY:]).text
    history = History.read(stored)
    assert history.text is stored and history._runs is None  # nothing parsed yet
    assert history.has(("palm-press", START - 3600)) and not history.has(("palm-press", 1.0))
    assert history._runs is None
    assert history.add(runs[-1], START) is history  # there already
    later = history.add(Done("ball-lean", START, START + 60), START + 60)
    assert len(later.runs) == MAX_HISTORY and later.runs[-1].routine == "ball-lean"
    assert later.runs[0] == runs[-MAX_HISTORY + 1]  # the oldest made room
    # Over 60 days old at the time of adding: dropped then, not before.
    old = History.of([Done("ball-lean", START - 61 * 86400, START - 61 * 86400)])
    assert len(UserRecord(history=old).history.runs) == 1
    assert old.add(Done("palm-press", START, START), START).runs == (
        Done("palm-press", START, START),
    )


@pytest.mark.parametrize(
    ("stored", "runs"),
    [
        (None, ()),
        (["palm-press,1,2"], ()),
        ("palm-press|0,tro8w0,8c", (Done("palm-press", 1800000000, 1800000300),)),
        (
            "palm-press,Bad Id,ball-lean|0,1,1;;?;1,1,2;2,~nan,2;2,1,~inf;7,1,1;-1,1,1;2,1,1",
            (Done("palm-press", 1, 2), Done("ball-lean", 1, 2)),
        ),
        ("palm-press,0,1", ()),  # no runs after the ids
    ],
)
def test_a_stored_history_is_read_defensively(stored: object, runs: tuple[Done, ...]) -> None:
    assert History.read(stored).runs == runs


@pytest.mark.parametrize(
    ("stored", "ended"),
    [
        ("a|0,1,1|tro8xr,~1.5", (1800000063.0, 1.5)),
        ("||1,?", ()),
        ("||~nan,~inf,~-1,2", (2.0,)),
        ("a|0,1,1", ()),
        (7, ()),
    ],
)
def test_the_ended_runs_are_read_defensively(stored: object, ended: tuple[float, ...]) -> None:
    assert UserRecord.from_dict({"v": 3, "history": stored}).ended == ended


def test_an_overlong_history_is_cut_when_read() -> None:
    text = "ball-lean|" + ";".join(f"0,{number_text(1800000000 + i)},0" for i in range(5000))
    history = History.read(text)
    assert len(history.runs) == MAX_HISTORY and history.runs[-1].run == 1800004999
    assert len(history.text) < len(text)


def test_ended_runs_are_kept_with_the_history_and_capped() -> None:
    history = History.of([Done("palm-press", 100.0, 400.0)])
    ended = history.end(100.0)
    assert ended.text == "palm-press|0,2s,8c|2s" and ended.end(100.0) is ended
    assert ended.runs == history.runs and ended.has(("palm-press", 100.0))
    assert not History("palm-press||100").has(("palm-press", 100.0))  # ended, never counted
    many = History()
    for run in range(1, 30):
        many = many.end(float(run))
    assert many.ended == tuple(float(r) for r in range(10, 30)) and many.runs == ()
    assert History.read(many.text).ended == many.ended
    added = ended.add(Done("ball-lean", 500.0, 600.0), 600.0)
    assert added.ended == (100.0,) and len(added.runs) == 2


def test_an_older_record_is_written_in_this_version_by_a_turn_that_changes_nothing(
    tmp_path: Path, library: Library
) -> None:
    store = SqliteAdapter(tmp_path / "skill.sqlite3", merge=merge)
    sim = simulator(build_skill(library, store), library, now=1800001000.0 + 60)
    with sqlite3.connect(store.path) as db:
        db.execute(
            "INSERT INTO users (key, data, updated) VALUES (?, ?, datetime('now'))",
            (key_of(sim.user), json.dumps(VERSION_2)),
        )
    sim.intent("HowHardIntent")  # a question: nothing about the record changes
    with sqlite3.connect(store.path) as db:
        (data,) = db.execute("SELECT data FROM users").fetchone()
    saved = json.loads(data)
    assert saved["v"] == RECORD_VERSION and UserRecord.from_dict(saved) == UserRecord.from_dict(
        VERSION_2
    )


@pytest.mark.parametrize("value", [0.0, 300.0, 1800000063.0, 2.0**53 - 1, 308.5, 1e-05, 1e16])
def test_a_time_is_stored_exactly(value: float) -> None:
    assert text_number(number_text(value)) == value
    assert number_text(1800000000.0) == "tro8w0"  # whole seconds: six characters, not ten
