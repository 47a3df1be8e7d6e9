"""Replies outside a routine, each built from a key (and one argument), so that 'repeat' can
build them again without trusting any SSML that comes back from the client.

A reply is a body and how it ends: what to say next with its reprompt (``Then``), or a question
it asks (``Asks``). Voice.finish settles the ending: when a question is open, a side answer ends
by asking that question again instead. During a routine, answers that would end with "what
would you like to do?" end with how to carry on instead (``IN_ROUTINE``).
"""

from __future__ import annotations

from typing import NamedTuple

from skill.content.catalog import Catalog
from skill.conversation.draft import Draft
from skill.conversation.playback import Where, where
from skill.conversation.record import RESUME_WITHIN
from skill.conversation.reply import Card
from skill.conversation.session import Ask, Key, Question
from skill.speech import prompts
from skill.speech.planner import Plan
from skill.speech.ssml import Ssml, plain_text, say
from skill.speech.topics import fill


class Then(NamedTuple):
    """How an answer ends: what to say next, and its reprompt."""

    text: str
    reprompt: str


class Asks(NamedTuple):
    """An answer that ends by asking a yes/no question (its reprompt is the question's own)."""

    text: str
    question: Question


class Part(NamedTuple):
    """An answer before its ending is settled."""

    body: Ssml
    then: Then | Asks
    card: Card | None = None
    brief: bool = False  # an open question is asked again briefly (after "didn't catch that")


GENERAL = Then(prompts.WHAT_NOW, prompts.GENERAL_REPROMPT)
CHOOSE = Then(prompts.CHOOSE, prompts.GENERAL_REPROMPT)
ASK_ANYTHING = Then(prompts.ASK_ANYTHING, prompts.ASK_ANYTHING)
RESUME = Then(prompts.RESUME_ROUTINE, prompts.PAUSED_REPROMPT)
WHAT_NEXT = Then(prompts.WHAT_NEXT, prompts.GENERAL_REPROMPT)
AFTER_MORE = Then(prompts.AFTER_MORE, prompts.AFTER_MORE)
WHICH = Then(prompts.LIST_CLOSING, prompts.CHOOSE)
FALLBACK = Then(prompts.FALLBACK_NEXT, prompts.GENERAL_REPROMPT)


def stored_where(plans: dict[str, Plan], d: Draft) -> Where | None:
    """Where the user's stored place stands now (None if there is none, or its routine is
    gone)."""
    place = d.record.place
    plan = plans.get(place.routine) if place is not None else None
    return where(plan, place, d.now) if place is not None and plan is not None else None


def stored(plans: dict[str, Plan], d: Draft, within: float | None) -> Where | None:
    """Where the user's stored, unfinished routine stands, if they can carry it on (and it
    last changed ``within`` seconds ago, when given)."""
    found = stored_where(plans, d)
    if found is None or found.done:
        return None
    return None if within is not None and d.now - found.place.set_at > within else found


def routine_then(found: Where) -> Then:
    """How an answer given during a routine ends: at a "say next" prompt, the prompt again;
    otherwise (the routine is paused) how to carry on."""
    return Then(found.prompt, prompts.ROUTINE_REPROMPT) if found.at_prompt else RESUME


def _fixed(text: str, then: Then, brief: bool = False) -> Part:
    return Part(say(text), then, brief=brief)


# Answers that, during a routine, end with how to carry on instead of "what would you like?".
IN_ROUTINE = frozenset({Key.MORE, Key.WEEK, Key.KEPT, Key.NO_THANKS})

# The replies that are the same every time (the others are built in Replies.build).
FIXED: dict[Key, Part] = {
    Key.WELCOME_BACK: _fixed(prompts.WELCOME_BACK, CHOOSE),  # with nothing to carry on
    Key.NOT_IN_ROUTINE: _fixed(prompts.NOT_IN_ROUTINE, CHOOSE),  # with nothing stored
    Key.FORGET: Part(
        say(prompts.FORGET_WARNING), Asks(prompts.FORGET_QUESTION, Question(Ask.FORGET))
    ),
    Key.KEPT: _fixed(prompts.KEPT, WHAT_NEXT),
    Key.HELP: _fixed(prompts.HELP, GENERAL),
    Key.HELP_QUESTION: _fixed(prompts.HELP_QUESTION, GENERAL),
    # After "didn't catch that", an open question is asked again in its brief form.
    Key.FALLBACK: _fixed(prompts.NOT_UNDERSTOOD, FALLBACK, brief=True),
    Key.FALLBACK_ROUTINE: _fixed(
        prompts.FALLBACK_IN_ROUTINE, Then(prompts.RESUME_OR_ASK, prompts.PAUSED_REPROMPT)
    ),
    Key.FALLBACK_PROMPT: _fixed(
        prompts.NOT_UNDERSTOOD, Then(prompts.FALLBACK_AT_PROMPT, prompts.ROUTINE_REPROMPT)
    ),
    Key.CHECK_DECLINED: _fixed(prompts.CHECK_DECLINED, ASK_ANYTHING),
    Key.CHECK_UNSURE: _fixed(prompts.CHECK_UNSURE, ASK_ANYTHING),
    Key.WRAP_UP_DECLINED: _fixed(
        prompts.WRAP_UP_DECLINED, Then(prompts.ANOTHER_OR_STOP, prompts.CHOOSE)
    ),
    Key.NO_THANKS: _fixed(prompts.NO_THANKS, WHAT_NEXT),
    Key.CHOOSE: Part(Ssml(""), CHOOSE),
    Key.NOTHING_OFFERED: Part(Ssml(""), Then(prompts.NOTHING_OFFERED, prompts.CHOOSE)),
}


