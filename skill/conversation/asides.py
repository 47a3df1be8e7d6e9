"""Answers beside a routine: explanations, help, "didn't catch that", the week so far,
'forget my progress' and 'repeat'. Each pauses a routine that is playing (at a "say next"
prompt nothing is playing) and, with a question open, ends by asking it again (Voice.finish).
"""

from __future__ import annotations

from skill.content.catalog import Catalog, normalize_name
from skill.conversation.draft import Draft
from skill.conversation.guide import Guide
from skill.conversation.reply import Reply
from skill.conversation.session import Ask, Key
from skill.conversation.turn import Action

THIS = frozenset({"", "it", "this", "that"})  # a routine pointed at, not named ("that one")


class Asides:
    """The side answers; each returns the reply and leaves its changes in the Draft."""

    def __init__(self, catalog: Catalog, guide: Guide) -> None:
        self.catalog = catalog
        self.guide = guide
        self.voice = guide.voice

    def explain(self, d: Draft, topic_id: str | None = None) -> Reply:
        """The brief answer on a topic (the one asked about), offering more; a routine under
        way is paused."""
        question = self.voice.open_question(d)
        if question is not None and question.ask is Ask.MORE:
            d.question = None  # a new topic offers more on itself instead
        self.guide.hold(d)
        topic = self.catalog.get_topic(topic_id or d.request.topic)
        if topic is None:
            return self.voice.render(d, Key.UNKNOWN_TOPIC)
        return self.voice.render(d, Key.TOPIC, topic.id)

    def tell_me_more(self, d: Draft) -> Reply:
        """'Tell me more' about the topic answered last; with none, the list of topics."""
        said = d.said_before
        if said is not None and said.key in (Key.TOPIC, Key.MORE) and said.arg:
            self.guide.hold(d)
            return self.voice.render(d, Key.MORE, said.arg)
        return self.explain(d)

    def week(self, d: Draft) -> Reply:
        """'How am I doing this week?'"""
        self.guide.hold(d)
        return self.voice.render(d, Key.WEEK)

    def forget(self, d: Draft) -> Reply:
        """'Forget my progress': asks first."""
        self.guide.hold(d)
        return self.voice.render(d, Key.FORGET)

    def help(self, d: Draft) -> Reply:
        """Help for the open question, the routine under way, or the skill."""
        question = self.voice.open_question(d)
        if question is not None and question.ask is Ask.CHOOSE and len(question.offered) > 1:
            return self.voice.render(d, Key.HELP_CHOOSE)  # not a yes or no: a name
        if question is not None:
            return self.voice.render(d, Key.HELP_QUESTION)
        found = self.voice.where(d)
        if found is None or found.done:
            return self.voice.render(d, Key.HELP)
        if found.at_prompt:
            return self.voice.render(d, Key.HELP_PROMPT, found.plan.routine.id)
        self.guide.hold(d)
        return self.voice.render(d, Key.HELP_ROUTINE, found.plan.routine.id)

    def fallback(self, d: Draft) -> Reply:
        """Something not understood: the open question again, or what can be said here.
        'Repeat' afterwards says what came before, not "sorry, I didn't catch that"."""
        found = self.voice.where(d)
        if self.voice.open_question(d) is not None or found is None or found.done:
            reply = self.voice.render(d, Key.FALLBACK)
        elif found.at_prompt:
            reply = self.voice.render(d, Key.FALLBACK_PROMPT)
        else:
            self.guide.hold(d)
            reply = self.voice.render(d, Key.FALLBACK_ROUTINE)
        d.said = d.said_before
        return reply

    def suggest(self, d: Draft) -> Reply:
        """An open request ("my lower back is tight", "something quick", "I don't have a
        ball"): at most three routines that suit it, and which one?"""
        self.guide.hold(d)
        request = d.request
        want = "hands" if request.action is Action.NO_BALL else request.want
        chooser = self.voice.replies.chooser
        said = d.said_before  # a follow-up to a suggestion narrows it ("the shorter one")
        within = d.offered_before() if said is not None and said.key is Key.SUGGEST else ()
        offer = chooser.suggest(request.area, request.minutes, want, within)
        return self.voice.finish(d, self.voice.replies.offer(d, offer))

    def routine_info(self, d: Draft) -> Reply:
        """'How long is the knuckle press?': its length, area and tools, and shall we start?
        (With a question open, that question is asked again instead; see questions.keeps.)
        About the routine under way, how much of it is left."""
        routine_id = d.request.routine
        if routine_id is None and d.offered_before():  # "how long is the side one?"
            routine_id = self.voice.replies.chooser.pick(d.offered_before(), d.request.said_name)
        pointing = normalize_name(d.request.said_name) in THIS  # "how long is it?"
        if routine_id is None and pointing:
            routine_id = self._in_question(d)
        found = self.voice.active(d)
        if found is not None and (
            routine_id == found.plan.routine.id or (routine_id is None and pointing)
        ):
            return self.guide.how_long(d, found)
        self.guide.hold(d)
        routine = self.catalog.get_routine(routine_id)
        if routine is None:
            return self.voice.render(d, Key.UNKNOWN_ROUTINE if d.request.named else Key.LIST)
        return self.voice.render(d, Key.ROUTINE_INFO, routine.id)

    def _in_question(self, d: Draft) -> str | None:
        """The routine the question open when the turn began is about, if it is about one."""
        question = d.question_before
        about = question.offered if question is not None else ()
        return about[0] if len(about) == 1 and self.catalog.get_routine(about[0]) else None

    def tools(self, d: Draft) -> Reply:
        """'What do I need?': in a routine (or asked about starting one), its tools; otherwise
        the topic on tools."""
        found = self.voice.active(d)
        if found is not None:
            self.guide.hold(d)
            return self.voice.render(d, Key.TOOLS, found.plan.routine.id)
        if (routine_id := self._in_question(d)) is not None:
            return self.voice.render(d, Key.TOOLS, routine_id)
        return self.explain(d, "tools" if self.catalog.get_topic("tools") else "pressure")

    def repeat(self, d: Draft) -> Reply:
        """Say the last thing again: the last answer, or the routine's current step."""
        said = d.said_before
        if said is not None:
            return self.voice.render(d, said.key, said.arg)
        found = self.voice.where(d)
        if found is not None:
            return self.guide.replay(d, found)
        question = self.voice.open_question(d)
        if question is not None:
            return self.voice.reask(d, question)
        return self.voice.render(d, Key.NOTHING_OFFERED)
