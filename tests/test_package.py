"""The Lambda deployment: the serverless package, its CloudFormation, and the zip on its own.

The osls part needs Node (npx), as `make test` documents; the zip is built and run in a
clean virtual environment either way.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from envelopes import envelope, intent, request
from skill.deploy.lambda_package import RUNTIME, build, runtime_python
from skill.library import DEFAULT_ROUTINES, load_library
from skill.speech import prompts
from skill.speech.ssml import escape

ROOT = Path(__file__).resolve().parent.parent
SKILL_ID = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"

# The deploy tool, pinned in the Makefile (one place: make package and this test agree).
_PINNED = re.search(r"^OSLS := (\S+)$", (ROOT / "Makefile").read_text(), re.M)
assert _PINNED, "the Makefile pins the deploy tool as OSLS := osls@VERSION"
OSLS = _PINNED.group(1)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of what `make package` needs: serverless.yml and the built zip."""
    folder = tmp_path_factory.mktemp("deploy")
    shutil.copy(ROOT / "serverless.yml", folder)
    build(folder / "build" / "lambda.zip")
    return folder


@pytest.fixture(scope="module")
def template(project: Path) -> dict[str, Any]:
    if shutil.which("npx") is None:
        pytest.skip("Node is not installed: `make test` packages with osls only where it is")
    env = {
        **os.environ,
        "SKILL_ID": SKILL_ID,
        "SLS_TELEMETRY_DISABLED": "1",
        "SLS_NOTIFICATIONS_MODE": "off",
        "AWS_ACCESS_KEY_ID": "dummy",
        "AWS_SECRET_ACCESS_KEY": "dummy",
        "AWS_REGION": "us-east-1",
    }
    packaged = subprocess.run(
        ["npx", "--yes", "--prefer-offline", OSLS, "package"],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    # osls knows the python3.12 runtime: no configuration warning about it (v3's schema had one).
    assert "Invalid configuration" not in packaged.stdout + packaged.stderr
    path = project / ".serverless" / "cloudformation-template-update-stack.json"
    loaded: dict[str, Any] = json.loads(path.read_text())
    return loaded


def resources(template: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [r["Properties"] for r in template["Resources"].values() if r["Type"] == kind]


def test_cloudformation_passes_cfn_lint(template: dict[str, Any], project: Path) -> None:
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "cfn-lint"),
            str(project / ".serverless" / "cloudformation-template-update-stack.json"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_function_the_trigger_and_the_table(template: dict[str, Any]) -> None:
    (function,) = resources(template, "AWS::Lambda::Function")
    assert function["Runtime"] == "python3.12"
    assert function["Handler"] == "skill.lambda_function.handler"
    assert function["Timeout"] < 8
    (permission,) = resources(template, "AWS::Lambda::Permission")
    assert permission["Principal"] == "alexa-appkit.amazon.com"
    assert permission["EventSourceToken"] == SKILL_ID
    (table,) = resources(template, "AWS::DynamoDB::Table")
    assert table["BillingMode"] == "PAY_PER_REQUEST"
    assert table["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert table["AttributeDefinitions"] == [{"AttributeName": "id", "AttributeType": "S"}]
    assert table["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert function["Environment"]["Variables"]["TABLE_NAME"] == table["TableName"]
    (logs,) = resources(template, "AWS::Logs::LogGroup")
    assert logs["RetentionInDays"] == 14


def test_iam_allows_only_three_calls_on_the_table(template: dict[str, Any]) -> None:
    (role,) = resources(template, "AWS::IAM::Role")
    statements = [s for p in role["Policies"] for s in p["PolicyDocument"]["Statement"]]
    dynamo = [s for s in statements if any(str(a).startswith("dynamodb:") for a in s["Action"])]
    (statement,) = dynamo
    assert sorted(statement["Action"]) == [
        "dynamodb:DeleteItem",
        "dynamodb:GetItem",
        "dynamodb:PutItem",
    ]
    table_arn = {"Fn::GetAtt": ["ProgressTable", "Arn"]}
    assert statement["Resource"] in (table_arn, [table_arn])
    others = {a for s in statements for a in s["Action"]} - set(statement["Action"])
    assert all(a.startswith("logs:") for a in others), others


def test_the_zip_holds_only_what_lambda_needs(project: Path) -> None:
    names = zipfile.ZipFile(project / "build" / "lambda.zip").namelist()
    assert "skill/lambda_function.py" in names
    content = {f"routines/{p.name}" for p in DEFAULT_ROUTINES.glob("*.yaml")}
    assert content and content <= set(names)  # the shipped content, whatever it holds
    assert any(n.startswith("ask_sdk_core/") for n in names)
    assert any(n.startswith("yaml/") for n in names)
    for unwanted in (
        "flask/",
        "werkzeug/",
        "waitress/",
        "pytest",
        "hypothesis",
        "moto/",
        "boto3/",
        "skill/app.py",
        "skill/model/",
        "interaction_models/",
        "skill/sim/",
        "skill/verify/",
        "tests/",
    ):
        assert not any(n.startswith(unwanted) for n in names), unwanted


def python312() -> str:
    """A Python 3.12 like Lambda's, when the machine has one; else the one running the tests."""
    return runtime_python() or sys.executable


def test_the_zip_ships_bytecode_lambdas_python_can_use(project: Path) -> None:
    """Lambda cannot write bytecode, so the zip carries it; with no Python 3.12 to make it, the
    zip carries none rather than another version's."""
    archive = zipfile.ZipFile(project / "build" / "lambda.zip")
    compiled = [n for n in archive.namelist() if n.endswith(".pyc")]
    python = runtime_python()
    if python is None:
        assert compiled == []
        return
    magic = subprocess.run(
        [python, "-c", "import importlib.util as u, sys; sys.stdout.write(u.MAGIC_NUMBER.hex())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    modules = [n for n in archive.namelist() if n.startswith("skill/") and n.endswith(".py")]
    assert modules
    for module in modules:
        folder, _, name = module.rpartition("/")
        cached = f"{folder}/__pycache__/{name[:-3]}.cpython-312.pyc"
        header = archive.read(cached)[:8]
        assert header[:4].hex() == magic, cached
        assert int.from_bytes(header[4:8], "little") == 0b11, cached  # checked against a hash
    assert all(".cpython-312." in n for n in compiled)


@pytest.fixture(scope="module")
def lambda_env(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """A clean virtual environment with only what the Lambda runtime provides, and the zip
    unpacked beside it."""
    folder = tmp_path_factory.mktemp("lambda")
    subprocess.run([python312(), "-m", "venv", str(folder / "venv")], check=True)
    python = str(folder / "venv" / "bin" / "python")
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "-r", str(RUNTIME)], check=True, timeout=600
    )
    code = folder / "task"
    zipfile.ZipFile(project / "build" / "lambda.zip").extractall(code)
    yield python, code


RUN_HANDLER = """
import json, sys
sys.path.insert(0, sys.argv[1])
import skill.lambda_function as entry
for event in json.loads(sys.stdin.read()):
    print(json.dumps(entry.handler(event, None)))
"""


def test_the_unzipped_package_answers_in_a_clean_environment(
    lambda_env: tuple[str, Path],
) -> None:
    python, code = lambda_env
    events = [
        envelope(request("LaunchRequest", 1_800_000_000), new=True),
        envelope(intent("ListRoutinesIntent", 1_800_000_005)),
        envelope(intent("ListRoutinesIntent", 1_800_000_010), screen=True),  # an Echo Show
    ]
    skip = ("PYTHON", "SKILL_", "ROUTINES_DIR")  # the package's own content, not the tests'
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    result = subprocess.run(
        [python, "-I", "-c", RUN_HANDLER, str(code)],
        input=json.dumps(events),
        capture_output=True,
        text=True,
        cwd=code,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    launch, listed, shown = (json.loads(line) for line in result.stdout.splitlines())
    (screen,) = shown["response"]["directives"]  # the APL documents are in the package
    assert screen["type"] == "Alexa.Presentation.APL.RenderDocument"
    assert screen["document"]["type"] == "APL" and screen["datasources"]["text"]
    assert prompts.WELCOME_FIRST in launch["response"]["outputSpeech"]["ssml"]
    shipped = load_library(code / "routines").catalog  # as unzipped: the shipped content
    said = listed["response"]["outputSpeech"]["ssml"]
    assert escape(prompts.routine_count(len(shipped.main_routines))) in said
    assert any(escape(f"the {r.name}, ") in said for r in shipped.main_routines)
    flask_check = subprocess.run([python, "-I", "-c", "import flask"], capture_output=True)
    assert flask_check.returncode != 0  # the environment really is clean


def test_package_lambda_offline_says_so_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from skill.cli import main

    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple")  # nothing listens there
    monkeypatch.setenv("PIP_FIND_LINKS", "")
    assert main(["package-lambda", "-o", str(tmp_path / "lambda.zip")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("routine-skill package-lambda: could not download the Lambda's")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "lambda.zip").exists()
