"""Handler tests: the skill invoked in-process with real request envelopes."""

from __future__ import annotations

import json

import pytest
from ask_sdk_core.skill import CustomSkill

from driver import Answer, Conversation
from envelopes import envelope, intent, request
from skill.conversation.coach import Coach
from skill.door import BadEnvelope, invoke
from skill.library import Library
from skill.speech import prompts
from skill.speech.ssml import plain_text
from skill.speech.topics import fill

DISCLAIMER = "not a substitute for professional medical advice"


def test_first_launch_welcomes_with_disclaimer_and_options(skill: CustomSkill) -> None:
    answer = Conversation(skill).launch()
    assert "Welcome to Back Release Coach" in answer.text
    assert DISCLAIMER in answer.text
    assert "list routines" in answer.text and answer.text.endswith("?")
    assert not answer.ends and answer.reprompt


def test_returning_user_gets_a_short_welcome(skill: CustomSkill) -> None:
    talk = Conversation(skill)
    first = talk.launch()
    again = talk.launch()
    assert DISCLAIMER not in again.text
    assert again.text.startswith("Welcome back.")
    assert len(again.text) < len(first.text) / 2
    other_user = Conversation(talk.skill, user="amzn1.ask.account.SOMEONE_ELSE")
    assert DISCLAIMER in other_user.launch().text


def test_session_ended_gets_an_empty_response(skill: CustomSkill) -> None:
    body = request("SessionEndedRequest", 1_800_000_000, reason="USER_INITIATED")
    answer = Answer(invoke(skill, envelope(body)))
    assert answer.response.get("outputSpeech") is None
    assert answer.response.get("reprompt") is None


def test_list_names_every_routine_and_the_wrap_up(talk: Conversation, library: Library) -> None:
    answer = talk.say("ListRoutinesIntent")
    for routine in library.catalog.routines:
        assert routine.name in answer.text
    assert answer.text.endswith("Which would you like?")


@pytest.mark.parametrize(
    "slots",
    [
        {"routine": ("glutes", "seat-muscle-release")},  # entity resolution matched
        {"routine": "glutes"},  # no resolution: our own synonym matching
        {"routine": "The Piriformis One"},
    ],
)
def test_start_by_synonym(talk: Conversation, slots: dict[str, str | tuple[str, str]]) -> None:
    screen = talk.say("StartRoutineIntent", **slots)
    assert "Before we start, one quick check" in screen.text
    assert screen.text.endswith(
        "Shall we start the seat muscle release? Say yes only if none of these apply, or a "
        "doctor has said it's okay."
    )
    answer = talk.say("AMAZON.YesIntent")
    assert answer.text.startswith("Let's do the seat muscle release.")
    assert answer.state["routine_id"] == "seat-muscle-release"


def test_unknown_routine_gets_the_list_not_an_error(talk: Conversation) -> None:
    answer = talk.say("StartRoutineIntent", routine="<speak>knee</speak> & hip")
    assert answer.text.startswith(prompts.UNKNOWN_ROUTINE)
    assert "There are 5 routines" in answer.text
    assert "knee" not in answer.text  # the user's words are never echoed back
    assert not answer.ends


def test_safety_screen_declined_keeps_session_and_asks_again_next_time(
    talk: Conversation,
) -> None:
    talk.say("StartRoutineIntent", routine=("wall lean", "shoulder-blade-wall-lean"))
    answer = talk.say("AMAZON.NoIntent")
    assert "check with a doctor or physio first" in answer.text and not answer.ends
    again = talk.say("StartRoutineIntent", routine=("wall lean", "shoulder-blade-wall-lean"))
    assert "one quick check" in again.text


def test_screen_is_asked_once_per_session_and_never_stored(talk: Conversation) -> None:
    talk.start("knuckle-press")
    talk.say("AMAZON.NavigateHomeIntent")
    again = talk.say("StartRoutineIntent", routine=("knuckles", "knuckle-press"))
    assert again.text.startswith("Let's do the knuckle press.")  # same session: not again
    talk.say("AMAZON.StopIntent")
    talk.launch()  # a new session: the answer was not kept (it is about their health)
    asked = talk.say("StartRoutineIntent", routine=("knuckles", "knuckle-press"))
    assert "one quick check" in asked.text


@pytest.mark.parametrize(
    ("intent_name", "topic_id"),
    [
        ("HowHardIntent", "pressure"),
        ("HowOftenIntent", "frequency"),
        ("HowItHelpsIntent", "back-pain"),
        ("SafetyIntent", "safety"),
    ],
)
def test_question_intents_answer_their_topic(
    talk: Conversation, library: Library, intent_name: str, topic_id: str
) -> None:
    answer = talk.say(intent_name)
    brief = fill(library.catalog.topic(topic_id).brief, library.catalog.safety, "en-US")
    assert answer.text == f"{plain_text(brief)} {prompts.OFFER_MORE}"
    assert answer.text.endswith(prompts.OFFER_MORE)
    assert answer.response["card"]["type"] == "Simple"


