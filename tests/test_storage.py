"""The stores themselves: SQLite and DynamoDB (moto's server over HTTP), and their faults."""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

from envelopes import envelope, request
from helpers import simulator, start
from servers import free_port, stop, wait_until_up
from skill import lambda_function
from skill.conversation.history import Done, History
from skill.conversation.place import Place
from skill.conversation.record import RECORD_VERSION, UserRecord, merge
from skill.handlers.errors import LOG_SALT, user_hash
from skill.library import Library
from skill.sim.client import Simulator
from skill.skill_builder import build_skill
from skill.speech import prompts
from skill.storage.dynamo import dynamo_adapter, dynamo_resource
from skill.storage.keys import key_of, user_key
from skill.storage.sqlite import SCHEMA_VERSION, SqliteAdapter


def request_for(user: str) -> RequestEnvelope:
    body = json.dumps(envelope(request("LaunchRequest", 1_800_000_000), user=user))
    parsed: RequestEnvelope = DefaultSerializer().deserialize(body, RequestEnvelope)
    return parsed


def record_with(*runs: float, heard: bool = False) -> dict[str, Any]:
    user = UserRecord(
        heard_disclaimer=heard, history=History.of(Done("ball-lean", t, t + 200) for t in runs)
    )
    return user.to_dict()


# --- SQLite ---------------------------------------------------------------------------------


@pytest.fixture
def sqlite(tmp_path: Path) -> SqliteAdapter:
    return SqliteAdapter(tmp_path / "data" / "skill.sqlite3", merge=merge, timeout=0.3)


def test_sqlite_round_trip_and_delete(sqlite: SqliteAdapter) -> None:
    alice, bob = request_for("alice"), request_for("bob")
    assert sqlite.get_attributes(alice) == {}
    sqlite.save_attributes(alice, {"heard_disclaimer": True, "x": [1, 2.5]})
    assert sqlite.get_attributes(alice) == {"heard_disclaimer": True, "x": [1, 2.5]}
    assert sqlite.get_attributes(bob) == {}
    sqlite.delete_attributes(alice)
    assert sqlite.get_attributes(alice) == {}
    assert isinstance(sqlite, AbstractPersistenceAdapter)


