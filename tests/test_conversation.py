"""Multi-turn conversations: whole routines, pause and resume mid-hold, and step navigation."""

from __future__ import annotations

import pytest

from driver import Conversation, finish, heard, into_hold, seconds_left
from envelopes import intent
from skill.conversation.playback import LATENCY_ALLOWANCE
from skill.library import Library
from skill.speech import prompts
from skill.speech.ssml import escape, estimate_seconds, readable

ROUTINES = (
    "shoulder-blade-wall-lean",
    "lower-back-sides",
    "seat-muscle-release",
    "knuckle-press",
    "top-of-shoulder-hold",
)


@pytest.mark.parametrize("routine_id", ROUTINES)
def test_every_routine_from_welcome_to_goodbye(
    talk: Conversation, library: Library, routine_id: str
) -> None:
    answer = talk.start(routine_id)
    plan = library.plans[routine_id]
    assert answer.text == heard(library, routine_id, 0)
    for index in range(1, len(plan.responses)):
        answer = talk.say("AMAZON.NextIntent")
        assert answer.text == heard(library, routine_id, index)
        assert not answer.ends
    wrap_up = library.plans["gentle-wrap-up"]
    offer = prompts.offer_wrap_up("gentle wrap-up", prompts.minutes(wrap_up.seconds))
    assert answer.text.endswith(f"{prompts.finished(plan.routine.name)} {offer}")
    answer = talk.say("AMAZON.YesIntent")
    assert answer.text == heard(library, "gentle-wrap-up", 0)
    answer = talk.next_times(len(wrap_up.responses) - 1) or answer
    assert answer.text.endswith(prompts.OFFER_ANOTHER) and not answer.ends
    goodbye = talk.say("AMAZON.NoIntent")
    assert goodbye.ends and goodbye.text == prompts.GOODBYE_AFTER_ROUTINE


def test_yes_to_another_routine_lists_them(talk: Conversation, library: Library) -> None:
    finish(talk, library, "gentle-wrap-up")
    answer = talk.say("AMAZON.YesIntent")
    assert answer.text.startswith("There are 5 routines")


def test_declining_the_wrap_up_says_goodbye(talk: Conversation, library: Library) -> None:
    finish(talk, library, "knuckle-press")
    answer = talk.say("AMAZON.NoIntent")
    assert answer.ends and answer.text == prompts.GOODBYE_AFTER_ROUTINE


def test_next_after_the_end_says_only_the_ending_again(
    talk: Conversation, library: Library
) -> None:
    plan = library.plans["top-of-shoulder-hold"]
    finish(talk, library, "top-of-shoulder-hold")
    again = talk.say("AMAZON.NextIntent")
    assert again.text == readable(plan.responses[-1].segments[-1].ssml)
    stop = talk.say("AMAZON.StopIntent")  # the routine is over: a plain goodbye
    assert stop.text == prompts.GOODBYE


def test_pause_mid_hold_and_resume_with_the_seconds_left(
    talk: Conversation, library: Library
) -> None:
    routine = "shoulder-blade-wall-lean"
    talk.start(routine)
    talk.say("AMAZON.NextIntent")
    talk.after(into_hold(library, routine, 1, 1) + 30)  # 30 s into the 60 s hold
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
    talk.after(LATENCY_ALLOWANCE + 12)
    again = talk.say("HowMuchLongerIntent")
    assert abs(seconds_left(again.text) - (seconds_left(resumed.text) - 12)) <= 1


def test_how_much_longer_while_paused_stays_paused(talk: Conversation, library: Library) -> None:
    routine = "seat-muscle-release"
    talk.start(routine)
    talk.say("AMAZON.NextIntent")
    talk.after(into_hold(library, routine, 1, 1) + 10)
    talk.say("AMAZON.PauseIntent")
    answer = talk.say("HowMuchLongerIntent")
    assert abs(seconds_left(answer.text) - 45) <= 1
    assert answer.text.endswith(prompts.PAUSED)
    assert abs(seconds_left(talk.say("AMAZON.ResumeIntent").text) - 45) <= 1


