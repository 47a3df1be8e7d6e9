"""What a body says, from any state: Coach.turn on the fixture routines (palm press: hands;
ball lean: a ball; easy walk: nothing to press with)."""

from __future__ import annotations

import pytest

from helpers import START, briefing_lead, into_hold
from skill.conversation.coach import Coach
from skill.conversation.place import Place
from skill.conversation.playback import LATENCY_ALLOWANCE
from skill.conversation.record import UserRecord
from skill.conversation.session import Ask, Question, Session
from skill.conversation.turn import Action, Outcome, Request
from skill.library import Library
from skill.speech import prompts
from skill.speech.ssml import estimate_seconds, plain_text


@pytest.fixture(scope="module")
def coach(library: Library) -> Coach:
    return Coach(library.catalog, library.plans)


def turn(
    coach: Coach, action: Action, session: Session, record: UserRecord, **request: object
) -> Outcome:
    return coach.turn(Request(action, START, **request), session, record)  # type: ignore[arg-type]


def hold_offset(library: Library, routine: str) -> float:
    """Seconds into response 1 of ``routine`` where its first hold starts."""
    lead = estimate_seconds(briefing_lead(library, routine, 1))
    return into_hold(library, routine, 1, 0) - LATENCY_ALLOWANCE - lead


def mid_hold(library: Library, routine: str) -> tuple[Session, UserRecord]:
    """A session 10 s into the first hold of ``routine``'s second response."""
    sent = START - LATENCY_ALLOWANCE - hold_offset(library, routine) - 10
    place = Place(routine, 1, sent_at=sent, run=sent - 60, set_at=sent)
    session = Session(place=place, checked=True, heard_disclaimer=True, briefed=True)
    return session, UserRecord(heard_disclaimer=True, place=place)


KNOWN = UserRecord(heard_disclaimer=True)


@pytest.mark.parametrize(("locale", "number"), [("en-US", "9 1 1"), ("en-GB", "9 9 9")])
def test_an_emergency_sign_right_after_launch_gets_the_number_and_ends(
    coach: Coach, locale: str, number: str
) -> None:
    launched = turn(coach, Action.LAUNCH, Session(), UserRecord(), locale=locale)
    out = turn(coach, Action.EMERGENCY, launched.session, launched.record, locale=locale)
    assert out.reply.ends_session
    assert f"Call {number} now" in plain_text(out.reply.speech).replace("nine", "9")
    assert out.reply.card is not None and number.replace(" ", "") in out.reply.card.text


def test_an_emergency_in_an_unlisted_locale_names_the_local_number(coach: Coach) -> None:
    out = turn(coach, Action.EMERGENCY, Session(), KNOWN, locale="en-ZA")
    assert "your local emergency number" in plain_text(out.reply.speech)


def test_an_emergency_mid_hold_keeps_the_place_as_a_pause(coach: Coach, library: Library) -> None:
    session, record = mid_hold(library, "ball-lean")
    out = turn(coach, Action.EMERGENCY, session, record)
    assert out.reply.ends_session
    assert out.record.place is not None
    assert out.record.place.paused == pytest.approx(hold_offset(library, "ball-lean") + 10)
    # Nothing about why is stored: the record is the one a plain "stop" there leaves.
    stopped = turn(coach, Action.STOP, session, record)
    assert out.record == stopped.record


@pytest.mark.parametrize(
    ("routine", "come_off"),
    [("ball-lean", prompts.STOP_NOW["ball"]), ("palm-press", prompts.STOP_NOW["hands"])],
)
def test_a_stop_sign_mid_hold_stops_the_routine_in_its_own_words(
    coach: Coach, library: Library, routine: str, come_off: str
) -> None:
    session, record = mid_hold(library, routine)
    out = turn(coach, Action.STOP_SIGN, session, record)
    said = plain_text(out.reply.speech)
    assert said.startswith(come_off) and prompts.STOP_SIGN in said
    assert "resume" not in said.lower() and "resume" not in plain_text(out.reply.reprompt or "")
    assert out.session.stopped == routine and out.session.place is None
    assert out.record.place is not None and out.record.place.paused is not None  # kept
    # This session, the routine is not carried on, however it is asked for.
    for action in (Action.RESUME, Action.NEXT, Action.YES, Action.START):
        again = turn(coach, action, out.session, out.record, routine=routine)
        assert plain_text(again.reply.speech).startswith(
            prompts.STOPPED.format(name=library.catalog.routine(routine).name)
        ), action
    # Another routine may still be started.
    other = "palm-press" if routine == "ball-lean" else "ball-lean"
    started = turn(coach, Action.START, out.session, out.record, routine=other)
    assert started.session.place is not None and started.session.place.routine == other


