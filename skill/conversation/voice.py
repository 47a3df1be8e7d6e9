"""How every answer ends: keyed replies, and the open question asked again after a side one."""

from __future__ import annotations

from skill.content.catalog import Catalog
from skill.conversation.draft import Draft
from skill.conversation.playback import Where, where
from skill.conversation.questions import Questions
from skill.conversation.replies import Asks, Part, Replies
from skill.conversation.reply import Reply, ask
from skill.conversation.session import Ask, Key, Question, Said
from skill.speech import prompts
from skill.speech.planner import Plans
from skill.speech.ssml import say


class Voice:
    """Builds replies for the Coach's parts, with one rule for open questions."""

    def __init__(self, catalog: Catalog, plans: Plans) -> None:
        self.catalog = catalog
        self.plans = plans
        self.replies = Replies(catalog, plans)
        self.questions = Questions(catalog, lambda ids: self.replies.next_page(ids) is not None)

    def where(self, d: Draft) -> Where | None:
        """Where the listener is in the session's routine, or None outside one (worked out
        once per place and turn)."""
        place = d.place
        if place is None:
            return None
        if d.found is not None and d.found[0] is place:
            return d.found[1]
        plan = self.plans.get(place.routine)
        if plan is None:
            return None
        found = where(plan, place, d.now)
        d.found = (place, found)
        return found

    def open_question(self, d: Draft) -> Question | None:
        """The question that 'yes' and 'no' answer now. A routine's ending question is asked
        at the end of its last response, so it is open only once the listener got there."""
        question = d.question
        if question is not None and question.ask is Ask.ENDING:
            found = self.where(d)
            return question if found is not None and found.done else None
        return question

    def active(self, d: Draft) -> Where | None:
        """Where the session's routine stands, unless it is over (or there is none)."""
        found = self.where(d)
        return None if found is None or found.done else found

    def render(self, d: Draft, key: Key, arg: str = "") -> Reply:
        """The keyed reply, remembered for 'repeat'."""
        d.said = Said(key, arg)
        return self.finish(d, self.replies.build(d, key, arg, self.active(d)))

    def finish(self, d: Draft, part: Part) -> Reply:
        """The answer with its ending: the open question asked again if there is one (and
        this answer is not that question), else the part's own ending, which may ask one."""
        pending = self.open_question(d)
        then = part.then
        asked = then.question if isinstance(then, Asks) else None
        if pending is not None and asked != pending:
            reprompt = self.questions.reprompt(pending)
            text = reprompt if part.brief else self.questions.again(pending)
            return ask(part.body, say(text), reprompt=reprompt, card=part.card)
        if isinstance(then, Asks):
            d.question = then.question
            reprompt = self.questions.reprompt(then.question)
            return ask(part.body, say(then.text), reprompt=reprompt, card=part.card)
        reprompt = prompts.vary(then.reprompt, d.turns)
        return ask(part.body, say(then.text), reprompt=reprompt, card=part.card)

    def reask(self, d: Draft, question: Question) -> Reply:
        """The open question again, briefly: words that were not an answer to it ('repeat'
        still says the last full reply)."""
        d.said = d.said_before
        text = self.questions.reprompt(question)
        return ask(say(text), reprompt=text)
