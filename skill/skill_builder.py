"""Build the skill: one ordered list of handlers around the Coach, and the interceptors that
load and save the user's record around every turn."""

from __future__ import annotations

import time

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder

from skill.conversation.coach import Coach
from skill.handlers import (
    answers,
    body,
    builtin,
    choosing,
    explain,
    launch,
    progress,
    routine,
    touch,
)
from skill.handlers.common import Clock, TurnHandler
from skill.handlers.dispatch import TableMapper
from skill.handlers.errors import CatchAllExceptionHandler, RequestLogger, UnknownRequestHandler
from skill.handlers.memory import LoadRecord, SaveRecord
from skill.library import Library
from skill.storage.memory import MemoryAdapter

# Order matters: the first handler whose can_handle is true answers (found by table, see
# handlers.dispatch). Specific handlers first; the unknown-request handler must stay last.
HANDLERS: tuple[type[TurnHandler], ...] = (
    launch.LaunchRequestHandler,
    launch.SessionEndedRequestHandler,
    body.EmergencyIntentHandler,
    body.SameDayIntentHandler,
    body.StopSignIntentHandler,
    body.HurtsIntentHandler,
    routine.ListRoutinesIntentHandler,
    routine.StartRoutineIntentHandler,
    choosing.SuggestIntentHandler,
    choosing.NoBallIntentHandler,
    choosing.RoutineInfoIntentHandler,
    choosing.ToolsIntentHandler,
    routine.NextIntentHandler,
    routine.PreviousIntentHandler,
    routine.RepeatIntentHandler,
    routine.StartOverIntentHandler,
    routine.PauseIntentHandler,
    routine.ResumeIntentHandler,
    routine.SkipHoldIntentHandler,
    routine.HowMuchLongerIntentHandler,
    routine.WhichStepIntentHandler,
    explain.ExplainIntentHandler,
    explain.HowHardIntentHandler,
    explain.HowOftenIntentHandler,
    explain.HowItHelpsIntentHandler,
    explain.SafetyIntentHandler,
    explain.TellMeMoreIntentHandler,
    progress.WeekIntentHandler,
    progress.ForgetProgressIntentHandler,
    builtin.HelpIntentHandler,
    builtin.StopIntentHandler,
    builtin.CancelIntentHandler,
    builtin.NavigateHomeIntentHandler,
    builtin.YesIntentHandler,
    builtin.NoIntentHandler,
    answers.OkayIntentHandler,
    answers.UnsureIntentHandler,
    builtin.FallbackIntentHandler,
    touch.TouchEventHandler,
    UnknownRequestHandler,
)


def handled_intents() -> set[str]:
    """Every intent name some handler answers."""
    return {h.intent for h in HANDLERS if h.request_type == "IntentRequest" and h.intent}


def build_skill(
    library: Library,
    store: AbstractPersistenceAdapter | None = None,
    clock: Clock = time.time,
) -> CustomSkill:
    """The skill, ready to ``invoke``; ``store`` keeps users' progress (in memory by default);
    ``clock`` stands in for requests that carry no timestamp."""
    coach = Coach(library.catalog, library.plans)
    builder = CustomSkillBuilder(persistence_adapter=store or MemoryAdapter())
    for handler in HANDLERS:
        builder.add_request_handler(handler(coach, clock))
    builder.add_global_request_interceptor(RequestLogger())
    builder.add_global_request_interceptor(LoadRecord())
    builder.add_global_response_interceptor(SaveRecord())
    builder.add_exception_handler(CatchAllExceptionHandler())
    config = builder.skill_configuration
    config.request_mappers = [TableMapper(config.request_mappers[0].request_handler_chains)]
    return CustomSkill(skill_configuration=config)
