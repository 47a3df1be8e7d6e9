"""Suggestions for open requests and the list by area, on the fixture routines (ball lean:
upper back and shoulders, a ball; palm press: shoulders, hands)."""

from __future__ import annotations

import pytest

from helpers import START
from skill.conversation.choosing import Chooser, _by_first_area
from skill.conversation.coach import Coach
from skill.conversation.record import UserRecord
from skill.conversation.session import Ask, Question, Session
from skill.conversation.turn import Action, Outcome, Request
from skill.library import Library
from skill.speech import prompts
from skill.speech.ssml import plain_text


@pytest.fixture(scope="module")
def chooser(library: Library) -> Chooser:
    return Chooser(library.catalog, library.plans)


@pytest.fixture(scope="module")
def coach(library: Library) -> Coach:
    return Coach(library.catalog, library.plans)


def turn(coach: Coach, action: Action, session: Session, **request: object) -> Outcome:
    record = UserRecord(heard_disclaimer=True)
    return coach.turn(Request(action, START, **request), session, record)  # type: ignore[arg-type]


def test_an_area_offers_what_works_on_it(chooser: Chooser) -> None:
    offer = chooser.suggest("shoulders", None, None)
    assert [area for area, _ in offer.groups] == ["shoulders"]
    assert set(offer.ids) == {"ball-lean", "palm-press"} and offer.note == ""
    assert chooser.suggest("upper-back", None, None).ids == ("ball-lean",)


def test_an_area_with_no_routine_says_so_and_offers_one_per_area(chooser: Chooser) -> None:
    offer = chooser.suggest("lower-back", None, None)
    assert offer.note == prompts.NO_AREA.format(area="lower back")
    assert {area for area, _ in offer.groups} == {"upper-back", "shoulders"}
    assert len(offer.ids) == len(set(offer.ids)) == 2  # each routine offered once


def test_without_a_ball_only_what_needs_none(chooser: Chooser) -> None:
    offer = chooser.suggest(None, None, "hands")
    assert offer.ids == ("palm-press",) and offer.note == prompts.NO_BALL


def test_time_offers_what_fits_or_the_shortest(chooser: Chooser, library: Library) -> None:
    shortest = min(("ball-lean", "palm-press"), key=lambda r: library.plans[r].seconds)
    too_short = chooser.suggest(None, 1, None)
    assert too_short.ids == (shortest,) and too_short.note == prompts.TOO_LONG
    assert set(chooser.suggest(None, 10, None).ids) == {"ball-lean", "palm-press"}


def test_quick_after_an_offer_is_the_shortest_of_it(chooser: Chooser, library: Library) -> None:
    both = ("ball-lean", "palm-press")
    shortest = min(both, key=lambda r: library.plans[r].seconds)
    assert chooser.suggest(None, None, "quick", within=both).ids == (shortest,)
    # A new request (with an area) is not narrowed by what was offered before.
    assert chooser.suggest("upper-back", None, None, within=("palm-press",)).ids == ("ball-lean",)


def test_a_suggestion_says_lengths_and_asks_which(coach: Coach, library: Library) -> None:
    out = turn(coach, Action.SUGGEST, Session(heard_disclaimer=True), area="shoulders")
    said = plain_text(out.reply.speech)
    for routine in ("ball-lean", "palm-press"):
        length = prompts.minutes(library.plans[routine].seconds)
        assert f"the {library.catalog.routine(routine).name}, {length}" in said
    assert out.session.question is not None and out.session.question.ask is Ask.CHOOSE
    assert set(out.session.question.offered) == {"ball-lean", "palm-press"}
    # "Yes" to a choice of two asks which; a name starts it (with the check first).
    which = turn(coach, Action.YES, out.session)
    assert plain_text(which.reply.speech).startswith("Which would you like: the ")
    named = turn(coach, Action.START, which.session, routine="palm-press")
    assert named.session.question == Question(Ask.SAFETY_CHECK, "palm-press")


def test_one_routine_offered_is_a_yes_or_no(coach: Coach) -> None:
    out = turn(coach, Action.NO_BALL, Session(heard_disclaimer=True))
    assert plain_text(out.reply.speech).endswith(prompts.start_offered("palm press"))
    yes = turn(coach, Action.YES, out.session)
    assert yes.session.question == Question(Ask.SAFETY_CHECK, "palm-press")
    no = turn(coach, Action.NO, out.session)
    assert no.session.question is None and no.session.place is None


