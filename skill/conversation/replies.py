"""Replies outside a routine, each built from a key (and one argument), so that 'repeat' can
build them again without trusting any SSML that comes back from the client.

A reply is a body and how it ends (``Then``): what to say next with its reprompt, or a question
it asks. The Coach decides the ending: when a question is open, a side answer ends by asking
that question again instead.
"""

from __future__ import annotations

from typing import NamedTuple

from skill.content.catalog import Catalog
from skill.conversation.draft import Draft
from skill.conversation.playback import Where, where
from skill.conversation.record import RESUME_WITHIN
from skill.conversation.reply import Card
from skill.conversation.session import Ask, Question
from skill.speech import prompts
from skill.speech.planner import Plan
from skill.speech.ssml import Ssml, plain_text, say
from skill.speech.topics import fill


class Then(NamedTuple):
    """How an answer ends: what to say next and its reprompt; or the question it asks."""

    text: str
    reprompt: str
    question: Question | None = None


class Part(NamedTuple):
    """An answer before its ending is settled."""

    body: Ssml
    then: Then
    card: Card | None = None
    brief: bool = False  # an open question is asked again briefly (after "didn't catch that")


GENERAL = Then(prompts.WHAT_NOW, prompts.GENERAL_REPROMPT)
CHOOSE = Then(prompts.CHOOSE, prompts.GENERAL_REPROMPT)
ASK_ANYTHING = Then(prompts.ASK_ANYTHING, prompts.ASK_ANYTHING)
RESUME = Then(prompts.RESUME_ROUTINE, prompts.PAUSED_REPROMPT)
WHAT_NEXT = Then(prompts.WHAT_NEXT, prompts.GENERAL_REPROMPT)
AFTER_MORE = Then(prompts.AFTER_MORE, prompts.AFTER_MORE)


def stored(plans: dict[str, Plan], d: Draft, within: float | None) -> Where | None:
    """Where the user's stored, unfinished routine stands, if they can carry it on (and it
    last changed ``within`` seconds ago, when given)."""
    place = d.record.place
    plan = plans.get(place.routine) if place is not None else None
    if place is None or plan is None:
        return None
    if within is not None and d.now - place.set_at > within:
        return None
    found = where(plan, place, d.now)
    return None if found.done else found


def in_routine(plans: dict[str, Plan], d: Draft) -> Where | None:
    """Where the session's routine stands, unless it is over (or there is none)."""
    place = d.place
    plan = plans.get(place.routine) if place is not None else None
    found = where(plan, place, d.now) if place is not None and plan is not None else None
    return None if found is None or found.done else found


def routine_then(found: Where) -> Then:
    """How an answer given during a routine ends: at a "say next" prompt, the prompt again;
    otherwise (the routine is paused) how to carry on."""
    return Then(found.prompt, prompts.ROUTINE_REPROMPT) if found.at_prompt else RESUME


