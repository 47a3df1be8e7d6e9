"""The conversation core: what to say for each request, as pure functions of state."""

from __future__ import annotations

from skill.conversation.playback import Playback
from skill.conversation.reply import Card, Reply, Turn, ask, say, tell
from skill.conversation.state import Offer, Said, SessionState, UserPrefs
from skill.speech import prompts
from skill.speech.ssml import join, plain_text
from skill.speech.topics import fill


class Coach(Playback):
    """Everything the skill says, beyond playing a routine."""

    # --- replies outside a routine, rebuilt from a key so 'repeat' never trusts client SSML ---
    def render(self, state: SessionState, turn: Turn, key: str, arg: str = "") -> Reply:
        """Build the reply called ``key`` and remember it for 'repeat'."""
        state.last = Said(key, arg)
        return self._build(state, turn, key, arg)

    def _build(self, state: SessionState, turn: Turn, key: str, arg: str) -> Reply:
        catalog, safety = self.catalog, self.catalog.safety
        topics = {t.id: t for t in catalog.topics}
        match key:
            case "welcome":
                text = say(prompts.WELCOME_FIRST, safety.disclaimer, prompts.WHAT_TO_SAY)
                return ask(text, reprompt=prompts.GENERAL_REPROMPT)
            case "welcome-back":
                text = say(prompts.WELCOME_BACK, prompts.CHOOSE)
                return ask(text, reprompt=prompts.GENERAL_REPROMPT)
            case "list":
                text = say(self._routine_list(), prompts.LIST_CLOSING)
                return ask(text, reprompt=prompts.CHOOSE)
            case "unknown-routine":
                text = say(prompts.UNKNOWN_ROUTINE, self._routine_list(), prompts.LIST_CLOSING)
                return ask(text, reprompt=prompts.CHOOSE)
            case "screen" if arg in self.plans:
                state.offer = Offer("screen", arg)
                text = say(prompts.screen(safety.screen, safety.skip, catalog.routine(arg).name))
                return ask(text, reprompt=prompts.SCREEN_REPROMPT)
            case "topic" if arg in topics:
                state.offer = Offer("more", arg)
                brief = fill(topics[arg].brief, safety, turn.locale)
                card = Card(topics[arg].name.capitalize(), plain_text(brief))
                return ask(brief, say(prompts.OFFER_MORE), reprompt=prompts.OFFER_MORE, card=card)
            case "more" if arg in topics:
                during = self.active(state, turn.now) is not None
                after = prompts.RESUME_ROUTINE if during else prompts.AFTER_MORE
                return ask(fill(topics[arg].more, safety, turn.locale), say(after), reprompt=after)
            case "unknown-topic":
                names = prompts.spoken_list([t.name for t in catalog.topics])
                question = prompts.UNKNOWN_TOPIC.format(topics=names)
                return ask(say(question), reprompt=question)
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
            case "reask-help" | "reask-fallback" if arg in ("more", "screen", "ending"):
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

    def _question(self, state: SessionState, kind: str) -> str:
        """The yes/no question of kind 'more', 'screen' or 'ending', as it was asked."""
        plan = self.plans.get(state.routine_id or "")
        if kind == "ending" and plan is not None:
            return self.ending_question(plan)
        return prompts.SCREEN_REPROMPT if kind == "screen" else prompts.OFFER_MORE

    def _pending(self, state: SessionState, turn: Turn, offer: Offer | None) -> str | None:
        """The kind of yes/no question waiting for an answer, if any."""
        if offer is not None:
            return offer.kind
        where = self.where(state, turn.now)
        return "ending" if where is not None and where.done else None

    def _routine_list(self) -> str:
        wrap_up = self.catalog.wrap_up
        names = [r.name for r in self.catalog.main_routines]
        return prompts.routine_list(names, wrap_up.name if wrap_up else None)

    # --- what each request does ---
    def first_contact(self, prefs: UserPrefs, reply: Reply) -> Reply:
        """The first time a user hears anything (even a one-shot question), lead with the
        disclaimer."""
        if prefs.heard_disclaimer or reply.ends_session:
            return reply
        prefs.heard_disclaimer = True
        speech = join(say(self.catalog.safety.disclaimer), reply.speech)
        return Reply(speech, reply.reprompt, reply.card)

    def launch(self, state: SessionState, turn: Turn, prefs: UserPrefs) -> Reply:
        state.clear_routine()
        if prefs.heard_disclaimer:
            return self.render(state, turn, "welcome-back")
        prefs.heard_disclaimer = True
        return self.render(state, turn, "welcome")

    def list_routines(self, state: SessionState, turn: Turn) -> Reply:
        self.hold_position(state, turn.now)
        return self.render(state, turn, "list")

    def start(
        self,
        state: SessionState,
        prefs: UserPrefs,
        turn: Turn,
        routine_id: str | None,
        named: bool = True,
    ) -> Reply:
        """Start the named routine; the first time ever, ask the safety check first. With no
        name, or one we don't know, list the routines."""
        if routine_id is None or routine_id not in self.plans:
            self.hold_position(state, turn.now)
            return self.render(state, turn, "unknown-routine" if named else "list")
        if not prefs.heard_screen:
            self.hold_position(state, turn.now)
            return self.render(state, turn, "screen", routine_id)
        return self.begin(state, turn, routine_id)

    def explain(self, state: SessionState, turn: Turn, topic_id: str | None) -> Reply:
        """The brief answer on a topic, offering more; a routine under way is paused."""
        self.hold_position(state, turn.now)
        if topic_id is None or topic_id not in {t.id for t in self.catalog.topics}:
            return self.render(state, turn, "unknown-topic")
        return self.render(state, turn, "topic", topic_id)

    def tell_me_more(self, state: SessionState, turn: Turn, offer: Offer | None) -> Reply:
        """'Tell me more' after a topic; otherwise, the list of topics."""
        if offer is not None and offer.kind == "more":
            return self.render(state, turn, "more", offer.target)
        return self.explain(state, turn, None)

    def yes(self, state: SessionState, prefs: UserPrefs, turn: Turn, offer: Offer | None) -> Reply:
        """Yes to the question asked last: more on a topic, the safety check, or the ending
        (the wrap-up, or another routine). Mid-routine, a stray yes or 'okay' carries on."""
        kind, target = (offer.kind, offer.target) if offer else ("", "")
        if kind == "more":
            return self.render(state, turn, "more", target)
        if kind == "screen" and target in self.plans:
            prefs.heard_screen = True
            return self.begin(state, turn, target)
        where = self.where(state, turn.now)
        if where is not None and where.done:
            wrap_up = self.catalog.wrap_up
            if where.plan.routine.kind == "routine" and wrap_up is not None:
                return self.begin(state, turn, wrap_up.id)
            state.clear_routine()
            return self.render(state, turn, "list")
        if where is not None:
            return self.next(state, turn) if where.phase == "closing" else self.resume(state, turn)
        return self.render(state, turn, "nothing-offered")

    def no(self, state: SessionState, turn: Turn, offer: Offer | None) -> Reply:
        if offer is not None and offer.kind == "screen":
            return self.render(state, turn, "screen-declined")
        where = self.where(state, turn.now)
        if where is not None and where.done:
            state.clear_routine()
            return tell(say(prompts.GOODBYE_AFTER_ROUTINE))
        if where is not None:
            self.hold_position(state, turn.now)
            return self.render(state, turn, "resume-routine")
        return self.render(state, turn, "no-thanks")

    def help(self, state: SessionState, turn: Turn, offer: Offer | None = None) -> Reply:
        """Help; a pending yes/no question stays open and is asked again."""
        pending = self._pending(state, turn, offer)
        if pending is not None:
            state.offer = offer
            return self.render(state, turn, "reask-help", pending)
        if self.active(state, turn.now) is None:
            return self.render(state, turn, "help")
        self.hold_position(state, turn.now)
        return self.render(state, turn, "help-routine", state.routine_id or "")

    def fallback(self, state: SessionState, turn: Turn, offer: Offer | None = None) -> Reply:
        """Something not understood; a pending yes/no question stays open and is asked again."""
        pending = self._pending(state, turn, offer)
        if pending is not None:
            state.offer = offer
            return self.render(state, turn, "reask-fallback", pending)
        where = self.active(state, turn.now)
        if where is None:
            return self.render(state, turn, "fallback")
        if where.phase == "closing":
            return self.render(state, turn, "fallback-prompt")
        self.hold_position(state, turn.now)
        return self.render(state, turn, "fallback-routine")

    def repeat(self, state: SessionState, turn: Turn) -> Reply:
        """Say the last thing again: the last answer, or the routine's current step."""
        if state.last is not None:
            return self.render(state, turn, state.last.key, state.last.arg)
        if self.where(state, turn.now) is not None:
            return self.replay(state, turn)
        return self.render(state, turn, "nothing-offered")

    def stop(self, state: SessionState, turn: Turn) -> Reply:
        mid_routine = self.active(state, turn.now) is not None
        state.clear_routine()
        return tell(say(prompts.GOODBYE_MID_ROUTINE if mid_routine else prompts.GOODBYE))

    def home(self, state: SessionState, turn: Turn) -> Reply:
        state.clear_routine()
        return self.render(state, turn, "choose")
