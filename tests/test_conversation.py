"""Multi-turn conversations: whole routines, pause and resume mid-hold, and navigation."""

from __future__ import annotations

import re

import pytest

from driver import Conversation
from skill.conversation.playback import LATENCY_ALLOWANCE
from skill.library import Library
from skill.speech import prompts
from skill.speech.ssml import readable

ROUTINES = (
    "shoulder-blade-wall-lean",
    "lower-back-sides",
    "seat-muscle-release",
    "knuckle-press",
    "top-of-shoulder-hold",
)


def seconds_left(text: str) -> int:
    """The N in a leading 'About N seconds left in this hold'."""
    match = re.match(r"About (\d+) seconds left in this hold", text)
    assert match, text
    return int(match.group(1))


def heard(library: Library, routine_id: str, index: int) -> str:
    return readable(library.plans[routine_id].responses[index].ssml)


def into_hold(library: Library, routine_id: str, index: int, nth: int) -> float:
    """Seconds from sending response ``index`` until the start of its ``nth`` hold."""
    elapsed = LATENCY_ALLOWANCE
    holds = 0
    for segment in library.plans[routine_id].responses[index].segments:
        if segment.kind == "hold":
            if holds == nth:
                return elapsed
            holds += 1
        elapsed += segment.seconds
    raise AssertionError("no such hold")


@pytest.mark.parametrize("routine_id", ROUTINES)
def test_every_routine_from_welcome_to_goodbye(
    talk: Conversation, library: Library, routine_id: str
) -> None:
    talk.launch()
    answer = talk.start(routine_id)
    plan = library.plans[routine_id]
    assert answer.text == heard(library, routine_id, 0)
    for index in range(1, len(plan.responses)):
        talk.wait(plan.responses[index - 1].seconds + 5)
        answer = talk.say("AMAZON.NextIntent")
        assert answer.text == heard(library, routine_id, index)
        assert not answer.ends
    assert prompts.finished(plan.routine.name) in answer.text
    assert answer.text.endswith("The gentle wrap-up takes about 3 minutes. Would you like it?")
    wrap_up = talk.say("AMAZON.YesIntent")
    assert wrap_up.text == heard(library, "gentle-wrap-up", 0)
    for _ in range(len(library.plans["gentle-wrap-up"].responses) - 1):
        answer = talk.say("AMAZON.NextIntent")
    assert answer.ends and answer.text.endswith(prompts.WRAP_UP_DONE)


def test_declining_the_wrap_up_says_goodbye(talk: Conversation, library: Library) -> None:
    talk.start("knuckle-press")
    for _ in range(len(library.plans["knuckle-press"].responses) - 1):
        talk.say("AMAZON.NextIntent")
    answer = talk.say("AMAZON.NoIntent")
    assert answer.ends and answer.text == prompts.GOODBYE


def test_pause_mid_hold_and_resume_with_the_seconds_left(
    talk: Conversation, library: Library
) -> None:
    routine = "shoulder-blade-wall-lean"
    talk.start(routine)
    talk.say("AMAZON.NextIntent")
    talk.wait(into_hold(library, routine, 1, 1) + 30)  # 30 s into the 60 s hold
    paused = talk.say("AMAZON.PauseIntent")
    assert paused.text == prompts.PAUSED and not paused.ends
    talk.wait(600)  # however long the pause, the hold has not moved on
    resumed = talk.say("AMAZON.ResumeIntent")
    # Alexa's request timestamps have whole seconds, so positions are good to about 1 s.
    assert abs(seconds_left(resumed.text) - 30) <= 1
    assert "Halfway." not in resumed.text.split("And release.")[0]
    assert "Ten seconds left." in resumed.text
    assert resumed.text.endswith("When you're ready for the left side, say next.")
    # The resumed hold is still 30 s long: cues and silence inside it add up.
    talk.wait(LATENCY_ALLOWANCE + 12)
    again = talk.say("HowMuchLongerIntent")
    assert abs(seconds_left(again.text) - (seconds_left(resumed.text) - 12)) <= 1


