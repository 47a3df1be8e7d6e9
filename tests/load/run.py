"""`make load`: a production server (verification on, a test chain trusted by configuration,
2 workers, SQLite) driven by locust, then a check that the store holds exactly what every
simulated person completed. Prints a report and writes build/load.json.

Settings (environment): LOAD_USERS (200), LOAD_TIME (3m), LOAD_SPAWN (20 a second).
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [str(ROOT), str(HERE.parent)]

from certs import make_chain, make_keys  # noqa: E402
from servers import serve_skill, stop  # noqa: E402
from skill.conversation.record import UserRecord  # noqa: E402
from skill.sim.envelope import SIM_APP_ID  # noqa: E402
from skill.storage.keys import key_of  # noqa: E402

USERS = int(os.environ.get("LOAD_USERS", "200"))
DURATION = os.environ.get("LOAD_TIME", "3m")
SPAWN = os.environ.get("LOAD_SPAWN", "20")


def start_server(work: Path, roots: Path, chain: Path) -> tuple[subprocess.Popen[bytes], str]:
    env = {
        "SKILL_DATA_PATH": str(work / "data" / "skill.sqlite3"),
        "SKILL_CERT_CHAIN_FILE": str(chain),
    }
    args = ["--skill-id", SIM_APP_ID, "--workers", "2", "--trusted-roots", str(roots)]
    return serve_skill(args, work / "server.log", env, tries=200)


def run_locust(work: Path, host: str, key_file: Path) -> dict[str, Any]:
    env = {
        **os.environ,
        "LOAD_KEY_FILE": str(key_file),
        "LOAD_RESULTS": str(work / "users"),
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(HERE.parent)]),
    }
    subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(HERE / "locustfile.py"),
            "--headless",
            "--users",
            str(USERS),
            "--spawn-rate",
            SPAWN,
            "--run-time",
            DURATION,
            "--stop-timeout",
            "30",
            "--host",
            host,
            "--csv",
            str(work / "stats"),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        env=env,
        check=False,
        timeout=3600,
    )
    with (work / "stats_stats.csv").open() as source:
        rows = {row["Name"]: row for row in csv.DictReader(source)}
    total = rows["Aggregated"]
    return {
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "throughput_per_s": float(total["Requests/s"]),
        "p50_ms": float(total["50%"]),
        "p99_ms": float(total["99%"]),
        "by_request": {
            name: {"count": int(r["Request Count"]), "p99_ms": float(r["99%"])}
            for name, r in rows.items()
            if name != "Aggregated"
        },
    }


def check_store(work: Path) -> dict[str, Any]:
    """Every person's stored record holds exactly what their conversation completed."""
    database = sqlite3.connect(work / "data" / "skill.sqlite3")
    stored = {
        key: json.loads(data) for key, data in database.execute("SELECT key, data FROM users")
    }
    people = [json.loads(p.read_text()) for p in (work / "users").glob("*.json")]
    lost: list[dict[str, Any]] = []
    crossed: list[dict[str, Any]] = []
    checked = 0
    for person in people:
        record = UserRecord.from_dict(stored.get(key_of(person["user"]), {}))
        done = Counter(d.routine for d in record.history.runs)
        expected = Counter(person["completed"])
        progress = record.place.routine if record.place is not None else None
        if done != expected:
            (lost if sum(done.values()) < sum(expected.values()) else crossed).append(
                {"user": person["user"], "stored": dict(done), "completed": dict(expected)}
            )
        elif person["current"] is not None and progress not in (person["current"], None):
            crossed.append(
                {"user": person["user"], "stored progress": progress, "current": person["current"]}
            )
        checked += 1
    return {
        "people": checked,
        "completed_routines": sum(len(p["completed"]) for p in people),
        "lost": lost,
        "crossed": crossed,
    }


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(os.environ.get("LOAD_KEEP") or folder)
        work.mkdir(parents=True, exist_ok=True)
        keys = make_keys()
        chain = make_chain(keys, datetime.now(UTC))
        roots, chain_file, key_file = work / "roots.pem", work / "chain.pem", work / "key.pem"
        roots.write_bytes(chain.root_pem)
        chain_file.write_bytes(chain.pem)
        key_file.write_bytes(
            chain.leaf_key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        server, host = start_server(work, roots, chain_file)
        try:
            load = run_locust(work, host, key_file)
        finally:
            stop(server, 30)  # the server finishes the requests it has
        store = check_store(work)
    report = {
        "date": datetime.now(UTC).date().isoformat(),
        "users": USERS,
        "duration": DURATION,
        "load": load,
        "store": store,
    }
    output = ROOT / "build" / "load.json"
    output.parent.mkdir(exist_ok=True)
    output.write_text(json.dumps(report, indent=2) + "\n")
    ok = (
        load["failures"] == 0
        and not store["lost"]
        and not store["crossed"]
        and load["p99_ms"] < 500
    )
    print(f"Load, {report['date']}: {USERS} people for {DURATION}, 2 workers, verification on")
    print(
        "| requests | throughput | p50 | p99 | errors | people checked | routines completed"
        " | lost | crossed |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    print(
        f"| {load['requests']} | {load['throughput_per_s']:.0f}/s | {load['p50_ms']:.0f} ms | "
        f"{load['p99_ms']:.0f} ms | {load['failures']} | {store['people']} | "
        f"{store['completed_routines']} | {len(store['lost'])} | {len(store['crossed'])} |"
    )
    print(
        "targets: zero errors, nothing lost or crossed, p99 under 500 ms:",
        "met" if ok else "NOT met",
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
