"""The conversation core: what to say for each request, as pure functions of state."""

from __future__ import annotations

from skill.conversation.playback import Playback
from skill.conversation.reply import Card, Reply, Turn, ask, say, tell
from skill.conversation.state import Offer, SessionState, UserPrefs
from skill.speech import prompts
from skill.speech.ssml import plain_text, trusted
from skill.speech.topics import fill


class Coach(Playback):
    """Everything the skill says, beyond playing a routine."""

    def _keep(self, state: SessionState, reply: Reply) -> Reply:
        """Remember a reply so 'repeat' can say it again."""
        state.last_speech = reply.speech
        state.last_reprompt = reply.reprompt
        return reply

    def launch(self, state: SessionState, prefs: UserPrefs) -> Reply:
        state.clear_routine()
        if prefs.heard_disclaimer:
            reply = ask(
                say(prompts.WELCOME_BACK, prompts.CHOOSE), reprompt=prompts.GENERAL_REPROMPT
            )
        else:
            prefs.heard_disclaimer = True
            reply = ask(
                say(prompts.WELCOME_FIRST, self.catalog.safety.disclaimer, prompts.WHAT_TO_SAY),
                reprompt=prompts.GENERAL_REPROMPT,
            )
        return self._keep(state, reply)

    def _routine_list(self) -> str:
        wrap_up = self.catalog.wrap_up
        names = [r.name for r in self.catalog.main_routines]
        return prompts.routine_list(names, wrap_up.name if wrap_up else None)

    def list_routines(self, state: SessionState, turn: Turn) -> Reply:
        self.hold_position(state, turn.now)
        reply = ask(say(self._routine_list(), prompts.LIST_CLOSING), reprompt=prompts.CHOOSE)
        return self._keep(state, reply)

    def start(
        self, state: SessionState, prefs: UserPrefs, turn: Turn, routine_id: str | None
    ) -> Reply:
        """Start the named routine; the first time ever, ask the safety screen first."""
        if routine_id is None or routine_id not in self.plans:
            self.hold_position(state, turn.now)
            reply = ask(
                say(prompts.UNKNOWN_ROUTINE, self._routine_list(), prompts.LIST_CLOSING),
                reprompt=prompts.CHOOSE,
            )
            return self._keep(state, reply)
        if not prefs.heard_screen:
            self.hold_position(state, turn.now)
            state.offer = Offer("screen", routine_id)
            name = self.catalog.routine(routine_id).name
            reply = ask(
                say(prompts.screen(self.catalog.safety.screen, self.catalog.safety.skip, name)),
                reprompt=prompts.SCREEN_REPROMPT,
            )
            return self._keep(state, reply)
        return self.begin(state, turn, routine_id)

    def explain(self, state: SessionState, turn: Turn, topic_id: str | None) -> Reply:
        """The brief answer on a topic, offering more; a routine under way is paused."""
        self.hold_position(state, turn.now)
        topics = self.catalog.topics
        if topic_id not in {t.id for t in topics} or topic_id is None:
            names = prompts.spoken_list([t.name for t in topics])
            question = prompts.UNKNOWN_TOPIC.format(topics=names)
            return self._keep(state, ask(say(question), reprompt=question))
        topic = self.catalog.topic(topic_id)
        brief = fill(topic.brief, self.catalog.safety, turn.locale)
        state.offer = Offer("more", topic.id)
        card = Card(topic.name.capitalize(), plain_text(brief))
        return self._keep(
            state, ask(brief, say(prompts.OFFER_MORE), reprompt=prompts.OFFER_MORE, card=card)
        )

    def more(self, state: SessionState, turn: Turn, topic_id: str) -> Reply:
        """The longer answer on a topic."""
        topic = self.catalog.topic(topic_id)
        detail = fill(topic.more, self.catalog.safety, turn.locale)
        after = prompts.RESUME_ROUTINE if state.routine_id else prompts.AFTER_MORE
        return self._keep(state, ask(detail, say(after), reprompt=after))

    def yes(self, state: SessionState, prefs: UserPrefs, turn: Turn, offer: Offer | None) -> Reply:
        if offer is not None and offer.kind == "more":
            return self.more(state, turn, offer.target)
        if offer is not None and offer.kind in ("wrap-up", "screen") and offer.target in self.plans:
            prefs.heard_screen = prefs.heard_screen or offer.kind == "screen"
            return self.begin(state, turn, offer.target)
        return self._keep(state, ask(say(prompts.NOTHING_OFFERED), reprompt=prompts.CHOOSE))

    def no(self, state: SessionState, offer: Offer | None) -> Reply:
        if offer is not None and offer.kind == "wrap-up":
            state.clear_routine()
            return tell(say(prompts.GOODBYE))
        if offer is not None and offer.kind == "screen":
            reply = ask(
                say(prompts.SCREEN_DECLINED, prompts.ASK_ANYTHING), reprompt=prompts.ASK_ANYTHING
            )
        elif state.routine_id:
            reply = ask(say(prompts.RESUME_ROUTINE), reprompt=prompts.RESUME_ROUTINE)
        else:
            reply = ask(say(prompts.NO_THANKS), reprompt=prompts.GENERAL_REPROMPT)
        return self._keep(state, reply)

    def help(self, state: SessionState, turn: Turn) -> Reply:
        routine = self.plan(state)
        if routine is None:
            return self._keep(state, ask(say(prompts.HELP), reprompt=prompts.GENERAL_REPROMPT))
        self.hold_position(state, turn.now)
        text = prompts.help_in_routine(routine.routine.name)
        return self._keep(state, ask(say(text), reprompt=prompts.PAUSED_REPROMPT))

    def fallback(self, state: SessionState, turn: Turn) -> Reply:
        if self.plan(state) is None:
            return self._keep(state, ask(say(prompts.FALLBACK), reprompt=prompts.GENERAL_REPROMPT))
        self.hold_position(state, turn.now)
        return self._keep(
            state, ask(say(prompts.FALLBACK_IN_ROUTINE), reprompt=prompts.PAUSED_REPROMPT)
        )

    def repeat(self, state: SessionState, turn: Turn) -> Reply:
        """Say the last thing again: the last answer, or the routine's current response."""
        last, reprompt = trusted(state.last_speech), trusted(state.last_reprompt)
        if last and reprompt:
            return Reply(last, reprompt)
        if self.plan(state) is not None:
            return self.replay(state, turn)
        return ask(say(prompts.NOTHING_OFFERED), reprompt=prompts.CHOOSE)

    def stop(self, state: SessionState) -> Reply:
        text = prompts.GOODBYE_MID_ROUTINE if state.routine_id else prompts.GOODBYE
        state.clear_routine()
        return tell(say(text))

    def home(self, state: SessionState) -> Reply:
        state.clear_routine()
        return self._keep(state, ask(say(prompts.CHOOSE), reprompt=prompts.GENERAL_REPROMPT))
