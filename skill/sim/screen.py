"""What a screen device would show for a response, read from its APL datasource as text."""

from __future__ import annotations

from typing import Any, NamedTuple

from skill.apl import STEP, TEXT
from skill.speech.timeline import whole_seconds

RENDER = "Alexa.Presentation.APL.RenderDocument"


class Rendered(NamedTuple):
    """A response's screen: its kind ("step" or "text") and the datasource's properties."""

    kind: str
    properties: dict[str, Any]


def screen_of(response: dict[str, Any]) -> Rendered | None:
    """The screen a response renders, if it carries a RenderDocument of ours."""
    for directive in response.get("response", {}).get("directives") or []:
        if isinstance(directive, dict) and directive.get("type") == RENDER:
            sources = directive.get("datasources") or {}
            for kind in (STEP, TEXT):
                if isinstance(sources.get(kind), dict):
                    return Rendered(kind, sources[kind].get("properties") or {})
    return None


def clock(ms: float) -> str:
    """Milliseconds as the countdown shows them (m:ss), rounded as the speech rounds the
    seconds it says are left."""
    seconds = max(0, whole_seconds(ms / 1000))
    return f"{seconds // 60}:{seconds % 60:02d}"


def part_at(properties: dict[str, Any], ms: float) -> dict[str, Any] | None:
    """The part of a step screen on show ``ms`` after the speech began."""
    parts = properties.get("parts") or []
    return next((p for p in parts if p["from"] <= ms < p["to"]), None)


def countdown(part: dict[str, Any], ms: float) -> str:
    """A hold's countdown at ``ms``: its full length before it starts, then what is left."""
    return clock(part["holdTo"] - max(ms, part["countFrom"]))


def _short(text: str, words: int = 8) -> str:
    """The first few words of a text."""
    split = text.split()
    return " ".join(split[:words]) + (" ..." if len(split) > words else "")


def screen_lines(shown: Rendered) -> list[str]:
    """The screen as lines of text: a text screen's title and text; a step screen's parts
    (each with its hold's length), or, paused, the one part with its time left."""
    p = shown.properties
    if shown.kind == TEXT:
        return [f"{p.get('title', '')}: {p.get('text', '')}"]
    status = f" ({p['status'].lower()})" if p.get("status") else ""
    lines = [f"{p.get('routine', '')}{status}"]
    before: dict[str, Any] = {}
    for part in p.get("parts") or []:
        said = part["name"] or part["text"]
        line = " · ".join(x for x in (part["heading"], said, part["side"]) if x)
        if part.get("role") == "lead":  # what is said in front of the routine's own words
            line = f"first: {_short(part['text'])}"
        elif part.get("role") == "closing":  # under the part before it
            same = before.get("heading") == part["heading"] and part["heading"]
            line = (
                f"then: {part['after']}" if same or not line else f"{line}; then: {part['after']}"
            )
        before = part
        if part["hold"]:
            start = max(0.0, part["countFrom"] / 1000)
            left = countdown(part, 0)
            line += f" [{left} left]" if not p["running"] else f" [hold {left} from {start:.0f} s]"
        lines.append(line)
    first = (p.get("parts") or [{}])[0]  # what can be pressed as the screen comes up
    lines.append(" ".join(f"[{b['label']}]" for b in first.get("buttons") or []))
    return lines
