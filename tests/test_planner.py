"""The planner: every routine fits Alexa's limits, holds last as authored, grouping rules hold."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from skill.content.catalog import Cue, Step
from skill.content.errors import Origin
from skill.library import Library
from skill.speech import prompts
from skill.speech.planner import SOFT_CHARS, Plan, expand
from skill.speech.ssml import (
    SECONDS_PER_WORD,
    SENTENCE_PAUSE,
    break_seconds,
    escape,
    estimate_seconds,
    plain_text,
    speak,
)
from skill.speech.timeline import (
    Timed,
    continue_from,
    hold,
    hold_seconds_left,
    locate,
    rest_of_hold,
    speech,
)


def all_plans(library: Library) -> list[Plan]:
    return list(library.plans.values())


def test_every_response_of_every_routine_is_within_limits(library: Library) -> None:
    for plan in all_plans(library):
        for response in plan.responses:
            document = speak(response.ssml)
            root = ElementTree.fromstring(document)  # well-formed, escaped
            assert {e.tag for e in root.iter()} <= {"speak", "break", "say-as"}
            assert len(document) < 8000 - 600  # room for an answer said in front
            assert estimate_seconds(document) <= 240 - 15
            assert estimate_seconds(document) == pytest.approx(response.seconds)
            assert all(0 < b <= 10 for b in break_seconds(document))
            assert len(document) <= SOFT_CHARS + 1000


def test_hold_segments_last_exactly_the_authored_seconds(library: Library) -> None:
    for plan in all_plans(library):
        holds = [s for r in plan.responses for s in r.segments if s.kind == "hold"]
        authored = [step.hold for step in plan.steps if step.hold is not None]
        assert [s.hold for s in holds] == authored
        for segment in holds:
            # silence + cue speech inside the hold add up to the hold; the end line follows it
            assert segment.hold is not None
            inside = estimate_seconds(segment.ssml) - estimate_seconds(escape(segment.end))
            assert inside == pytest.approx(segment.hold, abs=0.05)


def test_cautions_come_before_the_first_step_and_the_briefing_before_the_first_hold(
    library: Library,
) -> None:
    for plan in all_plans(library):
        first = plan.responses[0]
        intro = []
        for segment in first.segments[:-1]:
            if segment.step is not None:
                break
            intro.append(segment.ssml)  # the introduction is not a step
        assert intro[0].startswith(f"The {plan.routine.name}:")
        assert f": {prompts.minutes(plan.seconds)}, with" in intro[0]
        assert intro[1:] == [escape(c) for c in plan.routine.cautions]  # and nothing else
        holds = [r.index for r in plan.responses if any(s.kind == "hold" for s in r.segments)]
        # The pressure and stop block goes before the first hold (the wrap-up presses nothing).
        assert plan.briefing_at == (holds[0] if plan.routine.kind == "routine" else None)
    assert library.plans["palm-press"].briefing_at == 1


def test_a_cue_is_said_in_full_once_then_in_its_variants(library: Library) -> None:
    plan = library.plans["ball-lean"]
    cues = [c.text for s in plan.responses[1].segments if s.kind == "hold" for c in s.cues]
    assert cues == [
        prompts.CUE_TEXT["breathe"],
        prompts.CUE_TEXT["halfway"],
        prompts.CUE_TEXT["ten-left"],
        prompts.CUE_AGAIN["breathe"][0],
        prompts.CUE_AGAIN["ten-left"][0],
    ]
    assert len(set(cues)) == len(cues)


def test_response_stops_before_first_hold_and_at_end_of_each_side(library: Library) -> None:
    for plan in all_plans(library):
        first_hold = next(s.number for s in plan.steps if s.hold is not None)
        ends = {r.steps[-1] for r in plan.responses if r.steps}
        starts = {r.steps[0] for r in plan.responses if r.steps}
        assert first_hold in starts, plan.routine.id
        for step in plan.steps:
            if step.side_last:
                assert step.number in ends, (plan.routine.id, step.number)


def test_short_steps_are_grouped(library: Library) -> None:
    plan = library.plans["palm-press"]
    # 7 steps in 4 responses: setup, the first hold and the right side, the left side, the end.
    assert [r.steps for r in plan.responses] == [(1,), (2, 3, 4), (5, 6), (7,)]
    closing = [r.segments[-1].ssml for r in plan.responses]
    assert closing[0] == prompts.NEXT_INTO_HOLD
    assert closing[1] == prompts.next_side("left")
    assert closing[2] == prompts.NEXT
    walk = prompts.minutes(library.plans["easy-walk"].seconds)
    assert closing[3].endswith(f"The easy walk takes {walk}. Would you like it?")
    # The wrap-up's first step has a hold: its introduction is a response of its own.
    assert [r.steps for r in library.plans["easy-walk"].responses] == [(), (1, 2)]


def test_sides_expand_in_order_with_side_words(library: Library) -> None:
    steps = expand(library.catalog.routine("palm-press"))
    assert [s.side for s in steps] == [None, None, "right", "right", "left", "left", None]
    assert [s.say for s in steps[2:6]] == [
        "Lift your right arm.",
        "Shake out your right hand.",
        "Lift your left arm.",
        "Shake out your left hand.",
    ]
    assert [s.side_first for s in steps] == [False, False, True, False, True, False, False]
    assert [s.side_last for s in steps] == [False, False, False, True, False, True, False]
    assert [s.end for s in steps if s.hold] == [prompts.RELEASE, "And lower it.", "And lower it."]


def test_default_cues_depend_on_hold_length(library: Library) -> None:
    origin = Origin("routines/x.yaml", 1, 1, ())
    written = Cue("breathe", origin)
    steps = (
        Step("a", origin, hold=10),
        Step("b", origin, hold=25),
        Step("c", origin, hold=30),
        Step("d", origin, hold=60, cues=(written,)),
        Step("e", origin, hold=60, cues=()),
    )
    routine = library.catalog.routine("ball-lean")._replace(steps=steps)
    assert [[c.kind for c in s.cues] for s in expand(routine)] == [
        [],
        ["halfway"],
        ["halfway", "ten-left"],
        ["breathe"],
        [],
    ]


def test_cues_are_spoken_at_their_times() -> None:
    segment = hold(60, [Timed(0, "Breathe."), Timed(30, "Halfway."), Timed(50, "Ten left.")])
    text = segment.ssml
    before_halfway = text.split("Halfway.")[0]
    # "Breathe." is one word and a sentence end; silence fills the rest of the 30 s.
    spoken = SECONDS_PER_WORD + SENTENCE_PAUSE
    assert sum(break_seconds(before_halfway)) == pytest.approx(30 - spoken, abs=0.01)
    assert text.endswith(prompts.RELEASE)


def test_rest_of_hold_says_the_time_left_and_keeps_later_cues() -> None:
    segment = hold(60, [Timed(0, "Breathe."), Timed(30, "Halfway."), Timed(50, "Ten left.")])
    rest = rest_of_hold(segment, 20)
    assert rest.hold == 40
    assert plain_text(rest.ssml).startswith("About 40 seconds left in this hold.")
    assert "Halfway." in rest.ssml and "Breathe." not in rest.ssml
    quiet = rest_of_hold(segment, 20, announce=False)
    assert not plain_text(quiet.ssml).startswith("About")


def test_a_hold_all_but_over_resumes_with_its_end_line_on_time() -> None:
    said = speech("Lean in.")
    segment = hold(60, [Timed(30, "Halfway.")])
    after = speech("Next step.")
    start, tail = continue_from((said, segment, after), said.seconds + 57)
    assert [s.ssml for s in tail] == [prompts.RELEASE, "Next step."]
    # Playback is placed at the end of the hold, so later positions stay right.
    assert start == pytest.approx(said.seconds + 60)


def test_continue_from_resumes_holds_and_restarts_speech(library: Library) -> None:
    response = library.plans["palm-press"].responses[1]
    segments = response.segments
    first_hold_start = segments[0].seconds
    start, tail = continue_from(segments, first_hold_start + 5)
    assert start == pytest.approx(first_hold_start + 5)
    assert tail[0].kind == "hold" and tail[0].hold == pytest.approx(25)
    start, tail = continue_from(segments, 1)  # inside the first instruction
    assert start == 0 and tail == segments
    start, tail = continue_from(segments, response.seconds + 100)  # all heard
    assert tail == segments[-1:]
    assert locate(segments, response.seconds + 1).index == len(segments)


def test_hold_seconds_left(library: Library) -> None:
    segments = library.plans["palm-press"].responses[1].segments
    start = segments[0].seconds
    assert hold_seconds_left(segments, start + 5) == 25
    assert hold_seconds_left(segments, start + 27) is None  # under 5 s left
    assert hold_seconds_left(segments, 1) is None  # speaking, not holding
