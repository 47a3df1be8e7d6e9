"""The conversation core: what each request does, as pure functions of a Talk."""

from __future__ import annotations

from skill.conversation.replies import Replies
from skill.conversation.reply import Reply, tell
from skill.conversation.talk import Talk
from skill.speech import prompts
from skill.speech.ssml import Ssml, join, say


class Coach(Replies):
    """Everything the skill does for a request, beyond playing a routine."""

    def first_contact(self, talk: Talk, reply: Reply) -> Reply:
        """The first time a user hears anything (even a one-shot question), lead with the
        disclaimer, unless the answer says it already ('is this safe?')."""
        if talk.heard_disclaimer or reply.ends_session:
            return reply
        talk.heard_disclaimer = True
        disclaimer = say(self.catalog.safety.disclaimer)
        if disclaimer in reply.speech:
            return reply
        speech = join(disclaimer, reply.speech)
        return Reply(speech, reply.reprompt, reply.card)

    def launch(self, talk: Talk) -> Reply:
        """Welcome; a returning user with an unfinished routine is offered to carry on."""
        talk.state.clear_routine()
        if not talk.heard_disclaimer:
            talk.heard_disclaimer = True
            return self.render(talk, "welcome")
        return self.render(talk, "welcome-back")  # which offers a stored routine, if any

    def list_routines(self, talk: Talk) -> Reply:
        self.hold_position(talk)
        return self.render(talk, "list")

    def start(self, talk: Talk, routine_id: str | None, named: bool = True) -> Reply:
        """Start the named routine; the first time ever, ask the safety check first. With no
        name, or one we don't know, list the routines."""
        if routine_id is None or routine_id not in self.plans:
            self.hold_position(talk)
            return self.render(talk, "unknown-routine" if named else "list")
        if not talk.state.heard_screen:
            self.hold_position(talk)
            return self.render(talk, "screen", routine_id)
        return self.begin(talk, routine_id)

    def resume(self, talk: Talk) -> Reply:
        """Carry on: in this session's routine, or a stored one from an earlier session (after
        the session's safety check, as starting a routine has)."""
        if talk.state.routine_id is None:
            place = self.stored_place(talk, within=None)  # asked for: however long ago
            if place is None:
                return self.not_in_routine(talk)
            if not talk.state.heard_screen:
                return self.render(talk, "resume-screen", place.plan.routine.id)
            assert talk.user.progress is not None
            talk.user.progress.restore(talk.state)
        return super().resume(talk)

    def explain(self, talk: Talk, topic_id: str | None) -> Reply:
        """The brief answer on a topic, offering more; a routine under way is paused."""
        self.hold_position(talk)
        topic = self.catalog.get_topic(topic_id)
        if topic is None:
            return self.render(talk, "unknown-topic")
        return self.render(talk, "topic", topic.id)

    def tell_me_more(self, talk: Talk) -> Reply:
        """'Tell me more' after a topic; otherwise, the list of topics."""
        if talk.offer is not None and talk.offer.kind == "more":
            return self.render(talk, "more", talk.offer.target)
        return self.explain(talk, None)

    def week(self, talk: Talk) -> Reply:
        """'How am I doing this week?'"""
        self.hold_position(talk)
        return self.render(talk, "week")

    def forget(self, talk: Talk) -> Reply:
        """'Forget my progress': asks first."""
        self.hold_position(talk)
        return self.render(talk, "forget")

    def yes(self, talk: Talk) -> Reply:
        """Yes to the question asked last. Mid-routine, a stray yes or 'okay' carries on."""
        kind, target = (talk.offer.kind, talk.offer.target) if talk.offer else ("", "")
        if kind == "more":
            return self.render(talk, "more", target)
        if kind == "screen" and target in self.plans:
            talk.state.heard_screen = True
            return self.begin(talk, target)
        if kind == "resume-screen":
            talk.state.heard_screen = True
            return self.resume(talk)
        if kind == "continue":
            return self.resume(talk)
        if kind == "forget":
            talk.forget = True
            talk.state.clear_routine()
            return tell(say(prompts.FORGOTTEN))
        where = self.where(talk.state, talk.now)
        if where is not None and where.done:  # the ending's question
            talk.user.end_progress()
            wrap_up = self.catalog.wrap_up_after(where.plan.routine)
            if wrap_up is not None:
                return self.begin(talk, wrap_up.id)
            talk.state.clear_routine()
            return self.render(talk, "list")
        if where is not None:
            return self.next(talk) if where.phase == "closing" else super().resume(talk)
        return self.render(talk, "nothing-offered")

    def no(self, talk: Talk) -> Reply:
        kind = talk.offer.kind if talk.offer else ""
        if kind in ("screen", "resume-screen"):
            return self.render(talk, "screen-declined")
        if kind == "continue":
            return self.render(talk, "list")
        if kind == "forget":
            return self.render(talk, "kept")
        where = self.where(talk.state, talk.now)
        if where is not None and where.done:
            talk.user.end_progress()
            talk.state.clear_routine()
            return tell(say(prompts.GOODBYE_AFTER_ROUTINE))
        if where is not None:
            self.hold_position(talk)
            return self.render(talk, "resume-routine")
        return self.render(talk, "no-thanks")

    def help(self, talk: Talk) -> Reply:
        """Help; a pending yes/no question stays open and is asked again."""
        pending = self.pending(talk)
        if pending is not None:
            talk.state.offer = talk.offer
            return self.render(talk, "reask-help", pending)
        if self.active(talk) is None:
            return self.render(talk, "help")
        self.hold_position(talk)
        return self.render(talk, "help-routine", talk.state.routine_id or "")

    def fallback(self, talk: Talk) -> Reply:
        """Something not understood; a pending yes/no question stays open and is asked again."""
        pending = self.pending(talk)
        if pending is not None:
            talk.state.offer = talk.offer
            return self.render(talk, "reask-fallback", pending)
        where = self.active(talk)
        if where is None:
            return self.render(talk, "fallback")
        if where.phase == "closing":
            return self.render(talk, "fallback-prompt")
        self.hold_position(talk)
        return self.render(talk, "fallback-routine")

    def repeat(self, talk: Talk) -> Reply:
        """Say the last thing again: the last answer, or the routine's current step."""
        last = talk.state.last
        if last is not None:
            return self.render(talk, last.key, last.arg)
        if self.where(talk.state, talk.now) is not None:
            return self.replay(talk)
        return self.render(talk, "nothing-offered")

    def stop(self, talk: Talk) -> Reply:
        """Goodbye; a routine under way is kept where it is, to carry on another time."""
        mid_routine = self.active(talk) is not None
        self.hold_position(talk)
        talk.state.clear_routine()
        return tell(say(prompts.GOODBYE_MID_ROUTINE if mid_routine else prompts.GOODBYE))

    def session_ended(self, talk: Talk) -> Reply:
        """Alexa closed the session: remember where the listener got to. Nothing is said."""
        self.hold_position(talk)
        return Reply(Ssml(""), None)

    def forget_failed(self, talk: Talk) -> Reply:
        """'Forget my progress' could not reach the store: say so, never claim it was done."""
        return self.render(talk, "forget-failed")

    def home(self, talk: Talk) -> Reply:
        self.hold_position(talk)
        talk.state.clear_routine()
        return self.render(talk, "choose")
