"""The rules for yes/no questions, and how each one is asked again.

One question is open at a time: the one asked last. "Yes" and "no" answer it and nothing
older; "I'm not sure" answers the safety check (see answers.py) and is no answer elsewhere. A
side question (an explanation, help, how much longer, something not understood, ...) is
answered, and the answer ends by asking the open question again in one short sentence instead
of asking a new one. Words that are not an answer ("next", "okay") get
the question again, briefly. A routine command with nothing to act on (go back, pause, skip,
resume, start over, when no routine is under way) is not an answer either. Any other command
("stop", "list routines", "start the ...") drops the question and does what it says.

Two exceptions, both because the new answer is itself the one open question: a new topic at
"would you like to hear more?" offers more on the new topic, and 'tell me more' there is yes.
And asking about a routine ("how long is the palm press?") is a side question, except at a
choice of routines, where it narrows the choice to that one ("Shall we start it?").
"""

from __future__ import annotations

from collections.abc import Callable

from skill.content.catalog import Catalog
from skill.conversation.session import Ask, Question
from skill.conversation.turn import Action
from skill.speech import prompts

ANSWERS = frozenset({Action.YES, Action.NO, Action.UNSURE})
# What a body says comes before the questions: the open question is dropped (see body.py).
BODY = frozenset({Action.EMERGENCY, Action.SAME_DAY, Action.STOP_SIGN})
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
        Action.HURTS,
        Action.TOOLS,
    }
)


def keeps(action: Action, question: Question | None) -> bool:
    """Whether ``action`` leaves the open question open (to be asked again after it)."""
    if action is Action.ROUTINE_INFO:
        return question is not None and question.ask is not Ask.CHOOSE
    return action in SIDE


class Questions:
    """How each question is asked again, briefly or after a side answer."""

    def __init__(
        self, catalog: Catalog, paged: Callable[[tuple[str, ...]], bool] = lambda ids: False
    ) -> None:
        self.catalog = catalog
        self.paged = paged  # whether routines offered are a page of the list with more after

    def _name(self, question: Question) -> str:
        found = self.catalog.get_routine(question.about)
        return found.name if found is not None else "routine"

    def again(self, question: Question) -> str:
        """The question in one short sentence, after a side question was answered."""
        return self._words(question)[0]

    def reprompt(self, question: Question) -> str:
        """The question as a reprompt, and as the brief answer to words that don't answer it."""
        return self._words(question)[1]

    def _words(self, question: Question) -> tuple[str, str]:
        """How the question is asked again: after a side answer, and briefly."""
        match question.ask:
            case Ask.SAFETY_CHECK | Ask.CARRY_ON_CHECK:
                name, carry_on = self._name(question), question.ask is Ask.CARRY_ON_CHECK
                return prompts.check_again(name, carry_on), prompts.check_reprompt(name, carry_on)
            case Ask.CARRY_ON:
                return prompts.carry_on_again(self._name(question)), prompts.CONTINUE_REPROMPT
            case Ask.MORE:
                topic = self.catalog.get_topic(question.about)
                again = prompts.more_again(topic.name) if topic else prompts.OFFER_MORE
                return again, prompts.MORE_REPROMPT
            case Ask.FORGET:
                return prompts.FORGET_AGAIN, prompts.FORGET_REPROMPT
            case Ask.CHOOSE:
                names = [
                    r.name for r in map(self.catalog.get_routine, question.offered) if r is not None
                ]
                if len(names) == 1:
                    again, reprompt = prompts.start_offered(names[0]), prompts.START_REPROMPT
                else:
                    again = reprompt = prompts.which_one(names) if names else prompts.CHOOSE
                if self.paged(question.offered):  # "more" still reads the next page
                    again = f"{again} {prompts.MORE_OTHERS}"
                return again, reprompt
            case Ask.ENDING:
                wrap_up = self.catalog.wrap_up_for(question.about)
                if wrap_up is None:
                    return prompts.ANOTHER_AGAIN, prompts.ANOTHER_REPROMPT
                return prompts.wrap_up_again(wrap_up.name), prompts.wrap_up_reprompt(wrap_up.name)
