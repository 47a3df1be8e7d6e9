"""Every sentence the skill says that is not authored in routines/ (plain text, not SSML)."""

from __future__ import annotations

from skill.content.catalog import Routine

SKILL_NAME = "Back Release Coach"

# --- inside a routine (used by the planner) ---
CUE_TEXT = {
    "breathe": "Breathe in slowly for four, and out for six.",
    "halfway": "Halfway.",
    "ten-left": "Ten seconds left.",
}
RELEASE = "And release."
BEFORE_START = "A few cautions first."
PRESSURE = (
    "Press gently. Aim for three to five out of ten, an ache you can breathe through. "
    "Never go above six."
)
NEXT = "Say next when you're ready."
NEXT_INTO_HOLD = "When you're in position, say next."


def minutes(seconds: float) -> str:
    """A duration as people say it: 'less than a minute', 'about 4 minutes'."""
    if seconds < 45:
        return "less than a minute"
    whole = max(1, round(seconds / 60))
    return "about a minute" if whole == 1 else f"about {whole} minutes"


def spoken_list(items: tuple[str, ...] | list[str]) -> str:
    """'a', 'a and b', 'a, b, and c'."""
    if len(items) <= 2:
        return " and ".join(items)
    return f"{', '.join(items[:-1])}, and {items[-1]}"


def routine_intro(name: str, duration: str, tools: tuple[str, ...]) -> str:
    """What is said before a routine's cautions."""
    return f"Let's do the {name}. It takes {duration}. You'll need {spoken_list(tools)}."


def side_intro(side: str, first: bool) -> str:
    """Said at the start of each side of a sides block."""
    return f"First, your {side} side." if first else f"Now your {side} side."


def next_side(side: str) -> str:
    """The closing prompt at the end of a side."""
    return f"When you're ready for the {side} side, say next."


def hold_left(seconds: int) -> str:
    """Said when a hold continues after an interruption."""
    return f"About {seconds} seconds left in this hold."


def routine_card(routine: Routine) -> tuple[str, str]:
    """Title and text of the card shown when a routine starts."""
    return routine.name.capitalize(), " ".join((routine.summary, *routine.cautions))


def finished(name: str) -> str:
    """The end of any routine."""
    return f"That's the end of the {name}. Well done."


def offer_wrap_up(name: str, duration: str) -> str:
    """The question after a routine: move gently afterwards (the question comes last)."""
    return f"Easy movement afterwards helps. The {name} takes {duration}. Would you like it?"


def wrap_up_reprompt(name: str) -> str:
    """The reprompt for the wrap-up offer."""
    return f"Would you like the {name}? Please say yes or no."


OFFER_ANOTHER = (
    "Keep moving a little, and often, through the day. Would you like to do another routine?"
)
ANOTHER_REPROMPT = "Would you like another routine? Please say yes or no."

# --- conversation ---
WELCOME_FIRST = (
    f"Welcome to {SKILL_NAME}. I guide short routines that use a ball or your hands, "
    "and may ease tight spots in your back."
)
WELCOME_BACK = "Welcome back."
WHAT_TO_SAY = (
    "You can say list routines, start one by name, or ask what is fascia. "
    "What would you like to do?"
)
WHAT_NOW = "What would you like to do?"
WHAT_NEXT = "What would you like to do next?"
CHOOSE = "Which routine would you like? Or say list routines."
GENERAL_REPROMPT = "You can say list routines, or ask a question. What would you like to do?"
ROUTINE_REPROMPT = "Say next to carry on, repeat to hear that again, or stop to finish."
UNKNOWN_ROUTINE = "I don't have a routine by that name."
LIST_CLOSING = "Which would you like?"


LISTED = 8  # more names than this can't be followed by ear


def routine_list(names: list[str], wrap_up: str | None) -> str:
    """The list of routines (a few of them, when there are many)."""
    if len(names) > LISTED:
        text = f"There are {len(names)} routines, including {spoken_list(names[:LISTED])}."
    else:
        text = f"There are {len(names)} routines: {spoken_list(names)}."
    if wrap_up:
        text += f" There's also the {wrap_up}, for easy movement afterwards."
    return text


# --- the yes/no questions: as first asked, asked again after a side question, the reprompt ---
def _check_verbs(carry_on: bool) -> tuple[str, str]:
    return ("carry on", "carry on with") if carry_on else ("start", "start")


def check_intro(carry_on: bool) -> str:
    """The safety check's opening, before its list (a session's first routine, started or
    carried on from an earlier session)."""
    when = _check_verbs(carry_on)[0]
    return f"Before we {when}, one quick check. See a doctor or physio first if any of these apply."


def check_question(routine: str, carry_on: bool) -> str:
    verb = _check_verbs(carry_on)[1]
    return (
        f"Shall we {verb} the {routine}? Say yes only if none of these apply, or a doctor has "
        "said it's okay."
    )


def check_again(routine: str, carry_on: bool) -> str:
    """The check asked again after a side answer (which may have read another list)."""
    verb = _check_verbs(carry_on)[1]
    return (
        f"Now, shall we {verb} the {routine}? Say yes only if nothing in the safety check "
        "applies to you."
    )


def check_reprompt(routine: str, carry_on: bool) -> str:
    verb = _check_verbs(carry_on)[1]
    return f"Shall we {verb} the {routine}? Please say yes or no."


def stopped_at(number: int, routine: str, side: str | None) -> str:
    """Where an unfinished routine stopped (before the carry-on question)."""
    where = f", on the {side} side" if side else ""
    return f"Last time you stopped at step {number} of the {routine}{where}."


