"""Screens as APL: one document per screen kind (JSON beside this module) and its datasource.

The step document keeps a ``now`` value that a tick handler sets to ``elapsedTime`` every
half second or so (measured, never counted), and shows each part of the datasource while
``now`` is inside its window; the countdown and the hold's bar are worked out from the same ``now``.
Times are whole milliseconds after the speech starts: a hold counts down from ``countFrom``
to ``holdTo``, and its bar fills from ``holdFrom``. While the routine plays, an ``Idle``
command with ``screenLock`` keeps the screen on for as long as the speech lasts. A screen
that is not running (paused, waiting) has no ticks: it shows its moment, time 0.

Touch: each button sends ``Alexa.Presentation.APL.UserEvent`` with one argument, a
``BUTTONS`` word, which the skill handles as the spoken intent (``handlers.touch``).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skill.conversation.screen import Screen, Shown, StepScreen

if TYPE_CHECKING:
    from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

DOCUMENTS = Path(__file__).parent
VERSION = "2024.2"  # every document's; a device whose APL runtime is older gets no screen
STEP, TEXT = "step", "text"  # the document kinds, and the datasource keys they read
TOKENS = {STEP: "routine-step", TEXT: "routine-text"}
# Each button by its event, which is the value of the Action it stands for (handlers.touch).
BUTTONS = {"next": "Next", "pause": "Pause", "resume": "Resume", "repeat": "Repeat"}
FOREVER = 10**12  # ms: the last part stays on screen after the speech ends


@cache
def document(kind: str) -> dict[str, Any]:
    """The APL document for a screen kind, read once."""
    loaded: dict[str, Any] = json.loads((DOCUMENTS / f"{kind}.json").read_text("utf-8"))
    return loaded


def runs_on(max_version: object) -> bool:
    """Whether a device whose APL runtime goes up to ``max_version`` ("2023.3", "1.9") shows
    our documents; a device that does not say is taken to."""
    if not isinstance(max_version, str):
        return True
    return _numbers(max_version) >= _numbers(VERSION)


def _numbers(version: str) -> tuple[int, ...]:
    """A version's numbers, to compare ("2024.2" -> (2024, 2)); (0,) when it is not one."""
    parts = version.split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else (0,)


def kind_of(screen: Screen) -> str:
    """Which document shows a screen."""
    return STEP if isinstance(screen, StepScreen) else TEXT


def datasources(screen: Screen) -> dict[str, Any]:
    """The datasource a screen's document reads (``payload.<kind>.properties``)."""
    if not isinstance(screen, StepScreen):
        return {
            TEXT: {"type": "object", "properties": {"title": screen.title, "text": screen.text}}
        }
    # A lead's buttons are those of the part it leads into (no Pause before "say next").
    buttons = [_buttons(screen, p) for p in screen.parts]
    for i, part in enumerate(screen.parts[:-1]):
        if part.role == "lead":
            buttons[i] = buttons[i + 1]
    parts = [_part(p, b) for p, b in zip(screen.parts, buttons, strict=True)]
    if parts:  # the first part is on from the start, the last stays on after the speech
        parts[0]["from"], parts[-1]["to"] = min(parts[0]["from"], 0), FOREVER
    properties = {
        "routine": screen.routine,
        "status": "Paused" if screen.paused else "",
        "running": screen.running,
        "lockMs": _ms(screen.seconds),
        "parts": parts,
    }
    return {STEP: {"type": "object", "properties": properties}}


def _ms(seconds: float) -> int:
    """Seconds as the whole milliseconds a document reads."""
    return round(seconds * 1000)


def _buttons(screen: StepScreen, part: Shown) -> list[dict[str, str]]:
    """What can be pressed while a part is on: Pause (Resume when paused), Repeat and Next;
    at "say next" nothing plays, so no Pause; at the routine's question, only Repeat (it is
    answered by voice)."""
    events: tuple[str, ...]
    if screen.paused:
        events = ("resume", "repeat", "next")
    elif part.role == "closing":
        events = ("repeat",) if screen.last else ("repeat", "next")
    else:
        events = ("pause", "repeat", "next")
    return [{"label": BUTTONS[e], "event": e} for e in events]


def _part(part: Shown, buttons: list[dict[str, str]]) -> dict[str, Any]:
    """A part as the document reads it. A hold picked up part-way counts down from when the
    routine's speech starts again (``countFrom``), not while an answer is said in front."""
    cues = [
        {"from": _ms(cue.at), "to": _ms(after.at) if after else FOREVER, "text": cue.text}
        for cue, after in zip(part.cues, (*part.cues[1:], None), strict=False)
    ]
    held = part.hold is not None
    return {
        "from": _ms(part.start),
        "to": _ms(part.end),
        "role": part.role,
        "heading": part.heading,
        "name": part.name,
        "side": part.side,
        "text": part.text,
        "after": part.after,
        "hold": held,
        "holdFrom": _ms(part.hold_start) if held else 0,
        "holdTo": _ms(part.hold_start + (part.hold or 0)) if held else 0,
        "countFrom": _ms(part.count_from) if held else 0,
        "cues": cues,
        "buttons": buttons,
    }


def render_directive(screen: Screen) -> RenderDocumentDirective:
    """The RenderDocument directive that shows ``screen``."""
    # Imported here: the SDK's APL package is some 200 classes, which only screens need.
    from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

    kind = kind_of(screen)
    return RenderDocumentDirective(
        token=TOKENS[kind], document=document(kind), datasources=datasources(screen)
    )
