"""The conversation core: ``Coach.turn`` decides everything one request changes.

A turn, in order: catch up with what the listener heard since the last request (a routine
whose ending was heard counts as done), apply the question rules (see ``questions``), answer,
and lead with the disclaimer the first time anyone hears the skill. The result is an Outcome:
the reply, the new session, the new record, and effects for the adapter to carry out. Nothing
here does I/O or knows the SDK.
"""

from __future__ import annotations

from collections.abc import Callable

from skill.content.catalog import Catalog
from skill.conversation.answers import Answers
from skill.conversation.asides import Asides
from skill.conversation.body import Body
from skill.conversation.draft import Draft
from skill.conversation.guide import Guide
from skill.conversation.playback import Where
from skill.conversation.questions import ANSWERS, BODY, NOT_ANSWERS, ROUTINE_COMMANDS, keeps
from skill.conversation.record import RESUME_WITHIN, UserRecord
from skill.conversation.replies import stored, stored_where
from skill.conversation.reply import Reply, tell
from skill.conversation.screen import screen_for
from skill.conversation.session import Ask, Key, Question, Session
from skill.conversation.turn import Action, Outcome, Request
from skill.conversation.voice import Voice
from skill.speech import prompts
from skill.speech.planner import Plans
from skill.speech.ssml import Ssml, join, say


