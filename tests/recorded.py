"""Recorded conversations: every request envelope of the dialog files (and of a regular user's
conversation, with 200 finished routines stored) with the response the skill gave, kept in
tests/recorded/ so that work on speed can show its responses are byte-identical to before.

Run ``.venv/bin/python tests/recorded.py`` to record them again, after a change that is meant
to change what the skill says; tests/test_recorded.py replays them.
"""

from __future__ import annotations

import json
import random
import sys
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter  # noqa: E402

from skill.cli import DIALOG_START  # noqa: E402
from skill.conversation.history import MAX_HISTORY  # noqa: E402
from skill.door import invoke  # noqa: E402
from skill.library import Library, load_library  # noqa: E402
from skill.sim.client import Simulator, catalog_models  # noqa: E402
from skill.sim.dialogs import Dialog, load_dialog, run_dialog  # noqa: E402
from skill.sim.envelope import SIM_USER_ID  # noqa: E402
from skill.skill_builder import build_skill  # noqa: E402
from skill.storage.keys import key_of  # noqa: E402
from skill.storage.memory import MemoryAdapter  # noqa: E402

RECORDED = HERE / "recorded"
CONTENT = HERE / "fixtures" / "content"
DIALOGS = HERE / "dialogs"
Payload = dict[str, Any]

# A regular user: 200 runs finished over the last 50 days (the stored cap), as version 2 of the
# record stored them, then the bench's mix of turns.
REGULAR_TURNS = (
    "open back release coach",
    "how am I doing this week",
    "start the palm press",
    "yes",
    "next",
    "next",
    "what is fascia",
    "yes",
    "is this safe",
    "stop",
)


def regular_seed(
    now: float = DIALOG_START,
    runs: int = MAX_HISTORY,
    routines: tuple[str, ...] = ("palm-press", "ball-lean", "easy-walk"),
) -> Payload:
    """The stored record of a user with ``runs`` routines finished over the 50 days before
    ``now`` (by default the most history the record keeps), as version 2 stored it."""
    start = now - 50 * 86400
    history = [
        {
            "routine": routines[i % len(routines)],
            "run": start + i * 21600.0,
            "finished_at": start + i * 21600.0 + 300,
        }
        for i in range(runs)
    ]
    return {
        "heard_disclaimer": True,
        "heard_check": True,
        "place": None,
        "ended": [h["run"] for h in history[-20:]],
        "history": history,
        "updated_at": history[-1]["finished_at"] if history else start,
        "v": 2,
    }


def seeded_store(seed: Payload | None) -> MemoryAdapter:
    """A store holding ``seed`` as the simulated user's record."""
    store = MemoryAdapter()
    if seed is not None:
        store._data[key_of(SIM_USER_ID)] = seed
    return store


def conversation(
    library: Library,
    store: AbstractPersistenceAdapter,
    dialog: Dialog | None,
    turns: Sequence[str] = REGULAR_TURNS,
    now: float = DIALOG_START,
) -> list[tuple[Payload, Payload]]:
    """The exchanges of one dialog (or, without one, of ``turns``), in order."""
    skill = build_skill(library, store)
    exchanges: list[tuple[Payload, Payload]] = []

    def transport(payload: Payload) -> Payload:
        request = json.loads(json.dumps(payload))
        response = invoke(skill, payload)
        exchanges.append((request, json.loads(json.dumps(response))))
        return response

    models = catalog_models(library.catalog)
    if dialog is None:
        sim = Simulator(transport, now=now, models=models)
        for turn in turns:
            sim.say(turn)
    else:
        outcome = run_dialog(
            dialog,
            lambda d: Simulator(
                transport, now=now, models=models, locale=d.locale, screen=d.screen
            ),
        )
        assert not outcome.failed, outcome.lines
    return exchanges


def recordings() -> Iterator[tuple[str, Payload | None, Dialog | None]]:
    """Each recording's name, its stored record beforehand, and its dialog (if it has one)."""
    for path in sorted(DIALOGS.glob("*.yaml")):
        yield path.stem, None, load_dialog(path)
    yield "regular-user", regular_seed(), None


def _ids_from(name: str) -> Callable[[], uuid.UUID]:
    """uuid4 made repeatable: random ids drawn from a generator seeded with ``name``."""
    ids = random.Random(name)
    return lambda: uuid.UUID(int=ids.getrandbits(128), version=4)


def main() -> int:
    library = load_library(CONTENT)
    RECORDED.mkdir(exist_ok=True)
    for name, seed, dialog in recordings():
        # Request and session ids drawn from the recording's name, so that recording again
        # changes only what the skill says differently.
        uuid.uuid4 = _ids_from(name)
        exchanges = conversation(library, seeded_store(seed), dialog)
        data = {
            "seed": seed,
            "exchanges": [{"request": q, "response": a} for q, a in exchanges],
        }
        path = RECORDED / f"{name}.json"
        path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(HERE.parent)} ({len(exchanges)} exchanges)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
