"""Walk YAML nodes against a spec, refusing YAML's silent traps, and collect every problem."""

from __future__ import annotations

import re
from typing import Any

import yaml

from skill.content.errors import Path, Problem
from skill.content.schema import (
    Choice,
    Either,
    Flag,
    Integer,
    ListOf,
    MapOf,
    Record,
    Spec,
    Text,
)

_STR = "tag:yaml.org,2002:str"
_IMPLICIT_KINDS = {
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "nothing (null)",
    "tag:yaml.org,2002:timestamp": "a date",
}
_SYNTAX_HINTS = (
    ("but found '{'", "text that starts with {placeholder} must be in quotes"),
    ("but found '['", "text that starts with [ must be in quotes"),
    (
        "expected <block end>",
        "this line's indentation doesn't match the lines above it; keys of "
        "one item must start in the same column",
    ),
    ("mapping values are not allowed", "there is a ':' inside text; put the text in quotes"),
    ("found character '\\t'", "a tab is used for indentation; use spaces"),
    (
        "could not find expected ':'",
        "a line is missing its 'key:', or text continues without being indented",
    ),
    ("found undefined alias", "an alias (*name) has no matching anchor (&name)"),
)
_SEXAGESIMAL = re.compile(r"^[0-9]+(:[0-5]?[0-9])+$")


def closest(word: str, options: list[str] | tuple[str, ...]) -> str | None:
    """The option closest to a misspelt ``word``, if any is close."""
    import difflib  # only when something is misspelt: keeps start-up quick

    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, options: list[str] | tuple[str, ...]) -> str:
    """A ' (did you mean 'x'?)' hint, or '' when nothing is close."""
    return suggest(closest(word, options))


def suggest(match: str | None) -> str:
    """' (did you mean 'x'?)' for a close match, or ''."""
    return f" (did you mean '{match}'?)" if match else ""


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping (key: value lines)"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"'{node.value}'"


