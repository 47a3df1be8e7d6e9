"""The routine-skill command: validate, schema, preview, build-model and serve."""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import socket
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from skill.config import ConfigError
from skill.content.errors import ContentError, Problem
from skill.content.schema import document_schema
from skill.deploy import skill_package
from skill.door import invoke
from skill.library import DEFAULT_DATA, DEFAULT_ROUTINES, Library, load_library
from skill.model.build import LOCALES, MODELS_DIR, render_model, write_models
from skill.preview import preview_json, preview_text
from skill.server import THREADS
from skill.sim.audio import ESPEAK, NO_PLAYER, Speaker
from skill.sim.audio import render as render_audio
from skill.sim.chat import run as run_chat
from skill.sim.client import Simulator, catalog_models, http_transport, load_model
from skill.sim.dialogs import Dialog, load_dialog, run_dialog
from skill.sim.envelope import SIM_USER_ID
from skill.skill_builder import build_skill
from skill.speech.planner import Plan
from skill.speech.ssml import speak
from skill.storage.stores import open_store

SCHEMA_KINDS = ("routine", "topics", "safety")


def _plan(args: argparse.Namespace, library: Library | None = None) -> Plan | None:
    """The plan of the routine named on the command line; None (and a message) if unknown."""
    library = library or load_library(args.dir)
    routine = library.catalog.find_routine(args.routine)
    if routine is None:
        names = ", ".join(r.id for r in library.catalog.routines)
        print(f"no routine called '{args.routine}'; try one of: {names}", file=sys.stderr)
        return None
    return library.plans[routine.id]


def simulator(
    args: argparse.Namespace,
    store: AbstractPersistenceAdapter,
    now: float,
    library: Library | None = None,
    **options: Any,
) -> Simulator:
    """A simulated device talking to a running server's URL (--url, understood with the
    checked-in models), or to the skill in this process on ``store`` (understood with models
    built from the content it serves)."""
    if args.url:
        return Simulator(http_transport(args.url), now=now, models=load_model, **options)
    library = library or load_library(args.dir)
    skill = build_skill(library, store)

    def transport(payload: dict[str, Any]) -> dict[str, Any]:
        return invoke(skill, payload)

    return Simulator(transport, now=now, models=catalog_models(library.catalog), **options)