def test_repeat_says_the_suggestion_again(coach: Coach) -> None:
    out = turn(coach, Action.SUGGEST, Session(heard_disclaimer=True), area="shoulders")
    again = turn(coach, Action.REPEAT, out.session)
    assert again.reply.speech == out.reply.speech  # no note here: word for word
    assert again.session.question == out.session.question


def test_the_list_is_read_a_few_at_a_time_by_area(
    coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prompts, "LISTED", 1)  # two routines: two pages
    first = turn(coach, Action.LIST, Session(heard_disclaimer=True))
    said = plain_text(first.reply.speech)
    assert said.startswith("There are 2 routines. For your ")
    assert said.endswith(prompts.LIST_MORE) and "easy walk" not in said
    second = turn(coach, Action.MORE, first.session)
    more = plain_text(second.reply.speech)
    assert not more.startswith("There are") and "easy walk" in more
    assert more.endswith(prompts.start_offered("palm press"))  # one left: shall we?
    assert second.session.question is not None
    assert second.session.question.offered != first.session.question.offered  # type: ignore[union-attr]


def test_routine_info_says_length_area_and_tools(coach: Coach, library: Library) -> None:
    out = turn(coach, Action.ROUTINE_INFO, Session(heard_disclaimer=True), routine="ball-lean")
    length = prompts.minutes(library.plans["ball-lean"].seconds)
    assert plain_text(out.reply.speech) == (
        f"The ball lean takes {length}. It's for your upper back and shoulders, with a tennis "
        f"ball and a wall. {prompts.start_offered('ball lean')}"
    )


def test_starting_an_area_suggests_for_it(coach: Coach) -> None:
    out = turn(coach, Action.START, Session(heard_disclaimer=True), named=True, area="upper-back")
    assert out.session.question == Question(Ask.CHOOSE, "ball-lean")


def test_forged_offers_are_read_safely(coach: Coach) -> None:
    forged = Session(question=Question(Ask.CHOOSE, "gone-routine"), heard_disclaimer=True)
    out = turn(coach, Action.YES, forged)
    assert not out.reply.ends_session and out.session.place is None


def test_help_at_a_choice_says_to_name_one_and_asks_again(coach: Coach) -> None:
    offer = turn(coach, Action.SUGGEST, Session(heard_disclaimer=True), area="shoulders")
    helped = turn(coach, Action.HELP, offer.session)
    said = plain_text(helped.reply.speech)
    assert said.startswith(prompts.HELP_CHOOSE) and "yes or no" not in said
    assert said.endswith("Which would you like: the ball lean or the palm press?")
    assert helped.session.question == offer.session.question  # still open


def test_routine_info_at_a_choice_takes_a_word_of_a_name(coach: Coach) -> None:
    offer = turn(coach, Action.SUGGEST, Session(heard_disclaimer=True), area="shoulders")
    info = turn(coach, Action.ROUTINE_INFO, offer.session, named=True, said_name="the palm one")
    assert plain_text(info.reply.speech).startswith("The palm press takes")


def test_routines_with_no_area_in_common_are_grouped_by_their_own_first_area(
    library: Library,
) -> None:
    base = library.catalog.routine("palm-press")
    low, both, seat = (
        base._replace(id=name, areas=areas)
        for name, areas in (
            ("low", ("lower-back",)),
            ("both", ("seat", "lower-back")),
            ("seat", ("seat",)),
        )
    )
    # "both" goes under its own first area, not the area of the routine before it.
    assert _by_first_area((low, both, seat)) == (
        ("lower-back", ("low",)),
        ("seat", ("both", "seat")),
    )
    assert _by_first_area((low, both), "lower-back") == (("lower-back", ("low", "both")),)


def test_more_reads_the_next_page_after_a_side_question_too(
    coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prompts, "LISTED", 1)  # two routines: two pages
    first = turn(coach, Action.LIST, Session(heard_disclaimer=True))
    aside = turn(coach, Action.EXPLAIN, first.session, topic="fascia")
    assert aside.session.question == first.session.question  # still the list's choice
    assert plain_text(aside.reply.speech).endswith(prompts.MORE_OTHERS)  # and said so
    second = turn(coach, Action.MORE, aside.session)
    assert "easy walk" in plain_text(second.reply.speech)  # the second page, not 'which one?'