CARRY_ON_QUESTION = "Shall we carry on?"


def carry_on_again(routine: str) -> str:
    return f"Now, shall we carry on with the {routine}?"


CONTINUE_REPROMPT = "Shall we carry on where you stopped? Please say yes or no."
OFFER_MORE = "Would you like to hear more?"


def more_again(topic: str) -> str:
    return f"Now, would you like to hear more about {topic}?"


MORE_REPROMPT = "Would you like to hear more? Please say yes or no."
FORGET_WARNING = "This deletes your progress and the routines you've done, and can't be undone."
FORGET_QUESTION = "Shall I forget them?"
FORGET_AGAIN = "Now, shall I forget your progress?"
FORGET_REPROMPT = "Shall I forget your progress? Please say yes or no."


def wrap_up_again(name: str) -> str:
    return f"Now, would you like the {name}?"


ANOTHER_AGAIN = "Now, would you like another routine?"

# --- answers ---
CHECK_DECLINED = "Okay. Please check with a doctor or physio first."
CHECK_UNSURE = "That's okay. If you're not sure, please check with a doctor or physio first."
ASK_ANYTHING = "You can still ask me questions, like what is fascia. What would you like to know?"
RESUME_ROUTINE = "Say resume to carry on with the routine."
PAUSED = "Paused. Say resume when you're ready."
PAUSED_REPROMPT = "Say resume to carry on, or stop to finish."
TAKE_YOUR_TIME = "Okay, take your time."
CARRY_ON = "Carrying on."
NOT_IN_ROUTINE = "You're not in a routine at the moment."
ALREADY_FIRST = "This is the start of the routine."
STARTING_OVER = "Starting again from the beginning."
SKIPPING_HOLD = "Skipping the rest of this hold."
NO_HOLD = "There's no hold to skip right now."
FINISHED_ALREADY = "You've finished the routine."
IN_INTRO = "We haven't reached step one yet. These are the cautions."


def time_left(hold_seconds: int | None, routine: str) -> str:
    """Answer to 'how much longer?'."""
    if hold_seconds is not None:
        return f"About {hold_seconds} seconds left in this hold, and {routine} in the routine."
    return f"There's {routine} left in this routine."


def which_step(number: int, total: int, side: str | None, label: str | None) -> str:
    """Answer to 'which step am I on?'."""
    where = f", on the {side} side" if side else ""
    return f"You're on step {number} of {total}{where}" + (f": {label}" if label else ".")


GOODBYE = "Okay. Goodbye for now."
FORGOTTEN = "Done. I've forgotten your progress. Goodbye for now."
KEPT = "Okay, I've kept it."
FORGET_FAILED = (
    "Sorry, I couldn't forget your progress just now, so it is still stored. "
    "Please try again in a little while."
)
CARRY_ON_DECLINED = "Okay."


def week(sessions: int, names: list[str], streak: int, two_weeks_in: bool) -> str:
    """Answer to 'how am I doing this week?' (what to do next is said after it)."""
    if sessions == 0:
        text = "You haven't finished a routine in the last seven days."
    else:
        count = "one session" if sessions == 1 else f"{sessions} sessions"
        used = spoken_list([f"the {n}" for n in names])
        text = f"In the last seven days you've done {count}, with {used}."
    if streak >= 2:
        text += f" That's {streak} days in a row."
    text += " Once a day is plenty, and twice on a flare-up day, gently."
    if two_weeks_in:
        text += " If things haven't improved after two weeks, see a doctor or physio."
    else:
        text += " Give it a week or two, and notice what gets easier."
    return text


GOODBYE_AFTER_ROUTINE = "Okay. Well done for taking the time. Goodbye."
WRAP_UP_DECLINED = "Okay. Well done for taking the time."
ANOTHER_OR_STOP = "You can start another routine, or say stop to finish."
GOODBYE_MID_ROUTINE = "Okay, stopping here. Well done for what you did. Goodbye."
HELP = (
    "I guide self-massage routines for back tightness, one step at a time, with timed holds. "
    "It's general information, not medical advice. Say list routines, or start one by name. "
    "Or ask a question, like how hard should I press, or is this safe."
)


def help_in_routine(name: str) -> str:
    """Help while a routine is under way (paused by the question)."""
    return (
        f"You're in the {name}. Say resume to carry on, next to move on, or stop to finish. "
        "If something feels wrong, stop, and ask, is this safe?"
    )


def help_at_prompt(name: str) -> str:
    """Help at a "say next" prompt, where nothing is playing."""
    return (
        f"You're in the {name}. Say next to move on, go back to hear the last step again, or "
        "stop to finish. If something feels wrong, stop, and ask, is this safe?"
    )


HELP_QUESTION = "You can answer yes or no, or ask me a question."
NOT_UNDERSTOOD = "Sorry, I didn't catch that."
FALLBACK_NEXT = "You can say list routines, or say help."
FALLBACK_IN_ROUTINE = (
    "Sorry, I didn't catch that. If anything hurts, tingles or feels wrong, come off the ball and "
    "rest."
)
RESUME_OR_ASK = "Then say resume, or ask, is this safe?"
FALLBACK_AT_PROMPT = "Say next when you're ready, or say help."
AFTER_MORE = "What else would you like? You can start a routine or ask another question."


def unknown_topic(topics: str) -> str:
    return f"I can explain these topics: {topics}."


NO_THANKS = "Okay."
NOTHING_OFFERED = "What would you like to do? You can say list routines, or say help."
ERROR = "Sorry, something went wrong on my side. Please try that again, or say help."