def test_how_much_longer_answers_then_the_hold_carries_on(
    talk: Conversation, library: Library
) -> None:
    routine = "top-of-shoulder-hold"
    talk.start(routine)
    talk.say("AMAZON.NextIntent")
    talk.after(into_hold(library, routine, 1, 1) + 15)  # 15 s into the 45 s hold
    answer = talk.say("HowMuchLongerIntent")
    plan = library.plans[routine]
    offset = into_hold(library, routine, 1, 1) - LATENCY_ALLOWANCE + 15
    left = prompts.minutes(plan.responses[1].seconds - offset + plan.seconds_after(1))
    assert abs(seconds_left(answer.text) - 30) <= 1
    assert f"and {left} in the routine." in answer.text
    assert answer.text.count("seconds left in this hold") == 1  # not said twice
    assert "Ten seconds left." in answer.text
    assert answer.text.endswith(prompts.next_side("left"))


def test_how_much_longer_between_steps(talk: Conversation, library: Library) -> None:
    talk.start("seat-muscle-release")  # heard to the end: waiting at "say next"
    answer = talk.say("HowMuchLongerIntent")
    left = prompts.minutes(library.plans["seat-muscle-release"].seconds_after(0))
    assert answer.text == f"There's {left} left in this routine. {prompts.NEXT_INTO_HOLD}"


def test_navigation_moves_by_steps(talk: Conversation, library: Library) -> None:
    routine = "shoulder-blade-wall-lean"
    plan = library.plans[routine]
    step = {n: plan.step(n).label for n in range(1, len(plan.steps) + 1)}
    talk.start(routine)
    talk.say("AMAZON.NextIntent")  # response 2: steps 2 to 5, the right side
    talk.after(into_hold(library, routine, 1, 1) + 10)  # in step 3's hold
    forward = talk.say("AMAZON.NextIntent")
    assert forward.text.startswith(step[4])
    talk.after(LATENCY_ALLOWANCE + 1)  # step 4's instruction is being read
    back = talk.say("AMAZON.PreviousIntent")
    assert back.text.startswith(step[3])
    talk.after(LATENCY_ALLOWANCE + 1)
    assert talk.say("AMAZON.RepeatIntent").text == back.text
    # Heard to the end, at "say next": go back means the last step of this response.
    last = talk.say("AMAZON.PreviousIntent")
    assert last.text.startswith(step[5])
    assert talk.say("AMAZON.RepeatIntent").text == last.text
    nxt = talk.say("AMAZON.NextIntent")
    assert nxt.text == heard(library, routine, 2)


def test_previous_at_the_start_and_start_over(talk: Conversation, library: Library) -> None:
    routine = "lower-back-sides"
    first = talk.start(routine)
    talk.after(LATENCY_ALLOWANCE + 3)  # still in the introduction
    back = talk.say("AMAZON.PreviousIntent")
    assert back.text == f"{prompts.ALREADY_FIRST} {first.text}"
    talk.say("AMAZON.NextIntent")
    talk.say("AMAZON.NextIntent")
    over = talk.say("AMAZON.StartOverIntent")
    assert over.text == f"{prompts.STARTING_OVER} {heard(library, routine, 0)}"


def test_skip_this_hold(talk: Conversation, library: Library) -> None:
    routine = "knuckle-press"
    talk.start(routine)
    talk.say("AMAZON.NextIntent")
    talk.after(into_hold(library, routine, 1, 0) + 10)  # 10 s into the warm circles
    skipped = talk.say("SkipHoldIntent")
    assert skipped.text.startswith(f"{prompts.SKIPPING_HOLD} And stop. First, your right side.")
    # Skipping put the timeline after the circles: 5 s into the next hold, 35 s are left.
    segments = library.plans[routine].responses[1].segments  # circles, right side: say, hold
    lead = estimate_seconds(escape(f"{prompts.SKIPPING_HOLD} And stop."))
    talk.after(LATENCY_ALLOWANCE + lead + segments[2].seconds + 5)
    assert abs(seconds_left(talk.say("HowMuchLongerIntent").text) - 35) <= 1


def test_skip_during_the_instruction_skips_its_hold(talk: Conversation, library: Library) -> None:
    talk.start("knuckle-press")
    talk.say("AMAZON.NextIntent")
    talk.after(LATENCY_ALLOWANCE + 1)  # "Make slow, warm circles..." is being read
    skipped = talk.say("SkipHoldIntent")
    assert skipped.text.startswith(f"{prompts.SKIPPING_HOLD} And stop. First, your right side.")


def test_skip_with_no_hold_to_skip(talk: Conversation) -> None:
    talk.start("knuckle-press")  # heard to the end: the prompt, no hold playing
    answer = talk.say("SkipHoldIntent")
    assert answer.text == f"{prompts.NO_HOLD} {prompts.NEXT_INTO_HOLD}"


