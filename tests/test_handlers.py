"""Handler tests: the skill invoked in-process with real request envelopes (fixture content)."""

from __future__ import annotations

import json

import pytest
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill import CustomSkill
from ask_sdk_model import RequestEnvelope
from ask_sdk_runtime.dispatch_components.request_components import GenericRequestMapper

from envelopes import envelope, intent, request, slot
from helpers import START, send, simulator, spoken, start
from skill.conversation.coach import Coach
from skill.door import BadEnvelope, invoke
from skill.handlers.dispatch import TableMapper
from skill.library import Library
from skill.sim.client import Simulator
from skill.skill_builder import HANDLERS, handled_intents
from skill.speech import prompts
from skill.speech.ssml import plain_text
from skill.speech.topics import fill

DISCLAIMER = "This is test advice, not medical advice."


def test_first_launch_welcomes_with_disclaimer_and_options(sim: Simulator) -> None:
    answer = sim.launch()
    assert answer.text == f"{prompts.WELCOME_FIRST} {DISCLAIMER} {prompts.WHAT_TO_SAY}"
    assert not answer.ends and answer.reprompt


def test_returning_user_gets_a_short_welcome(
    sim: Simulator, skill: CustomSkill, library: Library
) -> None:
    sim.launch()
    again = sim.launch()
    assert again.text == f"{prompts.WELCOME_BACK} {prompts.CHOOSE}"
    other_user = simulator(skill, library, user="amzn1.ask.account.SOMEONE_ELSE")
    assert DISCLAIMER in other_user.launch().text


def test_session_ended_gets_an_empty_response(skill: CustomSkill) -> None:
    body = request("SessionEndedRequest", START, reason="USER_INITIATED")
    response = send(skill, envelope(body))["response"]
    assert response.get("outputSpeech") is None and response.get("reprompt") is None


def test_list_names_every_routine_and_the_wrap_up(talk: Simulator) -> None:
    answer = talk.intent("ListRoutinesIntent")
    assert answer.text == (
        "There are 2 routines. For your upper back, the ball lean, about 2 minutes. For your "
        "shoulders, the palm press, about 2 minutes. There's also the easy walk, for easy "
        f"movement afterwards. {prompts.LIST_LAST}"
    )
    assert answer.reprompt_text == "Which would you like: the ball lean or the palm press?"


@pytest.mark.parametrize(
    "routine",
    [("palms", "palm-press"), "palms", "The Palm One"],  # resolved; our own synonym matching
)
def test_start_by_synonym(talk: Simulator, routine: str | tuple[str, str]) -> None:
    check = talk.intent("StartRoutineIntent", routine=routine)
    assert check.text == (
        f"{prompts.check_intro(False)} You have a test condition. You feel unwell. "
        f"{prompts.check_question(False)}"
    )
    answer = talk.intent("AMAZON.YesIntent")
    assert answer.text.startswith("The palm press:")
    assert answer.state["place"]["routine"] == "palm-press"


def test_unknown_routine_gets_the_list_not_an_error(talk: Simulator) -> None:
    answer = talk.intent("StartRoutineIntent", routine="<speak>knee</speak> & elbow")
    assert answer.text.startswith(f"{prompts.UNKNOWN_ROUTINE} There are 2 routines")
    assert "knee" not in answer.text  # the user's words are never echoed back
    assert not answer.ends


def test_safety_check_declined_keeps_session_and_asks_again_next_time(talk: Simulator) -> None:
    talk.intent("StartRoutineIntent", routine=("wall ball", "ball-lean"))
    answer = talk.intent("AMAZON.NoIntent")
    assert answer.text == f"{prompts.CHECK_DECLINED} {prompts.ASK_ANYTHING}" and not answer.ends
    again = talk.intent("StartRoutineIntent", routine=("wall ball", "ball-lean"))
    assert again.text.startswith(prompts.CHECK_SHORT)  # heard in full once: now in short
    assert again.text.endswith(prompts.check_short_question("ball lean", False))


