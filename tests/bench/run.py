"""`make bench`: this skill against a bare ask-sdk-core skill, measured fairly, in one run.

Fair means: the two sides take turns. Warm requests run in alternating blocks of 80 in one
process (the order flipped each round), timed in thread CPU time and in wall time; cold starts
alternate fresh processes. Each figure is a median with its p10-p90 range, and each target of
issue 14 is a ratio between figures measured side by side like that. The same method compares
this skill with itself: a user with 200 finished routines stored against a new one, and a
catalogue of 1,000 routines against the shipped one.

Prints the table and writes build/bench.json. Not part of `make test`: timings are measured
here, never asserted in tests.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [str(ROOT), str(HERE.parent)]

from bench import baseline  # noqa: E402
from certs import CERT_URL, make_chain, make_keys  # noqa: E402
from recorded import conversation, regular_seed  # noqa: E402
from servers import free_port, stop, wait_until_up  # noqa: E402
from skill.conversation.history import MAX_HISTORY  # noqa: E402
from skill.conversation.record import merge  # noqa: E402
from skill.door import invoke  # noqa: E402
from skill.library import SNAPSHOT_NAME, Library, load_library  # noqa: E402
from skill.sim.envelope import SIM_APP_ID, SIM_USER_ID  # noqa: E402
from skill.skill_builder import build_skill  # noqa: E402
from skill.storage.keys import key_of  # noqa: E402
from skill.storage.sqlite import SqliteAdapter  # noqa: E402
from skill.verify.certs import CertificateCache  # noqa: E402
from skill.verify.verifier import RequestVerifier  # noqa: E402

TURNS = [
    "open back release coach",
    "start the knuckle press",
    "yes",
    "next",
    "next",
    "next",
    "what is fascia",
    "yes",
    "is this safe",
    "stop",
]
CATALOGUE_TURNS = ["open back release coach", "list routines", "my lower back is tight"]
BLOCK = 80  # requests per block
ROUNDS = 40  # blocks of each side (in-process)
HTTP_ROUNDS = 24
COLD_ROUNDS = 16
Payload = dict[str, Any]
Call = Callable[[Payload], object]

TARGETS = {  # measure: (its key in the report, the target ratio)
    "warm in-process turn, median": ("warm", 1.10),
    "warm HTTP turn (waitress), median": ("http", 1.20),
    "200 stored completions vs none": ("history", 1.05),
    "list routines and a suggestion, 1,000 routines vs 6": ("catalogue", 1.10),
    "Lambda cold start to first answer": ("cold_lambda", 1.30),
    "Flask cold start to first answer": ("cold_flask", 1.20),
}


def record(library: Library, turns: Sequence[str], store: SqliteAdapter) -> list[Payload]:
    """The envelopes of a conversation, as a device sends them (now)."""
    return [request for request, _ in conversation(library, store, None, turns, time.time())]


def summary(samples: Sequence[float]) -> dict[str, float]:
    """Median and p10-p90 of samples in seconds, in microseconds."""
    ordered = sorted(samples)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1e6

    return {"median_us": statistics.median(ordered) * 1e6, "p10_us": at(0.1), "p90_us": at(0.9)}


def alternate(sides: dict[str, tuple[Call, list[Payload]]], rounds: int = ROUNDS) -> dict[str, Any]:
    """Blocks of BLOCK requests from each side in turn (the order flipped every round), each
    timed in thread CPU time and wall time; a sample is a block's mean per request."""
    cpu: dict[str, list[float]] = {name: [] for name in sides}
    wall: dict[str, list[float]] = {name: [] for name in sides}
    blocks = {
        name: [payloads[i % len(payloads)] for i in range(BLOCK)]
        for name, (_, payloads) in sides.items()
    }
    for name, (call, _) in sides.items():  # warm up
        for payload in blocks[name]:
            call(payload)
    names = list(sides)
    for r in range(rounds):
        for name in names if r % 2 == 0 else names[::-1]:
            call = sides[name][0]
            block = blocks[name]
            c0, w0 = time.thread_time(), time.perf_counter()
            for payload in block:
                call(payload)
            c1, w1 = time.thread_time(), time.perf_counter()
            cpu[name].append((c1 - c0) / BLOCK)
            wall[name].append((w1 - w0) / BLOCK)
    return {name: {"cpu": summary(cpu[name]), "wall": summary(wall[name])} for name in sides}


