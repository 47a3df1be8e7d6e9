"""Replies outside a routine, each built from a key (and one argument), so that 'repeat' can
build them again without trusting any SSML that comes back from the client.

A reply is a body and how it ends: what to say next with its reprompt (``Then``), or a question
it asks (``Asks``). Voice.finish settles the ending: when a question is open, a side answer ends
by asking that question again instead. During a routine, answers that would end with "what
would you like to do?" end with how to carry on instead (``IN_ROUTINE``).
"""

from __future__ import annotations

from typing import NamedTuple

from skill.content.areas import AREAS
from skill.content.catalog import Catalog
from skill.conversation.choosing import Chooser, Offer, grouped
from skill.conversation.draft import Draft
from skill.conversation.playback import Where, where
from skill.conversation.record import RESUME_WITHIN
from skill.conversation.reply import Card
from skill.conversation.session import Ask, Key, Question, Said
from skill.speech import prompts
from skill.speech.planner import Plans
from skill.speech.ssml import Ssml, card_text, join, say
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
WHICH = Then(prompts.LIST_LAST, prompts.CHOOSE)
FALLBACK = Then(prompts.FALLBACK_NEXT, prompts.GENERAL_REPROMPT)


def stored_where(plans: Plans, d: Draft) -> Where | None:
    """Where the user's stored place stands now (None if there is none, or its routine is
    gone)."""
    place = d.record.place
    plan = plans.get(place.routine) if place is not None else None
    return where(plan, place, d.now) if place is not None and plan is not None else None


def stored(plans: Plans, d: Draft, within: float | None) -> Where | None:
    """Where the user's stored, unfinished routine stands, if they can carry it on (and it
    last changed ``within`` seconds ago, when given)."""
    found = stored_where(plans, d)
    if found is None or found.done or found.plan.routine.id == d.stopped:
        return None  # nothing to carry on (a routine stopped for a stop sign: not today)
    return None if within is not None and d.now - found.place.set_at > within else found


def routine_then(found: Where) -> Then:
    """How an answer given during a routine ends: at a "say next" prompt, the prompt again;
    otherwise (the routine is paused) how to carry on."""
    return Then(found.prompt, prompts.ROUTINE_REPROMPT) if found.at_prompt else RESUME


def _fixed(text: str, then: Then, brief: bool = False) -> Part:
    return Part(say(text), then, brief=brief)


