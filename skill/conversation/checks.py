"""Start-up checks that every fixed reply (topics, the safety check, lists) fits Alexa's limits."""

from __future__ import annotations

from skill.content.catalog import Catalog
from skill.content.errors import Origin, Problem
from skill.conversation.coach import Coach
from skill.conversation.draft import Draft
from skill.conversation.record import UserRecord
from skill.conversation.session import Key, Session
from skill.conversation.turn import Action, Request
from skill.speech.planner import Plan
from skill.speech.ssml import limit_problems

UNLISTED_LOCALE = "xx-XX"  # stands for any locale without its own emergency number


def reply_problems(catalog: Catalog, plans: dict[str, Plan]) -> list[Problem]:
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
        for key in (Key.SAFETY_CHECK, Key.CARRY_ON_CHECK)
    ]
    problems: dict[Origin, Problem] = {}
    for key, arg, origin in checks:
        for locale in locales:
            draft = Draft(Request(Action.FALLBACK, 0.0, locale), Session(), UserRecord())
            reply = coach.voice.render(draft, key, arg)
            for problem in limit_problems(reply.speech, headroom=True):
                message = f"this makes a reply of {problem} (in {locale}); shorten it"
                problems.setdefault(origin, origin.problem(message))
    return list(problems.values())