def test_the_check_is_asked_once_per_session_and_never_stored(talk: Simulator) -> None:
    start(talk, "palm-press")
    talk.intent("AMAZON.NavigateHomeIntent")
    again = talk.intent("StartRoutineIntent", routine=("palms", "palm-press"))
    assert again.text.startswith("The palm press:")  # same session: not again
    talk.intent("AMAZON.StopIntent")
    talk.launch()  # a new session: the answer was not kept (it is about their health)
    asked = talk.intent("StartRoutineIntent", routine=("palms", "palm-press"))
    assert asked.text.startswith(prompts.CHECK_SHORT)  # asked again, in short


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
    talk: Simulator, library: Library, intent_name: str, topic_id: str
) -> None:
    answer = talk.intent(intent_name)
    brief = fill(library.catalog.topic(topic_id).brief, library.catalog.safety, "en-US")
    assert answer.text == f"{plain_text(brief)} {prompts.OFFER_MORE}"
    assert answer.response["response"]["card"]["type"] == "Simple"


def test_every_topic_explains_and_offers_more(talk: Simulator, library: Library) -> None:
    for topic in library.catalog.topics:
        brief = talk.intent("ExplainIntent", topic=(topic.name, topic.id))
        assert brief.text.endswith(prompts.OFFER_MORE)
        more = talk.intent("AMAZON.YesIntent")
        assert more.text.endswith(prompts.AFTER_MORE)
        assert more.text != brief.text


def test_unknown_topic_lists_the_topics(talk: Simulator) -> None:
    answer = talk.intent("ExplainIntent", topic="quantum healing")
    assert answer.text.startswith("I can explain these topics: fascia, myofascial release")
    assert not answer.ends


@pytest.mark.parametrize(
    ("locale", "number"), [("en-US", "9 1 1"), ("en-GB", "9 9 9"), ("en-AU", "triple zero")]
)
def test_safety_gives_the_locale_emergency_number(
    skill: CustomSkill, library: Library, locale: str, number: str
) -> None:
    answer = simulator(skill, library, locale=locale).intent("SafetyIntent")
    assert f"Call {number} now if back pain comes with any of these. Chest pain." in answer.text
    assert DISCLAIMER in answer.text


def test_unknown_locale_gets_polite_english(skill: CustomSkill, library: Library) -> None:
    sim = simulator(skill, library, locale="de-DE")
    assert sim.launch().text.startswith(prompts.WELCOME_FIRST)
    assert "Call your local emergency number now" in sim.intent("SafetyIntent").text


def test_help_ends_with_a_question(talk: Simulator) -> None:
    answer = talk.intent("AMAZON.HelpIntent")
    assert answer.text == f"{prompts.HELP} {prompts.WHAT_NOW}" and not answer.ends


FALLBACKS = {f"{sorry} {prompts.FALLBACK_NEXT}" for sorry in prompts.NOT_UNDERSTOOD_AGAIN}


def test_fallback_is_helpful_and_keeps_the_session(talk: Simulator) -> None:
    answer = talk.intent("AMAZON.FallbackIntent")
    assert answer.text in FALLBACKS and not answer.ends
    again = talk.intent("AMAZON.FallbackIntent")
    assert again.text in FALLBACKS and again.text != answer.text  # not the same words twice


def test_unknown_intent_is_treated_as_fallback(talk: Simulator) -> None:
    answer = talk.intent("MadeUpIntent")
    assert answer.text in FALLBACKS


def test_stop_and_cancel_exit_kindly(talk: Simulator) -> None:
    for name in ("AMAZON.StopIntent", "AMAZON.CancelIntent"):
        answer = talk.intent(name)
        assert answer.ends and answer.text == prompts.GOODBYE


def test_navigate_home_leaves_the_routine(talk: Simulator) -> None:
    start(talk, "palm-press")
    answer = talk.intent("AMAZON.NavigateHomeIntent")
    assert answer.text == prompts.CHOOSE and answer.state.get("place") is None


def test_yes_no_okay_and_not_sure_without_a_question(talk: Simulator) -> None:
    assert talk.intent("AMAZON.YesIntent").text == prompts.NOTHING_OFFERED
    assert talk.intent("OkayIntent").text == prompts.NOTHING_OFFERED
    assert talk.intent("AMAZON.NoIntent").text == f"{prompts.NO_THANKS} {prompts.WHAT_NEXT}"
    assert talk.intent("UnsureIntent").text == f"{prompts.NO_THANKS} {prompts.WHAT_NEXT}"


