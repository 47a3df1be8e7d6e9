"""Read a routines folder into a Catalog, reporting every problem in every file at once."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path as FsPath
from typing import Any

from skill.content.areas import AREAS
from skill.content.catalog import (
    Catalog,
    Cue,
    Routine,
    Safety,
    SideBlock,
    Step,
    Topic,
    normalize_name,
)
from skill.content.checker import Checker, did_you_mean, parse
from skill.content.errors import ContentError, Origin, Path, Problem
from skill.content.schema import ROUTINE, SAFETY, TOPICS, Record

TOPICS_FILE = "topics.yaml"
SAFETY_FILE = "safety.yaml"
# Topics the skill's intents answer directly ("how hard should I press" -> pressure, ...).
REQUIRED_TOPICS = (
    "fascia",
    "myofascial-release",
    "back-pain",
    "trigger-points",
    "pressure",
    "frequency",
    "safety",
)
SIDE_PLACEHOLDERS = ("side", "other_side")
TOPIC_PLACEHOLDERS = (
    "emergency_number",
    "disclaimer",
    "stop_signs",
    "emergency_signs",
    "urgent_signs",
    "screen",
    "never_press",
    "skip",
)
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def placeholders(text: str) -> list[str]:
    """The {names} used in a text."""
    return _PLACEHOLDER.findall(text)


class _FileReader:
    """Checks one file against its spec and builds its objects with origins."""

    def __init__(self, path: FsPath, shown_as: str, spec: Record) -> None:
        self.checker = Checker(shown_as)
        self.data: dict[str, Any] | None = None
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            before = exc.object[: exc.start]  # the bytes before the bad one
            line, column = before.count(b"\n") + 1, exc.start - (before.rfind(b"\n") + 1) + 1
            message = f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x}); save the file as UTF-8"
            self.checker.problems.append(Problem(shown_as, line, column, (), message))
            return
        node, problems = parse(text, shown_as)
        self.checker.problems.extend(problems)
        if node is not None:
            self.data = self.checker.check(node, spec)

    @property
    def problems(self) -> list[Problem]:
        return self.checker.problems

    def origin(self, path: Path) -> Origin:
        line, col = self.checker.where(path)
        return Origin(self.checker.file, line, col, path)

    def report(self, path: Path, message: str) -> None:
        self.checker.report(path, message)

    def check_placeholders(
        self, text: str, path: Path, allowed: tuple[str, ...], where: str
    ) -> None:
        for name in placeholders(text):
            if name not in allowed:
                hint = did_you_mean(name, allowed)
                usable = ", ".join("{" + a + "}" for a in allowed) or "none"
                self.report(
                    path, f"unknown placeholder '{{{name}}}'{hint}; {where} can use: {usable}"
                )


def _cue(reader: _FileReader, raw: Any, path: Path) -> Cue:
    if isinstance(raw, str):
        return Cue(raw, reader.origin(path))
    return Cue("custom", reader.origin(path), at=raw["at"], say=raw["say"])


def _step(reader: _FileReader, raw: dict[str, Any], path: Path, in_sides: bool) -> Step:
    allowed = SIDE_PLACEHOLDERS if in_sides else ()
    where = "a step in a sides block" if in_sides else "a step without sides"
    for key in ("say", "end"):
        if key in raw:
            reader.check_placeholders(raw[key], (*path, key), allowed, where)
    cues = raw.get("cues")
    for key in ("cues", "end"):
        if key in raw and "hold" not in raw:
            reader.report(
                (*path, key), f"'{key}' needs a hold: add 'hold: SECONDS' or remove '{key}'"
            )
    for i, cue in enumerate(cues or []):
        if isinstance(cue, dict) and "hold" in raw and cue["at"] >= raw["hold"]:
            reader.report(
                (*path, "cues", i, "at"),
                f"cue at {cue['at']} s is not inside the "
                f"{raw['hold']} s hold; use a time below {raw['hold']}",
            )
    return Step(
        say=raw["say"],
        origin=reader.origin(path),
        hold=raw.get("hold"),
        cues=None
        if cues is None
        else tuple(_cue(reader, c, (*path, "cues", i)) for i, c in enumerate(cues)),
        end=raw.get("end"),
        name=raw.get("name"),
        recue=raw.get("recue"),
    )


def _top_step(reader: _FileReader, raw: dict[str, Any], path: Path) -> Step | SideBlock | None:
    sides = raw.get("sides")
    if "steps" in raw:
        if sides is None:
            reader.report(
                (*path, "steps"),
                "nested steps need 'sides: [right, left]' beside "
                "them; otherwise list the steps at the top level",
            )
            return None
        extra = [k for k in ("say", "hold", "cues", "end") if k in raw]
        if extra:
            reader.report(
                (*path, extra[0]),
                f"a sides block with its own 'steps' can't also "
                f"have '{extra[0]}'; move it into one of its steps",
            )
            return None
        steps = tuple(
            _step(reader, s, (*path, "steps", i), True) for i, s in enumerate(raw["steps"])
        )
        return SideBlock(tuple(sides), steps, reader.origin(path))
    if "say" not in raw:
        reader.report(path, "a step needs 'say' (what to say), or 'sides' with 'steps'")
        return None
    step = _step(reader, raw, path, sides is not None)
    if sides is not None:
        return SideBlock(tuple(sides), (step,), reader.origin(path))
    return step


def _routine(reader: _FileReader, stem: str) -> Routine | None:
    raw = reader.data
    if raw is None:
        return None
    if raw["id"] != stem:
        reader.report(
            ("id",),
            f"id '{raw['id']}' should match the file name: rename the file "
            f"to {raw['id']}.yaml or set id: {stem}",
        )
    steps = [_top_step(reader, s, ("steps", i)) for i, s in enumerate(raw["steps"])]
    if None in steps:
        return None
    kind = raw.get("kind", "routine")
    return Routine(
        id=raw["id"],
        name=raw["name"],
        synonyms=tuple(raw["synonyms"]),
        summary=raw["summary"],
        areas=tuple(AREA_IDS[name] for name in _listed(raw["area"])),
        tools=tuple(raw["tools"]),
        needs=raw.get("needs") or _needs(raw),
        cautions=tuple(raw["cautions"]),
        reminder=raw.get("reminder") or raw["cautions"][0],
        steps=tuple(s for s in steps if s is not None),
        origin=reader.origin(()),
        kind=kind,
    )


AREA_IDS = {name: area_id for area_id, (name, _) in AREAS.items()}


def _listed(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else value


def _needs(raw: dict[str, Any]) -> str:
    """What a routine presses with, when its file doesn't say (see the schema)."""
    if any("ball" in tool.casefold() for tool in raw["tools"]):
        return "ball"
    return "nothing" if raw.get("kind") == "wrap-up" else "hands"