def ours(library: Library, path: Path) -> Call:
    skill = build_skill(library, SqliteAdapter(path, merge=merge))
    return lambda payload: invoke(skill, payload)


def warm(library: Library, payloads: list[Payload], work: Path) -> dict[str, Any]:
    base = baseline.build()
    return alternate(
        {
            "ours": (ours(library, work / "warm.sqlite3"), payloads),
            "baseline": (lambda p: baseline.invoke(base, p), payloads),
        }
    )


def seeded(path: Path, now: float, runs: int) -> Path:
    """A SQLite store holding a user with ``runs`` routines finished over the last 50 days."""
    SqliteAdapter(path, merge=merge)._db().execute(
        "INSERT INTO users VALUES (?, ?, datetime('now'))",
        (key_of(SIM_USER_ID), json.dumps(regular_seed(now, runs, ("knuckle-press",)))),
    )
    return path


def history(library: Library, payloads: list[Payload], work: Path) -> dict[str, Any]:
    """The same turns for a regular user (MAX_HISTORY runs stored) and a new one."""
    now = payloads[0]["request"]["timestamp"]
    now = datetime.fromisoformat(now.replace("Z", "+00:00")).timestamp()
    return alternate(
        {
            "200": (ours(library, seeded(work / "h200.sqlite3", now, MAX_HISTORY)), payloads),
            "0": (ours(library, seeded(work / "h0.sqlite3", now, 0)), payloads),
        }
    )


def catalogue(small: Library, large: Library, work: Path) -> dict[str, Any]:
    """ "List routines" and a suggestion, at the shipped catalogue and at 1,000 routines."""
    payloads = record(small, CATALOGUE_TURNS, SqliteAdapter(work / "c.sqlite3", merge=merge))[1:]
    return alternate(
        {
            "1000": (ours(large, work / "c1000.sqlite3"), payloads),
            "6": (ours(small, work / "c6.sqlite3"), payloads),
        }
    )


def serve(app_spec: str, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    """Run an app factory ('module:function()') under waitress, as production serves this
    skill (one thread, so the two are compared alike), and wait for it."""
    port = free_port()
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "waitress", "--threads=1", f"--listen=127.0.0.1:{port}"),
            *("--call", app_spec.removesuffix("()")),
        ],
        env={**os.environ, **env, "PYTHONPATH": os.pathsep.join(sys.path[:2])},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_until_up(process, port, health=None, tries=200)
    return process, f"http://127.0.0.1:{port}/alexa"


def process_cpu(pid: int) -> float:
    """User and system CPU seconds a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def over_http(payloads: list[Payload], work: Path) -> dict[str, Any]:
    """Both servers up at once, taking turns a block at a time; wall time is the client's,
    CPU time the server process's (over all its blocks: the kernel counts in ticks)."""
    apps = {
        # Development mode: request signatures are measured on their own (see "verify").
        "ours": (
            "skill.app:create_app()",
            {"SKILL_DEV_MODE": "true", "SKILL_DATA_PATH": str(work / "http.sqlite3")},
        ),
        "baseline": ("bench.baseline:create_app()", {}),
    }
    servers = {name: serve(spec, env) for name, (spec, env) in apps.items()}
    try:
        sides: dict[str, tuple[Call, list[Payload]]] = {}
        for name, (_, url) in servers.items():

            def post(payload: Payload, url: str = url) -> None:
                data = json.dumps(payload).encode()
                req = urllib.request.Request(
                    url, data=data, headers={"Content-Type": "application/json"}
                )
                with urllib.request.urlopen(req, timeout=10) as reply:
                    reply.read()

            sides[name] = (post, payloads)
        before = {name: process_cpu(p.pid) for name, (p, _) in servers.items()}
        result = alternate(sides, HTTP_ROUNDS)
        for name, (p, _) in servers.items():
            # The warm-up block is counted too.
            spent = process_cpu(p.pid) - before[name]
            result[name]["server_cpu_us"] = spent / (BLOCK * (HTTP_ROUNDS + 1)) * 1e6
        return result
    finally:
        for process, _ in servers.values():
            stop(process)


