"""Replies outside a routine, each built from a key (and one argument) so 'repeat' can rebuild
them without trusting any SSML that comes back from the client."""

from __future__ import annotations

from skill.conversation.playback import Playback, Where
from skill.conversation.record import RESUME_WITHIN, week_summary
from skill.conversation.reply import Card, Reply, ask
from skill.conversation.state import OFFER_KINDS, Offer, Said, SessionState
from skill.conversation.talk import Talk
from skill.speech import prompts
from skill.speech.ssml import plain_text, say
from skill.speech.topics import fill

QUESTION_KINDS = (*OFFER_KINDS, "ending")


class Replies(Playback):
    """The keyed replies, and the questions they ask."""

    def render(self, talk: Talk, key: str, arg: str = "") -> Reply:
        """Build the reply called ``key`` and remember it for 'repeat'."""
        talk.state.last = Said(key, arg)
        return self._build(talk, key, arg)

    def _build(self, talk: Talk, key: str, arg: str) -> Reply:
        catalog, safety, state = self.catalog, self.catalog.safety, talk.state
        match key:
            case "welcome":
                text = say(prompts.WELCOME_FIRST, safety.disclaimer, prompts.WHAT_TO_SAY)
                return ask(text, reprompt=prompts.GENERAL_REPROMPT)
            case "welcome-back" if (where := self.stored_place(talk)) is not None:
                return self._offer_carry_on(state, where, prompts.WELCOME_BACK)
            case "welcome-back":
                text = say(prompts.WELCOME_BACK, prompts.CHOOSE)
                return ask(text, reprompt=prompts.GENERAL_REPROMPT)
            case "not-in-routine" if (where := self.stored_place(talk, within=None)) is not None:
                if talk.offer is not None and talk.offer.kind == "continue":  # taken up
                    return self.render(talk, "resume-screen", where.plan.routine.id)
                return self._offer_carry_on(state, where, prompts.NOT_IN_ROUTINE)
            case "not-in-routine":
                return ask(say(prompts.NOT_IN_ROUTINE, prompts.CHOOSE), reprompt=prompts.CHOOSE)
            case "list":
                text = say(self._routine_list(), prompts.LIST_CLOSING)
                return ask(text, reprompt=prompts.CHOOSE)
            case "unknown-routine":
                text = say(prompts.UNKNOWN_ROUTINE, self._routine_list(), prompts.LIST_CLOSING)
                return ask(text, reprompt=prompts.CHOOSE)
            case "screen" | "resume-screen" if arg in self.plans:
                state.offer = Offer(key, arg)
                name, carry_on = catalog.routine(arg).name, key == "resume-screen"
                text = say(prompts.screen(safety.screen, name, carry_on))
                return ask(text, reprompt=prompts.SCREEN_REPROMPT)
            case "topic" if (topic := catalog.get_topic(arg)) is not None:
                state.offer = Offer("more", arg)
                brief = fill(topic.brief, safety, talk.turn.locale)
                card = Card(topic.name.capitalize(), plain_text(brief))
                return ask(brief, say(prompts.OFFER_MORE), reprompt=prompts.OFFER_MORE, card=card)
            case "more" if (topic := catalog.get_topic(arg)) is not None:
                after = prompts.RESUME_ROUTINE if self.active(talk) else prompts.AFTER_MORE
                detail = fill(topic.more, safety, talk.turn.locale)
                return ask(detail, say(after), reprompt=after)
            case "unknown-topic":
                names = prompts.spoken_list([t.name for t in catalog.topics])
                question = prompts.UNKNOWN_TOPIC.format(topics=names)
                return ask(say(question), reprompt=question)
            case "week":
                kinds = {r.id: r.kind for r in catalog.routines}
                week = week_summary(talk.user.history, talk.now, kinds)
                used = [catalog.routine(r).name for r in week.routines]
                report = prompts.week(week.sessions, used, week.days_in_a_row, week.two_weeks_in)
                return ask(say(report), reprompt=prompts.GENERAL_REPROMPT)
            case "forget":
                state.offer = Offer("forget")
                return ask(say(prompts.FORGET_CHECK), reprompt=prompts.FORGET_REPROMPT)
            case "forget-failed":
                text = say(prompts.FORGET_FAILED)
                return ask(text, reprompt=prompts.GENERAL_REPROMPT)
            case "kept":
                return ask(say(prompts.KEPT, prompts.NO_THANKS), reprompt=prompts.GENERAL_REPROMPT)
            case "help":
                return ask(say(prompts.HELP), reprompt=prompts.GENERAL_REPROMPT)
            case "help-routine" if arg in self.plans:
                text = say(prompts.help_in_routine(catalog.routine(arg).name))
                return ask(text, reprompt=prompts.PAUSED_REPROMPT)
            case "fallback":
                return ask(say(prompts.FALLBACK), reprompt=prompts.GENERAL_REPROMPT)
            case "fallback-routine":
                return ask(say(prompts.FALLBACK_IN_ROUTINE), reprompt=prompts.PAUSED_REPROMPT)
            case "fallback-prompt":
                return ask(say(prompts.FALLBACK_AT_PROMPT), reprompt=prompts.ROUTINE_REPROMPT)
            case "reask-help" | "reask-fallback" if arg in QUESTION_KINDS:
                question = self._question(state, arg)
                lead = prompts.HELP_QUESTION if key == "reask-help" else prompts.FALLBACK_QUESTION
                return ask(say(lead, question), reprompt=question)
            case "resume-routine":
                return ask(say(prompts.RESUME_ROUTINE), reprompt=prompts.RESUME_ROUTINE)
            case "screen-declined":
                text = say(prompts.SCREEN_DECLINED, prompts.ASK_ANYTHING)
                return ask(text, reprompt=prompts.ASK_ANYTHING)
            case "no-thanks":
                return ask(say(prompts.NO_THANKS), reprompt=prompts.GENERAL_REPROMPT)
            case "choose":
                return ask(say(prompts.CHOOSE), reprompt=prompts.GENERAL_REPROMPT)
        return ask(say(prompts.NOTHING_OFFERED), reprompt=prompts.CHOOSE)

    def _offer_carry_on(self, state: SessionState, where: Where, lead: str) -> Reply:
        """Ask whether to carry on the stored routine from where it stopped."""
        state.offer = Offer("continue", where.plan.routine.id)
        step = where.current_step
        offer = prompts.stopped_at(step.number, where.plan.routine.name, step.side)
        return ask(say(lead, offer), reprompt=prompts.CONTINUE_REPROMPT)

    def not_in_routine(self, talk: Talk) -> Reply:
        """A routine word outside a routine; with one stored from an earlier session (a
        one-shot 'ask ... how much longer'), offer to carry it on, as 'resume' would."""
        return self.render(talk, "not-in-routine")

    def stored_place(self, talk: Talk, within: float | None = RESUME_WITHIN) -> Where | None:
        """Where the user's stored, unfinished routine stands, if they can carry it on (and it
        was saved ``within`` seconds, when given)."""
        progress = talk.user.progress
        if progress is None or progress.routine_id not in self.plans:
            return None
        if within is not None and talk.now - progress.saved_at > within:
            return None
        where = self.stored_where(progress, talk.now)
        return None if where is None or where.done else where

    def _question(self, state: SessionState, kind: str) -> str:
        """The yes/no question of a kind, as it was asked."""
        plan = self.plans.get(state.routine_id or "")
        if kind == "ending" and plan is not None:
            return self.ending_question(plan)
        return {
            "screen": prompts.SCREEN_REPROMPT,
            "resume-screen": prompts.SCREEN_REPROMPT,
            "continue": prompts.CONTINUE_REPROMPT,
            "forget": prompts.FORGET_REPROMPT,
        }.get(kind, prompts.OFFER_MORE)

    def pending(self, talk: Talk) -> str | None:
        """The kind of yes/no question waiting for an answer, if any."""
        if talk.offer is not None:
            return talk.offer.kind
        where = self.where(talk.state, talk.now)
        return "ending" if where is not None and where.done else None

    def _routine_list(self) -> str:
        wrap_up = self.catalog.wrap_up
        names = [r.name for r in self.catalog.main_routines]
        return prompts.routine_list(names, wrap_up.name if wrap_up else None)