def _topics(reader: _FileReader) -> list[Topic]:
    if reader.data is None:
        return []
    topics = []
    for i, raw in enumerate(reader.data["topics"]):
        for key in ("brief", "more"):
            reader.check_placeholders(raw[key], ("topics", i, key), TOPIC_PLACEHOLDERS, "a topic")
        topics.append(
            Topic(
                raw["id"],
                raw["name"],
                tuple(raw["synonyms"]),
                raw["brief"],
                raw["more"],
                reader.origin(("topics", i)),
            )
        )
    found = {t.id for t in topics}
    for missing in (t for t in REQUIRED_TOPICS if t not in found):
        reader.report(
            ("topics",),
            f"missing topic '{missing}': the skill answers questions "
            f"with it; required topics are {', '.join(REQUIRED_TOPICS)}",
        )
    return topics


def _safety(reader: _FileReader) -> Safety | None:
    raw = reader.data
    if raw is None:
        return None
    return Safety(
        disclaimer=raw["disclaimer"],
        stop_line=raw["stop_line"],
        screen=tuple(raw["screen"]),
        never_press=tuple(raw["never_press"]),
        skip=tuple(raw["skip"]),
        stop_signs=tuple(raw["stop_signs"]),
        emergency_signs=tuple(raw["emergency_signs"]),
        urgent_signs=tuple(raw["urgent_signs"]),
        emergency_numbers=tuple(sorted(raw["emergency_numbers"].items())),
        origin=reader.origin(()),
    )


