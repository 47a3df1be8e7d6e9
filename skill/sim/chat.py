"""`routine-skill chat`: type what you would say, see what Alexa would say."""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Callable, Iterable
from typing import TextIO

from skill.sim.client import Exchange, SimError, Simulator
from skill.sim.screen import screen_lines
from skill.speech.display import display
from skill.speech.ssml import plain_text

HELP = """Type what you would say to Alexa, for example:
  open back release coach          start the lower back one       next
  how much longer                  what's a trigger point         pause / resume
  ask back release coach to resume my routine                    stop
Commands:
  :wait SECONDS     let time pass (over 16 s of silence ends an open session, as on a device)
  :at SECONDS       speak SECONDS after the last answer began (to interrupt it mid-hold)
  :new-session      end the session, as when Alexa stops listening
  :locale en-GB     change the locale          :device show|voice   screen or speaker
  :touch pause      press a screen button (next, pause, resume, repeat), on a show
  :help             this text                  :quit                leave"""

MAX_WAIT = 86400.0  # seconds :wait and :at take at most (a day; more leaves the clock's range)
Speaker = Callable[[str], str | None]  # says an answer; returns a line to show, if any


def describe(exchange: Exchange) -> str:
    """What the turn meant and what Alexa answered, for a terminal."""
    lines: list[str] = []
    understood = exchange.understood
    if understood is not None and understood.kind != "empty":
        meaning = understood.request
        for fill in understood.slots:
            got = (
                f"{fill.resolved[1]} (ER_SUCCESS_MATCH)" if fill.resolved else "ER_SUCCESS_NO_MATCH"
            )
            meaning += f" {fill.name}='{fill.value}' -> {got}"
        if understood.one_shot:
            meaning += " (one-shot, new session)"
        lines.append(f"  ({meaning})")
    if exchange.speech:
        text = display(exchange.speech).splitlines()
        lines.append(f"Alexa: {text[0]}")
        lines.extend(f"       {line}" for line in text[1:])
    elif exchange.response:
        lines.append("Alexa: (says nothing)")
    if exchange.reprompt:
        lines.append(f"  reprompt: {plain_text(exchange.reprompt)}")
    if exchange.card:
        lines.append(
            f"  card: {exchange.card.get('title', '')}: {exchange.card.get('content', '')}"
        )
    if exchange.screen is not None:
        shown = screen_lines(exchange.screen)
        lines.append(f"  screen: {shown[0]}")
        lines.extend(f"          {line}" for line in shown[1:])
    if exchange.response:
        lines.append("  [session ended]" if exchange.ends else "  [listening]")
    return "\n".join(lines)


def is_touch(line: str) -> bool:
    """A ':touch EVENT' line: a screen button pressed, answered like an utterance."""
    return line.startswith(":touch ")


def utter(sim: Simulator, line: str) -> Exchange:
    """Say ``line`` to the device, or press the button a ':touch EVENT' line names."""
    return sim.touch(line.removeprefix(":touch ").strip()) if is_touch(line) else sim.say(line)


def command(sim: Simulator, line: str, out: TextIO) -> bool:
    """Run a ':command'; False means quit."""
    name, _, arg = line[1:].partition(" ")
    arg = arg.strip()
    number = re.fullmatch(r"\d{1,6}(\.\d+)?", arg) and float(arg) <= MAX_WAIT
    if name in ("quit", "exit", "q"):
        return False
    if name == "wait" and number:
        was_open = sim.in_session
        sim.wait(float(arg))
        print(
            f"  ({arg} s pass"
            + (", the session ends)" if was_open and not sim.in_session else ")"),
            file=out,
        )
    elif name == "at" and number:
        sim.at(float(arg))
        print(f"  (the clock is now {arg} s after the last answer began)", file=out)
    elif name == "new-session":
        if sim.in_session:
            sim.end_session()
        print("  (new session)", file=out)
    elif name == "locale" and arg:
        sim.set_locale(arg)
        print(f"  (locale {arg})", file=out)
    elif name == "device" and arg in ("show", "voice"):
        sim.screen = arg == "show"
        print(f"  (device: {'screen, APL supported' if sim.screen else 'speaker only'})", file=out)
    elif name == "help":
        print(HELP, file=out)
    elif name in ("wait", "at"):
        print(f"  :{name} takes a number of seconds, up to {MAX_WAIT:g}", file=out)
    else:
        print(f"  unknown command '{line}'; type :help", file=out)
    return True


def turn(sim: Simulator, line: str, out: TextIO, speaker: Speaker | None = None) -> bool:
    """Handle one line typed; False means quit."""
    line = line.strip()
    if not line or line.startswith("#"):
        return True
    if line.startswith(":") and not is_touch(line):
        return command(sim, line, out)
    try:
        exchange = utter(sim, line)
    except SimError as exc:
        print(f"  error: {exc}", file=out)
        return True
    for note in sim.notes:
        print(f"  ({note})", file=out)
    sim.notes.clear()
    print(describe(exchange), file=out)
    if speaker is not None and exchange.speech and (trouble := speaker(exchange.speech)):
        print(f"  {trouble}", file=out)
    return True


def run(
    sim: Simulator,
    source: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
    speaker: Speaker | None = None,
) -> int:
    """The conversation loop: a prompt with line editing at a terminal, or piped lines."""
    if source.isatty():
        with contextlib.suppress(ImportError):  # not on every platform
            import readline  # noqa: F401 - line editing and history for input()
        print(HELP, file=out)
        while True:
            try:
                line = input("you> ")
            except EOFError:
                return 0
            if not turn(sim, line, out, speaker):
                return 0
    return run_lines(sim, source, out, speaker)


def run_lines(
    sim: Simulator, lines: Iterable[str], out: TextIO, speaker: Speaker | None = None
) -> int:
    """Run scripted lines, echoing each one as it would have been typed."""
    for line in lines:
        if line.strip() and not line.lstrip().startswith("#"):
            print(f"you> {line.strip()}", file=out)
        if not turn(sim, line, out, speaker):
            break
    return 0
