"""What a routine will sound like: each response's words, holds, timing and share of limits."""

from __future__ import annotations

from typing import Any

from skill.conversation.pacing import FIRST_HOLD_LIMIT, FIRST_RESPONSE_LIMIT, Pacing
from skill.speech.display import display
from skill.speech.planner import Plan, PlannedResponse
from skill.speech.prompts import BRIEFING_AGAIN, minutes
from skill.speech.ssml import MAX_AUDIO_SECONDS, MAX_SSML_CHARS, speak


def response_row(response: PlannedResponse) -> dict[str, Any]:
    """One response as data: SSML, estimated seconds, characters and shares of the limits."""
    return {
        "index": response.index + 1,
        "ssml": speak(response.ssml),
        "seconds": round(response.seconds, 1),
        "chars": response.chars,
        "share_of_seconds": round(response.seconds / MAX_AUDIO_SECONDS, 3),
        "share_of_chars": round(response.chars / MAX_SSML_CHARS, 3),
        "steps": list(response.steps),
        "text": display(response.ssml),
    }


def preview_json(plan: Plan) -> list[dict[str, Any]]:
    """Every response of the routine, as a list of objects."""
    return [response_row(r) for r in plan.responses]


def pacing_lines(pacing: Pacing) -> list[str]:
    """The waits a listener has, against the limits the start-up checks enforce."""
    first_hold = (
        "no hold"
        if pacing.first_hold is None
        else f"about {pacing.first_hold:.0f} s (at most {FIRST_HOLD_LIMIT:.0f} s for a routine)"
    )
    return [
        f"Pacing: first response about {pacing.first_response:.0f} s before the first 'say "
        f"next' (at most {FIRST_RESPONSE_LIMIT:.0f} s)",
        f"        a first-time user hears {first_hold} from asking for it to the first hold",
        f"        the safety check takes about {pacing.check:.0f} s the first time"
        + ("" if pacing.check_again is None else f", {pacing.check_again:.0f} s after that"),
    ]


def preview_text(plan: Plan, pacing: Pacing, briefing: str) -> str:
    """A readable preview for authors."""
    routine = plan.routine
    out = [
        f"{routine.name} ({routine.id}, {routine.origin.file})",
        f"{len(plan.steps)} steps, {len(plan.responses)} responses, {minutes(plan.seconds)} "
        f"({plan.seconds:.0f} s of speech and holds, not counting your replies)",
        *pacing_lines(pacing),
    ]
    for response in plan.responses:
        row = response_row(response)
        out += [
            "",
            f"-- Response {row['index']} of {len(plan.responses)}: about {row['seconds']:.0f} s "
            f"({row['share_of_seconds']:.0%} of {MAX_AUDIO_SECONDS:.0f} s), {row['chars']} "
            f"characters ({row['share_of_chars']:.0%} of {MAX_SSML_CHARS:,})",
        ]
        if response.index == plan.briefing_at:
            out += [
                f"[first, once a session: {briefing}]",
                f"[in later routines of that session: {BRIEFING_AGAIN}]",
            ]
        out.append(row["text"])
    return "\n".join(out) + "\n"