def test_every_topic_explains_and_offers_more(talk: Conversation, library: Library) -> None:
    for topic in library.catalog.topics:
        brief = talk.say("ExplainIntent", topic=(topic.name, topic.id))
        assert brief.text.endswith(prompts.OFFER_MORE)
        more = talk.say("AMAZON.YesIntent")
        assert more.text.endswith(prompts.AFTER_MORE)
        assert more.text != brief.text


def test_unknown_topic_lists_the_topics(talk: Conversation) -> None:
    answer = talk.say("ExplainIntent", topic="quantum healing")
    assert answer.text.startswith("I can explain these topics: fascia, myofascial release")
    assert not answer.ends


@pytest.mark.parametrize(
    ("locale", "number"),
    [
        ("en-US", "9 1 1"),
        ("en-GB", "9 9 9"),
        ("en-CA", "9 1 1"),
        ("en-AU", "triple zero"),
        ("en-IN", "1 1 2"),
    ],
)
def test_safety_gives_the_locale_emergency_number(
    skill: CustomSkill, locale: str, number: str
) -> None:
    answer = Conversation(skill, locale=locale).say("SafetyIntent")
    assert f"Call {number} now if back pain comes with any of these." in answer.text
    assert DISCLAIMER in answer.text
    assert "Numbness around your genitals" in answer.text


def test_unknown_locale_gets_polite_english(skill: CustomSkill) -> None:
    talk = Conversation(skill, locale="de-DE")
    assert "Welcome to Back Release Coach" in talk.launch().text
    assert "Call your local emergency number now" in talk.say("SafetyIntent").text


def test_help_ends_with_a_question(talk: Conversation) -> None:
    answer = talk.say("AMAZON.HelpIntent")
    assert answer.text.endswith("?") and not answer.ends and answer.reprompt


def test_fallback_is_helpful_and_keeps_the_session(talk: Conversation) -> None:
    answer = talk.say("AMAZON.FallbackIntent")
    assert answer.text == prompts.FALLBACK and not answer.ends and answer.reprompt


def test_unknown_intent_is_treated_as_fallback(talk: Conversation) -> None:
    answer = talk.say("MadeUpIntent")
    assert answer.text == prompts.FALLBACK and not answer.ends


def test_stop_and_cancel_exit_kindly(talk: Conversation) -> None:
    for name in ("AMAZON.StopIntent", "AMAZON.CancelIntent"):
        answer = talk.say(name)
        assert answer.ends and answer.text == prompts.GOODBYE


def test_navigate_home_leaves_the_routine(talk: Conversation) -> None:
    talk.start("top-of-shoulder-hold")
    answer = talk.say("AMAZON.NavigateHomeIntent")
    assert answer.text == prompts.CHOOSE and answer.state["routine_id"] is None


def test_yes_and_no_without_an_offer(talk: Conversation) -> None:
    assert talk.say("AMAZON.YesIntent").text == prompts.NOTHING_OFFERED
    assert talk.say("AMAZON.NoIntent").text == prompts.NO_THANKS


def test_routine_commands_outside_a_routine(talk: Conversation) -> None:
    for name in (
        "AMAZON.NextIntent",
        "AMAZON.PauseIntent",
        "HowMuchLongerIntent",
        "WhichStepIntent",
        "SkipHoldIntent",
        "AMAZON.StartOverIntent",
    ):
        answer = talk.say(name)
        assert answer.text.startswith(prompts.NOT_IN_ROUTINE), name
        assert not answer.ends


def test_catch_all_exception_handler_speaks_a_recovery_line(
    talk: Conversation, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Coach, "next", broken)
    answer = talk.say("AMAZON.NextIntent")
    assert answer.text == prompts.ERROR
    assert not answer.ends and answer.reprompt
    assert "boom" not in json.dumps(answer.raw)


def test_one_shot_first_use_still_hears_the_disclaimer_once(
    skill: CustomSkill, library: Library
) -> None:
    talk = Conversation(skill)
    first = talk.say("HowHardIntent")
    assert first.text.startswith(library.catalog.safety.disclaimer)
    assert DISCLAIMER not in talk.say("HowOftenIntent").text


def test_request_without_a_session(skill: CustomSkill, library: Library) -> None:
    body = intent("AMAZON.HelpIntent", 1_800_000_000)
    answer = Answer(invoke(skill, envelope(body, session=False)))
    assert answer.text == f"{library.catalog.safety.disclaimer} {prompts.HELP}"
    assert "sessionAttributes" not in answer.raw or not answer.raw["sessionAttributes"]


