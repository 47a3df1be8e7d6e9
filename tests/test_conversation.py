"""Multi-turn conversations on the fixture routines: whole routines, pause and resume mid-hold,
step navigation, and what is said at a "say next" prompt."""

from __future__ import annotations

import pytest

from helpers import briefing_lead, finish, heard, into_hold, seconds_left, start
from skill.conversation.playback import LATENCY_ALLOWANCE
from skill.library import Library
from skill.sim.client import Simulator
from skill.speech import prompts
from skill.speech.ssml import escape, estimate_seconds, readable, say

NEXT = "AMAZON.NextIntent"


def ending(library: Library, routine: str) -> str:
    """The routine's last words (its question), as heard."""
    return readable(library.plans[routine].responses[-1].segments[-1].ssml)


@pytest.mark.parametrize("routine", ["palm-press", "ball-lean"])
def test_every_routine_from_welcome_to_goodbye(
    talk: Simulator, library: Library, routine: str
) -> None:
    plan = library.plans[routine]
    answer = start(talk, routine)
    assert answer.text == heard(library, routine, 0)
    for index in range(1, len(plan.responses)):
        answer = talk.intent(NEXT)
        assert answer.text == heard(library, routine, index)
        assert not answer.ends
    walk = library.plans["easy-walk"]
    offer = prompts.offer_wrap_up("easy walk", prompts.minutes(walk.seconds))
    assert answer.text.endswith(f"{prompts.finished(plan.routine.name)} {offer}")
    answer = talk.intent("AMAZON.YesIntent")
    assert answer.text == heard(library, "easy-walk", 0)
    for _ in range(len(walk.responses) - 1):
        answer = talk.intent(NEXT)
    assert answer.text.endswith(prompts.OFFER_ANOTHER) and not answer.ends
    goodbye = talk.intent("AMAZON.NoIntent")
    assert goodbye.ends and goodbye.text == prompts.GOODBYE_AFTER_ROUTINE


def test_yes_to_another_routine_lists_them(talk: Simulator, library: Library) -> None:
    finish(talk, library, "easy-walk")
    answer = talk.intent("AMAZON.YesIntent")
    assert answer.text.startswith("There are 2 routines. For your upper back, the ball lean")


def test_declining_the_wrap_up_is_kind_and_keeps_the_session(
    talk: Simulator, library: Library
) -> None:
    finish(talk, library, "ball-lean")
    answer = talk.intent("AMAZON.NoIntent")
    assert answer.text == f"{prompts.WRAP_UP_DECLINED} {prompts.ANOTHER_OR_STOP}"
    assert not answer.ends and answer.state.get("place") is None
    assert talk.intent("AMAZON.StopIntent").text == prompts.GOODBYE


def test_after_the_last_step_next_asks_the_question_again(
    talk: Simulator, library: Library
) -> None:
    finish(talk, library, "ball-lean")
    again = talk.intent(NEXT)
    assert again.text == "Would you like the easy walk? Please say yes or no."
    assert talk.intent("AMAZON.RepeatIntent").text == ending(library, "ball-lean")
    stop = talk.intent("AMAZON.StopIntent")  # the routine is over: a plain goodbye
    assert stop.text == prompts.GOODBYE


def test_pause_mid_hold_and_resume_with_the_seconds_left(talk: Simulator, library: Library) -> None:
    talk.timeout = None  # a long pause in one session (a device would end it: see progress)
    start(talk, "ball-lean")
    talk.intent(NEXT)
    talk.at(into_hold(library, "ball-lean", 1, 0) + 25)  # 25 s into the 40 s hold
    paused = talk.intent("AMAZON.PauseIntent")
    assert paused.text == prompts.PAUSED_IN_HOLD["ball"] and not paused.ends
    talk.wait(20)  # a short pause: the hold has not moved on
    resumed = talk.intent("AMAZON.ResumeIntent")
    # Where the ball goes back, then the seconds left (a pause is no talk: the count goes on).
    # Alexa's request timestamps have whole seconds, so positions are good to about 1 s.
    assert resumed.text.startswith("Lean back into the ball. About ")
    assert abs(seconds_left(resumed.text) - 15) <= 1
    rest_of_hold = resumed.text.split("And release.")[0]
    assert "Halfway." not in rest_of_hold and "Ten seconds left." in rest_of_hold
    assert resumed.text.endswith(ending(library, "ball-lean"))
    # The resumed hold is still 15 s long: cues and silence inside it add up.
    talk.at(LATENCY_ALLOWANCE + estimate_seconds(say("Lean back into the ball.")) + 8)
    again = talk.intent("HowMuchLongerIntent")
    assert abs(seconds_left(again.text) - (seconds_left(resumed.text) - 8)) <= 1