# Answers that, during a routine, end with how to carry on instead of "what would you like?".
IN_ROUTINE = frozenset({Key.MORE, Key.WEEK, Key.KEPT, Key.NO_THANKS, Key.TOOLS, Key.HURTS})
STILL_ASK = Then(prompts.STILL_ASK, prompts.STILL_ASK)

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
    Key.HELP_CHOOSE: _fixed(prompts.HELP_CHOOSE, GENERAL),
    # After "didn't catch that", an open question is asked again in its brief form.
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

    def __init__(self, catalog: Catalog, plans: Plans) -> None:
        self.catalog = catalog
        self.plans = plans
        self.chooser = Chooser(catalog, plans)

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
                return self._list_page(int(arg) if arg.isdigit() else 0)
            case Key.UNKNOWN_ROUTINE | Key.CARRY_ON_DECLINED:
                lead = prompts.UNKNOWN_ROUTINE if key is Key.UNKNOWN_ROUTINE else prompts.NO_THANKS
                page = self._list_page(0)
                return page._replace(body=join(say(lead), page.body))
            case Key.SAFETY_CHECK | Key.CARRY_ON_CHECK if routine := catalog.get_routine(arg):
                carry_on = key is Key.CARRY_ON_CHECK
                ask = Ask.CARRY_ON_CHECK if carry_on else Ask.SAFETY_CHECK
                body = say(prompts.check_intro(carry_on), *safety.screen)
                text = prompts.check_question(carry_on)
                return Part(body, Asks(text, Question(ask, routine.id)))
            case Key.SHORT_CHECK | Key.SHORT_CARRY_ON_CHECK if routine := catalog.get_routine(arg):
                # A returning user: the list is one "tell me more" away.
                carry_on = key is Key.SHORT_CARRY_ON_CHECK
                ask = Ask.CARRY_ON_CHECK if carry_on else Ask.SAFETY_CHECK
                text = prompts.check_short_question(routine.name, carry_on)
                return Part(say(prompts.CHECK_SHORT), Asks(text, Question(ask, routine.id)))
            case Key.CHECK_LIST:
                return Part(say(prompts.CHECK_LIST_INTRO, *safety.screen), GENERAL)
            case Key.SUGGEST:
                return self._offer(_offer_of(arg))
            case Key.ROUTINE_INFO if (routine := catalog.get_routine(arg)) is not None:
                areas = prompts.spoken_list([AREAS[a][0] for a in routine.areas if a in AREAS])
                length = self.chooser.length(routine.id)
                info = prompts.routine_info(routine.name, length, areas, routine.tools)
                question = Question(Ask.CHOOSE, routine.id)
                return Part(say(info), Asks(prompts.start_offered(routine.name), question))
            case Key.TOOLS if (routine := catalog.get_routine(arg)) is not None:
                return Part(say(prompts.tools_for(routine.name, routine.tools)), WHAT_NEXT)
            case Key.SAME_DAY:
                return Part(fill(prompts.SAME_DAY, safety, locale), STILL_ASK)
            case Key.STOP_SIGN:
                routine = catalog.get_routine(arg)
                if routine is None:
                    return Part(say(prompts.STOP_SIGN), STILL_ASK)
                left = prompts.STOP_SIGN_ROUTINE.format(name=routine.name)
                return Part(
                    say(prompts.STOP_NOW[routine.needs], prompts.STOP_SIGN, left), STILL_ASK
                )
            case Key.HURTS:
                routine = catalog.get_routine(arg)
                text = prompts.HURTS[routine.needs] if routine else prompts.HURTS_GENERAL
                return Part(say(text), WHAT_NEXT)
            case Key.DOCTOR_FIRST:
                return Part(say(prompts.DOCTOR_FIRST), STILL_ASK)
            case Key.STOPPED if (routine := catalog.get_routine(arg)) is not None:
                return Part(say(prompts.STOPPED.format(name=routine.name)), STILL_ASK)
            case Key.FALLBACK_ROUTINE:
                sorry = prompts.pick(prompts.NOT_UNDERSTOOD_AGAIN, d.turns)
                then = Then(prompts.RESUME_OR_ASK, prompts.PAUSED_REPROMPT)
                return Part(say(sorry, prompts.FALLBACK_IN_ROUTINE), then)
            case Key.FALLBACK_PROMPT:
                sorry = prompts.pick(prompts.NOT_UNDERSTOOD_AGAIN, d.turns)
                then = Then(prompts.FALLBACK_AT_PROMPT, prompts.ROUTINE_REPROMPT)
                return Part(say(sorry), then)
            case Key.FALLBACK:
                sorry = prompts.pick(prompts.NOT_UNDERSTOOD_AGAIN, d.turns)
                return Part(say(sorry), FALLBACK, brief=True)
            case Key.TOPIC if (topic := catalog.get_topic(arg)) is not None:
                brief = fill(topic.brief, safety, locale)
                card = Card(prompts.title(topic.name), card_text(brief))
                return Part(brief, Asks(prompts.OFFER_MORE, Question(Ask.MORE, arg)), card)
            case Key.MORE if (topic := catalog.get_topic(arg)) is not None:
                return Part(fill(topic.more, safety, locale), AFTER_MORE)
            case Key.UNKNOWN_TOPIC:
                names = prompts.spoken_list([t.name for t in catalog.topics])
                return Part(say(prompts.unknown_topic(names)), WHICH)
            case Key.WEEK:
                from skill.conversation.week import week_summary  # only here: most never ask

                kinds = {r.id: r.kind for r in catalog.routines}
                week = week_summary(d.record.history.runs, d.now, kinds)
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
        body = say(lead, prompts.stopped_at(step.heard_as, found.plan.routine.name))
        question = Question(Ask.CARRY_ON, found.plan.routine.id)
        return Part(body, Asks(prompts.CARRY_ON_QUESTION, question))

    def offer(self, d: Draft, offer: Offer) -> Part:
        """A suggestion: the routines offered by area, and which one? (remembered by key)."""
        d.said = Said(Key.SUGGEST, _arg_of(offer))
        return self._offer(offer)

    def _offer(self, offer: Offer) -> Part:
        known = self.chooser.seconds  # an argument read back may name a routine that is gone
        kept = ((a, tuple(r for r in g if r in known)) for a, g in offer.groups)
        note, offer = offer.note, Offer(tuple((a, g) for a, g in kept if g))
        ids = offer.ids
        if not ids:  # nothing fits: why, then the list
            page = self._list_page(0)
            return page._replace(body=join(say(note), page.body))
        text = self.chooser.spoken(offer)
        question = Question(Ask.CHOOSE, " ".join(ids))
        if len(ids) == 1:
            name = self.catalog.routine(ids[0]).name
            return Part(say(note, text), Asks(prompts.start_offered(name), question))
        closing = prompts.SUGGEST_CLOSING if len(offer.groups) > 1 else prompts.LIST_LAST
        return Part(say(note, text), Asks(closing, question))

    def next_page(self, offered: tuple[str, ...]) -> int | None:
        """Where the list's next page starts when ``offered`` is a page of it (worked out from
        the routines offered, so a side question in between loses nothing), or None when it
        is no page of the list, or its last."""
        listed = self.chooser.listed
        start = self.chooser.list_place.get(offered[0], -1) if offered else -1
        after = start + len(offered)
        page = start >= 0 and start % prompts.LISTED == 0 and len(offered) == prompts.LISTED
        if not page or tuple(r.id for r in listed[start:after]) != offered:
            return None
        return after if after < len(listed) else None

    def _list_page(self, start: int) -> Part:
        """The routines by area, three at a time; the last page names the wrap-up."""
        offer, after = self.chooser.page(start)
        if not offer.ids:
            return Part(say(prompts.NO_ROUTINES), GENERAL)
        text = self.chooser.spoken(offer)
        if start == 0:
            text = f"{prompts.routine_count(len(self.chooser.listed))} {text}"
        closing = prompts.LIST_MORE if after is not None else prompts.LIST_LAST
        if after is None and start > 0 and len(offer.ids) == 1:  # one left: shall we?
            closing = prompts.start_offered(self.catalog.routine(offer.ids[0]).name)
        wrap_up = self.catalog.wrap_up
        if after is None and wrap_up is not None:
            text += " " + prompts.LIST_WRAP_UP.format(name=wrap_up.name)
        return Part(say(text), Asks(closing, Question(Ask.CHOOSE, " ".join(offer.ids))))


def _arg_of(offer: Offer) -> str:
    """An offer as a key's argument: area and routine ids in pairs."""
    return " ".join(f"{area} {r}" for area, ids in offer.groups for r in ids)


def _offer_of(arg: str) -> Offer:
    """An offer back from a key's argument (ids not checked here: see Replies._offer)."""
    words = arg.split()
    return Offer(grouped(zip(words[::2], words[1::2], strict=False)))