def test_how_much_longer_answers_then_the_hold_carries_on(
    talk: Conversation, library: Library
) -> None:
    routine = "top-of-shoulder-hold"
    talk.start(routine)
    talk.say("AMAZON.NextIntent")
    talk.wait(into_hold(library, routine, 1, 1) + 15)  # 15 s into the 45 s hold
    answer = talk.say("HowMuchLongerIntent")
    plan = library.plans[routine]
    assert abs(seconds_left(answer.text) - 30) <= 1
    assert "minutes in the routine." in answer.text.split(".")[0] + "."
    assert answer.text.count("seconds left in this hold") == 1  # not said twice
    assert "Ten seconds left." in answer.text and answer.text.endswith(prompts.next_side("left"))
    assert plan.responses[1].seconds > 100


def test_how_much_longer_between_steps(talk: Conversation, library: Library) -> None:
    talk.start("seat-muscle-release")
    talk.wait(300)  # the first response has been heard; waiting at "say next"
    answer = talk.say("HowMuchLongerIntent")
    left = prompts.minutes(library.plans["seat-muscle-release"].seconds_after(0))
    assert answer.text.startswith(f"There's {left} left in this routine.")
    assert answer.text.endswith(prompts.NEXT_INTO_HOLD)


def test_repeat_previous_and_start_over(talk: Conversation, library: Library) -> None:
    routine = "lower-back-sides"
    talk.start(routine)
    second = talk.say("AMAZON.NextIntent")
    assert talk.say("AMAZON.RepeatIntent").text == second.text
    back = talk.say("AMAZON.PreviousIntent")
    assert back.text == heard(library, routine, 0)
    first_again = talk.say("AMAZON.PreviousIntent")
    assert first_again.text == f"{prompts.ALREADY_FIRST} {heard(library, routine, 0)}"
    talk.say("AMAZON.NextIntent")
    over = talk.say("AMAZON.StartOverIntent")
    assert over.text == f"{prompts.STARTING_OVER} {heard(library, routine, 0)}"


def test_skip_this_hold(talk: Conversation, library: Library) -> None:
    routine = "knuckle-press"
    talk.start(routine)
    talk.say("AMAZON.NextIntent")
    talk.wait(into_hold(library, routine, 1, 0) + 10)  # 10 s into the warm circles
    answer = talk.say("SkipHoldIntent")
    assert answer.text.startswith(f"{prompts.SKIPPING_HOLD} And stop. First, your right side.")
    # Asked while the instruction before a hold is read, the coming hold is skipped.
    talk.say("AMAZON.StartOverIntent")
    talk.say("AMAZON.NextIntent")
    answer = talk.say("SkipHoldIntent")
    assert answer.text.startswith(f"{prompts.SKIPPING_HOLD} And stop. First, your right side.")


def test_which_step_mid_hold_names_the_step(talk: Conversation, library: Library) -> None:
    routine = "shoulder-blade-wall-lean"
    talk.start(routine)
    talk.say("AMAZON.NextIntent")
    talk.wait(into_hold(library, routine, 1, 1) + 10)
    answer = talk.say("WhichStepIntent")
    assert answer.text.startswith(
        "You're on step 3 of 9, on the right side: Cross your arms and hug yourself"
    )


def test_a_question_mid_hold_pauses_and_resume_carries_on(
    talk: Conversation, library: Library
) -> None:
    routine = "seat-muscle-release"
    talk.start(routine)
    talk.say("AMAZON.NextIntent")
    talk.wait(into_hold(library, routine, 1, 1) + 20)  # 20 s into the 55 s hold
    answer = talk.say("HowHardIntent")
    assert answer.text.startswith("Press gently.")
    more = talk.say("AMAZON.YesIntent")
    assert more.text.endswith(prompts.RESUME_ROUTINE)
    talk.wait(120)
    resumed = talk.say("AMAZON.ResumeIntent")
    assert abs(seconds_left(resumed.text) - 35) <= 1
    help_answer = talk.say("AMAZON.HelpIntent")
    assert "Say resume to carry on" in help_answer.text and help_answer.text.endswith("?")


def test_stop_mid_routine(talk: Conversation) -> None:
    talk.start("top-of-shoulder-hold")
    answer = talk.say("AMAZON.StopIntent")
    assert answer.ends and answer.text == prompts.GOODBYE_MID_ROUTINE


def test_repeat_outside_a_routine_repeats_the_last_answer(talk: Conversation) -> None:
    first = talk.say("ExplainIntent", topic=("fascia", "fascia"))
    assert talk.say("AMAZON.RepeatIntent").text == first.text