def test_how_much_longer_while_paused_stays_paused(talk: Simulator, library: Library) -> None:
    start(talk, "ball-lean")
    talk.intent(NEXT)
    talk.at(into_hold(library, "ball-lean", 1, 0) + 10)
    talk.intent("AMAZON.PauseIntent")
    answer = talk.intent("HowMuchLongerIntent")
    assert abs(seconds_left(answer.text) - 30) <= 1
    assert answer.text.endswith(prompts.PAUSED)
    # Within 30 s of the pause: the hold carries on with what is left.
    assert abs(seconds_left(talk.intent("AMAZON.ResumeIntent").text) - 30) <= 1


def test_how_much_longer_answers_then_the_hold_carries_on(
    talk: Simulator, library: Library
) -> None:
    routine = "palm-press"
    start(talk, routine)
    talk.intent(NEXT)
    talk.at(into_hold(library, routine, 1, 0) + 10)  # 10 s into the 30 s hold
    answer = talk.intent("HowMuchLongerIntent")
    plan = library.plans[routine]
    lead = estimate_seconds(briefing_lead(library, routine, 1))
    offset = into_hold(library, routine, 1, 0) - LATENCY_ALLOWANCE - lead + 10
    left = prompts.minutes(plan.responses[1].seconds - offset + plan.seconds_after(1))
    assert abs(seconds_left(answer.text) - 20) <= 1
    assert f"and {left} in the routine." in answer.text
    assert answer.text.count("seconds left in this hold") == 1  # not said twice
    assert "Halfway." in answer.text  # the cue at 15 s is still to come
    assert answer.text.endswith(prompts.next_side("left"))


def test_how_much_longer_between_steps(talk: Simulator, library: Library) -> None:
    start(talk, "palm-press")  # heard to the end: waiting at "say next"
    answer = talk.intent("HowMuchLongerIntent")
    left = prompts.minutes(library.plans["palm-press"].seconds_after(0))
    assert answer.text == f"There's {left} left in this routine. {prompts.NEXT_INTO_HOLD}"


def test_navigation_moves_by_steps(talk: Simulator, library: Library) -> None:
    routine = "palm-press"
    plan = library.plans[routine]
    step = {n: plan.step(n).label for n in range(1, len(plan.steps) + 1)}
    start(talk, routine)
    talk.intent(NEXT)  # response 2: steps 2 to 4, the right side
    talk.at(into_hold(library, routine, 1, 0) + 10)  # in step 2's hold
    forward = talk.intent(NEXT)
    assert forward.text.startswith(f"First, your right side. {step[3]}")
    talk.at(LATENCY_ALLOWANCE + 1)  # step 3's instruction is being read
    back = talk.intent("AMAZON.PreviousIntent")
    assert back.text.startswith(step[2])
    talk.at(LATENCY_ALLOWANCE + 1)
    assert talk.intent("AMAZON.RepeatIntent").text == back.text
    # Heard to the end, at "say next": go back means the last step of this response.
    last = talk.intent("AMAZON.PreviousIntent")
    assert last.text.startswith(step[4])
    nxt = talk.intent(NEXT)
    assert nxt.text == heard(library, routine, 2)


def test_go_back_again_and_again_walks_back_to_the_first_step(
    talk: Simulator, library: Library
) -> None:
    plan = library.plans["palm-press"]
    step = {n: plan.step(n).label for n in range(1, len(plan.steps) + 1)}
    start(talk, "palm-press")
    talk.intent(NEXT)
    talk.intent(NEXT)  # the left side, steps 5 and 6, heard to the end
    back = [talk.intent("AMAZON.PreviousIntent").text for _ in range(7)]
    assert back[0].startswith(step[6])
    assert back[1].startswith(f"Now your left side. {step[5]}")
    assert back[2].startswith(step[4])
    assert back[3].startswith(f"First, your right side. {step[3]}")
    assert back[4].startswith(step[2])
    assert back[5] == f"{step[1]} {prompts.NEXT_INTO_HOLD}"
    assert back[6] == f"{prompts.ALREADY_FIRST} {step[1]} {prompts.NEXT_INTO_HOLD}"
    # On into the first hold again: the pressure and stop block in one sentence this time.
    assert talk.intent(NEXT).text == heard(library, "palm-press", 1, briefed=True)