def test_a_stop_sign_drops_the_open_question(coach: Coach) -> None:
    session = Session(question=Question(Ask.SAFETY_CHECK, "palm-press"), heard_disclaimer=True)
    out = turn(coach, Action.STOP_SIGN, session, KNOWN)
    assert out.session.question is None
    assert plain_text(out.reply.speech).startswith(prompts.STOP_SIGN)
    assert turn(coach, Action.YES, out.session, out.record).session.place is None


def test_it_hurts_mid_hold_eases_off_and_the_hold_goes_on(coach: Coach, library: Library) -> None:
    session, record = mid_hold(library, "ball-lean")
    out = turn(coach, Action.HURTS, session, record)
    said = plain_text(out.reply.speech)
    assert said.startswith(prompts.HURTS["ball"])
    assert "Halfway." in said  # the rest of the hold follows
    assert out.session.place is not None and out.session.place.paused is None


def test_it_hurts_outside_a_routine_and_where_nothing_is_pressed(
    coach: Coach, library: Library
) -> None:
    out = turn(coach, Action.HURTS, Session(heard_disclaimer=True), KNOWN)
    assert plain_text(out.reply.speech).startswith(prompts.HURTS_GENERAL)
    session, record = mid_hold(library, "easy-walk")
    walking = turn(coach, Action.HURTS, session, record)
    assert plain_text(walking.reply.speech).startswith(prompts.HURTS["nothing"])
    assert "ball" not in plain_text(walking.reply.speech)


def test_a_same_day_sign_stops_the_routine_and_keeps_the_session(
    coach: Coach, library: Library
) -> None:
    session, record = mid_hold(library, "palm-press")
    out = turn(coach, Action.SAME_DAY, session, record, locale="en-GB")
    said = plain_text(out.reply.speech)
    assert "see a doctor today" in said and not out.reply.ends_session
    assert out.session.stopped == "palm-press"


def test_a_stop_sign_at_the_offer_to_carry_on_keeps_it_for_another_day(coach: Coach) -> None:
    offered = Session(question=Question(Ask.CARRY_ON, "ball-lean"), heard_disclaimer=True)
    out = turn(coach, Action.STOP_SIGN, offered, KNOWN)
    assert plain_text(out.reply.speech).startswith(prompts.STOP_SIGN)  # nothing to come off
    assert out.session.stopped == "ball-lean"
    again = turn(coach, Action.RESUME, out.session, out.record)
    assert plain_text(again.reply.speech).startswith("Let's leave the ball lean for today")


def test_it_hurts_during_an_instruction_waits_for_them(coach: Coach, library: Library) -> None:
    sent = START - LATENCY_ALLOWANCE - 1  # 1 s into response 1: its first instruction
    place = Place("palm-press", 1, sent_at=sent, run=sent - 60, set_at=sent)
    session = Session(place=place, checked=True, heard_disclaimer=True, briefed=True)
    out = turn(coach, Action.HURTS, session, UserRecord(heard_disclaimer=True, place=place))
    assert out.session.place is not None and out.session.place.paused is not None
    assert plain_text(out.reply.speech).startswith(prompts.HURTS["hands"])


def test_after_a_same_day_sign_no_routine_starts_this_session(coach: Coach) -> None:
    out = turn(coach, Action.SAME_DAY, Session(checked=True, heard_disclaimer=True), KNOWN)
    assert out.session.doctor_first and not out.record.to_dict().get("doctor_first")
    for action in (Action.START, Action.RESUME):
        asked = turn(coach, action, out.session, out.record, routine="palm-press")
        assert plain_text(asked.reply.speech).startswith(prompts.DOCTOR_FIRST), action
        assert asked.session.place is None
    # A new session is a new day's question: the flag is not kept.
    assert not turn(coach, Action.LAUNCH, Session(), out.record).session.doctor_first