def cmd_validate(args: argparse.Namespace) -> int:
    library = load_library(args.dir)
    catalog = library.catalog
    print(f"ok: {len(catalog.routines)} routines and {len(catalog.topics)} topics in {args.dir}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    if args.write:
        folder = Path(args.write)
        folder.mkdir(parents=True, exist_ok=True)
        for kind in SCHEMA_KINDS:
            path = folder / f"{kind}.schema.json"
            path.write_text(json.dumps(document_schema(kind), indent=2) + "\n", encoding="utf-8")
            print(f"wrote {path}")
        return 0
    print(json.dumps(document_schema(args.kind), indent=2))
    return 0


def cmd_preview(args: argparse.Namespace) -> int:
    from skill.conversation.coach import Coach
    from skill.conversation.pacing import pacing
    from skill.speech.planner import briefing

    library = load_library(args.dir)
    plan = _plan(args, library)
    if plan is None:
        return 2
    if args.json:
        print(json.dumps(preview_json(plan), indent=2))
    else:
        coach = Coach(library.catalog, library.plans)
        found = pacing(coach, plan.routine.id, returning=True)
        print(preview_text(plan, found, briefing(library.catalog.safety)), end="")
    return 0


def cmd_build_model(args: argparse.Namespace) -> int:
    catalog = load_library(args.dir).catalog
    out = Path(args.out)
    if args.check:
        stale = [
            loc
            for loc in LOCALES
            if not (out / f"{loc}.json").is_file()
            or (out / f"{loc}.json").read_text(encoding="utf-8") != render_model(catalog, loc)
        ]
        for locale in stale:
            print(
                f"{out / locale}.json is out of date: run make generate "
                "(or .venv/bin/routine-skill build-model)",
                file=sys.stderr,
            )
        return 1 if stale else 0
    for path in write_models(catalog, out):
        print(f"wrote {path}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    # Flask and waitress are only needed to serve, so they load here.
    from skill.app import create_app
    from skill.server import serve

    # Only what was given on the command line: the rest comes from SKILL_* variables.
    content = {"ROUTINES_DIR": args.dir} if args.dir else {}
    if not args.dev:
        # Verification is switched off only by --dev, never by the environment.
        config = {**content, "SKILL_ID": ",".join(args.skill_id or []), "DEV_MODE": False}
        if os.environ.get("SKILL_DEV_MODE", "").strip().lower() not in ("", "false", "0"):
            print(
                "routine-skill serve: SKILL_DEV_MODE asks for development mode, which only "
                "--dev (make run) gives; unset it to serve with verification",
                file=sys.stderr,
            )
            return 2
        if args.trusted_roots:
            config["TRUSTED_ROOTS"] = args.trusted_roots
        if not _port_free(args.host, args.port):  # before waitress half-builds a server
            print(
                f"routine-skill serve: cannot listen on {args.host}:{args.port}: the port is "
                "in use (pick another with --port)",
                file=sys.stderr,
            )
            return 2
        print(
            f"Serving the skill on http://{args.host}:{args.port}/alexa with request "
            f"verification, {args.threads} worker threads (waitress: slow or idle clients "
            "hold none); put an HTTPS proxy in front of it",
            file=sys.stderr,
        )
        try:
            serve(args.host, args.port, args.threads, config)
        except OSError as exc:  # the port taken, or an address this machine doesn't have
            print(
                f"routine-skill serve: cannot listen on {args.host}:{args.port}: {exc.strerror}",
                file=sys.stderr,
            )
            return 2
        return 0
    app = create_app({"DEV_MODE": True, **content})
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        logging.getLogger(__name__).warning(
            "DEVELOPMENT MODE on %s: anyone on your network can reach this unverified "
            "server. Use the default 127.0.0.1 unless you mean it.",
            args.host,
        )
    if not _port_free(args.host, args.port):
        print(
            f"routine-skill serve: port {args.port} on {args.host} is in use; pick another "
            f"(make run PORT={args.port + 50}, or --port)",
            file=sys.stderr,
        )
        return 2
    print(
        f"Serving the skill in DEVELOPMENT mode on http://{args.host}:{args.port}/alexa "
        "(signature verification OFF); talk to it in a browser at "
        f"http://{args.host}:{args.port}/simulator",
        file=sys.stderr,
    )
    app.run(host=args.host, port=args.port, debug=False, use_reloader=False)
    return 0


def _port_free(host: str, port: int) -> bool:
    """Whether a server could listen on ``host``:``port`` now."""
    try:
        with socket.create_server((host, port)):
            return True
    except OSError:
        return False


def cmd_chat(args: argparse.Namespace) -> int:
    data = None if args.memory or args.url else os.environ.get("SKILL_DATA_PATH", str(DEFAULT_DATA))
    store = open_store({"DATA_PATH": data})
    if args.speak and shutil.which(ESPEAK) is None:
        print(f"routine-skill chat: {NO_PLAYER}", file=sys.stderr)
        return 2
    sim = simulator(args, store, time.time(), locale=args.locale, user=args.user)
    speaker = Speaker(speed=args.speed) if args.speak else None
    return run_chat(sim, sys.stdin, sys.stdout, speaker)


def cmd_audio(args: argparse.Namespace) -> int:
    output = Path(args.output)
    if output.suffix.lower() != ".wav":
        print(f"routine-skill audio: only .wav files can be written, not {output}", file=sys.stderr)
        return 2
    if not output.parent.is_dir():
        print(
            f"routine-skill audio: there is no folder {output.parent} for {output}", file=sys.stderr
        )
        return 2
    plan = _plan(args)
    if plan is None:
        return 2
    try:
        seconds = render_audio([speak(r.ssml) for r in plan.responses], output)
    except (RuntimeError, OSError) as exc:
        print(f"routine-skill audio: {exc}", file=sys.stderr)
        return 2
    change = (seconds - plan.seconds) / plan.seconds
    print(
        f"wrote {args.output}: {seconds:.0f} s of audio; the planner estimated "
        f"{plan.seconds:.0f} s ({change:+.0%})"
    )
    return 0


def cmd_package_lambda(args: argparse.Namespace) -> int:
    from skill.deploy.lambda_package import PackageError, build

    try:
        zipped = build(Path(args.output))
    except PackageError as exc:
        print(f"routine-skill package-lambda: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {zipped} ({zipped.stat().st_size // 1024} KB)")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    try:
        where = skill_package.endpoint(args.lambda_arn, args.https_url, args.wildcard)
    except ValueError as exc:
        print(f"routine-skill export-skill-package: {exc}", file=sys.stderr)
        return 2
    for path in skill_package.write(
        Path(args.dir), skill_package.manifest(where, args.privacy_url)
    ):
        print(f"wrote {path}")
    return 0


DIALOG_START = 1_800_000_000.0  # dialogs run on a fixed clock, so they are repeatable


def cmd_dialogs(args: argparse.Namespace) -> int:
    files = sorted(
        {f for p in map(Path, args.paths) for f in ([p] if p.is_file() else p.glob("*.yaml"))}
    )
    if not files:
        print("no dialog files found", file=sys.stderr)
        return 2
    dialogs: list[Dialog] = []
    problems: list[Problem] = []
    for file in files:  # every file is checked before any runs
        try:
            dialogs.append(load_dialog(file))
        except ContentError as exc:
            problems += exc.problems
    if problems:
        raise ContentError(problems)
    libraries: dict[str, Library] = {}  # one per content folder the dialogs are written for

    def make(dialog: Dialog) -> Simulator:
        library = None
        if not args.url:
            folder = dialog.content or args.dir
            if folder not in libraries:
                libraries[folder] = load_library(folder)
            library = libraries[folder]
        store = open_store({})  # each dialog: a new user, in memory
        return simulator(
            args, store, DIALOG_START, library, locale=dialog.locale, screen=dialog.screen
        )

    passed = failed = 0
    for dialog in dialogs:
        outcome = run_dialog(dialog, make)
        print(f"{dialog.file}: {dialog.name}")
        for line in outcome.lines:
            if args.verbose or line.startswith("FAIL"):
                print(f"  {line}")
        passed, failed = passed + outcome.passed, failed + outcome.failed
    print(f"{len(dialogs)} dialogs: {passed} turns passed, {failed} failed")
    return 1 if failed else 0


def cmd_corpus(args: argparse.Namespace) -> int:
    """How much of a corpus of phrasings the simulator's NLU understands as expected."""
    from skill.model.build import build_model
    from skill.model.coverage import load_corpus, measure, samples_in
    from skill.sim.nlu import Model

    try:
        cases = load_corpus(args.corpus)
    except (OSError, ValueError) as exc:
        print(f"routine-skill corpus: {exc}", file=sys.stderr)
        return 2
    model_data = build_model(load_library(args.dir).catalog, args.locale)
    report = measure(Model.from_json(model_data), cases)
    if args.verbose:
        for case, got in report.misses:
            print(f"  miss: {case.say!r}: expected {case.intent}, understood {got}")
    fresh = len(cases) - samples_in(model_data, cases)
    print(
        f"corpus {args.corpus} ({args.locale}): {report.hits} of {report.total} phrasings "
        f"understood as expected ({report.share:.1%}; at least {args.min:g}% needed); "
        f"{fresh} of them ({fresh / max(1, len(cases)):.0%}) are not samples of the model"
    )
    return 0 if report.share * 100 >= args.min else 1


def parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    top = argparse.ArgumentParser(prog="routine-skill", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)
    default_dir = str(DEFAULT_ROUTINES)

    p = sub.add_parser("validate", help="check every routine, topic and safety file")
    p.add_argument("dir", nargs="?", default=default_dir)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("schema", help="print the JSON Schema of a content file")
    p.add_argument("--kind", choices=SCHEMA_KINDS, default="routine")
    p.add_argument("--write", metavar="DIR", help="write all schemas into DIR instead")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("preview", help="show what a routine will say, response by response")
    p.add_argument("routine", help="the routine's id or any of its names")
    p.add_argument("--json", action="store_true", help="print a list of objects instead")
    p.add_argument("--dir", default=default_dir)
    p.set_defaults(func=cmd_preview)

    p = sub.add_parser("build-model", help="regenerate interaction_models/ from routines/")
    p.add_argument("--dir", default=default_dir)
    p.add_argument("--out", default=str(MODELS_DIR))
    p.add_argument("--check", action="store_true", help="only check the files are up to date")
    p.set_defaults(func=cmd_build_model)

    p = sub.add_parser("chat", help="talk to the skill by typing (no device needed)")
    p.add_argument("--url", help="a running server's /alexa URL (default: in-process)")
    p.add_argument("--locale", default="en-US")
    p.add_argument("--user", default=SIM_USER_ID, help="the simulated Alexa user id")
    p.add_argument("--memory", action="store_true", help="in-process: keep nothing on disk")
    p.add_argument("--speak", action="store_true", help="read answers aloud with espeak-ng")
    p.add_argument("--speed", type=float, default=1.0, help="with --speak: holds N times faster")
    p.add_argument("--dir", default=default_dir)
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("package-lambda", help="build the Lambda zip (code, content, libraries)")
    p.add_argument("-o", "--output", default="build/lambda.zip")
    p.set_defaults(func=cmd_package_lambda)

    p = sub.add_parser("export-skill-package", help="write the ASK CLI skill package")
    p.add_argument("dir", help="the folder to write skill-package/ into")
    p.add_argument("--lambda-arn", help="the Lambda function's ARN (from serverless deploy)")
    p.add_argument("--https-url", help="or the HTTPS endpoint, e.g. https://example.org/alexa")
    p.add_argument("--wildcard", action="store_true", help="the HTTPS certificate is a wildcard")
    p.add_argument("--privacy-url", help="the privacy policy's URL")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("audio", help="render a routine to a WAV file with espeak-ng")
    p.add_argument("routine", help="the routine's id or any of its names")
    p.add_argument("-o", "--output", required=True, help="the .wav file to write")
    p.add_argument("--dir", default=default_dir)
    p.set_defaults(func=cmd_audio)

    p = sub.add_parser("dialogs", help="run scripted conversations (YAML dialog files)")
    p.add_argument("paths", nargs="+", help="dialog files, or folders of them")
    p.add_argument("--url", help="a running server's /alexa URL (default: in-process)")
    p.add_argument("--verbose", "-v", action="store_true", help="a line for every turn")
    p.add_argument("--dir", default=default_dir)
    p.set_defaults(func=cmd_dialogs)

    p = sub.add_parser("corpus", help="measure the NLU on a corpus of real phrasings")
    p.add_argument("corpus", help="a YAML list of {say, intent, slots} (see tests/corpus)")
    p.add_argument("--dir", default=default_dir, help="the content the model is built from")
    p.add_argument("--locale", default="en-US")
    p.add_argument("--min", type=float, default=95.0, help="fail below this percentage")
    p.add_argument("--verbose", "-v", action="store_true", help="list what was missed")
    p.set_defaults(func=cmd_corpus)

    p = sub.add_parser("serve", help="run the skill over HTTP (verified unless --dev)")
    p.add_argument("--dev", action="store_true", help="development mode: NO signature checks")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=5000)
    p.add_argument("--dir", help="the content folder (default: SKILL_ROUTINES_DIR or routines/)")
    p.add_argument("--skill-id", action="append", help="the skill id (repeatable); or SKILL_ID")
    p.add_argument(
        "--threads",
        "--workers",  # the name it had under gunicorn
        type=int,
        default=THREADS,
        help="worker threads (production)",
    )
    p.add_argument("--trusted-roots", help="PEM file of roots to trust instead of certifi's")
    p.set_defaults(func=cmd_serve)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; content problems print as file:line:col messages, never tracebacks."""
    args = parser().parse_args(argv)
    # Serving logs every request; talking to the skill only shows warnings.
    level = logging.INFO if args.command == "serve" else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    try:
        code: int = args.func(args)
    except ConfigError as exc:
        print(f"routine-skill: {exc}", file=sys.stderr)
        return 2
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        count = len(exc.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