def test_sqlite_file_is_wal_versioned_and_keys_are_hashed(sqlite: SqliteAdapter) -> None:
    sqlite.save_attributes(request_for("amzn1.ask.account.SECRET"), {"v": 1})
    with sqlite3.connect(sqlite.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        keys = [k for (k,) in db.execute("SELECT key FROM users")]
    assert len(keys) == 1 and "SECRET" not in keys[0] and len(keys[0]) == 64


def test_a_save_after_a_read_is_one_statement_and_checks_happen_once(
    sqlite: SqliteAdapter,
) -> None:
    user, statements = request_for("u"), list[str]()
    sqlite.save_attributes(user, {"n": 0})
    sqlite.get_attributes(user)
    sqlite._db().set_trace_callback(statements.append)
    for n in range(1, 4):  # three requests: each reads, then saves what it changed
        assert sqlite.get_attributes(user) == {"n": n - 1}
        sqlite.save_attributes(user, {"n": n})
    assert [s.split()[0] for s in statements] == ["SELECT", "UPDATE"] * 3  # no BEGIN, no PRAGMA
    assert sqlite.get_attributes(user) == {"n": 3}
    statements.clear()
    sqlite.save_attributes(request_for("new"), {"n": 1})  # never read: the merging transaction
    assert [s.split()[0] for s in statements] == ["BEGIN", "SELECT", "INSERT", "COMMIT"]


def _use_after_fork(store: SqliteAdapter, parent: int, out: Any) -> None:
    store.save_attributes(request_for("child"), {"from": "child"})
    out.put(id(store._db()) != parent and store.get_attributes(request_for("child")))


def test_a_forked_child_opens_its_own_connection(sqlite: SqliteAdapter) -> None:
    user = request_for("parent")
    sqlite.save_attributes(user, {"from": "parent"})
    parent = id(sqlite._db())
    context = multiprocessing.get_context("fork")
    out = context.Queue()
    child = context.Process(target=_use_after_fork, args=(sqlite, parent, out))
    with warnings.catch_warnings():  # Python 3.12 warns of fork() in a process with threads
        warnings.simplefilter("ignore", DeprecationWarning)
        child.start()
    assert out.get(timeout=30) == {"from": "child"}
    child.join(30)
    assert child.exitcode == 0
    assert id(sqlite._db()) == parent  # the parent's connection was left alone, and works
    assert sqlite.get_attributes(user) == {"from": "parent"}


def test_sqlite_migrates_an_empty_old_file(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    sqlite3.connect(path).close()  # version 0: no tables at all
    store = SqliteAdapter(path)
    store.save_attributes(request_for("u"), {"ok": True})
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)


def test_old_records_are_read_by_version(sqlite: SqliteAdapter) -> None:
    user = request_for("u")
    sqlite.save_attributes(user, {"prefs": {"heard_disclaimer": True}})  # as version 0 stored
    record = UserRecord.from_dict(sqlite.get_attributes(user))
    assert record.heard_disclaimer is True and record.history.runs == ()


def test_saves_that_crossed_merge_instead_of_losing(sqlite: SqliteAdapter) -> None:
    user = request_for("u")
    sqlite.save_attributes(user, record_with(1_800_000_000.0))
    # Two requests read the same record, each finishes a different routine, both save.
    first = record_with(1_800_000_000.0, 1_800_001_000.0)
    second = record_with(1_800_000_000.0, 1_800_002_000.0, heard=True)
    sqlite.save_attributes(user, first)
    sqlite.save_attributes(user, second)
    stored = UserRecord.from_dict(sqlite.get_attributes(user))
    assert sorted(d.run for d in stored.history.runs) == [
        1_800_000_000.0,
        1_800_001_000.0,
        1_800_002_000.0,
    ]
    assert stored.heard_disclaimer


def test_a_run_dropped_after_60_days_is_not_brought_back_by_a_merge() -> None:
    old = UserRecord(history=History.of([Done("ball-lean", 1_800_000_000.0, 1_800_000_300.0)]))
    later = 1_800_000_300.0 + 61 * 86400
    ours = UserRecord(updated_at=later)  # a request this late trimmed the run away
    merged = UserRecord.from_dict(merge(old.to_dict(), ours.to_dict()))
    assert merged.history.runs == () and merged.updated_at == later
    recent = UserRecord(updated_at=1_800_000_300.0 + 59 * 86400)  # not yet 60 days
    kept = UserRecord.from_dict(merge(old.to_dict(), recent.to_dict()))
    assert kept.history == old.history


def _save_many(path: str, worker: int) -> None:
    store = SqliteAdapter(path, merge=merge, timeout=5)
    user = request_for("shared")
    for i in range(15):
        store.save_attributes(user, record_with(1_800_000_000.0 + worker * 1000 + i))


def test_several_processes_share_the_file_without_losing_a_session(tmp_path: Path) -> None:
    path = str(tmp_path / "skill.sqlite3")
    SqliteAdapter(path)
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_save_many, args=(path, w)) for w in range(4)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(60)
        assert process.exitcode == 0
    stored = UserRecord.from_dict(SqliteAdapter(path).get_attributes(request_for("shared")))
    assert len(stored.history.runs) == 60  # 4 workers x 15 sessions, every one kept


# --- faults, through the whole skill ----------------------------------------------------------


def conversation_on(library: Library, store: AbstractPersistenceAdapter) -> Simulator:
    return simulator(build_skill(library, store), library)


def storage_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "storage unavailable" in r.getMessage()]