COLD = {
    "ours_flask": """
from skill.app import create_app
app = create_app({"DEV_MODE": True, "DATA_PATH": DATA})
reply = app.test_client().post("/alexa", json=LAUNCH)
assert reply.status_code == 200
""",
    "baseline_flask": """
from bench import baseline
reply = baseline.create_app().test_client().post("/alexa", json=LAUNCH)
assert reply.status_code == 200
""",
    "ours_lambda": """
from skill import lambda_function
assert lambda_function.handler(LAUNCH, None)["response"]["outputSpeech"]
""",
    "baseline_lambda": """
from bench import baseline
assert baseline.handler(LAUNCH, None)["response"]["outputSpeech"]
""",
}
COLD_PRELUDE = """
import json, sys, time
sys.path[:0] = {paths!r}
LAUNCH = json.loads({launch!r})
DATA = {data!r}
{body}
# Peak RSS of this process (ru_maxrss would carry over the parent's from before exec).
peak = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
print(json.dumps({{"rss_kb": int(peak)}}))
"""


def package(folder: Path, routines: Path) -> Path:
    """A copy of a routines folder with the content snapshot beside it, as package-lambda
    ships it."""
    content = folder / "routines"
    shutil.copytree(routines, content)
    load_library(content, snapshot=content.parent / SNAPSHOT_NAME)
    return content


def cold_starts(launch: Payload, work: Path, large: Path) -> dict[str, Any]:
    """Fresh processes until the first answer, taking turns (ours, the baseline, then the
    other way round). Wall time from spawn to exit, and the child's CPU time.

    The Lambda door reads the content snapshot its package ships (made here the way
    package-lambda makes it); the Flask app keeps its own beside its data, so every start but
    the first uses one. Each measured start finds every module's bytecode cached, as an
    installed deployment does: the first, unmeasured start of each writes it. The Lambda door
    also starts with 1,000 routines, for its memory."""
    small = package(work / "package-6", ROOT / "routines")
    big = package(work / "package-1000", large)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SKILL_", "TABLE_")) and k != "PYTHONDONTWRITEBYTECODE"
    }
    env["PYTHONPYCACHEPREFIX"] = str(work / "bytecode")
    kinds = {
        **{name: (body, small) for name, body in COLD.items()},
        "ours_lambda_1000": (COLD["ours_lambda"], big),
    }
    samples: dict[str, dict[str, list[float]]] = {
        name: {"wall": [], "cpu": [], "rss": []} for name in kinds
    }
    names = list(kinds)
    for r in range(COLD_ROUNDS + 1):
        for name in names if r % 2 == 0 else names[::-1]:
            body, content = kinds[name]
            script = COLD_PRELUDE.format(
                paths=sys.path[:2],
                launch=json.dumps(launch),
                data=str(work / f"cold-{name}-{r}.sqlite3"),
                body=body,
            )
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            out = subprocess.run(
                [sys.executable, "-c", script],
                capture_output=True,
                text=True,
                check=True,
                env={**env, "ROUTINES_DIR": str(content)},
            )
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if r == 0:
                continue  # wrote the bytecode
            samples[name]["wall"].append(wall)
            samples[name]["cpu"].append(
                after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime
            )
            samples[name]["rss"].append(
                json.loads(out.stdout.strip().splitlines()[-1])["rss_kb"] / 1024
            )
    return {
        name: {
            "wall": summary(s["wall"]),
            "cpu": summary(s["cpu"]),
            "peak_rss_mb": statistics.median(s["rss"]),
        }
        for name, s in samples.items()
    }


