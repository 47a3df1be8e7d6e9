"""Every sentence the skill says that is not authored in routines/ (plain text, not SSML)."""

from __future__ import annotations

from skill.content.catalog import Routine

SKILL_NAME = "Back Release Coach"


def pick(options: tuple[str, ...], n: int) -> str:
    """One of a few ways of saying the same thing, chosen by a count (deterministic)."""
    return options[n % len(options)]


# --- inside a routine (used by the planner) ---
CUE_TEXT = {
    "breathe": "Breathe in slowly for four, and out for six.",
    "halfway": "Halfway.",
    "ten-left": "Ten seconds left.",
}
# After a cue's first time in a routine, its later times rotate through these.
CUE_AGAIN = {
    "breathe": (
        "Slow breaths, in for four, out for six.",
        "Keep the breath slow and easy.",
        "Breathe out long, and let the spot soften.",
    ),
    "halfway": ("Halfway there.", "That's half.", "Halfway."),
    "ten-left": ("Ten more seconds.", "Nearly there. Ten seconds.", "Ten seconds left."),
}
RELEASE = "And release."
PRESSURE = "Press gently, three to five out of ten: an ache you can breathe through."
# Once a session has heard the pressure and stop block in full, later routines get this.
BRIEFING_AGAIN = (
    "Same as before: gentle pressure, and stop at once for sharp pain, tingling or numbness."
)
RESTART_COUNT = "We'll start the count again."
EASE_OFF = {
    "ball": "Ease off the ball while we talk.",
    "hands": "Ease off while we talk.",
    "nothing": "Rest while we talk.",
}
PAUSED_IN_HOLD = {
    "ball": "Paused. Ease off the ball and rest. Say resume when you're ready.",
    "hands": "Paused. Ease off and rest. Say resume when you're ready.",
    "nothing": "Paused. Say resume when you're ready.",
}
NEXT = "Say next when you're ready."
NEXT_INTO_HOLD = "When you're in position, say next."


def minutes(seconds: float) -> str:
    """A duration as people say it: 'less than a minute', 'about 4 minutes'."""
    if seconds < 45:
        return "less than a minute"
    whole = max(1, round(seconds / 60))
    return "about a minute" if whole == 1 else f"about {whole} minutes"


def spoken_list(items: tuple[str, ...] | list[str], joiner: str = "and") -> str:
    """'a', 'a and b', 'a, b, and c' (or with 'or')."""
    if len(items) <= 2:
        return f" {joiner} ".join(items)
    return f"{', '.join(items[:-1])}, {joiner} {items[-1]}"


def routine_intro(name: str, duration: str, tools: tuple[str, ...]) -> str:
    """What is said before a routine's cautions."""
    return f"The {name}: {duration}, with {spoken_list(tools)}."


def remember(reminder: str) -> str:
    """A routine's cautions in short, when it is carried on in a later session."""
    return reminder if reminder.lower().startswith("remember") else f"Remember: {reminder}"


def side_intro(side: str, first: bool) -> str:
    """Said at the start of each side of a sides block."""
    return f"First, your {side} side." if first else f"Now your {side} side."


def next_side(side: str) -> str:
    """The closing prompt at the end of a side."""
    return f"When you're ready for the {side} side, say next."


def hold_left(seconds: int) -> str:
    """Said when a hold continues after an interruption."""
    return f"About {seconds} seconds left in this hold."


def title(text: str) -> str:
    """Text with its first letter made upper case, the rest as written ("McKenzie" stays)."""
    return text[:1].upper() + text[1:]


def recue(text: str, side: str | None) -> str:
    """Where the ball or hand goes back when a hold resumes, with the side it is on."""
    return f"{title(side)} side. {text}" if side else text


def hold_again(seconds: int) -> str:
    """Said when a hold starts its count again after a long interruption."""
    return f"{RESTART_COUNT} {seconds} seconds."


