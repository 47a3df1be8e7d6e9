"""Build the Lambda zip: the skill's code and content, and only the libraries Lambda lacks.

The content is validated while building, and a snapshot of it ships in the zip (see
skill.library). Libraries come from skill/deploy/requirements.txt (pinned, no dependency
resolution), as manylinux wheels for Python 3.12 on x86_64, whatever machine builds it. Flask,
gunicorn, the simulator, request verification (the Alexa trigger does that on Lambda) and test
tools are left out. The zip is deterministic: the same inputs make the same bytes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from skill.library import fingerprint, load_library, write_snapshot

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
REQUIREMENTS = HERE / "requirements.txt"
RUNTIME = HERE / "runtime.txt"
# Modules the Lambda door never imports (they need Flask, gunicorn or a terminal).
LEFT_OUT = ("app.py", "server.py", "cli.py", "preview.py", "sim", "verify", "deploy")
CONTENT = ("routines", "interaction_models")


def install_libraries(target: Path, python_version: str = "3.12") -> None:
    """pip-install the pinned libraries for Lambda into ``target``."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            "--platform",
            "manylinux2014_x86_64",
            "--implementation",
            "cp",
            "--python-version",
            python_version,
            "--only-binary=:all:",
            "--requirement",
            str(REQUIREMENTS),
        ],
        check=True,
    )


def _copy_code(target: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", *LEFT_OUT)
    shutil.copytree(ROOT / "skill", target / "skill", ignore=ignore)
    for folder in CONTENT:
        shutil.copytree(
            ROOT / folder, target / folder, ignore=shutil.ignore_patterns("__pycache__")
        )


def build(output: Path) -> Path:
    """Write the zip to ``output`` and return it."""
    with tempfile.TemporaryDirectory() as work:
        staging = Path(work)
        install_libraries(staging)
        _copy_code(staging)
        # Validate now, and ship the result: a cold start then skips YAML and planning.
        library = load_library(staging / "routines")
        key = fingerprint(staging / "routines", staging / "skill")
        write_snapshot(library, key, staging / "library.snapshot")
        output.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(p for p in staging.rglob("*") if p.is_file()):
                if "__pycache__" in path.parts:
                    continue
                info = zipfile.ZipInfo(str(path.relative_to(staging)), (2026, 1, 1, 0, 0, 0))
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
    return output