class Replies:
    """The keyed replies."""

    def __init__(self, catalog: Catalog, plans: dict[str, Plan]) -> None:
        self.catalog = catalog
        self.plans = plans

    def build(self, d: Draft, key: str, arg: str = "") -> Part:
        """The reply called ``key`` (an unknown key or argument says what to do)."""
        catalog, safety, locale = self.catalog, self.catalog.safety, d.request.locale
        match key:
            case "welcome":
                body = say(prompts.WELCOME_FIRST, safety.disclaimer)
                return Part(body, Then(prompts.WHAT_TO_SAY, prompts.GENERAL_REPROMPT))
            case "welcome-back" if (found := stored(self.plans, d, RESUME_WITHIN)) is not None:
                return self._carry_on(found, prompts.WELCOME_BACK)
            case "welcome-back":
                return Part(say(prompts.WELCOME_BACK), CHOOSE)
            case "not-in-routine" if (found := stored(self.plans, d, None)) is not None:
                return self._carry_on(found, prompts.NOT_IN_ROUTINE)
            case "not-in-routine":
                return Part(say(prompts.NOT_IN_ROUTINE), CHOOSE)
            case "list":
                return Part(say(self._routine_list()), self._which())
            case "unknown-routine":
                return Part(say(prompts.UNKNOWN_ROUTINE, self._routine_list()), self._which())
            case "carry-on-declined":
                body = say(prompts.CARRY_ON_DECLINED, self._routine_list())
                return Part(body, self._which())
            case "safety-check" | "carry-on-check" if routine := catalog.get_routine(arg):
                carry_on = key == "carry-on-check"
                ask = Ask.CARRY_ON_CHECK if carry_on else Ask.SAFETY_CHECK
                question = Question(ask, routine.id)
                body = say(prompts.check_intro(carry_on), *safety.screen)
                text = prompts.check_question(routine.name, carry_on)
                reprompt = prompts.check_reprompt(routine.name, carry_on)
                return Part(body, Then(text, reprompt, question))
            case "topic" if (topic := catalog.get_topic(arg)) is not None:
                brief = fill(topic.brief, safety, locale)
                card = Card(topic.name.capitalize(), plain_text(brief))
                ask_more = Then(prompts.OFFER_MORE, prompts.MORE_REPROMPT, Question(Ask.MORE, arg))
                return Part(brief, ask_more, card)
            case "more" if (topic := catalog.get_topic(arg)) is not None:
                found = in_routine(self.plans, d)
                after = (
                    routine_then(found) if found else Then(prompts.AFTER_MORE, prompts.AFTER_MORE)
                )
                return Part(fill(topic.more, safety, locale), after)
            case "unknown-topic":
                names = prompts.spoken_list([t.name for t in catalog.topics])
                return Part(say(prompts.unknown_topic(names)), self._which())
            case "week":
                from skill.conversation.week import week_summary  # only here: most never ask

                kinds = {r.id: r.kind for r in catalog.routines}
                week = week_summary(d.record.history, d.now, kinds)
                used = [catalog.routine(r).name for r in week.routines]
                report = prompts.week(week.sessions, used, week.days_in_a_row, week.two_weeks_in)
                return Part(say(report), WHAT_NEXT)
            case "forget":
                question = Question(Ask.FORGET)
                ending = Then(prompts.FORGET_QUESTION, prompts.FORGET_REPROMPT, question)
                return Part(say(prompts.FORGET_WARNING), ending)
            case "kept":
                return Part(say(prompts.KEPT), WHAT_NEXT)
            case "help":
                return Part(say(prompts.HELP), GENERAL)
            case "help-question":
                return Part(say(prompts.HELP_QUESTION), GENERAL)
            case "help-routine" if (routine := catalog.get_routine(arg)) is not None:
                return Part(say(prompts.help_in_routine(routine.name)), RESUME)
            case "help-prompt" if (routine := catalog.get_routine(arg)) is not None:
                then = Then(prompts.WHAT_NOW, prompts.ROUTINE_REPROMPT)
                return Part(say(prompts.help_at_prompt(routine.name)), then)
            case "fallback":
                then = Then(prompts.FALLBACK_NEXT, prompts.GENERAL_REPROMPT)
                return Part(say(prompts.NOT_UNDERSTOOD), then, brief=True)
            case "fallback-routine":
                then = Then(prompts.RESUME_OR_ASK, prompts.PAUSED_REPROMPT)
                return Part(say(prompts.FALLBACK_IN_ROUTINE), then)
            case "fallback-prompt":
                then = Then(prompts.FALLBACK_AT_PROMPT, prompts.ROUTINE_REPROMPT)
                return Part(say(prompts.NOT_UNDERSTOOD), then)
            case "check-declined":
                return Part(say(prompts.CHECK_DECLINED), ASK_ANYTHING)
            case "check-unsure":
                return Part(say(prompts.CHECK_UNSURE), ASK_ANYTHING)
            case "wrap-up-declined":
                then = Then(prompts.ANOTHER_OR_STOP, prompts.CHOOSE)
                return Part(say(prompts.WRAP_UP_DECLINED), then)
            case "no-thanks":
                return Part(
                    say(prompts.NO_THANKS), Then(prompts.WHAT_NEXT, prompts.GENERAL_REPROMPT)
                )
            case "choose":
                return Part(Ssml(""), CHOOSE)
        return Part(Ssml(""), Then(prompts.NOTHING_OFFERED, prompts.CHOOSE))

    def _carry_on(self, found: Where, lead: str) -> Part:
        """Ask whether to carry on the stored routine from where it stopped."""
        step = found.current_step
        body = say(lead, prompts.stopped_at(step.number, found.plan.routine.name, step.side))
        question = Question(Ask.CARRY_ON, found.plan.routine.id)
        return Part(body, Then(prompts.CARRY_ON_QUESTION, prompts.CONTINUE_REPROMPT, question))

    def _which(self) -> Then:
        return Then(prompts.LIST_CLOSING, prompts.CHOOSE)

    def _routine_list(self) -> str:
        wrap_up = self.catalog.wrap_up
        names = [r.name for r in self.catalog.main_routines]
        return prompts.routine_list(names, wrap_up.name if wrap_up else None)