def test_previous_in_the_introduction_and_start_over(talk: Simulator, library: Library) -> None:
    first = start(talk, "palm-press")
    talk.at(LATENCY_ALLOWANCE + 3)  # still in the introduction
    back = talk.intent("AMAZON.PreviousIntent")
    assert back.text == f"{prompts.ALREADY_FIRST} {first.text}"
    talk.intent(NEXT)
    talk.intent(NEXT)
    over = talk.intent("AMAZON.StartOverIntent")
    assert over.text == f"{prompts.STARTING_OVER} {heard(library, 'palm-press', 0)}"


def test_skip_this_hold(talk: Simulator, library: Library) -> None:
    routine = "palm-press"
    start(talk, routine)
    talk.intent(NEXT)
    talk.at(into_hold(library, routine, 1, 0) + 10)  # 10 s into the palm press
    skipped = talk.intent("SkipHoldIntent")
    lead = f"{prompts.SKIPPING_HOLD} {prompts.RELEASE}"
    assert skipped.text.startswith(f"{lead} First, your right side. Lift your right arm.")
    # Skipping put the timeline after the hold: 5 s into the next (20 s) hold, 15 s are left.
    segments = library.plans[routine].responses[1].segments  # say, hold, SAY, hold, say, ...
    talk.at(LATENCY_ALLOWANCE + estimate_seconds(escape(lead)) + segments[2].seconds + 5)
    assert abs(seconds_left(talk.intent("HowMuchLongerIntent").text) - 15) <= 1


def test_skip_during_the_instruction_skips_its_hold(talk: Simulator) -> None:
    start(talk, "palm-press")
    talk.intent(NEXT)
    talk.at(LATENCY_ALLOWANCE + 1)  # "Press your palms together" is being read
    skipped = talk.intent("SkipHoldIntent")
    assert skipped.text.startswith(f"{prompts.SKIPPING_HOLD} {prompts.RELEASE} First, your right")


def test_skip_with_no_hold_to_skip(talk: Simulator) -> None:
    start(talk, "palm-press")  # heard to the end: the prompt, no hold playing
    answer = talk.intent("SkipHoldIntent")
    assert answer.text == f"{prompts.NO_HOLD} {prompts.NEXT_INTO_HOLD}"


def test_which_step_mid_hold_names_the_step(talk: Simulator, library: Library) -> None:
    start(talk, "palm-press")
    talk.intent(NEXT)
    talk.at(into_hold(library, "palm-press", 1, 0) + 10)
    answer = talk.intent("WhichStepIntent")
    # What the listener heard it called, never a number; mid-hold, its words as a reminder.
    assert answer.text.startswith(
        "You're at the palms hold, in the palm press. Press your palms together, and hold."
    )


def test_a_question_mid_hold_pauses_and_resume_carries_on(
    talk: Simulator, library: Library
) -> None:
    talk.timeout = None
    start(talk, "ball-lean")
    talk.intent(NEXT)
    talk.at(into_hold(library, "ball-lean", 1, 0) + 20)  # 20 s into the 40 s hold
    answer = talk.intent("HowHardIntent")
    assert answer.text == f"{prompts.EASE_OFF['ball']} Press gently. {prompts.OFFER_MORE}"
    more = talk.intent("AMAZON.YesIntent")
    assert more.text == f"Never press on bone. {prompts.RESUME_ROUTINE}"
    talk.wait(120)
    resumed = talk.intent("AMAZON.ResumeIntent")
    # Two minutes of talk: the ball goes back and the count starts again (20 s were held, so
    # a full 40 s more keeps to the two minutes on one spot).
    assert resumed.text.startswith(f"Lean back into the ball. {prompts.hold_again(40)}")
    lead = estimate_seconds(say("Lean back into the ball.", prompts.hold_again(40)))
    talk.at(LATENCY_ALLOWANCE + lead + 5)
    assert abs(seconds_left(talk.intent("HowMuchLongerIntent").text) - 35) <= 1
    talk.at(LATENCY_ALLOWANCE + 5)
    help_answer = talk.intent("AMAZON.HelpIntent")
    help_in_routine = f"{prompts.help_in_routine('ball lean')} {prompts.RESUME_ROUTINE}"
    assert help_answer.text == f"{prompts.EASE_OFF['ball']} {help_in_routine}"


def test_pause_during_an_instruction_repeats_it_whole(talk: Simulator, library: Library) -> None:
    start(talk, "palm-press")
    talk.intent(NEXT)
    talk.at(into_hold(library, "palm-press", 1, 0) - 1)  # partway through "Press your palms"
    talk.intent("AMAZON.PauseIntent")
    resumed = talk.intent("AMAZON.ResumeIntent")
    assert resumed.text.startswith(f"{prompts.CARRY_ON} Press your palms together, and hold.")


