"""One question open at a time: every question the skill asks, crossed with every side question
and with words that are not an answer. Yes and no answer only the question asked last."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from helpers import finish, into_hold, start
from skill.library import Library
from skill.sim.client import Exchange, Simulator
from skill.speech import prompts


@dataclass(frozen=True)
class Pending:
    """How to get a question asked, how it is asked again, and what yes and no then do."""

    ask: Callable[[Simulator, Library], Exchange]
    state: dict[str, str]  # the question in the session state
    again: str  # after a side question
    brief: str  # after words that don't answer it (and its reprompt)
    yes: str  # the answer to yes starts with this
    no: str  # the answer to no starts with this


def safety_check(sim: Simulator, library: Library) -> Exchange:
    return sim.intent("StartRoutineIntent", routine=("palm press", "palm-press"))


def carry_on_check(sim: Simulator, library: Library) -> Exchange:
    start(sim, "palm-press")
    sim.intent("AMAZON.StopIntent")
    return sim.intent("AMAZON.ResumeIntent")  # "ask back release coach to resume"


def carry_on(sim: Simulator, library: Library) -> Exchange:
    start(sim, "palm-press")
    sim.intent("AMAZON.StopIntent")
    return sim.launch()


def more(sim: Simulator, library: Library) -> Exchange:
    return sim.intent("ExplainIntent", topic=("fascia", "fascia"))


def more_mid_routine(sim: Simulator, library: Library) -> Exchange:
    start(sim, "palm-press")
    sim.intent("AMAZON.NextIntent")
    sim.at(into_hold(library, "palm-press", 1, 0) + 10)
    return sim.intent("ExplainIntent", topic=("fascia", "fascia"))


def more_at_a_prompt(sim: Simulator, library: Library) -> Exchange:
    start(sim, "palm-press")  # heard to the end: "When you're in position, say next."
    return sim.intent("ExplainIntent", topic=("fascia", "fascia"))


def forget(sim: Simulator, library: Library) -> Exchange:
    return sim.intent("ForgetProgressIntent")


def forget_at_a_prompt(sim: Simulator, library: Library) -> Exchange:
    start(sim, "palm-press")
    return sim.intent("ForgetProgressIntent")


def routine_info(sim: Simulator, library: Library) -> Exchange:
    return sim.intent("RoutineInfoIntent", routine=("palm press", "palm-press"))


def wrap_up_offer(sim: Simulator, library: Library) -> Exchange:
    return finish(sim, library, "palm-press")


def another_routine(sim: Simulator, library: Library) -> Exchange:
    return finish(sim, library, "easy-walk")


CHECK = "Now, if none of the reasons to see a doctor first apply, shall we"
PENDING = {
    "safety check": Pending(
        safety_check,
        {"ask": "safety-check", "about": "palm-press"},
        f"{CHECK} start the palm press?",
        "Shall we start the palm press? Please say yes or no.",
        "The palm press:",
        prompts.CHECK_DECLINED,
    ),
    "carry-on check": Pending(
        carry_on_check,
        {"ask": "carry-on-check", "about": "palm-press"},
        f"{CHECK} carry on with the palm press?",
        "Shall we carry on with the palm press? Please say yes or no.",
        # A later session: the cautions in short, then on from where it stopped.
        f"{prompts.remember('Keep the pressure light.')} {prompts.CARRY_ON}",
        prompts.CHECK_DECLINED,
    ),
    "carry on": Pending(
        carry_on,
        {"ask": "carry-on", "about": "palm-press"},
        "Now, shall we carry on with the palm press?",
        prompts.CONTINUE_REPROMPT,
        prompts.CHECK_SHORT,  # a new session: the check comes first, in short (heard before)
        "Okay. There are 2 routines",
    ),
    "more": Pending(
        more,
        {"ask": "more", "about": "fascia"},
        "Now, would you like to hear more about fascia?",
        prompts.MORE_REPROMPT,
        "Fascia wraps every muscle.",
        "Okay. What would you like to do next?",
    ),
    "more, mid-routine": Pending(
        more_mid_routine,
        {"ask": "more", "about": "fascia"},
        "Now, would you like to hear more about fascia?",
        prompts.MORE_REPROMPT,
        f"Fascia wraps every muscle. {prompts.RESUME_ROUTINE}",
        f"Okay. {prompts.RESUME_ROUTINE}",
    ),
    "more, at a prompt": Pending(
        more_at_a_prompt,
        {"ask": "more", "about": "fascia"},
        "Now, would you like to hear more about fascia?",
        prompts.MORE_REPROMPT,
        f"Fascia wraps every muscle. {prompts.NEXT_INTO_HOLD}",
        f"Okay. {prompts.NEXT_INTO_HOLD}",
    ),
    "forget, at a prompt": Pending(
        forget_at_a_prompt,
        {"ask": "forget", "about": ""},
        "Now, shall I forget your progress?",
        prompts.FORGET_REPROMPT,
        prompts.FORGOTTEN,
        f"{prompts.KEPT} {prompts.NEXT_INTO_HOLD}",
    ),
    "forget": Pending(
        forget,
        {"ask": "forget", "about": ""},
        "Now, shall I forget your progress?",
        prompts.FORGET_REPROMPT,
        prompts.FORGOTTEN,
        prompts.KEPT,
    ),
    "start offered": Pending(
        routine_info,
        {"ask": "choose", "about": "palm-press"},
        "Shall we start the palm press?",
        prompts.START_REPROMPT,
        prompts.check_intro(False),  # the session's first routine: the check first
        f"{prompts.NO_THANKS} {prompts.WHAT_NEXT}",
    ),
    "wrap-up offer": Pending(
        wrap_up_offer,
        {"ask": "ending", "about": "palm-press"},
        "Now, would you like the easy walk?",
        "Would you like the easy walk? Please say yes or no.",
        "The easy walk:",
        prompts.WRAP_UP_DECLINED,
    ),
    "another routine": Pending(
        another_routine,
        {"ask": "ending", "about": "easy-walk"},
        "Now, would you like another routine?",
        prompts.ANOTHER_REPROMPT,
        "There are 2 routines",
        prompts.GOODBYE_AFTER_ROUTINE,
    ),
}

SIDE: dict[str, tuple[str, dict[str, str | tuple[str, str]]]] = {
    "what is a trigger point": ("ExplainIntent", {"topic": ("trigger point", "trigger-points")}),
    "how hard should I press": ("HowHardIntent", {}),
    "is this safe": ("SafetyIntent", {}),
    "help": ("AMAZON.HelpIntent", {}),
    "how much longer": ("HowMuchLongerIntent", {}),
    "which step am I on": ("WhichStepIntent", {}),
    "how am I doing this week": ("WeekIntent", {}),
    "something not understood": ("AMAZON.FallbackIntent", {}),
    "it hurts": ("HurtsIntent", {}),
    "what do I need": ("ToolsIntent", {}),
    "how long is the palm press": ("RoutineInfoIntent", {"routine": ("palm press", "palm-press")}),
    "how long is it": ("RoutineInfoIntent", {"routine": "it"}),
}
TOPICS = {"what is a trigger point", "how hard should I press", "is this safe"}
IN_A_ROUTINE = {"more, mid-routine", "more, at a prompt"}


@pytest.mark.parametrize("name", PENDING, ids=list(PENDING))
def test_every_question_states_itself_in_the_session(
    talk: Simulator, library: Library, name: str
) -> None:
    pending = PENDING[name]
    asked = pending.ask(talk, library)
    assert asked.state["question"] == pending.state
    assert asked.reprompt_text == pending.brief


@pytest.mark.parametrize("side", SIDE, ids=list(SIDE))
@pytest.mark.parametrize("name", PENDING, ids=list(PENDING))
def test_a_side_question_is_answered_then_the_question_is_asked_again(
    talk: Simulator, library: Library, name: str, side: str
) -> None:
    pending = PENDING[name]
    pending.ask(talk, library)
    intent, slots = SIDE[side]
    answer = talk.intent(intent, **slots)
    # "What do I need?" is a topic outside a routine, and the routine's tools inside one.
    topic = side in TOPICS or (side == "what do I need" and name not in IN_A_ROUTINE)
    if name.startswith("more") and topic:
        # A new topic at "hear more?": the one open question is now about the new topic.
        assert answer.text.endswith(prompts.OFFER_MORE)
        assert answer.state["question"]["ask"] == "more"
        assert answer.state["question"]["about"] != "fascia"
        return
    ending = pending.brief if side == "something not understood" else pending.again
    assert answer.text.endswith(ending), answer.text
    assert answer.text != ending  # the side question was answered first
    assert answer.reprompt_text == pending.brief
    assert answer.state["question"] == pending.state
    assert not answer.ends
    # The answer to the old question still works: "no" answers it, nothing else.
    assert talk.intent("AMAZON.NoIntent").text.startswith(pending.no)


@pytest.mark.parametrize("words", ["AMAZON.NextIntent", "OkayIntent"])
@pytest.mark.parametrize("name", PENDING, ids=list(PENDING))
def test_words_that_are_not_an_answer_get_the_question_again_briefly(
    talk: Simulator, library: Library, name: str, words: str
) -> None:
    pending = PENDING[name]
    pending.ask(talk, library)
    answer = talk.intent(words)
    assert answer.text == pending.brief
    assert answer.state["question"] == pending.state
    assert talk.intent("AMAZON.YesIntent").text.startswith(pending.yes)


@pytest.mark.parametrize("name", PENDING, ids=list(PENDING))
def test_yes_answers_the_question_asked_last(talk: Simulator, library: Library, name: str) -> None:
    pending = PENDING[name]
    pending.ask(talk, library)
    answer = talk.intent("AMAZON.YesIntent")
    assert answer.text.startswith(pending.yes), answer.text
    assert answer.state.get("question") != pending.state


@pytest.mark.parametrize("name", PENDING, ids=list(PENDING))
def test_not_sure_is_advice_at_the_check_and_no_answer_elsewhere(
    talk: Simulator, library: Library, name: str
) -> None:
    pending = PENDING[name]
    pending.ask(talk, library)
    answer = talk.intent("UnsureIntent")
    if name in ("safety check", "carry-on check"):
        assert answer.text == f"{prompts.CHECK_UNSURE} {prompts.ASK_ANYTHING}"
        assert answer.state.get("question") is None and not answer.ends
        assert (
            "The palm press:" not in talk.intent("AMAZON.YesIntent").text
        )  # nothing to say yes to
    else:
        assert answer.text == pending.brief
        assert answer.state["question"] == pending.state


@pytest.mark.parametrize(
    "command",
    [
        "AMAZON.PreviousIntent",
        "AMAZON.PauseIntent",
        "SkipHoldIntent",
        "AMAZON.StartOverIntent",
        "AMAZON.ResumeIntent",
    ],
)
def test_a_routine_command_with_no_routine_is_no_answer(
    talk: Simulator, library: Library, command: str
) -> None:
    pending = PENDING["safety check"]
    pending.ask(talk, library)
    assert talk.intent(command).text == pending.brief
    assert talk.intent("AMAZON.YesIntent").text.startswith(pending.yes)


def test_a_command_drops_the_question(talk: Simulator, library: Library) -> None:
    PENDING["safety check"].ask(talk, library)
    listed = talk.intent("ListRoutinesIntent")
    # The check is dropped; the list asks its own question: which one?
    assert listed.state["question"] == {"ask": "choose", "about": "ball-lean palm-press"}
    which = "Which would you like: the ball lean or the palm press?"
    assert talk.intent("AMAZON.YesIntent").text == which
    assert talk.intent("AMAZON.NoIntent").text == f"{prompts.NO_THANKS} {prompts.WHAT_NEXT}"
    assert talk.intent("AMAZON.YesIntent").text == prompts.NOTHING_OFFERED


def test_tell_me_more_is_yes_to_hear_more_and_a_side_question_elsewhere(
    talk: Simulator, library: Library
) -> None:
    more(talk, library)
    assert talk.intent("TellMeMoreIntent").text.startswith("Fascia wraps every muscle.")
    pending = PENDING["safety check"]
    pending.ask(talk, library)
    talk.intent("ExplainIntent", topic=("knots", "trigger-points"))
    detail = talk.intent("TellMeMoreIntent")  # about the topic just answered, then the check
    assert detail.text == f"Experts debate them. {pending.again}"
    assert talk.intent("AMAZON.YesIntent").text.startswith(pending.yes)


def test_repeat_keeps_the_question_open(talk: Simulator, library: Library) -> None:
    asked = PENDING["forget"].ask(talk, library)
    assert talk.intent("AMAZON.RepeatIntent").text == asked.text
    assert talk.intent("AMAZON.YesIntent").text == prompts.FORGOTTEN


@pytest.mark.parametrize("routine", [("palm press", "palm-press"), "it"])
def test_asking_about_the_routine_under_way_says_what_is_left_of_it(
    talk: Simulator, routine: str | tuple[str, str]
) -> None:
    start(talk, "palm-press")
    answer = talk.intent("RoutineInfoIntent", routine=routine)
    assert "left in this routine" in answer.text
    assert "Shall we start" not in answer.text  # it is under way: not offered again


def test_what_do_i_need_at_the_safety_check_names_that_routines_tools(
    talk: Simulator, library: Library
) -> None:
    safety_check(talk, library)
    answer = talk.intent("ToolsIntent")
    palm = library.catalog.routine("palm-press")
    assert answer.text.startswith(prompts.tools_for(palm.name, palm.tools))
    assert answer.text.endswith(PENDING["safety check"].again)
