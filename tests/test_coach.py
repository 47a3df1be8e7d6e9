"""The conversation core on its own: Coach.turn with plain values in and out (no SDK, no
Flask), on the tests' fixture routines."""

from __future__ import annotations

import pytest

from helpers import START
from skill.conversation.coach import Coach
from skill.conversation.history import Done
from skill.conversation.place import Place
from skill.conversation.record import UserRecord
from skill.conversation.reply import Reply, Scene, ask
from skill.conversation.session import Ask, Key, Question, Said, Session
from skill.conversation.turn import FORGET, Action, Effect, Outcome, Request
from skill.library import Library
from skill.speech import prompts
from skill.speech.ssml import say


@pytest.fixture(scope="module")
def coach(library: Library) -> Coach:
    return Coach(library.catalog, library.plans)


def turn(
    coach: Coach,
    action: Action,
    session: Session,
    record: UserRecord,
    now: float = START,
    **request: str,
) -> Outcome:
    return coach.turn(Request(action, now, **request), session, record)  # type: ignore[arg-type]


CHECKED = Session(checked=True, heard_disclaimer=True)
KNOWN = UserRecord(heard_disclaimer=True)


def test_first_contact_stores_the_disclaimer_heard(coach: Coach) -> None:
    out = turn(coach, Action.LAUNCH, Session(), UserRecord())
    assert out.session == Session(heard_disclaimer=True, said=Said(Key.WELCOME), turns=1)
    assert out.record == UserRecord(heard_disclaimer=True, updated_at=START)
    assert out.effects == ()
    assert "This is test advice, not medical advice." in out.reply.speech


def test_a_turn_that_changes_nothing_stored_hands_the_record_back(coach: Coach) -> None:
    out = turn(coach, Action.EXPLAIN, CHECKED, KNOWN, topic="fascia")
    assert out.record is KNOWN  # so the adapter knows not to save
    assert out.session == Session(
        question=Question(Ask.MORE, "fascia"),
        checked=True,
        heard_disclaimer=True,
        said=Said(Key.TOPIC, "fascia"),
        turns=1,
    )
    assert out.reply == ask(
        say("Fascia is a web of tissue."),
        say(prompts.OFFER_MORE),
        reprompt=prompts.MORE_REPROMPT,
        card=out.reply.card,
    )


def test_starting_a_routine_stores_one_place_in_session_and_record(coach: Coach) -> None:
    out = turn(coach, Action.START, CHECKED, KNOWN, routine="palm-press")
    place = Place("palm-press", 0, sent_at=START, run=START, set_at=START)
    assert out.session == Session(place=place, checked=True, heard_disclaimer=True, turns=1)
    assert out.record == UserRecord(heard_disclaimer=True, place=place, updated_at=START)


def test_the_safety_check_comes_first_and_its_yes_starts_the_routine(coach: Coach) -> None:
    asked = turn(coach, Action.START, Session(heard_disclaimer=True), KNOWN, routine="ball-lean")
    assert asked.session.question == Question(Ask.SAFETY_CHECK, "ball-lean")
    # The record keeps that the list was read in full (never the answer): next time, short.
    assert asked.session.place is None
    assert asked.record == UserRecord(heard_disclaimer=True, heard_check=True, updated_at=START)
    begun = turn(coach, Action.YES, asked.session, asked.record, START + 30)
    assert begun.session.checked
    assert begun.session.place == Place("ball-lean", 0, START + 30, START + 30, START + 30)
    assert begun.session.question is None


def test_a_pause_mid_hold_holds_the_offset(coach: Coach, library: Library) -> None:
    place = Place("palm-press", 1, sent_at=START, run=START - 60, set_at=START)
    session = Session(place=place, checked=True, heard_disclaimer=True)
    record = UserRecord(heard_disclaimer=True, place=place)
    out = turn(coach, Action.PAUSE, session, record, START + 12)
    held = Place("palm-press", 1, START, START - 60, set_at=START + 12, paused=10.0)
    assert out.session.place == held and out.record.place == held
    paused = prompts.PAUSED_IN_HOLD["hands"]  # the palm press uses the hands
    assert out.reply == ask(say(paused), reprompt=prompts.PAUSED_REPROMPT, shows=Scene(held))


def test_yes_to_forget_is_an_effect_with_its_failure_answer(coach: Coach) -> None:
    asked = turn(coach, Action.FORGET, CHECKED, KNOWN)
    assert asked.session.question == Question(Ask.FORGET)
    out = turn(coach, Action.YES, asked.session, KNOWN)
    failed = ask(say(prompts.FORGET_FAILED, prompts.WHAT_NOW), reprompt=prompts.GENERAL_REPROMPT)
    assert out.effects == (Effect(FORGET, failed),)
    assert out.reply == Reply(say(prompts.FORGOTTEN), None)


def test_a_heard_ending_counts_the_run_once(coach: Coach, library: Library) -> None:
    last = len(library.plans["ball-lean"].responses) - 1
    place = Place("ball-lean", last, sent_at=START, run=START - 100, set_at=START)
    record = UserRecord(heard_disclaimer=True, place=place)
    later = START + library.plans["ball-lean"].responses[last].seconds + 10
    out = turn(coach, Action.WEEK, Session(heard_disclaimer=True), record, later)
    assert out.record.history.runs == (Done("ball-lean", START - 100, later),)
    again = turn(coach, Action.WEEK, out.session, out.record, later + 5)
    assert again.record.history == out.record.history


def test_the_inputs_are_never_changed(coach: Coach) -> None:
    session, record = Session(heard_disclaimer=True), UserRecord()
    turn(coach, Action.START, session, record, routine="palm-press")
    assert session == Session(heard_disclaimer=True) and record == UserRecord()


def test_every_action_has_a_branch(coach: Coach) -> None:
    assert set(coach.actions) == set(Action)


@pytest.mark.parametrize(
    ("held", "count"),
    [(0.0, 30), (95.0, 15), (110.0, None)],  # None: two minutes on the spot, the hold is over
)
def test_a_hold_starts_again_after_a_long_break_never_past_two_minutes(
    coach: Coach, library: Library, held: float, count: int | None
) -> None:
    # Paused 10 s into the palms hold (30 s), after ``held`` seconds on that spot before.
    hold_start = next(
        sum(s.seconds for s in library.plans["palm-press"].responses[1].segments[:i])
        for i, s in enumerate(library.plans["palm-press"].responses[1].segments)
        if s.kind == "hold"
    )
    place = Place("palm-press", 1, START - 100, START - 200, START - 60, paused=hold_start + 10)
    place = place._replace(held=held)
    session = Session(place=place, checked=True, heard_disclaimer=True)
    out = turn(coach, Action.RESUME, session, UserRecord(heard_disclaimer=True, place=place))
    recue = "Press your palms together again."
    if count is None:  # the hold is over: its end line, not back onto the spot
        assert out.reply.speech.startswith(prompts.RELEASE)
        return
    # 60 s off the spot: the count starts again, with what is left of two minutes.
    assert out.reply.speech.startswith(f"{recue} {prompts.hold_again(min(30, count))}")
    assert out.session.place is not None and out.session.place.held == held + 10