def routine_card(routine: Routine) -> tuple[str, str]:
    """Title and text of the card shown when a routine starts."""
    return title(routine.name), " ".join((routine.summary, *routine.cautions))


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
WELCOME_FIRST = f"Welcome to {SKILL_NAME}. I guide short routines that may ease a tight back."
WELCOME_BACK = "Welcome back."
WHAT_TO_SAY = "Tell me where it's tight, or say list routines."
WHAT_NOW = "What would you like to do?"
WHAT_NEXT = "What would you like to do next?"
CHOOSE = "Which routine would you like? Or say list routines."
GENERAL_REPROMPT = "You can say list routines, or ask a question. What would you like to do?"
ROUTINE_REPROMPT = "Say next to carry on, repeat to hear that again, or stop to finish."
ROUTINE_REPROMPTS = (
    ROUTINE_REPROMPT,
    "When you're ready, say next. Or say repeat, or stop.",
    "Take your time. Say next to go on, or stop to finish.",
)
GENERAL_REPROMPTS = (
    GENERAL_REPROMPT,
    "What would you like to do? You can tell me where it's tight, or ask a question.",
    "You can start a routine, or ask me something. What would you like?",
)
# Reprompts said often enough to vary: the first of each is the one the code names.
VARIANTS = {ROUTINE_REPROMPT: ROUTINE_REPROMPTS, GENERAL_REPROMPT: GENERAL_REPROMPTS}


def vary(text: str, n: int) -> str:
    """``text``, or on turn ``n`` one of its variants when it has some."""
    options = VARIANTS.get(text)
    return pick(options, n) if options else text


UNKNOWN_ROUTINE = "I don't have a routine by that name."


LISTED = 3  # routines named at a time: more can't be followed by ear


def offered(name: str, duration: str) -> str:
    """One routine as offered: 'the knuckle press, about 3 minutes'."""
    return f"the {name}, {duration}"


def by_area(groups: list[tuple[str, list[str]]]) -> str:
    """'For your lower back, the knuckle press, about 3 minutes, or the side release, about 5
    minutes. For your seat, ...'."""
    return " ".join(f"For your {area}, {', or '.join(items)}." for area, items in groups)


def routine_count(count: int) -> str:
    """Before the first page of the list."""
    return f"There are {count} routines." if count != 1 else "There is one routine."


NO_ROUTINES = "There are no routines yet."


MORE_OTHERS = "Or say more, for the others."
LIST_MORE = f"Which would you like? {MORE_OTHERS}"
LIST_WRAP_UP = "There's also the {name}, for easy movement afterwards."
LIST_LAST = "Which would you like?"


def which_one(names: list[str]) -> str:
    """Asked again at a choice of routines."""
    return f"Which would you like: {spoken_list([f'the {n}' for n in names], 'or')}?"


START_REPROMPT = "Shall we start it? Please say yes or no."


def start_offered(name: str) -> str:
    """One routine offered: the yes or no question."""
    return f"Shall we start the {name}?"


# --- suggestions ---
SUGGEST_OPEN = "It depends where it's tight."
SUGGEST_CLOSING = "Which would you like? Or tell me where it's tight."
TOO_LONG = "Nothing is quite that short."
NO_AREA = "I don't have a routine just for your {area} yet."
NO_BALL = "No ball needed."
NO_BALL_NONE = "Those all need a ball."


def routine_info(name: str, duration: str, areas: str, tools: tuple[str, ...]) -> str:
    """Answer to 'how long is the knuckle press?'."""
    return f"The {name} takes {duration}. It's for your {areas}, with {spoken_list(tools)}."


def tools_for(name: str, tools: tuple[str, ...]) -> str:
    """Answer to 'what do I need?' in a routine, or asked about starting one."""
    return f"For the {name}, you need {spoken_list(tools)}."


# --- what a body says ---
# {emergency_number} is filled in for the locale (speech.topics.fill).
EMERGENCY = (
    "That may need help right away. Call {emergency_number} now, or ask someone near you to call."
)
EMERGENCY_TITLE = "Call for help now"
SAME_DAY = (
    "Please leave the routines for now, and see a doctor today about that. "
    "If it gets worse, or you feel very unwell, call {emergency_number}."
)


STOP_NOW = {
    "ball": "Come off the ball now, and rest.",
    "hands": "Take your hands away now, and rest.",
    "nothing": "Stop now, and rest.",
}
STOP_SIGN = (
    "Sharp pain, tingling, numbness or dizziness are signs to stop. If it doesn't settle in a few "
    "minutes, or it comes back, see a doctor or physio."
)
STOP_SIGN_ROUTINE = "We'll leave the {name} there for today."
DOCTOR_FIRST = (
    "After what you told me, please see a doctor before doing these routines. If a doctor says "
    "it's fine, I'll be here."
)
AFTER_STOP_SIGN = "Only go on if what you felt has settled, and stop at once if it comes back."
STOPPED = (
    "Let's leave the {name} for today, after what you felt. If it has settled, you can try it "
    "gently another day."
)
HURTS = {
    "ball": (
        "Ease off the ball a little. Lean in less, or roll an inch to one side. It should be an "
        "ache you can breathe through. If it keeps climbing, stop."
    ),
    "hands": (
        "Ease off a little. Press more lightly, or move an inch to one side. It should be an ache "
        "you can breathe through. If it keeps climbing, stop."
    ),
    "nothing": "Ease off, and go more gently. If it keeps climbing, stop and rest.",
}
HURTS_GENERAL = (
    "If pressing hurts, ease off. Go lighter, or move a little to one side. Aim for an ache you "
    "can breathe through, and stop if it keeps climbing."
)
STILL_ASK = "You can still ask me questions, or say stop to finish."