def test_resume_after_hearing_everything_repeats_the_prompt(talk: Simulator) -> None:
    start(talk, "palm-press")
    resumed = talk.intent("AMAZON.ResumeIntent")
    assert resumed.text == f"{prompts.CARRY_ON} {prompts.NEXT_INTO_HOLD}"


def test_resuming_a_hold_that_is_all_but_over(talk: Simulator, library: Library) -> None:
    routine = "palm-press"
    start(talk, routine)
    talk.intent(NEXT)
    talk.at(into_hold(library, routine, 1, 0) + 27)  # 3 s left of the 30 s hold
    talk.intent("AMAZON.PauseIntent")
    resumed = talk.intent("AMAZON.ResumeIntent")
    # No point going back on the spot: just the hold's end line, and on.
    assert resumed.text.startswith(f"{prompts.RELEASE} First, your right side. Lift")
    # The timeline stays right afterwards: 10 s into the next (20 s) hold, 10 s are left.
    segments = library.plans[routine].responses[1].segments
    end_line = estimate_seconds(say(prompts.RELEASE))
    talk.at(LATENCY_ALLOWANCE + end_line + segments[2].seconds + 10)
    assert abs(seconds_left(talk.intent("HowMuchLongerIntent").text) - 10) <= 1


def test_the_wrap_up_can_be_paused_in_its_last_response(talk: Simulator, library: Library) -> None:
    start(talk, "easy-walk")
    last = len(library.plans["easy-walk"].responses) - 1
    for _ in range(last):
        answer = talk.intent(NEXT)
    assert not answer.ends
    talk.at(into_hold(library, "easy-walk", last, 0) + 5)
    assert talk.intent("AMAZON.PauseIntent").text == prompts.PAUSED_IN_HOLD["nothing"]
    assert abs(seconds_left(talk.intent("AMAZON.ResumeIntent").text) - 15) <= 1


def test_stop_mid_routine(talk: Simulator) -> None:
    start(talk, "palm-press")
    answer = talk.intent("AMAZON.StopIntent")
    assert answer.ends and answer.text == prompts.GOODBYE_MID_ROUTINE


def test_repeat_outside_a_routine_repeats_the_last_answer(talk: Simulator) -> None:
    first = talk.intent("ExplainIntent", topic=("fascia", "fascia"))
    again = talk.intent("AMAZON.RepeatIntent")
    assert again.text == first.text
    more = talk.intent("AMAZON.YesIntent")  # the offer was made again by the repeat
    assert more.text.startswith("Fascia wraps every muscle.")


def test_yes_or_okay_at_a_say_next_prompt_moves_on(talk: Simulator, library: Library) -> None:
    start(talk, "palm-press")
    assert talk.intent("AMAZON.YesIntent").text == heard(library, "palm-press", 1)
    assert talk.intent("OkayIntent").text == heard(library, "palm-press", 2)


def test_no_at_a_say_next_prompt_is_not_a_pause(talk: Simulator) -> None:
    start(talk, "palm-press")
    for words in ("AMAZON.NoIntent", "AMAZON.PauseIntent", "UnsureIntent"):
        answer = talk.intent(words)
        assert answer.text == f"{prompts.TAKE_YOUR_TIME} {prompts.NEXT_INTO_HOLD}"
        assert "paused" not in answer.state["place"]  # nothing was paused
        assert "resume" not in answer.text.lower() and "resume" not in answer.reprompt_text


def test_answers_at_a_say_next_prompt_never_mention_resuming(talk: Simulator) -> None:
    start(talk, "palm-press")
    helped = talk.intent("AMAZON.HelpIntent")
    assert helped.text.startswith("You're in the palm press. Say next to move on, go back")
    misheard = talk.intent("AMAZON.FallbackIntent")
    sorry = misheard.text.removesuffix(f" {prompts.FALLBACK_AT_PROMPT}")
    assert sorry in prompts.NOT_UNDERSTOOD_AGAIN
    talk.intent("ExplainIntent", topic=("fascia", "fascia"))
    declined = talk.intent("AMAZON.NoIntent")
    assert declined.text == f"{prompts.NO_THANKS} {prompts.NEXT_INTO_HOLD}"
    for answer in (helped, misheard, declined):
        assert "resume" not in answer.text.lower()