def test_which_step_mid_hold_names_the_step(talk: Conversation, library: Library) -> None:
    routine = "shoulder-blade-wall-lean"
    talk.start(routine)
    talk.say("AMAZON.NextIntent")
    talk.after(into_hold(library, routine, 1, 1) + 10)
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
    talk.after(into_hold(library, routine, 1, 1) + 20)  # 20 s into the 55 s hold
    answer = talk.say("HowHardIntent")
    assert answer.text.startswith("Press gently.")
    more = talk.say("AMAZON.YesIntent")
    assert more.text.endswith(prompts.RESUME_ROUTINE)
    talk.wait(120)
    resumed = talk.say("AMAZON.ResumeIntent")
    assert abs(seconds_left(resumed.text) - 35) <= 1
    talk.after(LATENCY_ALLOWANCE + 5)
    help_answer = talk.say("AMAZON.HelpIntent")
    assert "Say resume to carry on" in help_answer.text and help_answer.text.endswith("?")


def test_pause_during_an_instruction_repeats_it_whole(talk: Conversation, library: Library) -> None:
    routine = "top-of-shoulder-hold"
    talk.start(routine)
    talk.say("AMAZON.NextIntent")
    talk.after(LATENCY_ALLOWANCE + 4)  # partway through "Reach your left hand across..."
    talk.say("AMAZON.PauseIntent")
    resumed = talk.say("AMAZON.ResumeIntent")
    assert resumed.text.startswith(f"{prompts.CARRY_ON} First, your right side. Reach your left")


def test_resume_after_hearing_everything_repeats_the_prompt(talk: Conversation) -> None:
    talk.start("lower-back-sides")
    resumed = talk.say("AMAZON.ResumeIntent")
    assert resumed.text == f"{prompts.CARRY_ON} {prompts.NEXT_INTO_HOLD}"


def test_resuming_a_hold_that_is_all_but_over(talk: Conversation, library: Library) -> None:
    routine = "shoulder-blade-wall-lean"
    talk.start(routine)
    talk.say("AMAZON.NextIntent")
    talk.after(into_hold(library, routine, 1, 1) + 57)  # 3 s left of the 60 s hold
    talk.say("AMAZON.PauseIntent")
    resumed = talk.say("AMAZON.ResumeIntent")
    assert resumed.text.startswith("And release. Roll the ball a little higher or lower")
    # The timeline stays right afterwards: 10 s into the next (45 s) hold, 35 s are left.
    segments = library.plans[routine].responses[1].segments  # say, hold, say, HOLD, say, hold
    end_line = estimate_seconds(escape(prompts.RELEASE))
    talk.after(LATENCY_ALLOWANCE + end_line + segments[4].seconds + 10)
    assert abs(seconds_left(talk.say("HowMuchLongerIntent").text) - 35) <= 1


def test_the_wrap_up_can_be_paused_in_its_last_response(
    talk: Conversation, library: Library
) -> None:
    routine = "gentle-wrap-up"
    talk.start(routine)
    last = len(library.plans[routine].responses) - 1
    for _ in range(last):
        answer = talk.say("AMAZON.NextIntent")
    assert not answer.ends
    talk.after(into_hold(library, routine, last, 0) + 20)
    assert talk.say("AMAZON.PauseIntent").text == prompts.PAUSED
    assert abs(seconds_left(talk.say("AMAZON.ResumeIntent").text) - 40) <= 1


def test_stop_mid_routine(talk: Conversation) -> None:
    talk.start("top-of-shoulder-hold")
    answer = talk.say("AMAZON.StopIntent")
    assert answer.ends and answer.text == prompts.GOODBYE_MID_ROUTINE


def test_repeat_outside_a_routine_repeats_the_last_answer(talk: Conversation) -> None:
    first = talk.say("ExplainIntent", topic=("fascia", "fascia"))
    again = talk.say("AMAZON.RepeatIntent")
    assert again.text == first.text
    more = talk.say("AMAZON.YesIntent")  # the offer was made again by the repeat
    assert more.text.startswith("Fascia sits just under the skin")


def test_yes_at_a_say_next_prompt_moves_on(talk: Conversation, library: Library) -> None:
    talk.start("top-of-shoulder-hold")
    assert talk.say("AMAZON.YesIntent").text == heard(library, "top-of-shoulder-hold", 1)


