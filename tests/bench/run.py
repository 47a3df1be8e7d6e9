"""`make bench`: measure this skill against the bare baseline in the same run, and report.

Prints a table and writes build/bench.json. Not part of `make test`: timings are measured
here, never asserted in tests.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [str(ROOT), str(HERE.parent)]

from bench import baseline  # noqa: E402
from certs import CERT_URL, make_chain, make_keys  # noqa: E402
from servers import free_port, stop, wait_until_up  # noqa: E402
from skill.conversation.record import merge  # noqa: E402
from skill.door import invoke  # noqa: E402
from skill.library import SNAPSHOT_NAME, load_library  # noqa: E402
from skill.sim.client import Simulator  # noqa: E402
from skill.sim.envelope import SIM_APP_ID  # noqa: E402
from skill.skill_builder import build_skill  # noqa: E402
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
Payload = dict[str, Any]


def record_conversation(work: Path) -> list[Payload]:
    """The envelopes of a realistic conversation, as a device sends them."""
    payloads: list[Payload] = []
    skill = build_skill(load_library(), SqliteAdapter(work / "record.sqlite3", merge=merge))

    def transport(payload: Payload) -> Payload:
        payloads.append(json.loads(json.dumps(payload)))
        return invoke(skill, payload)

    sim = Simulator(transport, now=time.time())
    for turn in TURNS:
        sim.say(turn)
    return payloads


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[int(len(ordered) * 0.99) - 1] * 1000,
    }


def time_calls(
    call: Callable[[Payload], object], payloads: list[Payload], rounds: int
) -> dict[str, float]:
    for payload in payloads:  # warm up
        call(payload)
    samples = []
    for _ in range(rounds):
        for payload in payloads:
            start = time.perf_counter()
            call(payload)
            samples.append(time.perf_counter() - start)
    return percentiles(samples)


def in_process(payloads: list[Payload], work: Path) -> dict[str, Any]:
    ours = build_skill(load_library(), SqliteAdapter(work / "bench.sqlite3", merge=merge))
    base = baseline.build()
    return {
        "ours": time_calls(lambda p: invoke(ours, p), payloads, 300),
        "baseline": time_calls(lambda p: baseline.invoke(base, p), payloads, 300),
    }


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


def over_http(payloads: list[Payload], work: Path) -> dict[str, Any]:
    results = {}
    apps = {
        # Development mode: request signatures are measured on their own (see "verify").
        "ours": (
            "skill.app:create_app()",
            {"SKILL_DEV_MODE": "true", "SKILL_DATA_PATH": str(work / "http.sqlite3")},
        ),
        "baseline": ("bench.baseline:create_app()", {}),
    }
    for name, (spec, env) in apps.items():
        process, url = serve(spec, env)
        try:

            def post(payload: Payload, url: str = url) -> None:
                data = json.dumps(payload).encode()
                req = urllib.request.Request(
                    url, data=data, headers={"Content-Type": "application/json"}
                )
                with urllib.request.urlopen(req, timeout=10) as reply:
                    reply.read()

            results[name] = time_calls(post, payloads, 60)
        finally:
            stop(process)
    return results


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


def cold_starts(launch: Payload, work: Path) -> dict[str, Any]:
    """Fresh processes until the first answer. The Lambda door reads the content snapshot its
    package ships (made here the way package-lambda makes it); the Flask app keeps its own
    beside its data, so every start but the first uses one.

    Each measured start finds every module's bytecode cached, as an installed deployment
    does (pip compiles the libraries; the Lambda package ships ours): the first, unmeasured
    start of each writes it, even where PYTHONDONTWRITEBYTECODE is set."""
    results: dict[str, Any] = {}
    content = work / "package" / "routines"
    shutil.copytree(ROOT / "routines", content)
    load_library(content, snapshot=content.parent / SNAPSHOT_NAME)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SKILL_", "TABLE_")) and k != "PYTHONDONTWRITEBYTECODE"
    }
    env["ROUTINES_DIR"] = str(content)
    env["PYTHONPYCACHEPREFIX"] = str(work / "bytecode")
    for name, body in COLD.items():
        times, rss = [], []
        for i in range(8):
            script = COLD_PRELUDE.format(
                paths=sys.path[:2],
                launch=json.dumps(launch),
                data=str(work / f"cold-{name}-{i}.sqlite3"),
                body=body,
            )
            start = time.perf_counter()
            out = subprocess.run(
                [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env
            )
            if i == 0:
                continue  # wrote the bytecode
            times.append(time.perf_counter() - start)
            rss.append(json.loads(out.stdout.strip().splitlines()[-1])["rss_kb"] / 1024)
        results[name] = {
            "median_ms": statistics.median(times) * 1000,
            "peak_rss_mb": statistics.median(rss),
        }
    return results


def generated_routines(folder: Path, count: int) -> Path:
    """A routines folder with ``count`` routines made from the shipped ones."""
    target = folder / f"routines-{count}"
    target.mkdir()
    source = ROOT / "routines"
    for name in ("topics.yaml", "safety.yaml", "gentle-wrap-up.yaml"):
        shutil.copy(source / name, target / name)
    templates = [
        p
        for p in sorted(source.glob("*.yaml"))
        if p.name not in ("topics.yaml", "safety.yaml", "gentle-wrap-up.yaml")
    ]
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
        folder = generated_routines(work, count)
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
    return {"cached_certificate": percentiles(samples)}


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


def table(report: dict[str, Any]) -> str:
    ip, http, cold = report["in_process"], report["http"], report["cold_start"]
    auth, ver = report["authoring"], report["verify"]["cached_certificate"]

    def ratio(a: float, b: float) -> str:
        return f"{a / b:.2f}x"

    rows = [
        "| measure | this skill | baseline | ratio | target |",
        "| --- | --- | --- | --- | --- |",
        f"| warm request, in-process, median | {ip['ours']['median_ms']:.2f} ms | "
        f"{ip['baseline']['median_ms']:.2f} ms | "
        f"{ratio(ip['ours']['median_ms'], ip['baseline']['median_ms'])} | <= 1.25x |",
        f"| warm request, in-process, p99 | {ip['ours']['p99_ms']:.2f} ms | "
        f"{ip['baseline']['p99_ms']:.2f} ms | "
        f"{ratio(ip['ours']['p99_ms'], ip['baseline']['p99_ms'])} | <= 1.25x |",
        f"| warm request over HTTP, median | {http['ours']['median_ms']:.2f} ms | "
        f"{http['baseline']['median_ms']:.2f} ms | "
        f"{ratio(http['ours']['median_ms'], http['baseline']['median_ms'])} | <= 1.25x |",
        f"| warm request over HTTP, p99 | {http['ours']['p99_ms']:.2f} ms | "
        f"{http['baseline']['p99_ms']:.2f} ms | "
        f"{ratio(http['ours']['p99_ms'], http['baseline']['p99_ms'])} | <= 1.25x |",
    ]
    for door in ("flask", "lambda"):
        ours, base = cold[f"ours_{door}"], cold[f"baseline_{door}"]
        rows.append(
            f"| cold start, {door} | {ours['median_ms']:.0f} ms | "
            f"{base['median_ms']:.0f} ms | {ratio(ours['median_ms'], base['median_ms'])}"
            " | <= 1.5x |"
        )
        rows.append(
            f"| peak memory, {door} | {ours['peak_rss_mb']:.1f} MB | "
            f"{base['peak_rss_mb']:.1f} MB | "
            f"+{ours['peak_rss_mb'] - base['peak_rss_mb']:.1f} MB | <= +15 MB |"
        )
    growth = auth["1000"]["seconds"] / auth["250"]["seconds"]
    rows.append(
        f"| validate and plan 1,000 routines | {auth['1000']['seconds']:.2f} s "
        f"({auth['1000']['ms_per_routine']:.2f} ms each) | | 250: "
        f"{auth['250']['seconds']:.2f} s, 500: {auth['500']['seconds']:.2f} s "
        f"(x4 routines: x{growth:.1f} time) | linear |"
    )
    rows.append(
        f"| signature check, cached certificate | {ver['median_ms'] * 1000:.0f} us "
        f"median, {ver['p99_ms'] * 1000:.0f} us p99 | | | |"
    )
    return "\n".join(rows)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        payloads = record_conversation(work)
        report: dict[str, Any] = {
            "date": datetime.now(UTC).date().isoformat(),
            "machine": machine(),
            "turns": TURNS,
            "in_process": in_process(payloads, work),
            "http": over_http(payloads, work),
            "cold_start": cold_starts(payloads[0], work),
            "authoring": authoring(work),
            "verify": verification(),
        }
    output = ROOT / "build" / "bench.json"
    output.parent.mkdir(exist_ok=True)
    output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"Benchmarks, {report['date']}, {report['machine']}")
    print(table(report))
    print(f"(written to {output.relative_to(ROOT)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