# --- the yes/no questions: as first asked, asked again after a side question, the reprompt ---
def _check_verbs(carry_on: bool) -> tuple[str, str]:
    return ("carry on", "carry on with") if carry_on else ("start", "start")


def check_intro(carry_on: bool) -> str:
    """The safety check's opening, before its list (a session's first routine, started or
    carried on from an earlier session)."""
    when = _check_verbs(carry_on)[0]
    return f"Before we {when}: {CHECK_LIST_INTRO[0].lower()}{CHECK_LIST_INTRO[1:]}"


CHECK_SHORT = "Same check as before."
CHECK_LIST_INTRO = "See a doctor or physio first if any of these apply."


def check_short_question(routine: str, carry_on: bool) -> str:
    """The returning user's check: one short sentence, the list one 'tell me more' away."""
    verb = _check_verbs(carry_on)[1]
    return (
        f"If none of the reasons to see a doctor first apply today, say yes to {verb} the "
        f"{routine}. Or say tell me more, to hear them."
    )


def check_question(carry_on: bool) -> str:
    """The check's question, right after the routine was asked for (so it needs no name)."""
    verb = _check_verbs(carry_on)[0]
    return f"Shall we {verb}? Say yes if none of these apply, or if a doctor has said it's okay."


def check_again(routine: str, carry_on: bool) -> str:
    """The check asked again after a side answer (which may have read another list)."""
    verb = _check_verbs(carry_on)[1]
    return (
        f"Now, if none of the reasons to see a doctor first apply, shall we {verb} the {routine}?"
    )


def check_reprompt(routine: str, carry_on: bool) -> str:
    verb = _check_verbs(carry_on)[1]
    return f"Shall we {verb} the {routine}? Please say yes or no."


def stopped_at(step: str, routine: str) -> str:
    """Where an unfinished routine stopped (before the carry-on question)."""
    return f"Last time you stopped in the {routine}, at {step}."


def heard_as(name: str | None, label: str, side: str | None) -> str:
    """A step as the listener knows it: 'the tender-spot press on your right side'."""
    if name:
        return f"{name} on your {side} side" if side else name
    return f"the step that starts: {label.rstrip('.')}"


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
IN_INTRO = "We haven't started the steps yet. These are the cautions."


def time_left(hold_seconds: int | None, routine: str) -> str:
    """Answer to 'how much longer?'."""
    if hold_seconds is not None:
        return f"About {hold_seconds} seconds left in this hold, and {routine} in the routine."
    return f"There's {routine} left in this routine."


def which_step(step: str, routine: str, label: str | None) -> str:
    """Answer to 'which step am I on?'."""
    return f"You're at {step}, in the {routine}." + (f" {label}" if label else "")


GOODBYE = "Okay. Goodbye for now."
FORGOTTEN = "Done. I've forgotten your progress. Goodbye for now."
KEPT = "Okay, I've kept it."
FORGET_FAILED = (
    "Sorry, I couldn't forget your progress just now, so it is still stored. "
    "Please try again in a little while."
)


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
HELP_CHOOSE = "Say the name of the one you'd like, or ask me a question."
NOT_UNDERSTOOD = "Sorry, I didn't catch that."
NOT_UNDERSTOOD_AGAIN = (  # the first is NOT_UNDERSTOOD
    NOT_UNDERSTOOD,
    "Sorry, I missed that.",
    "I didn't quite get that.",
)
FALLBACK_NEXT = "You can say list routines, or say help."
FALLBACK_IN_ROUTINE = "If anything hurts, tingles or feels wrong, tell me, or say stop."
RESUME_OR_ASK = "Say resume to carry on, or ask, is this safe?"
FALLBACK_AT_PROMPT = "Say next when you're ready, or say help."
AFTER_MORE = "What else would you like? You can start a routine or ask another question."


def unknown_topic(topics: str) -> str:
    return f"I can explain these topics: {topics}."


NO_THANKS = "Okay."
NOTHING_OFFERED = "What would you like to do? You can say list routines, or say help."
ERROR = "Sorry, something went wrong on my side. Please try that again, or say help."
