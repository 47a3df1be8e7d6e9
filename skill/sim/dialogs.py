"""Scripted conversations: YAML dialog files of turns and what must hold about each answer."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skill.content.checker import Checker, parse
from skill.content.errors import ContentError, Problem
from skill.content.schema import Choice, Field, Flag, ListOf, MapOf, Record, Text
from skill.sim.chat import command, is_touch, utter
from skill.sim.client import Exchange, SimError, Simulator
from skill.sim.screen import screen_lines
from skill.speech.ssml import plain_text

TEXTS = ListOf("Text, or a list of texts.", Text("Text."), 1, single=True)
EXPECT = Record(
    "expectation",
    "What must hold about the answer to this turn.",
    (
        Field("intent", Text("The intent it was understood as (or LaunchRequest).")),
        Field("says", TEXTS),
        Field("not_says", TEXTS),
        Field("matches", Text("A regular expression found in the speech.")),
        Field("reprompt", TEXTS),
        Field("card", Text("Text in the card's title or content.")),
        Field("screen", TEXTS),
        Field("ends", Flag("The session ends (true) or stays open (false).")),
        Field("silent", Flag("Nothing is said (true).")),
        Field(
            "attributes",
            MapOf(
                "Session attributes by dotted path, e.g. coach.routine_id: knuckle-press.",
                r"^[A-Za-z_][\w.]*$",
                "a dotted path",
                Text("The value, as text."),
            ),
        ),
    ),
)
TURN = Record(
    "turn",
    "What the user says (or a :command such as ':wait 30'), and what must hold.",
    (
        Field("say", Text("An utterance or a chat :command."), required=True),
        Field("expect", EXPECT),
    ),
)
DIALOG = Record(
    "dialog",
    "A scripted conversation.",
    (
        Field("name", Text("What it shows."), required=True),
        Field("locale", Text("The locale.", r"^[a-z]{2}-[A-Z]{2}$", "a locale such as en-GB")),
        Field("device", Choice("A speaker, or a device with a screen.", ("voice", "show"))),
        Field(
            "content",
            Text(
                "The content folder this dialog is written for, relative to the dialog file "
                "(default: the one the command serves). Ignored against a server (--url)."
            ),
        ),
        Field("turns", ListOf("The turns, in order.", TURN, 1), required=True),
    ),
)


@dataclass(frozen=True)
class Turn:
    say: str
    expect: dict[str, Any]
    line: int


@dataclass(frozen=True)
class Dialog:
    file: str
    name: str
    locale: str
    screen: bool
    turns: tuple[Turn, ...]
    content: str | None = None  # the content folder it is written for


def load_dialog(path: str | Path) -> Dialog:
    """Read and check a dialog file; ContentError lists every problem with file:line."""
    shown = str(path)
    checker = Checker(shown)
    node, problems = parse(Path(path).read_text(encoding="utf-8"), shown)
    data = checker.check(node, DIALOG) if node is not None else None
    problems += checker.problems
    for i, raw in enumerate((data or {}).get("turns", [])):
        pattern = (raw.get("expect") or {}).get("matches")
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as exc:
                line, col = checker.where(("turns", i, "expect", "matches"))
                problems.append(
                    Problem(
                        shown,
                        line,
                        col,
                        ("turns", i, "expect", "matches"),
                        f"not a regular expression: {exc}",
                    )
                )
    if problems or data is None:
        raise ContentError(problems)
    turns = tuple(
        Turn(t["say"], t.get("expect") or {}, checker.where(("turns", i))[0])
        for i, t in enumerate(data["turns"])
    )
    content = data.get("content")
    return Dialog(
        shown,
        data["name"],
        data.get("locale", "en-US"),
        data.get("device") == "show",
        turns,
        None if content is None else str(Path(path).parent / content),
    )


MISSING = object()


def _attribute(attributes: dict[str, Any], path: str) -> object:
    """The attribute at a dotted path as text, or MISSING where there is none."""
    value: Any = attributes
    for part in path.split("."):
        value = value.get(part, MISSING) if isinstance(value, dict) else MISSING
        if value is MISSING:
            return MISSING
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def check(exchange: Exchange, expect: dict[str, Any]) -> list[str]:
    """What does not hold about an answer (empty when all is well)."""
    speech, failures = plain_text(exchange.speech), []
    understood = exchange.understood
    meaning = "" if understood is None else understood.request
    if "intent" in expect and meaning != expect["intent"]:
        failures.append(f"understood as {meaning or 'nothing'}, expected {expect['intent']}")
    # Text is found ignoring case: "says: stop" holds for "Stop at once".
    heard, reprompt = speech.casefold(), plain_text(exchange.reprompt)
    for text in expect.get("says", []):
        if text.casefold() not in heard:
            failures.append(f"speech lacks '{text}': {speech[:300]!r}")
    for text in expect.get("not_says", []):
        if text.casefold() in heard:
            failures.append(f"speech has '{text}'")
    if "matches" in expect and not re.search(expect["matches"], speech):
        failures.append(f"speech does not match /{expect['matches']}/: {speech[:300]!r}")
    for text in expect.get("reprompt", []):
        if text.casefold() not in reprompt.casefold():
            failures.append(f"reprompt lacks '{text}': {reprompt!r}")
    if "card" in expect:
        card = f"{exchange.card.get('title', '')} {exchange.card.get('content', '')}"
        if expect["card"].casefold() not in card.casefold():
            failures.append(f"card lacks '{expect['card']}': {card!r}")
    shown = "\n".join(screen_lines(exchange.screen)) if exchange.screen else ""
    for text in expect.get("screen", []):  # as chat prints it (a device with a screen)
        if text.casefold() not in shown.casefold():
            failures.append(f"screen lacks '{text}': {shown[:300]!r}" if shown else "no screen")
    if "ends" in expect and exchange.ends != expect["ends"]:
        failures.append("the session " + ("stays open" if expect["ends"] else "ends"))
    if "silent" in expect and (not speech) != expect["silent"]:
        failures.append("something was said" if expect["silent"] else "nothing was said")
    for path, wanted in (expect.get("attributes") or {}).items():
        got = _attribute(exchange.attributes, path)
        if got is MISSING:
            failures.append(f"no such attribute {path} (expected {wanted!r})")
        elif got != wanted:
            failures.append(f"attribute {path} is {got!r}, expected {wanted!r}")
    return failures


@dataclass
class Outcome:
    """How one dialog went: a line per checked turn."""

    dialog: Dialog
    lines: list[str] = field(default_factory=list)
    failed: int = 0
    passed: int = 0


def run_dialog(dialog: Dialog, make: Callable[[Dialog], Simulator]) -> Outcome:
    """Play a dialog against a fresh simulator; every turn with an 'expect' is checked, and
    every turn has a line ('said' for one with nothing to check)."""
    sim = make(dialog)
    outcome = Outcome(dialog)
    sink = io.StringIO()  # what commands print is not part of the result
    for turn in dialog.turns:
        where = f"{dialog.file}:{turn.line}"
        if turn.say.startswith(":") and not is_touch(turn.say):
            command(sim, turn.say, sink)
            continue
        try:
            exchange = utter(sim, turn.say)
        except SimError as exc:
            outcome.failed += 1
            outcome.lines.append(f"FAIL {where}: '{turn.say}': {exc}")
            continue
        if not turn.expect:
            outcome.lines.append(f"said {where}: '{turn.say}'")
            continue
        failures = check(exchange, turn.expect)
        if failures:
            outcome.failed += 1
            outcome.lines.append(f"FAIL {where}: '{turn.say}': " + "; ".join(failures))
        else:
            outcome.passed += 1
            outcome.lines.append(f"pass {where}: '{turn.say}'")
    return outcome
