"""Yes, no and "I'm not sure" to each question the skill asks.

"No" is graceful: declining the safety check, carrying on, more detail or the wrap-up gets one
kind sentence and a way on. Only "no" to "would you like another routine?", the last question
of a visit, says goodbye. "Not sure" at the safety check is treated as a no, with advice to
check first; at any other question it is no answer, and the question is asked again.
"""

from __future__ import annotations

from skill.conversation.draft import Draft
from skill.conversation.guide import Guide
from skill.conversation.replies import GENERAL, routine_then
from skill.conversation.reply import Reply, ask, tell
from skill.conversation.session import Ask, Key, Question
from skill.conversation.turn import FORGET, Action, Effect
from skill.speech import prompts
from skill.speech.ssml import say


class Answers:
    """What each answer to each question does."""

    def __init__(self, guide: Guide) -> None:
        self.guide = guide
        self.voice = guide.voice
        self.catalog = guide.voice.catalog

    def reply(self, d: Draft, question: Question, action: Action) -> Reply:
        """The answer ``action`` (yes, no or unsure) to the open ``question``."""
        voice, about = self.voice, question.about  # a routine's or a topic's id
        d.question = None
        check = question.ask in (Ask.SAFETY_CHECK, Ask.CARRY_ON_CHECK)
        if action is Action.UNSURE:
            return voice.render(d, Key.CHECK_UNSURE) if check else self._again(d, question)
        yes = action is Action.YES
        match question.ask:
            case Ask.SAFETY_CHECK | Ask.CARRY_ON_CHECK if not yes:
                return voice.render(d, Key.CHECK_DECLINED)
            case Ask.SAFETY_CHECK if about in self.guide.plans:
                d.checked = True
                return self.guide.begin(d, about)
            case Ask.CARRY_ON_CHECK:
                d.checked = True
                return self.guide.resume(d)
            case Ask.CARRY_ON:
                return self.guide.resume(d) if yes else voice.render(d, Key.CARRY_ON_DECLINED)
            case Ask.MORE if yes:
                return voice.render(d, Key.MORE, about)
            case Ask.MORE:
                return voice.render(d, Key.NO_THANKS)
            case Ask.FORGET if yes:
                # Nothing changes here: the session ends when it's done, and if the store can't
                # delete, the routine (paused by the question) is still there to carry on.
                then = routine_then(found) if (found := voice.active(d)) else GENERAL
                failed = ask(say(prompts.FORGET_FAILED, then.text), reprompt=then.reprompt)
                d.effects.append(Effect(FORGET, failed))
                return tell(say(prompts.FORGOTTEN))
            case Ask.FORGET:
                return voice.render(d, Key.KEPT)
            case Ask.ENDING:
                return self._ending(d, about, yes)
            case Ask.CHOOSE if yes and len(question.offered) == 1:
                return self.guide.start(d, about)
            case Ask.CHOOSE if yes:
                return self._again(d, question)  # which one?
            case Ask.CHOOSE:
                return voice.render(d, Key.NO_THANKS)
        return voice.render(d, Key.LIST)  # a check for a routine that is gone

    def _again(self, d: Draft, question: Question) -> Reply:
        d.question = question
        return self.voice.reask(d, question)

    def _ending(self, d: Draft, routine_id: str, yes: bool) -> Reply:
        """The routine's question: yes starts the wrap-up it offered (or lists the routines)."""
        if d.place is not None:
            d.record = d.record.end_run(d.place)
        wrap_up = self.catalog.wrap_up_for(routine_id)
        if yes and wrap_up is not None and wrap_up.id in self.guide.plans:
            return self.guide.begin(d, wrap_up.id)
        d.place = None
        if yes:
            return self.voice.render(d, Key.LIST)
        if wrap_up is not None:
            return self.voice.render(d, Key.WRAP_UP_DECLINED)
        return tell(say(prompts.GOODBYE_AFTER_ROUTINE))
