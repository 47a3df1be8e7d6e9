"""Build the Lambda zip: the skill's code and content, and only the libraries Lambda lacks.

The content is validated while building, and a snapshot of it ships in the zip (see
skill.library). Libraries come from skill/deploy/requirements.txt (pinned, no dependency
resolution), as manylinux wheels for Python 3.12 on x86_64, whatever machine builds it. Flask,
waitress, the simulator, request verification (the Alexa trigger does that on Lambda) and test
tools are left out. The zip is deterministic: the same inputs make the same bytes.

Lambda's code folder is read-only, so Python cannot cache bytecode there: without it every cold
start compiles all the modules again (first answer 250 ms instead of 92 ms, measured with
the unzipped package under Python 3.12). The zip therefore ships Python 3.12
bytecode (checked against the source's hash, so an edited file is still read correctly) when
the building machine has a Python 3.12 (``python3.12`` on the PATH or under pyenv); otherwise
it ships none and says so.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from skill.library import SNAPSHOT_NAME, fingerprint, load_library, write_snapshot

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
REQUIREMENTS = HERE / "requirements.txt"
RUNTIME = HERE / "runtime.txt"
PYTHON_VERSION = "3.12"  # serverless.yml's runtime
log = logging.getLogger(__name__)
# Modules the Lambda door never imports (they need Flask, waitress or a terminal).
LEFT_OUT = ("app.py", "server.py", "cli.py", "preview.py", "sim", "verify", "deploy", "model")
CONTENT = ("routines",)  # the interaction models go to the skill package, not the function


def runtime_python(version: str = PYTHON_VERSION) -> str | None:
    """A working interpreter of Lambda's Python version on this machine, if there is one."""
    if f"{sys.version_info[0]}.{sys.version_info[1]}" == version:
        return sys.executable
    found = shutil.which(f"python{version}")
    candidates = [found] if found else []
    candidates += sorted(str(p) for p in Path.home().glob(f".pyenv/versions/{version}*/bin/python"))
    for candidate in candidates:
        if subprocess.run([candidate, "-c", "import sys"], capture_output=True).returncode == 0:
            return candidate
    return None


def compile_bytecode(folder: Path, version: str = PYTHON_VERSION) -> bool:
    """Write Lambda's bytecode beside every module in ``folder``; False if no interpreter."""
    python = runtime_python(version)
    if python is None:
        log.warning(
            "no Python %s here: the package ships without bytecode, so each cold start "
            "compiles the modules first",
            version,
        )
        return False
    hashed = ("--invalidation-mode", "checked-hash")  # zip dates say nothing about the source
    subprocess.run(
        [
            python,
            "-W",
            "ignore::SyntaxWarning",
            "-m",
            "compileall",
            "-q",
            "-j",
            "0",
            *hashed,
            str(folder),
        ],
        check=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("PYTHON")},
    )
    return True


def _shipped(path: Path, tag: str) -> bool:
    """Files for the zip: everything but bytecode of other Python versions."""
    if "__pycache__" not in path.parts:
        return True
    return path.name.endswith(f".{tag}.pyc")


class PackageError(RuntimeError):
    """The package could not be built, with a one-line reason."""


def install_libraries(target: Path, python_version: str = PYTHON_VERSION) -> None:
    """pip-install the pinned libraries for Lambda into ``target`` (PackageError, fast, when
    the package index can't be reached)."""
    done = subprocess.run(
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
            *("--timeout", "15", "--retries", "1"),
            "--requirement",
            str(REQUIREMENTS),
        ],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        said = [line for line in done.stderr.splitlines() if line.startswith("ERROR")]
        reason = said[-1].removeprefix("ERROR: ") if said else f"pip exited {done.returncode}"
        raise PackageError(
            f"could not download the Lambda's libraries from the package index (offline?): {reason}"
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
        # The code ships beside it, built as one unit: the content alone keys the snapshot,
        # so the same sources make the same zip.
        key = fingerprint(staging / "routines", package=None)
        write_snapshot(library, key, staging / SNAPSHOT_NAME)
        compile_bytecode(staging)
        tag = "cpython-" + PYTHON_VERSION.replace(".", "")
        output.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(p for p in staging.rglob("*") if p.is_file()):
                if not _shipped(path, tag):
                    continue
                info = zipfile.ZipInfo(str(path.relative_to(staging)), (2026, 1, 1, 0, 0, 0))
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
    return output