def generated_routines(folder: Path, count: int) -> Path:
    """A routines folder with ``count`` routines made from the shipped ones."""
    target = folder / f"routines-{count}"
    target.mkdir(parents=True)
    source = ROOT / "routines"
    main = {r.id for r in load_library(source).catalog.main_routines}  # files are named by id
    for path in source.glob("*.yaml"):  # topics, safety and the wrap-up, as they are
        if path.stem not in main:
            shutil.copy(path, target / path.name)
    templates = [source / f"{routine}.yaml" for routine in sorted(main)]
    for i in range(count):
        text = templates[i % len(templates)].read_text()
        lines = []
        for line in text.splitlines():
            if line.startswith("id: "):
                line = f"id: generated-{i}"
            elif line.startswith("name: "):
                line = f"name: generated routine {i}"
            lines.append(line)
        text = "\n".join(lines) + "\n"
        # Synonyms must be unique across files: give each its own.
        start = text.index("synonyms:")
        end = text.index("summary:")
        text = text[:start] + f"synonyms: [routine number {i}]\n" + text[end:]
        (target / f"generated-{i}.yaml").write_text(text)
    return target


def authoring(work: Path) -> dict[str, Any]:
    results = {}
    for count in (250, 500, 1000):
        folder = generated_routines(work / "authoring", count)
        start = time.perf_counter()
        library = load_library(folder)
        elapsed = time.perf_counter() - start
        assert len(library.plans) == count + 1
        results[str(count)] = {"seconds": elapsed, "ms_per_routine": elapsed / count * 1000}
    return results


def verification() -> dict[str, Any]:
    now = datetime.now(UTC)
    chain = make_chain(make_keys(), now)
    cache = CertificateCache([chain.root], lambda url: chain.pem, lambda: now.timestamp())
    verifier = RequestVerifier([SIM_APP_ID], cache, lambda: now.timestamp())
    body_data = {
        "version": "1.0",
        "context": {"System": {"application": {"applicationId": SIM_APP_ID}}},
        "request": {"type": "LaunchRequest", "timestamp": now.isoformat()},
    }
    body = json.dumps(body_data).encode()
    headers = {"SignatureCertChainUrl": CERT_URL, "Signature-256": chain.sign(body)}
    verifier.verify(headers, body, body_data)  # fetch and verify the chain once
    samples = []
    for _ in range(3000):
        start = time.perf_counter()
        verifier.verify(headers, body, body_data)
        samples.append(time.perf_counter() - start)
    return {"cached_certificate": summary(samples)}


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


def us(figure: dict[str, float]) -> str:
    """A median with its p10-p90 range, in the unit that reads best."""
    m, lo, hi = figure["median_us"], figure["p10_us"], figure["p90_us"]
    if m >= 10_000:
        return f"{m / 1000:.0f} ms ({lo / 1000:.0f}-{hi / 1000:.0f})"
    return f"{m:.0f} us ({lo:.0f}-{hi:.0f})"


