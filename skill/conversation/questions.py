"""The rules for yes/no questions, and how each one is asked again.

One question is open at a time: the one asked last. "Yes", "no" and "I'm not sure" answer it
and nothing older. A side question (an explanation, help, how much longer, something not
understood, ...) is answered, and the answer ends by asking the open question again in one
short sentence instead of asking a new one. Words that are not an answer ("next", "okay") get
the question again, briefly. A routine command with nothing to act on (go back, pause, skip,
resume, start over, when no routine is under way) is not an answer either. Any other command
("stop", "list routines", "start the ...") drops the question and does what it says.

Two exceptions, both because the new answer is itself the one open question: a new topic at
"would you like to hear more?" offers more on the new topic, and 'tell me more' there is yes.
"""

from __future__ import annotations

from skill.content.catalog import Catalog
from skill.conversation.session import Ask, Question
from skill.conversation.turn import Action
from skill.speech import prompts

ANSWERS = frozenset({Action.YES, Action.NO, Action.UNSURE})
NOT_ANSWERS = frozenset({Action.NEXT, Action.OKAY})
# These act when there is a routine for them to act on, and are no answer otherwise.
ROUTINE_COMMANDS = frozenset(
    {Action.PREVIOUS, Action.START_OVER, Action.PAUSE, Action.SKIP_HOLD, Action.RESUME}
)
# Answered with the open question asked again at the end (explain: see the note above).
SIDE = frozenset(
    {
        Action.EXPLAIN,
        Action.MORE,
        Action.HELP,
        Action.FALLBACK,
        Action.HOW_LONG,
        Action.WHICH_STEP,
        Action.WEEK,
        Action.REPEAT,
    }
)


class Questions:
    """How each question is asked again, briefly or after a side answer."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def _name(self, question: Question) -> str:
        found = self.catalog.get_routine(question.about)
        return found.name if found is not None else "routine"

    def _wrap_up(self, question: Question) -> str | None:
        """The wrap-up a routine's ending offers, if any."""
        routine = self.catalog.get_routine(question.about)
        wrap_up = self.catalog.wrap_up_after(routine) if routine is not None else None
        return wrap_up.name if wrap_up is not None else None

    def again(self, question: Question) -> str:
        """The question in one short sentence, after a side question was answered."""
        match question.ask:
            case Ask.SAFETY_CHECK | Ask.CARRY_ON_CHECK:
                carry_on = question.ask is Ask.CARRY_ON_CHECK
                return prompts.check_again(self._name(question), carry_on)
            case Ask.CARRY_ON:
                return prompts.carry_on_again(self._name(question))
            case Ask.MORE:
                topic = self.catalog.get_topic(question.about)
                return prompts.more_again(topic.name) if topic else prompts.OFFER_MORE
            case Ask.FORGET:
                return prompts.FORGET_AGAIN
            case Ask.ENDING:
                wrap_up = self._wrap_up(question)
                return prompts.wrap_up_again(wrap_up) if wrap_up else prompts.ANOTHER_AGAIN

    def reprompt(self, question: Question) -> str:
        """The question as a reprompt, and as the brief answer to words that don't answer it."""
        match question.ask:
            case Ask.SAFETY_CHECK | Ask.CARRY_ON_CHECK:
                carry_on = question.ask is Ask.CARRY_ON_CHECK
                return prompts.check_reprompt(self._name(question), carry_on)
            case Ask.CARRY_ON:
                return prompts.CONTINUE_REPROMPT
            case Ask.MORE:
                return prompts.MORE_REPROMPT
            case Ask.FORGET:
                return prompts.FORGET_REPROMPT
            case Ask.ENDING:
                wrap_up = self._wrap_up(question)
                return prompts.wrap_up_reprompt(wrap_up) if wrap_up else prompts.ANOTHER_REPROMPT