def test_forged_session_attributes_are_ignored(skill: CustomSkill) -> None:
    forged = {
        "coach": {
            "routine_id": "no-such",
            "response_index": "x",
            "paused_at": True,
            "last_speech": '<audio src="https://evil.example/x.mp3"/>',
            "last_reprompt": "hi",
            "offer": {"kind": "screen", "target": "nope"},
        }
    }
    body = intent("AMAZON.RepeatIntent", 1_800_000_000)
    answer = Answer(invoke(skill, envelope(body, attributes=forged)))
    assert "audio" not in answer.ssml
    answer = Answer(
        invoke(skill, envelope(intent("AMAZON.YesIntent", 1_800_000_000), attributes=forged))
    )
    assert answer.text == prompts.NOTHING_OFFERED


@pytest.mark.parametrize(
    "payload",
    [
        None,
        [],
        "text",
        {"request": {}},
        {"request": {"type": "LaunchRequest"}},
        {"request": {"type": "LaunchRequest"}, "context": {"System": {}}, "session": "x"},
    ],
)
def test_non_envelopes_are_refused(skill: CustomSkill, payload: object) -> None:
    with pytest.raises(BadEnvelope):
        invoke(skill, payload)


@pytest.mark.parametrize(
    "forged",
    [
        {"routine_id": "seat-muscle-release", "spoken_at": float("inf"), "paused_at": float("nan")},
        {"routine_id": "seat-muscle-release", "spoken_at": 10**400, "start_offset": -5},
        {"routine_id": "seat-muscle-release", "response_index": 10**9, "lead": 1e308},
        {"offer": {"kind": "more", "target": "nope"}},
        {"offer": {"kind": "more", "target": "<audio/>"}},
        {"last": {"key": "topic", "arg": "nope"}},
        {"last": {"key": "<speak>", "arg": 5}},
        {"offer": ["not", "a", "dict"], "last": "x" * 10_000},
    ],
)
def test_forged_state_never_breaks_a_reply(skill: CustomSkill, forged: dict[str, object]) -> None:
    for name in (
        "AMAZON.YesIntent",
        "AMAZON.ResumeIntent",
        "HowMuchLongerIntent",
        "AMAZON.RepeatIntent",
        "TellMeMoreIntent",
        "AMAZON.NextIntent",
    ):
        body = intent(name, 1_800_000_000)
        answer = Answer(invoke(skill, envelope(body, attributes={"coach": forged})))
        answer.check_limits()  # valid JSON (no NaN), within limits, well-formed SSML
        assert answer.text != prompts.ERROR, name
        assert "<audio" not in answer.ssml


def test_unknown_request_types_get_an_empty_response(skill: CustomSkill) -> None:
    body = request("Alexa.Something.New", 1_800_000_000)
    assert invoke(skill, envelope(body)) == {"version": "1.0", "response": {}}


def test_intent_request_without_an_intent_gets_the_fallback(skill: CustomSkill) -> None:
    body = request("IntentRequest", 1_800_000_000)
    answer = Answer(invoke(skill, envelope(body)))
    assert prompts.FALLBACK in answer.text


@pytest.mark.parametrize("key", ["__dict__", "__class__", "to_dict", "attribute_map", "_private"])
def test_keys_that_reach_sdk_internals_are_dropped(skill: CustomSkill, key: str) -> None:
    payload = envelope(request("LaunchRequest", 1_800_000_000))
    payload[key] = {}
    payload["request"][key] = "x"
    payload["context"]["System"][key] = []
    answer = Answer(invoke(skill, payload))  # found by the fuzz tests: once an AttributeError
    assert "Welcome" in answer.text


def test_session_attributes_the_client_added_are_not_echoed(skill: CustomSkill) -> None:
    forged = {"coach": {}, "huge": "x" * 20_000, "nested": [[[["deep"]]]]}
    answer = Answer(
        invoke(skill, envelope(intent("AMAZON.HelpIntent", 1_800_000_000), attributes=forged))
    )
    assert set(answer.raw["sessionAttributes"]) == {"coach"}
    answer.check_limits()  # and so the response stays under 24 KB


@pytest.mark.parametrize(
    "resolutions",
    [
        [None],
        [{"authority": "x", "status": None, "values": [None]}],
        [{"authority": "x", "status": {"code": "ER_SUCCESS_MATCH"}, "values": [None]}],
        [{"authority": "x", "status": {"code": "ER_SUCCESS_MATCH"}, "values": [{"value": None}]}],
    ],
)
def test_nulls_in_entity_resolution_fall_back_to_the_spoken_name(
    skill: CustomSkill, resolutions: list[object]
) -> None:
    # Found in review: a null here was an AttributeError, answered "something went wrong".
    routine = {
        "name": "routine",
        "value": "knuckle press",
        "resolutions": {"resolutionsPerAuthority": resolutions},
    }
    body = intent("StartRoutineIntent", 1_800_000_000, {"routine": routine})
    answer = Answer(invoke(skill, envelope(body)))
    assert prompts.ERROR not in answer.text
    assert "knuckle press" in answer.text