def ratios(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each target's two sides, its ratio (by the clock that decides it) and the other clock's."""
    cold, http = report["cold_start"], report["http"]

    def pair(a: dict[str, Any], b: dict[str, Any], clock: str, other: str) -> dict[str, Any]:
        return {
            "ours": us(a[clock]),
            "reference": us(b[clock]),
            "ratio": a[clock]["median_us"] / b[clock]["median_us"],
            "clock": "CPU" if clock == "cpu" else "wall",
            "other": f"{other} {a[other]['median_us'] / b[other]['median_us']:.2f}x",
        }

    warm, hist, cat = report["warm"], report["history"], report["catalogue"]
    rows = {
        "warm": pair(warm["ours"], warm["baseline"], "cpu", "wall"),
        "http": {
            **pair(http["ours"], http["baseline"], "wall", "wall"),
            "other": "server CPU "
            f"{http['ours']['server_cpu_us'] / http['baseline']['server_cpu_us']:.2f}x",
        },
        "history": pair(hist["200"], hist["0"], "cpu", "wall"),
        "catalogue": pair(cat["1000"], cat["6"], "cpu", "wall"),
        "cold_lambda": pair(cold["ours_lambda"], cold["baseline_lambda"], "wall", "cpu"),
        "cold_flask": pair(cold["ours_flask"], cold["baseline_flask"], "wall", "cpu"),
    }
    for key, (ours_name, base_name) in {
        "rss_6": ("ours_lambda", "baseline_lambda"),
        "rss_6_flask": ("ours_flask", "baseline_flask"),
        "rss_1000": ("ours_lambda_1000", "baseline_lambda"),
    }.items():
        a, b = cold[ours_name]["peak_rss_mb"], cold[base_name]["peak_rss_mb"]
        rows[key] = {"ours": f"{a:.1f} MB", "reference": f"{b:.1f} MB", "extra_mb": a - b}
    return rows


MEMORY = {  # measure: (its key in the report, the extra MB over the baseline allowed)
    "peak RSS over the baseline, Lambda, 6 routines": ("rss_6", 10.0),
    "peak RSS over the baseline, Flask, 6 routines": ("rss_6_flask", 10.0),
    "peak RSS over the baseline, Lambda, 1,000 routines": ("rss_1000", 25.0),
}


def table(report: dict[str, Any]) -> str:
    rows = ratios(report)
    lines = [
        "| measure | this skill, median (p10-p90) | reference | ratio | other clock | target "
        "| met |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for label, (key, target) in TARGETS.items():
        row = rows[key]
        met = "yes" if row["ratio"] <= target else "no"
        lines.append(
            f"| {label} | {row['ours']} | {row['reference']} | {row['ratio']:.3f}x "
            f"({row['clock']}) | {row['other']} | <= {target:.2f}x | {met} |"
        )
    for label, (key, limit) in MEMORY.items():
        row = rows[key]
        met = "yes" if row["extra_mb"] <= limit else "no"
        lines.append(
            f"| {label} | {row['ours']} | {row['reference']} | +{row['extra_mb']:.1f} MB | "
            f"| <= +{limit:.0f} MB | {met} |"
        )
    auth, ver = report["authoring"], report["verify"]["cached_certificate"]
    growth = auth["1000"]["seconds"] / auth["250"]["seconds"]
    lines.append(
        f"| validate and plan 1,000 routines (250, 500) | {auth['1000']['seconds']:.2f} s | "
        f"{auth['250']['seconds']:.2f} s, {auth['500']['seconds']:.2f} s | x{growth:.1f} for x4 "
        "| | linear | " + ("yes" if growth < 4.6 else "no") + " |"
    )
    lines.append(f"| signature check, cached certificate | {us(ver)} | | | | | |")
    return "\n".join(lines)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        small = load_library(ROOT / "routines")
        large_folder = generated_routines(work, 1000)
        large = load_library(large_folder)
        payloads = record(small, TURNS, SqliteAdapter(work / "record.sqlite3", merge=merge))
        report: dict[str, Any] = {
            "date": datetime.now(UTC).date().isoformat(),
            "machine": machine(),
            "turns": TURNS,
            "block": BLOCK,
            "warm": warm(small, payloads, work),
            "history": history(small, payloads, work),
            "catalogue": catalogue(small, large, work),
            "http": over_http(payloads, work),
            "cold_start": cold_starts(payloads[0], work, large_folder),
            "authoring": authoring(work),
            "verify": verification(),
        }
    report["ratios"] = ratios(report)
    output = ROOT / "build" / "bench.json"
    output.parent.mkdir(exist_ok=True)
    output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"Benchmarks, {report['date']}, {report['machine']}")
    print(table(report))
    print(f"(written to {output.relative_to(ROOT)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