def test_locked_database_still_answers(
    library: Library, sqlite: SqliteAdapter, caplog: pytest.LogCaptureFixture
) -> None:
    talk = conversation_on(library, sqlite)
    talk.launch()  # stores "heard the disclaimer"
    stored = sqlite.get_attributes(request_for(talk.user))
    locker = sqlite3.connect(sqlite.path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")  # another writer holds the lock throughout
    try:
        with caplog.at_level(logging.WARNING):
            check = talk.intent("StartRoutineIntent", routine=("palms", "palm-press"))
            started = talk.intent("AMAZON.YesIntent")  # this one has progress to store
        assert prompts.check_intro(False) in check.text
        assert started.text.startswith("The palm press:")
        # Both had something to store: the check read in full, then the routine's place.
        assert len(storage_warnings(caplog)) == 2
        assert all("locked" in warning for warning in storage_warnings(caplog))
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert sqlite.get_attributes(request_for(talk.user)) == stored  # nothing half-written


def test_removed_data_folder_still_answers(
    library: Library, sqlite: SqliteAdapter, caplog: pytest.LogCaptureFixture
) -> None:
    talk = conversation_on(library, sqlite)
    talk.launch()
    shutil.rmtree(sqlite.path.parent)
    with caplog.at_level(logging.WARNING):
        started = start(talk, "palm-press")
        nxt = talk.intent("AMAZON.NextIntent")
    # The store can't say they heard the disclaimer, so they hear it again: safe, not lost.
    assert "The palm press:" in started.text
    assert "Press your palms together" in nxt.text
    assert len(storage_warnings(caplog)) == 3  # one per request: start, the check's yes, next
    assert not sqlite.path.parent.exists()  # nothing was silently recreated elsewhere


READ_ONLY_PROBE = """
import json, os, sys, logging
sys.path.insert(0, sys.argv[2])
from helpers import simulator, start
from skill.conversation.record import merge
from skill.library import load_library
from skill.skill_builder import build_skill
from skill.storage.sqlite import SqliteAdapter
warnings = []
class Catch(logging.Handler):
    def emit(self, record):
        if "storage unavailable" in record.getMessage():
            warnings.append(record.getMessage())
logging.getLogger().addHandler(Catch())
os.chmod(sys.argv[1], 0o444)  # the file and its folder are read-only when the server starts
os.chmod(os.path.dirname(sys.argv[1]), 0o555)
store = SqliteAdapter(sys.argv[1], merge=merge, timeout=0.3)
library = load_library(sys.argv[3])
talk = simulator(build_skill(library, store), library, user="amzn1.ask.account.TESTUSER")
answers = [talk.launch().text, talk.intent("SafetyIntent").text, start(talk, "palm-press").text]
print(json.dumps({"answers": answers, "warnings": warnings}))
"""


def test_read_only_database_still_answers(tmp_path: Path) -> None:
    path = tmp_path / "data" / "skill.sqlite3"
    store = SqliteAdapter(path, merge=merge)
    store.save_attributes(request_for("amzn1.ask.account.TESTUSER"), record_with(1.0, heard=True))
    before = path.read_bytes()
    here = Path(__file__).parent
    probe = [str(path), str(here), str(here / "fixtures" / "content")]
    command = [sys.executable, "-c", READ_ONLY_PROBE, *probe]
    if os.geteuid() == 0:  # root ignores file permissions unless it gives up that capability
        command = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", *command]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True)
    out = json.loads(result.stdout.strip().splitlines()[-1])
    # Reads still work (a returning user is recognised); only the writes fail: the check read
    # in full, then the routine's place.
    assert out["answers"][0] == f"{prompts.WELCOME_BACK} {prompts.CHOOSE}"
    assert out["answers"][1].startswith("This is test advice")
    assert out["answers"][2].startswith("The palm press:")  # progress not storable
    assert len(out["warnings"]) == 2, out["warnings"]
    assert all("readonly" in warning for warning in out["warnings"])
    os.chmod(path.parent, 0o755)
    os.chmod(path, 0o644)
    assert path.read_bytes() == before  # nothing stored was touched


# --- DynamoDB, against moto's server over HTTP ------------------------------------------------


@pytest.fixture(scope="module")
def aws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        for key, value in (
            ("AWS_ACCESS_KEY_ID", "testing"),
            ("AWS_SECRET_ACCESS_KEY", "testing"),
            ("AWS_DEFAULT_REGION", "us-east-1"),
            ("AWS_REGION", "us-east-1"),
        ):
            patch.setenv(key, value)
        yield


@pytest.fixture(scope="module")
def moto(aws: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    process, url = start_moto(tmp_path_factory.mktemp("moto"))
    try:
        yield url
    finally:
        stop(process)


@pytest.fixture
def table(moto: str) -> Iterator[str]:
    name = f"progress-{time.monotonic_ns()}"
    make_table(moto, name)
    yield name
    dynamo_resource(moto).Table(name).delete()


def start_moto(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    log = (folder / f"moto-{port}.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-p", str(port)], stdout=log, stderr=subprocess.STDOUT
    )
    log.close()
    wait_until_up(process, port, health=None)
    return process, f"http://127.0.0.1:{port}"


def make_table(url: str, name: str = "progress") -> None:
    dynamo_resource(url).create_table(
        TableName=name,
        BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
    ).wait_until_exists()


def test_dynamodb_round_trip_with_decimals(moto: str, table: str) -> None:
    store = dynamo_adapter(table, dynamo_resource(moto), merge=merge)
    user = request_for("alice")
    assert store.get_attributes(user) == {}
    data = record_with(1_800_000_000.5, heard=True)
    store.save_attributes(user, data)
    assert store.get_attributes(user) == data  # floats survive as floats, not Decimal
    store.delete_attributes(user)
    assert store.get_attributes(user) == {}


def test_dynamodb_concurrent_saves_merge(moto: str, table: str) -> None:
    # Two requests for one user at once (two devices): every save lands, merged.
    stores = [dynamo_adapter(table, dynamo_resource(moto), merge=merge) for _ in range(2)]
    user = request_for("shared")

    def work(store: AbstractPersistenceAdapter, worker: int) -> None:
        for i in range(10):
            store.save_attributes(user, record_with(1_800_000_000.0 + worker * 100 + i))

    threads = [threading.Thread(target=work, args=(s, w)) for w, s in enumerate(stores)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = UserRecord.from_dict(stores[0].get_attributes(user))
    assert len(stored.history.runs) == 20


def test_dynamodb_save_after_a_read_is_one_call_unless_another_saved(moto: str, table: str) -> None:
    resource = dynamo_resource(moto)
    calls: list[str] = []
    resource.meta.client.meta.events.register(
        "before-call.dynamodb.*", lambda model, **_: calls.append(model.name)
    )
    store = dynamo_adapter(table, resource, merge=merge)
    other = dynamo_adapter(table, dynamo_resource(moto), merge=merge)
    user = request_for("bob")
    store.get_attributes(user)
    store.save_attributes(user, record_with(1_800_000_000.0))
    assert calls == ["GetItem", "PutItem"]  # the read, then one conditional write
    store.get_attributes(user)
    other.save_attributes(user, record_with(1_800_001_000.0))  # another device, meanwhile
    store.save_attributes(user, record_with(1_800_000_000.0, 1_800_002_000.0))
    stored = UserRecord.from_dict(store.get_attributes(user))
    assert len(stored.history.runs) == 3  # the stale write was refused, re-read and merged


def test_skill_on_dynamodb_resumes_across_sessions(library: Library, moto: str, table: str) -> None:
    talk = conversation_on(library, dynamo_adapter(table, dynamo_resource(moto), merge=merge))
    talk.launch()
    start(talk, "palm-press")
    talk.intent("AMAZON.StopIntent")
    talk.wait(3600)
    assert (
        "Last time you stopped in the palm press, at the step that starts: Sit tall"
        in talk.launch().text
    )


def test_dynamodb_server_stopped_still_answers(
    library: Library, aws: None, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    process, url = start_moto(tmp_path)
    try:
        make_table(url)
        talk = conversation_on(library, dynamo_adapter("progress", dynamo_resource(url)))
        talk.launch()  # stored while the server runs
    finally:
        stop(process)
    with caplog.at_level(logging.WARNING):
        answer = talk.intent("SafetyIntent")
    assert "Call 9 1 1 now" in answer.text
    assert len(storage_warnings(caplog)) == 1


class Throttling(BaseHTTPRequestHandler):
    """Passes DynamoDB calls to moto, except writes, which it throttles as a busy table does."""

    upstream = ""

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.headers.get("X-Amz-Target", "").endswith(".PutItem"):
            status, content = (
                400,
                json.dumps(
                    {
                        "__type": "com.amazonaws.dynamodb.v20120810#"
                        "ProvisionedThroughputExceededException",
                        "message": "Throughput for the table was exceeded",
                    }
                ).encode(),
            )
        else:
            forward = urllib.request.Request(
                self.upstream + self.path,
                data=body,
                method="POST",
                headers=dict(self.headers.items()),
            )
            try:
                with urllib.request.urlopen(forward, timeout=5) as reply:
                    status, content = reply.status, reply.read()
            except urllib.error.HTTPError as error:
                status, content = error.code, error.read()
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.0")
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def log_message(self, *args: object) -> None:
        pass


def test_dynamodb_throttled_writes_still_answer(
    library: Library, moto: str, table: str, caplog: pytest.LogCaptureFixture
) -> None:
    Throttling.upstream = moto
    server = ThreadingHTTPServer(("127.0.0.1", 0), Throttling)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        talk = conversation_on(library, dynamo_adapter(table, dynamo_resource(url)))
        with caplog.at_level(logging.WARNING):
            answer = talk.launch()  # reads pass through; the write is throttled
        assert answer.text.startswith(prompts.WELCOME_FIRST)
        (warning,) = storage_warnings(caplog)
        assert "write" in warning and "ProvisionedThroughputExceeded" in warning
    finally:
        server.shutdown()
        server.server_close()


def test_dynamodb_items_without_a_version_can_be_written(moto: str, table: str) -> None:
    user = request_for("legacy")
    resource = dynamo_resource(moto)
    store = dynamo_adapter(table, resource, merge=merge)
    key = user_key(user)
    resource.Table(table).put_item(Item={"id": key, "attributes": {"heard_disclaimer": True}})
    store.save_attributes(user, record_with(1_800_000_000.0))  # once refused five times
    stored = UserRecord.from_dict(store.get_attributes(user))
    assert stored.heard_disclaimer and len(stored.history.runs) == 1


def test_forget_that_cannot_be_done_says_so(
    library: Library, sqlite: SqliteAdapter, caplog: pytest.LogCaptureFixture
) -> None:
    talk = conversation_on(library, sqlite)
    talk.launch()
    talk.intent("ForgetProgressIntent")
    stored = sqlite.get_attributes(request_for(talk.user))
    locker = sqlite3.connect(sqlite.path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        answer = talk.intent("AMAZON.YesIntent")
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert answer.text == f"{prompts.FORGET_FAILED} {prompts.WHAT_NOW}"
    assert not answer.ends
    assert sqlite.get_attributes(request_for(talk.user)) == stored


def test_a_newer_record_is_read_but_never_overwritten(
    library: Library, sqlite: SqliteAdapter
) -> None:
    talk = conversation_on(library, sqlite)
    newer = {"v": RECORD_VERSION + 1, "heard_disclaimer": True, "something_new": [1, 2, 3]}
    sqlite.save_attributes(request_for(talk.user), newer)
    assert talk.launch().text.startswith("Welcome back.")  # what it understands, it uses
    start(talk, "palm-press")
    assert sqlite.get_attributes(request_for(talk.user)) == newer


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "skill.sqlite3"
    store = SqliteAdapter(path)
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(sqlite3.DatabaseError, match="newer than this code"):
        store.save_attributes(request_for("u"), {"v": 1})


def test_lambda_handler_uses_the_table_named_in_its_environment(
    moto: str, table: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As `serverless.yml` sets TABLE_NAME; boto3 reads the endpoint from its own variable,
    # which is also how to run against DynamoDB Local or moto.
    monkeypatch.setenv("TABLE_NAME", table)
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", moto)
    monkeypatch.setattr(lambda_function, "_skill", None)
    launch = lambda_function.handler(envelope(request("LaunchRequest", 1_800_000_000)), None)
    assert prompts.WELCOME_FIRST in launch["response"]["outputSpeech"]["ssml"]
    stored = dynamo_adapter(table, dynamo_resource(moto)).get_attributes(
        request_for("amzn1.ask.account.TESTUSER")
    )
    assert stored["heard_disclaimer"] is True


def test_on_a_tie_the_saving_request_s_progress_wins() -> None:
    # Found by the load test: two requests in the same second (Alexa's timestamps have whole
    # seconds); the later one's progress must not be replaced by what it had just read.
    def record(start: float) -> dict[str, Any]:
        place = Place("palm-press", 3, sent_at=100.0, run=50.0, set_at=100.0, start=start)
        return UserRecord(place=place).to_dict()

    assert merge(record(23.9), record(58.9))["place"]["start"] == 58.9


def test_a_save_merges_only_when_another_request_saved_since_the_read(tmp_path: Path) -> None:
    merged: list[object] = []

    def counting_merge(stored: dict[str, Any], ours: dict[str, Any]) -> dict[str, Any]:
        merged.append(stored)
        return merge(stored, ours)

    path = tmp_path / "data" / "skill.sqlite3"
    store = SqliteAdapter(path, merge=counting_merge)
    other = SqliteAdapter(path, merge=merge)  # another worker process, as far as we know
    user = request_for("u")
    store.save_attributes(user, record_with(1_800_000_000.0))
    store.get_attributes(user)
    store.save_attributes(user, record_with(1_800_000_000.0, 1_800_001_000.0))
    assert merged == []  # nobody wrote in between: ours is written as it is
    store.get_attributes(user)
    other.save_attributes(user, record_with(1_800_002_000.0))
    store.save_attributes(user, record_with(1_800_000_000.0, 1_800_001_000.0, 1_800_003_000.0))
    assert len(merged) == 1  # another save came between: merged, and nothing is lost
    stored = UserRecord.from_dict(store.get_attributes(user))
    assert len(stored.history.runs) == 4


def test_the_database_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    store = SqliteAdapter(tmp_path / "data" / "skill.sqlite3", merge=merge)
    store.save_attributes(request_for("amzn1.ask.account.A"), {"v": 2})
    assert store.path.stat().st_mode & 0o777 == 0o600
    assert store.path.parent.stat().st_mode & 0o777 == 0o700
    for side in store.path.parent.glob("skill.sqlite3-*"):  # -wal and -shm
        assert side.stat().st_mode & 0o077 == 0, side


def test_a_full_disk_is_reported_as_a_full_disk(tmp_path: Path) -> None:
    user = request_for("amzn1.ask.account.FULL")
    SqliteAdapter(tmp_path / "skill.sqlite3").save_attributes(user, {"v": 2})

    def full_disk(stored: dict[str, Any], ours: dict[str, Any]) -> dict[str, Any]:
        # What SQLite does on SQLITE_FULL: the transaction is already rolled back.
        store._db().execute("ROLLBACK")
        raise sqlite3.OperationalError("database or disk is full")

    store = SqliteAdapter(tmp_path / "skill.sqlite3", merge=full_disk)
    with pytest.raises(sqlite3.OperationalError, match="database or disk is full"):
        store.save_attributes(user, {"v": 2})  # not "cannot rollback - no transaction"


class _Gated(AbstractPersistenceAdapter):
    """A store whose saves from one thread wait until let through (to interleave requests)."""

    def __init__(self, inner: AbstractPersistenceAdapter) -> None:
        self.inner = inner
        self.held: threading.Thread | None = None
        self.release = threading.Event()

    def get_attributes(self, request_envelope: Any) -> dict[str, Any]:
        return self.inner.get_attributes(request_envelope)

    def save_attributes(self, request_envelope: Any, attributes: dict[str, Any]) -> None:
        if threading.current_thread() is self.held:
            self.release.wait(10)
        self.inner.save_attributes(request_envelope, attributes)

    def delete_attributes(self, request_envelope: Any) -> None:
        self.inner.delete_attributes(request_envelope)


def test_two_devices_lose_no_finished_routine(library: Library, tmp_path: Path) -> None:
    """Device B's request reads the record, device A's plays the routine's ending, then B
    saves a newer place of its own: A's finished run still counts."""
    gated = _Gated(SqliteAdapter(tmp_path / "skill.sqlite3", merge=merge))
    skill = build_skill(library, gated)
    device_a = simulator(skill, library, user="amzn1.ask.account.SHARED")
    device_a.launch()
    finish_before_the_ending = len(library.plans["palm-press"].responses) - 2
    start(device_a, "palm-press")
    for _ in range(finish_before_the_ending):
        device_a.intent("AMAZON.NextIntent")
    device_b = simulator(skill, library, user="amzn1.ask.account.SHARED", now=device_a.now + 1)
    device_b.launch()
    device_b.intent("StartRoutineIntent", routine=("ball lean", "ball-lean"))  # the check
    b_starts = threading.Thread(target=device_b.intent, args=("AMAZON.YesIntent",))
    gated.held = b_starts
    b_starts.start()  # reads the record, then waits to save
    time.sleep(0.2)
    ending = device_a.intent("AMAZON.NextIntent")  # A: the last response, saved now
    assert "That's the end of the palm press" in ending.text
    gated.release.set()
    b_starts.join(10)
    device_a.wait(120)  # A's next request comes after B's save
    device_a.intent("AMAZON.NoIntent")
    stored = UserRecord.from_dict(
        gated.inner.get_attributes(request_for("amzn1.ask.account.SHARED"))
    )
    assert [d.routine for d in stored.history.runs] == ["palm-press"]
    assert stored.place is not None and stored.place.routine == "ball-lean"  # B's, newer


def _finish_routines(where: str, offset: float, rounds: int, heard: Any) -> None:
    """One device: the palm press from start to its ending, ``rounds`` times in one session,
    on the SQLite file ``where`` or the DynamoDB table 'TABLE@ENDPOINT'."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from helpers import START, simulator, start
    from skill.library import load_library

    library = load_library(Path(__file__).parent / "fixtures" / "content")
    store = _store_at(where)
    device = simulator(
        build_skill(library, store), library, user="amzn1.ask.account.TWO", now=START + offset
    )
    device.timeout = None
    device.launch()
    endings = 0
    pace = random.Random(offset)  # two devices: requests a few milliseconds apart, not in
    original_intent = device.intent  # lockstep (a person speaks, Alexa listens, then sends)

    def intent(name: str, **slots: Any) -> Any:
        time.sleep(pace.uniform(0.002, 0.01))
        return original_intent(name, **slots)

    device.intent = intent  # type: ignore[method-assign]
    for _ in range(rounds):
        answer = start(device, "palm-press")
        for _ in range(len(library.plans["palm-press"].responses) - 1):
            answer = device.intent("AMAZON.NextIntent")
        endings += "That's the end of the palm press" in answer.text
        device.intent("AMAZON.NoIntent")  # the ending answered: counted, and ended
    heard.put(endings)


ROUNDS = 72  # routines per device: 7 requests each, about 500 requests per process


def _store_at(where: str) -> AbstractPersistenceAdapter:
    if "@" in where:
        table, endpoint = where.split("@", 1)
        return dynamo_adapter(table, dynamo_resource(endpoint), merge=merge)
    return SqliteAdapter(where, merge=merge, timeout=5)


@pytest.mark.parametrize("kind", ["sqlite", "dynamodb"])
def test_two_processes_for_one_user_lose_no_completion(
    tmp_path: Path, request: pytest.FixtureRequest, kind: str
) -> None:
    if kind == "sqlite":
        path = str(tmp_path / "skill.sqlite3")
        SqliteAdapter(path)
    else:
        moto_url, table_name = request.getfixturevalue("moto"), request.getfixturevalue("table")
        path = f"{table_name}@{moto_url}"
    context = multiprocessing.get_context("spawn")
    heard = context.Queue()
    # Device B's clock runs ahead, so its places are always the newer: A's would be lost.
    devices = [
        context.Process(target=_finish_routines, args=(path, offset, ROUNDS, heard))
        for offset in (0.0, 50_000.0)
    ]
    for process in devices:
        process.start()
    for process in devices:
        process.join(120)
        assert process.exitcode == 0
    endings = heard.get(timeout=5) + heard.get(timeout=5)
    stored = UserRecord.from_dict(
        _store_at(path).get_attributes(request_for("amzn1.ask.account.TWO"))
    )
    assert endings == 2 * ROUNDS
    assert len(stored.history.runs) == endings  # every routine whose ending was heard, kept


def test_storage_keys_and_log_hashes_are_sha256() -> None:
    user = "amzn1.ask.account.KEY"
    assert key_of(user) == hashlib.sha256(user.encode()).hexdigest()  # rows written before
    assert user_hash(user) == hashlib.sha256(f"{LOG_SALT}:{user}".encode()).hexdigest()[:12]
