"""The APL documents: Amazon's validator passes them, and every value they read is in the
datasources the skill sends. The validator needs Node (npm installs it, pinned, once); without
Node the validator test skips, as the deploy tests do."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from helpers import START, simulator, start
from skill.apl import DOCUMENTS, STEP, TEXT, VERSION, document
from skill.library import Library
from skill.skill_builder import build_skill

ROOT = Path(__file__).resolve().parent.parent
APL_SUGGESTER = "apl-suggester@2024.2.0"  # the validator the APL authoring tool uses
NODE_DIR = ROOT / "build" / "node"  # where npm puts it (build/ is not committed)
VALIDATE = Path(__file__).resolve().parent / "apl" / "validate.js"


@pytest.fixture(scope="module")
def validator() -> Path:
    """apl-suggester's node_modules folder, installed by npm the first time."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip(
            "Node is not installed: `make test` validates APL with apl-suggester only where it is"
        )
    modules = NODE_DIR / "node_modules"
    if not (modules / "apl-suggester" / "package.json").is_file():
        argv = ["npm", "install", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund"]
        argv += ["--no-save", "--prefer-offline", APL_SUGGESTER]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:  # offline with no copy cached, most likely: say so in a line
            last = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
            pytest.fail(f"npm could not install {APL_SUGGESTER} into {NODE_DIR}: {last}")
    return modules


def validate(modules: Path, *files: Path) -> dict[str, list[dict[str, Any]]]:
    done = subprocess.run(
        ["node", str(VALIDATE), str(modules), *map(str, files)],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    found: dict[str, list[dict[str, Any]]] = json.loads(done.stdout)
    return found


def test_every_document_passes_amazon_s_validator(validator: Path, tmp_path: Path) -> None:
    documents = sorted(DOCUMENTS.glob("*.json"))
    assert {p.stem for p in documents} == {STEP, TEXT}  # one document per screen kind
    problems = validate(validator, *documents)
    assert problems == {str(p): [] for p in documents}
    broken = tmp_path / "broken.json"  # and the validator does find problems
    doc = document(TEXT)
    doc = {**doc, "mainTemplate": {**doc["mainTemplate"], "items": [{"type": "Text", "txt": 1}]}}
    broken.write_text(json.dumps(doc))
    assert validate(validator, broken)[str(broken)]


def test_documents_are_apl_2024_and_read_only_what_the_datasources_hold(
    library: Library,
) -> None:
    sim = simulator(build_skill(library), library, screen=True, now=START)
    text = sim.launch().screen
    start(sim, "palm-press")
    step = sim.intent("AMAZON.NextIntent").screen  # a response with holds and cues
    assert text is not None and step is not None
    for kind, shown, name in ((TEXT, text, "t"), (STEP, step, "s")):
        raw = json.dumps(document(kind))
        assert re.fullmatch(r"2024\.\d", document(kind)["version"])
        assert document(kind)["version"] == VERSION  # what has_screen compares devices with
        assert f"payload.{kind}.properties" in raw
        read = set(re.findall(rf"\b{name}\.(\w+)", raw))
        assert read and read <= shown.properties.keys(), read - shown.properties.keys()
    parts = step.properties["parts"]
    fields = {  # what each data-driven list's items hold
        "part": {k for p in parts for k in p},
        "cue": {k for p in parts for c in p["cues"] for k in c},
        "button": {k for p in parts for b in p["buttons"] for k in b},
    }
    reads: set[tuple[str, str]] = set()
    data_reads(document(STEP), "", reads)
    assert {scope for scope, _ in reads} == set(fields)
    for scope, name in reads:  # each `data.x` is read where `data` is an item that has x
        assert name in fields[scope], (scope, name)


LISTS = {"${s.parts}": "part", "${data.cues}": "cue", "${data.buttons}": "button"}


def data_reads(node: object, scope: str, out: set[tuple[str, str]]) -> None:
    """Every ``data.NAME`` a document reads, with the kind of item ``data`` is there: a
    component with ``data`` gives its children (not itself) that list's items."""
    if isinstance(node, dict):
        inner = LISTS.get(node["data"], "?") if isinstance(node.get("data"), str) else scope
        for key, value in node.items():
            data_reads(value, inner if key in ("items", "item") else scope, out)
    elif isinstance(node, list):
        for value in node:
            data_reads(value, scope, out)
    elif isinstance(node, str):
        out.update((scope, name) for name in re.findall(r"\bdata\.(\w+)", node))