class Coach:
    """Everything the skill decides, as one pure call per request."""

    def __init__(self, catalog: Catalog, plans: Plans) -> None:
        self.catalog = catalog
        self.plans = plans
        self.voice = Voice(catalog, plans)
        self.guide = guide = Guide(self.voice)
        self.answers = Answers(guide)
        asides = Asides(catalog, guide)
        body = Body(guide)
        self.actions: dict[Action, Callable[[Draft], Reply]] = {
            Action.LAUNCH: self.launch,
            Action.SESSION_ENDED: self.session_ended,
            Action.LIST: self.list_routines,
            Action.START: self.start,
            Action.NEXT: self._in_routine(guide.next),
            Action.PREVIOUS: self._in_routine(guide.previous),
            Action.REPEAT: asides.repeat,
            Action.START_OVER: self._in_routine(guide.start_over),
            Action.PAUSE: self._in_routine(guide.pause),
            Action.RESUME: guide.resume,
            Action.SKIP_HOLD: self._in_routine(guide.skip_hold),
            Action.HOW_LONG: self._in_routine(guide.how_long),
            Action.WHICH_STEP: self._in_routine(guide.which_step),
            Action.EXPLAIN: asides.explain,
            Action.MORE: asides.tell_me_more,
            Action.WEEK: asides.week,
            Action.FORGET: asides.forget,
            Action.HELP: asides.help,
            Action.STOP: self.stop,
            Action.HOME: self.home,
            Action.YES: guide.carry_on,
            Action.OKAY: guide.carry_on,
            Action.NO: guide.not_now,
            Action.UNSURE: guide.not_now,  # "maybe" with no question asked: not just now
            Action.FALLBACK: asides.fallback,
            Action.EMERGENCY: body.emergency,
            Action.SAME_DAY: body.same_day,
            Action.STOP_SIGN: body.stop_sign,
            Action.HURTS: body.hurts,
            Action.SUGGEST: asides.suggest,
            Action.NO_BALL: asides.suggest,
            Action.ROUTINE_INFO: asides.routine_info,
            Action.TOOLS: asides.tools,
        }

    def _in_routine(self, act: Callable[[Draft, Where], Reply]) -> Callable[[Draft], Reply]:
        """An action that needs a routine under way; outside one, it says so (and offers a
        stored one)."""

        def run(d: Draft) -> Reply:
            found = self.voice.where(d)
            return self.guide.not_in_routine(d) if found is None else act(d, found)

        return run

    def turn(self, request: Request, session: Session, record: UserRecord) -> Outcome:
        """Answer ``request``, given the session so far and the user's stored record."""
        d = Draft(request, session, record)
        self._catch_up(d)
        reply = self._first_contact(d, self._ease_off(d, self._answer(d)))
        changed = d.record
        if changed is not record:
            changed = changed._replace(updated_at=request.now)
        screen = screen_for(reply, self.plans, request.now) if request.screen else None
        return Outcome(reply, d.session, changed, tuple(d.effects), screen)

    def _answer(self, d: Draft) -> Reply:
        """The question rules, then the action."""
        action = d.request.action
        question = self.voice.open_question(d)
        if action in BODY:
            return self.actions[action](d)
        if question is not None:
            if action is Action.MORE and (reply := self._more(d, question)) is not None:
                return reply
            if action is Action.MORE and question.ask is Ask.MORE:
                action = Action.YES  # 'tell me more' at "would you like to hear more?"
            if action in ANSWERS:
                return self.answers.reply(d, question, action)
            if action in NOT_ANSWERS or (action in ROUTINE_COMMANDS and not self._can(d, action)):
                return self.voice.reask(d, question)
        if not keeps(action, question):
            d.question = None
        return self.actions[action](d)

    def _more(self, d: Draft, question: Question) -> Reply | None:
        """'Tell me more' that is about the open question: the next page of the list, or the
        safety check's full list."""
        said = d.said_before
        if question.ask is Ask.CHOOSE:
            after = self.voice.replies.next_page(question.offered)
            if after is None:  # not a page of the list, or its last: which one, again
                return self.voice.reask(d, question)
            d.question = None  # the next page asks its own
            return self.voice.render(d, Key.LIST, str(after))
        checks = (Key.SHORT_CHECK, Key.SHORT_CARRY_ON_CHECK, Key.SAFETY_CHECK, Key.CARRY_ON_CHECK)
        if question.ask in (Ask.SAFETY_CHECK, Ask.CARRY_ON_CHECK) and (
            said is None or said.key in (*checks, Key.CHECK_LIST)  # not more on a topic asked
        ):
            d.hear_check()
            return self.voice.render(d, Key.CHECK_LIST)
        return None

    def _can(self, d: Draft, action: Action) -> bool:
        """Whether a routine command has a routine to act on."""
        found = self.voice.where(d)
        if action is Action.RESUME and found is None:
            return stored(self.plans, d, within=None) is not None
        if action in (Action.PREVIOUS, Action.START_OVER):
            return found is not None
        return found is not None and not found.done

    def _catch_up(self, d: Draft) -> None:
        """Count the stored run as done once its ending has been reached (safe to repeat). A
        finished run whose ending question went unanswered for a day is then ended, so it
        can't be counted again once it drops out of the history."""
        found = stored_where(self.plans, d)
        if found is None or not found.done:
            return
        place = found.place
        d.record = d.record.count_done(place, d.now)
        if d.now - place.set_at > RESUME_WITHIN:
            d.record = d.record.end_run(place)

    def _ease_off(self, d: Draft, reply: Reply) -> Reply:
        """A question that interrupted a hold: the answer starts with "ease off while we
        talk" (an answer that ends the session says what to do in its own words)."""
        routine = self.catalog.get_routine(d.eased)
        same = d.place is not None and d.place.routine == d.eased  # not a new routine begun
        if routine is None or not same or reply.ends_session:
            return reply
        return reply._replace(speech=join(say(prompts.EASE_OFF[routine.needs]), reply.speech))

    def _first_contact(self, d: Draft, reply: Reply) -> Reply:
        """The first time a user hears anything (even a one-shot question), lead with the
        disclaimer, unless the answer says it already ('is this safe?')."""
        if d.heard_before() or reply.ends_session:
            return reply
        d.hear_disclaimer()
        disclaimer = say(self.catalog.safety.disclaimer)
        if disclaimer in reply.speech:
            return reply
        return reply._replace(speech=join(disclaimer, reply.speech))

    # --- the actions outside a routine (the routine's own are the Guide's) ---
    def launch(self, d: Draft) -> Reply:
        """Welcome; a returning user with an unfinished routine is offered to carry on."""
        d.place, d.question, d.said, d.back_to = None, None, None, None
        if not d.heard_before():
            d.hear_disclaimer()
            return self.voice.render(d, Key.WELCOME)
        return self.voice.render(d, Key.WELCOME_BACK)

    def session_ended(self, d: Draft) -> Reply:
        """Alexa closed the session: remember where the listener got to. Nothing is said."""
        self.guide.hold(d)
        return Reply(Ssml(""), None)

    def list_routines(self, d: Draft) -> Reply:
        self.guide.hold(d)
        return self.voice.render(d, Key.LIST)

    def start(self, d: Draft) -> Reply:
        """Start the named routine; in a session's first routine, ask the safety check first.
        With no name, or one we don't know, list the routines."""
        routine = d.request.routine
        if routine is None and d.offered_before():
            # "The knuckle one" at a choice: a word of one of the names offered.
            routine = self.voice.replies.chooser.pick(d.offered_before(), d.request.said_name)
        if routine is None or routine not in self.plans:
            self.guide.hold(d)
            if d.request.area is not None:  # "start the lower back one": what suits that area
                return self.actions[Action.SUGGEST](d)
            return self.voice.render(d, Key.UNKNOWN_ROUTINE if d.request.named else Key.LIST)
        return self.guide.start(d, routine)

    def stop(self, d: Draft) -> Reply:
        """Goodbye; a routine under way is kept where it is, to carry on another time."""
        found = self.voice.where(d)
        self.guide.hold(d)
        d.place, d.question = None, None
        mid_routine = found is not None and not found.done
        come_off = found is not None and found.in_hold and not found.paused
        lead = say(prompts.STOP_NOW[found.plan.routine.needs]) if found and come_off else say()
        return tell(lead, say(prompts.GOODBYE_MID_ROUTINE if mid_routine else prompts.GOODBYE))

    def home(self, d: Draft) -> Reply:
        self.guide.hold(d)
        d.place = None
        return self.voice.render(d, Key.CHOOSE)