class Checker:
    """Checks one file's node tree; remembers where every path is for later messages."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.marks: dict[Path, tuple[int, int]] = {}

    def report(self, path: Path, message: str, node: yaml.Node | None = None) -> None:
        """Record a problem at ``node`` (or at the place ``path`` was last seen)."""
        if node is not None:
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
        else:
            line, col = self.where(path)
        self.problems.append(Problem(self.file, line, col, path, message))

    def where(self, path: Path) -> tuple[int, int]:
        """Line and column of ``path``, or of its nearest recorded parent."""
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (1, 1))

    def check(self, node: yaml.Node, spec: Spec, path: Path = ()) -> Any:
        """Return the plain Python value of ``node``, or None after reporting why it is wrong."""
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        match spec:
            case Text():
                return self._text(node, spec, path)
            case Integer():
                return self._integer(node, spec, path)
            case Choice():
                return self._choice(node, spec, path)
            case Flag():
                return self._flag(node, path)
            case ListOf():
                return self._list(node, spec, path)
            case Record():
                return self._record(node, spec, path)
            case MapOf():
                return self._map(node, spec, path)
            case Either():
                if isinstance(node, yaml.MappingNode):
                    return self._record(node, spec.record, path)
                return self._choice(node, spec.word, path)

    def _scalar(self, node: yaml.Node, path: Path, expected: str) -> str | None:
        """The text of a scalar that YAML would also read as text, else report and None."""
        if not isinstance(node, yaml.ScalarNode):
            self.report(path, f"expected {expected}, got {_kind(node)}", node)
            return None
        if node.style is None and node.tag != _STR:
            got = _IMPLICIT_KINDS.get(node.tag, node.tag)
            if node.tag == "tag:yaml.org,2002:null":
                self.report(path, f"expected {expected}, got nothing", node)
            else:
                self.report(
                    path,
                    f"expected {expected}, got '{node.value}', which YAML reads as {got}; "
                    f'put it in quotes: "{node.value}"',
                    node,
                )
            return None
        return str(node.value)

    def _text(self, node: yaml.Node, spec: Text, path: Path) -> str | None:
        value = self._scalar(node, path, "text")
        if value is None:
            return None
        value = " ".join(value.split())
        if not value:
            self.report(path, "expected text, got an empty string", node)
        elif len(value) > spec.max_length:
            self.report(
                path, f"text is {len(value)} characters; keep it under {spec.max_length}", node
            )
        elif spec.pattern and not re.match(spec.pattern, value):
            self.report(path, f"expected {spec.pattern_hint}, got '{value}'", node)
        else:
            return value
        return None

    def _integer(self, node: yaml.Node, spec: Integer, path: Path) -> int | None:
        expected = f"seconds between {spec.minimum} and {spec.maximum}"
        if not isinstance(node, yaml.ScalarNode):
            self.report(path, f"expected {expected}, got {_kind(node)}", node)
            return None
        text = str(node.value)
        if node.style is not None and not _SEXAGESIMAL.match(text):
            self.report(
                path, f"expected {expected}, got the text '{text}'; remove the quotes", node
            )
        elif _SEXAGESIMAL.match(text):
            total = 0
            for part in text.split(":"):
                total = total * 60 + int(part)
            self.report(
                path,
                f"expected {expected}, got '{text}' (YAML 1.1 reads {text} as "
                f"{total}; write the seconds as a plain number, e.g. hold: {total})",
                node,
            )
        elif not re.fullmatch(r"[0-9]+", text):
            self.report(path, f"expected {expected}, got '{text}'", node)
        elif not spec.minimum <= int(text) <= spec.maximum:
            self.report(path, f"expected {expected}, got {int(text)}", node)
        else:
            return int(text)
        return None

    def _choice(self, node: yaml.Node, spec: Choice, path: Path) -> str | None:
        expected = "one of " + ", ".join(spec.options)
        value = self._scalar(node, path, expected)
        if value is None:
            return None
        if value not in spec.options:
            hint = did_you_mean(value, spec.options)
            self.report(path, f"expected {expected}, got '{value}'{hint}", node)
            return None
        return value

    def _flag(self, node: yaml.Node, path: Path) -> bool | None:
        text = str(node.value) if isinstance(node, yaml.ScalarNode) else None
        plain = isinstance(node, yaml.ScalarNode) and node.style is None
        if plain and text in ("true", "false", "True", "False"):
            return text in ("true", "True")
        hint = " (write true or false: YAML 1.1 reads yes/no/on/off as well)" if text else ""
        self.report(path, f"expected true or false, got {_kind(node)}{hint}", node)
        return None

    def _list(self, node: yaml.Node, spec: ListOf, path: Path) -> list[Any] | None:
        if spec.single and isinstance(node, yaml.ScalarNode):
            value = self.check(node, spec.item, path)
            return None if value is None else [value]
        if not isinstance(node, yaml.SequenceNode):
            self.report(
                path, f"expected a list (lines starting with '- '), got {_kind(node)}", node
            )
            return None
        items = [self.check(item, spec.item, (*path, i)) for i, item in enumerate(node.value)]
        if len(items) < spec.min_items:
            self.report(path, f"expected at least {spec.min_items} item(s), got {len(items)}", node)
        if spec.unique:
            seen: dict[str, int] = {}
            for i, item in enumerate(items):
                if isinstance(item, str):
                    key = item.casefold()
                    if key in seen:
                        self.report(
                            (*path, i),
                            f"'{item}' is listed twice (also item {seen[key]})",
                            node.value[i],
                        )
                    seen.setdefault(key, i)
        return None if None in items else items

    def _pairs(self, node: yaml.Node, path: Path, what: str) -> list[tuple[str, yaml.Node]]:
        """Key/value pairs of a mapping, refusing non-text and duplicate keys."""
        if not isinstance(node, yaml.MappingNode):
            self.report(path, f"expected {what}, got {_kind(node)}", node)
            return []
        pairs: list[tuple[str, yaml.Node]] = []
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.report(path, "keys must be plain words", key_node)
                continue
            key = str(key_node.value)
            if key in first:
                self.report(
                    (*path, key),
                    f"duplicate key '{key}' (first at line {first[key]}); "
                    "YAML would silently keep only the last one",
                    key_node,
                )
                continue
            first[key] = key_node.start_mark.line + 1
            self.marks[(*path, key)] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            pairs.append((key, value_node))
        return pairs

    def _record(self, node: yaml.Node, spec: Record, path: Path) -> dict[str, Any] | None:
        pairs = self._pairs(node, path, f"a {spec.title} (key: value lines)")
        if not isinstance(node, yaml.MappingNode):
            return None
        names = [f.name for f in spec.fields]
        out: dict[str, Any] = {}
        ok = True
        misspelt = set()
        for key, value_node in pairs:
            field = spec.field(key)
            if field is None:
                match = closest(key, names)
                misspelt.add(match or "")
                hint = suggest(match) or f" (expected one of: {', '.join(names)})"
                line, col = self.marks[(*path, key)]
                self.problems.append(
                    Problem(self.file, line, col, (*path, key), f"unknown key '{key}'{hint}")
                )
                ok = False
                continue
            out[key] = self.check(value_node, field.spec, (*path, key))
            ok = ok and out[key] is not None
        for field in spec.fields:
            if field.required and field.name not in out and field.name not in misspelt:
                self.report(path, f"missing required key '{field.name}': {field.spec.doc}", node)
                ok = False
        return out if ok else None

    def _map(self, node: yaml.Node, spec: MapOf, path: Path) -> dict[str, Any] | None:
        pairs = self._pairs(node, path, "a mapping (key: value lines)")
        out: dict[str, Any] = {}
        ok = isinstance(node, yaml.MappingNode)
        for key, value_node in pairs:
            if not re.match(spec.key_pattern, key):
                line, col = self.marks[(*path, key)]
                self.problems.append(
                    Problem(
                        self.file, line, col, (*path, key), f"expected {spec.key_hint}, got '{key}'"
                    )
                )
                ok = False
                continue
            out[key] = self.check(value_node, spec.value, (*path, key))
            ok = ok and out[key] is not None
        return out if ok else None


def parse(text: str, file: str) -> tuple[yaml.Node | None, list[Problem]]:
    """Compose one YAML document into nodes (with line marks), or explain why it can't be."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        hint = next((h for known, h in _SYNTAX_HINTS if known in what), "")
        if "expected a single document" in what:
            what = "found more than one YAML document ('---'); keep one per file"
        elif hint:
            what = f"{hint} (YAML says: {what})"
        return None, [Problem(file, line, col, (), f"not valid YAML: {what}")]
    except yaml.YAMLError as exc:
        return None, [Problem(file, 1, 1, (), f"not valid YAML: {exc}")]
    if node is None:
        return None, [
            Problem(
                file,
                1,
                1,
                (),
                "the file is empty: start from a file like it, or see the keys in its schema "
                "(.venv/bin/routine-skill schema)",
            )
        ]
    return node, []
