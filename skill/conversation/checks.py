"""Start-up checks: every fixed reply (topics, the safety check, lists) fits Alexa's limits, and
every routine keeps to the pacing limits (see ``pacing``)."""

from __future__ import annotations

from skill.content.catalog import Catalog
from skill.content.errors import Origin, Problem
from skill.conversation.coach import Coach
from skill.conversation.draft import Draft
from skill.conversation.pacing import FIRST_HOLD_LIMIT, FIRST_RESPONSE_LIMIT, pacing
from skill.conversation.record import UserRecord
from skill.conversation.session import Key, Session
from skill.conversation.turn import Action, Request
from skill.speech.planner import Plans
from skill.speech.ssml import limit_problems

UNLISTED_LOCALE = "xx-XX"  # stands for any locale without its own emergency number


def reply_problems(catalog: Catalog, plans: Plans) -> list[Problem]:
    """Problems with replies built from content, in every locale, each reported once."""
    coach = Coach(catalog, plans)
    locales = [locale for locale, _ in catalog.safety.emergency_numbers] + [UNLISTED_LOCALE]
    checks: list[tuple[Key, str, Origin]] = [
        (key, topic.id, topic.origin.at(part))
        for topic in catalog.topics
        for key, part in ((Key.TOPIC, "brief"), (Key.MORE, "more"))
    ]
    checks += [
        (key, r.id, catalog.safety.origin.at("screen"))
        for r in catalog.routines
        for key in (Key.SAFETY_CHECK, Key.CARRY_ON_CHECK, Key.SHORT_CHECK, Key.CHECK_LIST)
    ]
    problems: dict[Origin, Problem] = {}
    for routine in catalog.routines:
        for message in pacing_problems(coach, routine.id):
            origin = routine.origin.at("cautions")
            problems.setdefault(origin, origin.problem(message))
    for key, arg, origin in checks:
        for locale in locales:
            draft = Draft(Request(Action.FALLBACK, 0.0, locale), Session(), UserRecord())
            reply = coach.voice.render(draft, key, arg)
            for problem in limit_problems(reply.speech, headroom=True):
                message = f"this makes a reply of {problem} (in {locale}); shorten it"
                problems.setdefault(origin, origin.problem(message))
    return list(problems.values())


def pacing_problems(coach: Coach, routine: str) -> list[str]:
    """What keeps a routine from the pacing limits, as messages that say what to shorten."""
    found = pacing(coach, routine)
    problems = []
    if found.first_response > FIRST_RESPONSE_LIMIT:
        problems.append(
            f"the first response takes about {found.first_response:.0f} s before the first "
            f"'say next' (at most {FIRST_RESPONSE_LIMIT:.0f} s): shorten the cautions or the "
            "steps before the first hold"
        )
    pressing = coach.catalog.routine(routine).kind == "routine"  # the wrap-up is never first
    if pressing and found.first_hold is not None and found.first_hold > FIRST_HOLD_LIMIT:
        problems.append(
            f"a first-time user hears about {found.first_hold:.0f} s before the first hold (at "
            f"most {FIRST_HOLD_LIMIT:.0f} s, counting the disclaimer and the safety check): "
            "shorten the cautions or the steps before it"
        )
    return problems