Named = Sequence[tuple[Routine | Topic, _FileReader]]


def _check_unique_names(items: Named, what: str) -> list[Problem]:
    """Ids and spoken names must not be shared: Alexa could not tell the items apart."""
    problems = []
    seen: dict[str, tuple[Routine | Topic, Origin]] = {}
    for item, reader in items:
        for i, name in enumerate((item.id, *item.names)):
            part: Path = ("id",) if i == 0 else ("name",) if i == 1 else ("synonyms", i - 2)
            here = reader.origin(item.origin.path + part)
            other, there = seen.setdefault(normalize_name(name), (item, here))
            if other is not item:
                # Blame the copy: the one whose id does not match its file name, if one.
                if _misnamed(other, there) and not _misnamed(item, here):
                    (item, here), (other, there) = (other, there), (item, here)
                problems.append(
                    here.problem(
                        f"'{name}' is already used by {what} '{other.id}' "
                        f"({there.file}:{there.line}); each id and name must be unique"
                    )
                )
    return problems


def _misnamed(item: Routine | Topic, origin: Origin) -> bool:
    """A routine whose id is not its file's name (a copied file, not yet renamed)."""
    return isinstance(item, Routine) and FsPath(origin.file).stem != item.id


def _shown(path: FsPath) -> str:
    """The path as an author would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(FsPath.cwd()))
    except ValueError:
        return str(path)


def load_catalog(directory: str | FsPath) -> Catalog:
    """Load and validate every file in ``directory``; raise ContentError listing all problems."""
    folder = FsPath(directory)
    if not folder.is_dir():
        raise ContentError([Problem(_shown(folder), 1, 1, (), "no such folder of routines")])
    problems: list[Problem] = []
    shown = {p: _shown(folder / p.name) for p in folder.iterdir()}
    for odd in sorted(p for p in shown if p.suffix == ".yml"):
        problems.append(Problem(shown[odd], 1, 1, (), "rename to .yaml: only .yaml files are read"))
    routines: list[tuple[Routine, _FileReader]] = []
    topics: list[tuple[Topic, _FileReader]] = []
    safety = None
    for name, spec in ((TOPICS_FILE, TOPICS), (SAFETY_FILE, SAFETY)):
        if not (folder / name).is_file():
            problems.append(
                Problem(
                    _shown(folder / name),
                    1,
                    1,
                    (),
                    f"missing file: every routines folder needs {TOPICS_FILE} and {SAFETY_FILE}",
                )
            )
            continue
        reader = _FileReader(folder / name, shown[folder / name], spec)
        if name == TOPICS_FILE:
            topics = [(topic, reader) for topic in _topics(reader)]
        else:
            safety = _safety(reader)
        problems += reader.problems
    for path in sorted(p for p in shown if p.suffix == ".yaml"):
        if path.name in (TOPICS_FILE, SAFETY_FILE):
            continue
        reader = _FileReader(path, shown[path], ROUTINE)
        routine = _routine(reader, path.stem)
        problems += reader.problems
        if routine is not None:
            routines.append((routine, reader))
    problems += _check_unique_names(routines, "routine") + _check_unique_names(topics, "topic")
    wrap_ups = [r for r, _ in routines if r.kind == "wrap-up"]
    if routines and len(wrap_ups) != 1 and not problems:
        problems.append(
            Problem(
                _shown(folder),
                1,
                1,
                ("kind",),
                f"exactly one routine needs 'kind: wrap-up' (found {len(wrap_ups)})",
            )
        )
    if not routines and not problems:
        problems.append(Problem(_shown(folder), 1, 1, (), "no routines found (*.yaml)"))
    if problems or safety is None:
        raise ContentError(problems)
    return Catalog(tuple(r for r, _ in routines), tuple(t for t, _ in topics), safety)