def test_a_stray_yes_or_no_mid_instruction_loses_nothing(
    talk: Conversation, library: Library
) -> None:
    routine = "top-of-shoulder-hold"
    talk.start(routine)
    second = talk.say("AMAZON.NextIntent")
    talk.after(LATENCY_ALLOWANCE + 3)  # "First, your right side. Reach your left hand..."
    okay = talk.say("AMAZON.YesIntent")  # "okay": carry on from the instruction's start
    assert okay.text == f"{prompts.CARRY_ON} {second.text}"
    talk.after(LATENCY_ALLOWANCE + 3)
    no = talk.say("AMAZON.NoIntent")  # pauses where they are
    assert no.text == prompts.RESUME_ROUTINE
    talk.wait(20)
    assert talk.say("AMAZON.ResumeIntent").text == f"{prompts.CARRY_ON} {second.text}"


def test_yes_or_no_before_the_ending_is_not_an_answer_to_it(
    talk: Conversation, library: Library
) -> None:
    routine = "seat-muscle-release"
    last = len(library.plans[routine].responses) - 1
    talk.start(routine)
    for _ in range(last):
        talk.say("AMAZON.NextIntent")
    talk.after(into_hold(library, routine, last, 1) + 10)  # 10 s into the left side's hold
    answer = talk.say("AMAZON.NoIntent")
    assert not answer.ends and answer.text == prompts.RESUME_ROUTINE
    assert abs(seconds_left(talk.say("AMAZON.ResumeIntent").text) - 45) <= 1


def test_help_and_fallback_keep_a_question_open(talk: Conversation, library: Library) -> None:
    talk.say("StartRoutineIntent", routine=("knuckles", "knuckle-press"))  # the safety check
    helped = talk.say("AMAZON.HelpIntent")
    assert helped.text == f"{prompts.HELP_QUESTION} {prompts.SCREEN_REPROMPT}"
    assert talk.say("AMAZON.YesIntent").text.startswith("Let's do the knuckle press.")
    talk.next_times(len(library.plans["knuckle-press"].responses) - 1)
    misheard = talk.say("AMAZON.FallbackIntent")
    question = prompts.wrap_up_reprompt("gentle wrap-up")
    assert misheard.text == f"{prompts.FALLBACK_QUESTION} {question}"
    assert talk.say("AMAZON.YesIntent").text.startswith("Let's do the gentle wrap-up.")


def test_repeat_pause_and_how_long_at_the_ending(talk: Conversation, library: Library) -> None:
    routine = "knuckle-press"
    plan = library.plans[routine]
    finish(talk, library, routine)
    ending = readable(plan.responses[-1].segments[-1].ssml)
    assert talk.say("AMAZON.RepeatIntent").text == ending
    assert talk.say("AMAZON.PauseIntent").text == ending
    assert talk.say("HowMuchLongerIntent").text == f"{prompts.FINISHED_ALREADY} {ending}"


def test_next_in_the_cautions_still_says_the_stop_line(
    talk: Conversation, library: Library
) -> None:
    talk.start("seat-muscle-release")
    talk.after(LATENCY_ALLOWANCE + 1)
    skipped = talk.say("AMAZON.NextIntent")
    assert skipped.text.startswith(library.catalog.safety.stop_line)
    assert "Stand with your back to a wall" in skipped.text


def test_an_interruption_in_the_introduction_repeats_only_its_sentence(
    talk: Conversation, library: Library
) -> None:
    routine = "shoulder-blade-wall-lean"
    intro = library.plans[routine].responses[0].segments
    talk.start(routine)
    talk.after(LATENCY_ALLOWANCE + intro[0].seconds + intro[1].seconds + 1)  # in the 2nd caution
    answer = talk.say("WhichStepIntent")
    assert answer.text.startswith(f"{prompts.IN_INTRO} {readable(intro[2].ssml)}")


def test_start_without_a_name_lists_the_routines(talk: Conversation) -> None:
    answer = talk.send(intent("StartRoutineIntent", talk.now))
    assert answer.text.startswith("There are 5 routines")


def test_misheard_at_a_say_next_prompt(talk: Conversation) -> None:
    talk.start("lower-back-sides")
    assert talk.say("AMAZON.FallbackIntent").text == prompts.FALLBACK_AT_PROMPT


def test_stop_before_doing_anything(talk: Conversation) -> None:
    answer = talk.say("AMAZON.StopIntent")
    assert answer.ends and answer.text == prompts.GOODBYE