@pytest.mark.parametrize(
    "name",
    [
        "AMAZON.NextIntent",
        "AMAZON.PreviousIntent",
        "AMAZON.PauseIntent",
        "HowMuchLongerIntent",
        "WhichStepIntent",
        "SkipHoldIntent",
        "AMAZON.StartOverIntent",
        "AMAZON.ResumeIntent",
    ],
)
def test_routine_commands_outside_a_routine(talk: Simulator, name: str) -> None:
    answer = talk.intent(name)
    assert answer.text == f"{prompts.NOT_IN_ROUTINE} {prompts.CHOOSE}"
    assert not answer.ends


def test_catch_all_exception_handler_speaks_a_recovery_line(
    talk: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Coach, "turn", broken)
    answer = talk.intent("AMAZON.NextIntent")
    assert answer.text == prompts.ERROR
    assert not answer.ends and answer.reprompt
    assert "boom" not in json.dumps(answer.response)
    assert answer.screen is None  # a speaker
    talk.screen = True  # on a show, the apology replaces the screen (a countdown, say)
    shown = talk.intent("AMAZON.NextIntent").screen
    assert shown is not None and shown.kind == "text"
    assert shown.properties["text"] == prompts.ERROR


def test_one_shot_first_use_still_hears_the_disclaimer_once(sim: Simulator) -> None:
    first = sim.intent("HowHardIntent")
    assert first.text == f"{DISCLAIMER} Press gently. {prompts.OFFER_MORE}"
    assert DISCLAIMER not in sim.intent("HowOftenIntent").text


def test_request_without_a_session(skill: CustomSkill) -> None:
    body = intent("AMAZON.HelpIntent", START)
    response = send(skill, envelope(body, session=False))
    assert spoken(response) == f"{DISCLAIMER} {prompts.HELP} {prompts.WHAT_NOW}"
    assert not response.get("sessionAttributes")


def test_forged_session_attributes_are_ignored(skill: CustomSkill) -> None:
    forged = {
        "coach": {
            "place": {"routine": "no-such", "response": "x", "paused": True},
            "last_speech": '<audio src="https://evil.example/x.mp3"/>',
            "question": {"ask": "safety-check", "about": "nope"},
        }
    }
    answer = send(skill, envelope(intent("AMAZON.RepeatIntent", START), attributes=forged))
    assert "audio" not in json.dumps(answer["response"])
    yes = send(skill, envelope(intent("AMAZON.YesIntent", START), attributes=forged))
    assert "Let's do" not in spoken(yes)


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


PLACE = {"routine": "palm-press", "response": 1, "sent_at": START, "run": START, "set_at": START}


@pytest.mark.parametrize(
    "forged",
    [
        {"place": {**PLACE, "sent_at": float("inf"), "paused": float("nan")}},
        {"place": {**PLACE, "sent_at": 10**400, "start": -5}},
        {"place": {**PLACE, "response": 10**9, "lead": 1e308}},
        {"place": {**PLACE, "response": 999}},  # past the end of the routine
        {"place": {**PLACE, "routine": "no-such"}, "question": {"ask": "ending", "about": "x"}},
        {"question": {"ask": "more", "about": "nope"}},
        {"question": {"ask": "carry-on-check", "about": "nope"}},
        {"question": {"ask": "more", "about": "<audio/>"}},
        {"said": {"key": "topic", "arg": "nope"}},
        {"said": {"key": "<speak>", "arg": 5}},
        {"back_to": 999, "place": PLACE},
        {"question": ["not", "a", "dict"], "said": "x" * 10_000},
    ],
)
def test_forged_state_never_breaks_a_reply(skill: CustomSkill, forged: dict[str, object]) -> None:
    for name in (
        "AMAZON.YesIntent",
        "AMAZON.NoIntent",
        "AMAZON.ResumeIntent",
        "AMAZON.PreviousIntent",
        "HowMuchLongerIntent",
        "AMAZON.RepeatIntent",
        "TellMeMoreIntent",
        "AMAZON.NextIntent",
        "AMAZON.HelpIntent",
    ):
        body = intent(name, START + 5)
        answer = send(skill, envelope(body, attributes={"coach": forged}))  # limits, valid JSON
        assert spoken(answer) != prompts.ERROR, name
        assert "<audio" not in json.dumps(answer["response"])