class Replies:
    """The keyed replies."""

    def __init__(self, catalog: Catalog, plans: dict[str, Plan]) -> None:
        self.catalog = catalog
        self.plans = plans

    def build(self, d: Draft, key: Key, arg: str, found: Where | None) -> Part:
        """The reply called ``key``; ``found`` is where the routine under way stands (None
        outside one, or once it is over)."""
        part = self._build(d, key, arg)
        if found is not None and key in IN_ROUTINE:
            return part._replace(then=routine_then(found))
        return part

    def _build(self, d: Draft, key: Key, arg: str) -> Part:
        catalog, safety, locale = self.catalog, self.catalog.safety, d.request.locale
        match key:
            case Key.WELCOME:
                body = say(prompts.WELCOME_FIRST, safety.disclaimer)
                return Part(body, Then(prompts.WHAT_TO_SAY, prompts.GENERAL_REPROMPT))
            case Key.WELCOME_BACK if (found := stored(self.plans, d, RESUME_WITHIN)) is not None:
                return self._carry_on(found, prompts.WELCOME_BACK)
            case Key.NOT_IN_ROUTINE if (found := stored(self.plans, d, None)) is not None:
                return self._carry_on(found, prompts.NOT_IN_ROUTINE)
            case Key.LIST:
                return Part(say(self._routine_list()), WHICH)
            case Key.UNKNOWN_ROUTINE:
                return Part(say(prompts.UNKNOWN_ROUTINE, self._routine_list()), WHICH)
            case Key.CARRY_ON_DECLINED:
                return Part(say(prompts.CARRY_ON_DECLINED, self._routine_list()), WHICH)
            case Key.SAFETY_CHECK | Key.CARRY_ON_CHECK if routine := catalog.get_routine(arg):
                carry_on = key is Key.CARRY_ON_CHECK
                ask = Ask.CARRY_ON_CHECK if carry_on else Ask.SAFETY_CHECK
                body = say(prompts.check_intro(carry_on), *safety.screen)
                text = prompts.check_question(routine.name, carry_on)
                return Part(body, Asks(text, Question(ask, routine.id)))
            case Key.TOPIC if (topic := catalog.get_topic(arg)) is not None:
                brief = fill(topic.brief, safety, locale)
                card = Card(topic.name.capitalize(), plain_text(brief))
                return Part(brief, Asks(prompts.OFFER_MORE, Question(Ask.MORE, arg)), card)
            case Key.MORE if (topic := catalog.get_topic(arg)) is not None:
                return Part(fill(topic.more, safety, locale), AFTER_MORE)
            case Key.UNKNOWN_TOPIC:
                names = prompts.spoken_list([t.name for t in catalog.topics])
                return Part(say(prompts.unknown_topic(names)), WHICH)
            case Key.WEEK:
                from skill.conversation.week import week_summary  # only here: most never ask

                kinds = {r.id: r.kind for r in catalog.routines}
                week = week_summary(d.record.history, d.now, kinds)
                used = [catalog.routine(r).name for r in week.routines]
                report = prompts.week(week.sessions, used, week.days_in_a_row, week.two_weeks_in)
                return Part(say(report), WHAT_NEXT)
            case Key.HELP_ROUTINE if (routine := catalog.get_routine(arg)) is not None:
                return Part(say(prompts.help_in_routine(routine.name)), RESUME)
            case Key.HELP_PROMPT if (routine := catalog.get_routine(arg)) is not None:
                then = Then(prompts.WHAT_NOW, prompts.ROUTINE_REPROMPT)
                return Part(say(prompts.help_at_prompt(routine.name)), then)
        # A key whose argument is gone (content changed, or forged state): what can be said.
        return FIXED.get(key) or FIXED[Key.NOTHING_OFFERED]

    def _carry_on(self, found: Where, lead: str) -> Part:
        """Ask whether to carry on the stored routine from where it stopped."""
        step = found.current_step
        body = say(lead, prompts.stopped_at(step.number, found.plan.routine.name, step.side))
        question = Question(Ask.CARRY_ON, found.plan.routine.id)
        return Part(body, Asks(prompts.CARRY_ON_QUESTION, question))

    def _routine_list(self) -> str:
        wrap_up = self.catalog.wrap_up
        names = [r.name for r in self.catalog.main_routines]
        return prompts.routine_list(names, wrap_up.name if wrap_up else None)