def test_repeat_after_something_not_understood_says_what_came_before(
    talk: Simulator, library: Library
) -> None:
    start(talk, "palm-press")
    talk.intent(NEXT)
    talk.intent("AMAZON.FallbackIntent")
    again = talk.intent("AMAZON.RepeatIntent")
    assert again.text.startswith(library.plans["palm-press"].step(4).label)  # the last step heard
    talk.intent("ExplainIntent", topic=("fascia", "fascia"))
    talk.intent("AMAZON.FallbackIntent")
    assert talk.intent("AMAZON.RepeatIntent").text.startswith("Fascia is a web of tissue.")


def test_a_stray_yes_or_no_mid_instruction_loses_nothing(talk: Simulator, library: Library) -> None:
    talk.timeout = None
    start(talk, "palm-press")
    second = talk.intent(NEXT)
    talk.at(LATENCY_ALLOWANCE + 1)  # the briefing before the first hold is being read
    okay = talk.intent("AMAZON.YesIntent")  # carry on from there: the briefing again, in full
    rest = heard(library, "palm-press", 1)
    assert okay.text == f"{prompts.CARRY_ON} {rest}"
    lead = estimate_seconds(briefing_lead(library, "palm-press", 1))
    talk.at(LATENCY_ALLOWANCE + estimate_seconds(say(prompts.CARRY_ON)) + lead + 1)
    no = talk.intent("AMAZON.NoIntent")  # "Press your palms together": pauses where they are
    assert no.text == prompts.RESUME_ROUTINE
    talk.wait(20)
    resumed = talk.intent("AMAZON.ResumeIntent")
    assert (
        resumed.text
        == f"{prompts.CARRY_ON} {readable(library.plans['palm-press'].responses[1].ssml)}"
    )
    assert second.text.endswith(resumed.text.removeprefix(f"{prompts.CARRY_ON} "))


def test_yes_or_no_before_the_ending_is_not_an_answer_to_it(
    talk: Simulator, library: Library
) -> None:
    start(talk, "ball-lean")
    talk.intent(NEXT)  # the last response: holds, then the ending's question
    talk.at(into_hold(library, "ball-lean", 1, 1) + 10)  # 10 s into its second hold
    answer = talk.intent("AMAZON.NoIntent")
    assert not answer.ends and answer.text == f"{prompts.EASE_OFF['ball']} {prompts.RESUME_ROUTINE}"
    resumed = talk.intent("AMAZON.ResumeIntent")
    assert abs(seconds_left(resumed.text) - 20) <= 1
    assert resumed.text.endswith(ending(library, "ball-lean"))  # asked again, at the end


def test_repeat_pause_and_how_long_at_the_ending(talk: Simulator, library: Library) -> None:
    finish(talk, library, "ball-lean")
    assert talk.intent("AMAZON.RepeatIntent").text == ending(library, "ball-lean")
    brief = "Would you like the easy walk? Please say yes or no."
    assert talk.intent("AMAZON.PauseIntent").text == brief
    longer = talk.intent("HowMuchLongerIntent")
    assert longer.text == f"{prompts.FINISHED_ALREADY} Now, would you like the easy walk?"


def test_next_in_the_introduction_skips_to_the_cautions_not_past_them(
    talk: Simulator, library: Library
) -> None:
    start(talk, "palm-press")
    talk.at(LATENCY_ALLOWANCE + 1)  # "The palm press: about 2 minutes, ..."
    skipped = talk.intent(NEXT)
    assert skipped.text == f"Keep the pressure light. Sit tall on a chair. {prompts.NEXT_INTO_HOLD}"
    talk.at(LATENCY_ALLOWANCE + 0.5)  # now in the caution: next goes on to the first step
    assert talk.intent(NEXT).text == f"Sit tall on a chair. {prompts.NEXT_INTO_HOLD}"


def test_an_interruption_in_the_introduction_repeats_only_its_sentence(
    talk: Simulator, library: Library
) -> None:
    intro = library.plans["ball-lean"].responses[0].segments
    start(talk, "ball-lean")
    talk.at(LATENCY_ALLOWANCE + intro[0].seconds + intro[1].seconds + 1.5)  # in the 2nd caution
    answer = talk.intent("WhichStepIntent")
    assert answer.text.startswith(f"{prompts.IN_INTRO} {readable(intro[2].ssml)}")


def test_start_without_a_name_lists_the_routines(talk: Simulator) -> None:
    answer = talk.intent("StartRoutineIntent")
    assert answer.text.startswith("There are 2 routines")


def test_stop_before_doing_anything(talk: Simulator) -> None:
    answer = talk.intent("AMAZON.StopIntent")
    assert answer.ends and answer.text == prompts.GOODBYE