def test_unknown_request_types_get_an_empty_response(skill: CustomSkill) -> None:
    body = request("Alexa.Something.New", START)
    assert invoke(skill, envelope(body)) == {"version": "1.0", "response": {}}


def test_intent_request_without_an_intent_gets_the_fallback(skill: CustomSkill) -> None:
    body = request("IntentRequest", START)
    said = spoken(send(skill, envelope(body)))
    assert any(sorry in said for sorry in prompts.NOT_UNDERSTOOD_AGAIN)


@pytest.mark.parametrize("key", ["__dict__", "__class__", "to_dict", "attribute_map", "_private"])
def test_keys_that_reach_sdk_internals_are_dropped(skill: CustomSkill, key: str) -> None:
    payload = envelope(request("LaunchRequest", START))
    payload[key] = {}
    payload["request"][key] = "x"
    payload["context"]["System"][key] = []
    answer = send(skill, payload)  # found by the fuzz tests: once an AttributeError
    assert "Welcome" in spoken(answer)


def test_session_attributes_the_client_added_are_not_echoed(skill: CustomSkill) -> None:
    forged = {"coach": {}, "huge": "x" * 20_000, "nested": [[[["deep"]]]]}
    answer = send(skill, envelope(intent("AMAZON.HelpIntent", START), attributes=forged))
    assert set(answer["sessionAttributes"]) == {"coach"}  # and so it stays under 24 KB


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
        **slot("routine", "palm press"),
        "resolutions": {"resolutionsPerAuthority": resolutions},
    }
    body = intent("StartRoutineIntent", START, {"routine": routine})
    response = send(skill, envelope(body))
    assert prompts.ERROR not in spoken(response)
    question = response["sessionAttributes"]["coach"]["question"]
    assert question == {"ask": "safety-check", "about": "palm-press"}  # found by its name


def test_a_card_shows_the_emergency_number_as_digits(talk: Simulator) -> None:
    answer = talk.intent("SafetyIntent")
    assert "Call 9 1 1 now" in answer.text  # spoken digit by digit
    assert "Call 911 now" in answer.card["content"]


@pytest.mark.parametrize(
    "request_type",
    ["System.ExceptionEncountered", "CanFulfillIntentRequest", "Alexa.Presentation.APL.UserEvent"],
)
def test_other_requests_echo_none_of_what_the_client_sent(
    skill: CustomSkill, request_type: str
) -> None:
    forged = {"coach": {"turns": float("nan"), "stopped": "<speak>"}, "extra": "x" * 50}
    body = envelope(request(request_type, START), attributes=forged)
    response = invoke(skill, json.loads(json.dumps(body)))
    json.dumps(response, allow_nan=False)  # no bare NaN: the answer is JSON
    assert response.get("sessionAttributes", {}) in ({}, {"coach": {}})


def test_the_dispatch_table_picks_the_handler_the_sdk_would(skill: CustomSkill) -> None:
    (table,) = skill.request_dispatcher.request_mappers
    assert isinstance(table, TableMapper)
    scan = GenericRequestMapper(table.request_handler_chains)
    assert len(table.table) == len(HANDLERS) - 1 and len(table.rest) == 1  # only the catch-all
    bodies = [intent(name, START) for name in sorted(handled_intents())] + [
        intent("NoSuchIntent", START),
        request("LaunchRequest", START),
        request("SessionEndedRequest", START),
        request("CanFulfillIntentRequest", START),
        request("Alexa.Presentation.APL.UserEvent", START),
    ]
    for body in bodies:
        parsed = DefaultSerializer().deserialize(json.dumps(envelope(body)), RequestEnvelope)
        handler_input = HandlerInput(request_envelope=parsed)
        found, expected = (m.get_request_handler_chain(handler_input) for m in (table, scan))
        assert found is not None and expected is not None
        assert found.request_handler is expected.request_handler, body
