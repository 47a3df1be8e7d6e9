"""Alexa request verification: every certification case gets 400 and never reaches a handler."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

import skill.door
from certs import CERT_URL, Chain, Keys, make_chain, make_keys
from envelopes import APP_ID, envelope, request
from skill.app import create_app
from skill.config import ConfigError, skill_ids
from skill.verify import certs as cert_module
from skill.verify.cert_url import normalise_cert_url
from skill.verify.certs import CertificateCache, http_fetch
from skill.verify.errors import VerificationError

NOW = datetime(2026, 11, 25, 13, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def keys() -> Keys:
    return make_keys()


@pytest.fixture(scope="session")
def chain(keys: Keys) -> Chain:
    return make_chain(keys, NOW)


class Fetcher:
    """Serves chains by URL and counts downloads."""

    def __init__(self, pem: bytes) -> None:
        self.pem = pem
        self.urls: list[str] = []

    def __call__(self, url: str) -> bytes:
        self.urls.append(url)
        return self.pem


@pytest.fixture
def fetcher(chain: Chain) -> Fetcher:
    return Fetcher(chain.pem)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every envelope that reached the skill (none may, unless verified)."""
    seen: list[object] = []
    real = skill.door.invoke

    def spy(target: Any, payload: object, context: object = None) -> dict[str, Any]:
        seen.append(payload)
        return real(target, payload, context)

    monkeypatch.setattr("skill.app.invoke", spy)
    return seen


@pytest.fixture
def app(tmp_path: Path, chain: Chain, fetcher: Fetcher) -> Flask:
    roots = tmp_path / "roots.pem"
    roots.write_bytes(chain.root_pem)
    return create_app(
        {
            "SKILL_ID": APP_ID,
            "TRUSTED_ROOTS": str(roots),
            "CERT_FETCHER": fetcher,
            "CLOCK": NOW.timestamp,
            "TESTING": True,
        }
    )


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def body_at(seconds: float = 0, **changes: Any) -> bytes:
    payload = envelope(request("LaunchRequest", NOW.timestamp() + seconds), new=True)
    for path, value in changes.items():
        target = payload
        *parents, last = path.split("__")
        for key in parents:
            target = target[key]
        target[last] = value
    return json.dumps(payload).encode()


def post(client: FlaskClient, body: bytes, headers: dict[str, str]) -> Any:
    return client.post("/alexa", data=body, headers=headers, content_type="application/json")


def signed(chain: Chain, body: bytes, url: str = CERT_URL) -> dict[str, str]:
    return {"SignatureCertChainUrl": url, "Signature-256": chain.sign(body)}


def test_a_correctly_signed_request_is_answered(
    client: FlaskClient, chain: Chain, calls: list[object]
) -> None:
    body = body_at()
    reply = post(client, body, signed(chain, body))
    assert reply.status_code == 200
    assert "Welcome" in reply.get_json()["response"]["outputSpeech"]["ssml"]
    assert len(calls) == 1


def assert_refused(reply: Any, calls: list[object]) -> None:
    assert reply.status_code == 400
    assert reply.get_json() == {"error": "request verification failed"}
    assert calls == []


@pytest.mark.parametrize("missing", ["SignatureCertChainUrl", "Signature-256"])
def test_missing_headers(
    client: FlaskClient, chain: Chain, calls: list[object], missing: str
) -> None:
    body = body_at()
    headers = signed(chain, body)
    del headers[missing]
    assert_refused(post(client, body, headers), calls)


@pytest.mark.parametrize(
    "url",
    [
        "http://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://notamazon.com/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem",
        "https://s3.amazonaws.com/invalid.path/echo-api-cert.pem",
        "https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api/../invalid.path/echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api/%2e%2e/invalid.path/echo-api-cert.pem",
        "https://user:pw@s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com:99999/echo.api/x.pem",
        "https://s3.amazonaws.com/echo.api/echo-api-cert.pem?x=1",
        "https://s3.amazonaws.com/echo.api/echo-api-cert.pem?",
        "https://s3.amazonaws.com/echo.api/echo-api-cert.pem#x",
        "https://s3.amazonaws.com",
        "not a url",
    ],
)
def test_bad_certificate_urls(
    client: FlaskClient, chain: Chain, calls: list[object], fetcher: Fetcher, url: str
) -> None:
    body = body_at()
    assert_refused(post(client, body, signed(chain, body, url)), calls)
    assert fetcher.urls == []  # refused before any download


@pytest.mark.parametrize(
    "url",
    [
        "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "HTTPS://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://S3.AMAZONAWS.COM/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem",
    ],
)
def test_allowed_certificate_urls(
    client: FlaskClient, chain: Chain, fetcher: Fetcher, url: str
) -> None:
    body = body_at()
    assert post(client, body, signed(chain, body, url)).status_code == 200
    assert fetcher.urls == ["https://s3.amazonaws.com/echo.api/echo-api-cert.pem"]


def test_tampered_body(client: FlaskClient, chain: Chain, calls: list[object]) -> None:
    body = body_at()
    headers = signed(chain, body)
    tampered = body.replace(b"LaunchRequest", b"SessionEndedRequest")
    assert_refused(post(client, tampered, headers), calls)


def test_wrong_signature(
    client: FlaskClient, chain: Chain, keys: Keys, calls: list[object]
) -> None:
    body = body_at()
    headers = {"SignatureCertChainUrl": CERT_URL, "Signature-256": chain.sign(body, keys.other)}
    assert_refused(post(client, body, headers), calls)
    for garbage in ("not base64!", "QUJD", "A" * 5000):
        headers["Signature-256"] = garbage
        assert_refused(post(client, body, headers), calls)


@pytest.mark.parametrize("offset", [-151, 151, -3600, 10**6])
def test_stale_and_future_timestamps(
    client: FlaskClient, chain: Chain, calls: list[object], offset: int
) -> None:
    body = body_at(offset)
    assert_refused(post(client, body, signed(chain, body)), calls)


@pytest.mark.parametrize("offset", [-149, 0, 149])
def test_timestamps_within_150_seconds(client: FlaskClient, chain: Chain, offset: int) -> None:
    body = body_at(offset)
    assert post(client, body, signed(chain, body)).status_code == 200


@pytest.mark.parametrize("stamp", ["yesterday", "2026-11-25T13:00:00", 12345, None])
def test_unreadable_timestamps(
    client: FlaskClient, chain: Chain, calls: list[object], stamp: object
) -> None:
    body = body_at(request__timestamp=stamp)
    assert_refused(post(client, body, signed(chain, body)), calls)


@pytest.mark.parametrize(
    "change",
    [
        {"context__System__application__applicationId": "amzn1.ask.skill.someone-else"},
        {"session__application__applicationId": "amzn1.ask.skill.someone-else"},
        {"context__System__application": {}},
    ],
)
def test_wrong_application_id(
    client: FlaskClient, chain: Chain, calls: list[object], change: dict[str, Any]
) -> None:
    body = body_at(**change)
    reply = post(client, body, signed(chain, body))
    if change == {"context__System__application": {}}:  # the session still names the skill
        assert reply.status_code == 200
    else:
        assert_refused(reply, calls)


@pytest.mark.parametrize(
    "variant",
    [
        {"name": "evil.example.com"},
        {"leaf_start": timedelta(days=-400)},  # expired
        {"leaf_start": timedelta(days=2)},  # not yet valid
        {"self_signed": True},
    ],
    ids=["wrong-name", "expired", "not-yet-valid", "self-signed"],
)
def test_bad_chains(
    client: FlaskClient, keys: Keys, fetcher: Fetcher, calls: list[object], variant: dict[str, Any]
) -> None:
    bad = make_chain(keys, NOW, **variant)
    fetcher.pem = bad.pem
    body = body_at()
    assert_refused(post(client, body, signed(bad, body)), calls)


def test_chain_from_an_untrusted_root(
    client: FlaskClient, fetcher: Fetcher, calls: list[object]
) -> None:
    stranger = make_chain(make_keys(), NOW)  # same names, different keys: the wrong root
    fetcher.pem = stranger.pem
    body = body_at()
    assert_refused(post(client, body, signed(stranger, body)), calls)


@pytest.mark.parametrize("pem", [b"", b"not pem", b"-----BEGIN CERTIFICATE-----\nAAA\n"])
def test_unreadable_chain(
    client: FlaskClient, chain: Chain, fetcher: Fetcher, calls: list[object], pem: bytes
) -> None:
    fetcher.pem = pem
    body = body_at()
    assert_refused(post(client, body, signed(chain, body)), calls)


def test_failed_download(tmp_path: Path, chain: Chain, calls: list[object]) -> None:
    def broken(url: str) -> bytes:
        raise OSError("connection refused")

    roots = tmp_path / "roots.pem"
    roots.write_bytes(chain.root_pem)
    client = create_app(
        {
            "SKILL_ID": APP_ID,
            "TRUSTED_ROOTS": str(roots),
            "CERT_FETCHER": broken,
            "CLOCK": NOW.timestamp,
        }
    ).test_client()
    body = body_at()
    assert_refused(post(client, body, signed(chain, body)), calls)


def test_default_app_verifies(monkeypatch: pytest.MonkeyPatch, calls: list[object]) -> None:
    monkeypatch.delenv("SKILL_DEV_MODE", raising=False)
    monkeypatch.setenv("SKILL_ID", APP_ID)
    client = create_app().test_client()  # no arguments: verification is the default
    reply = client.post("/alexa", data=body_at(), content_type="application/json")
    assert_refused(reply, calls)


def test_production_needs_a_skill_id(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SKILL_ID", raising=False)
    with pytest.raises(ConfigError, match="needs the skill id"):
        create_app()
    monkeypatch.setenv("SKILL_ID", f" {APP_ID} , amzn1.ask.skill.second ")
    create_app()  # the environment variable is enough
    assert skill_ids(f" {APP_ID} , amzn1.ask.skill.second ") == [APP_ID, "amzn1.ask.skill.second"]


def test_certificates_are_cached_until_they_expire(chain: Chain) -> None:
    now = [NOW.timestamp()]
    fetcher = Fetcher(chain.pem)
    cache = CertificateCache([chain.root], fetcher, lambda: now[0])
    first = cache.signing_key(CERT_URL)
    assert cache.signing_key(CERT_URL) is first and len(fetcher.urls) == 1
    now[0] += 300 * 86400  # past the leaf's notAfter (335 days after NOW)...
    now[0] += 40 * 86400
    with pytest.raises(VerificationError, match="not valid at validation time"):
        cache.signing_key(CERT_URL)  # ...so it is fetched and checked again, and fails
    assert len(fetcher.urls) == 2


def test_cache_is_bounded(chain: Chain) -> None:
    fetcher = Fetcher(chain.pem)
    cache = CertificateCache([chain.root], fetcher, NOW.timestamp)
    urls = [f"https://s3.amazonaws.com/echo.api/cert-{i}.pem" for i in range(40)]
    for url in urls:
        cache.signing_key(url)
    assert len(cache._entries) == cert_module.CACHE_SIZE
    cache.signing_key(urls[0])  # evicted long ago: fetched again
    assert fetcher.urls.count(urls[0]) == 2


def test_cache_is_safe_under_concurrent_requests(chain: Chain) -> None:
    fetcher = Fetcher(chain.pem)
    cache = CertificateCache([chain.root], fetcher, NOW.timestamp)
    urls = [f"https://s3.amazonaws.com/echo.api/cert-{i % 20}.pem" for i in range(400)]
    errors: list[BaseException] = []

    def work(chunk: list[str]) -> None:
        try:
            for url in chunk:
                cache.signing_key(url)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(urls[i::8],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(cache._entries) <= cert_module.CACHE_SIZE


def test_a_failed_url_is_not_fetched_again_at_once(chain: Chain) -> None:
    # Found in review: each forged request naming a bad chain cost a download.
    now = [NOW.timestamp()]
    bad_url = "https://s3.amazonaws.com/echo.api/not-a-chain.pem"
    fetched: list[str] = []

    def fetch(url: str) -> bytes:
        fetched.append(url)
        return b"junk" if url == bad_url else chain.pem

    cache = CertificateCache([chain.root], fetch, lambda: now[0])
    key = cache.signing_key(CERT_URL)
    with pytest.raises(VerificationError, match="not PEM"):
        cache.signing_key(bad_url)
    for _ in range(5):
        with pytest.raises(VerificationError, match="moments ago"):
            cache.signing_key(bad_url)
    assert fetched == [CERT_URL, bad_url]
    assert cache.signing_key(CERT_URL) is key  # a failure evicts no good entry
    now[0] += cert_module.FAILURE_SECONDS + 1
    with pytest.raises(VerificationError, match="not PEM"):
        cache.signing_key(bad_url)  # later, it is tried again
    assert fetched == [CERT_URL, bad_url, bad_url]


def test_normalised_urls() -> None:
    assert normalise_cert_url("HTTPS://S3.AmazonAWS.com:443/echo.api/./a/../cert.pem") == (
        "https://s3.amazonaws.com/echo.api/cert.pem"
    )


@pytest.fixture
def local_server() -> Iterator[Callable[[int, float], str]]:
    """A loopback HTTP server that sends ``size`` bytes after ``delay`` seconds."""
    servers: list[ThreadingHTTPServer] = []

    def start(size: int, delay: float) -> str:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                threading.Event().wait(delay)
                try:
                    self.send_response(200)
                    self.end_headers()
                    self.wfile.write(b"x" * size)
                except OSError:  # the client hung up early, as it should
                    pass

            def log_message(self, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{server.server_address[1]}/chain.pem"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_download_has_a_size_limit(local_server: Callable[[int, float], str]) -> None:
    with pytest.raises(VerificationError, match="too large"):
        http_fetch(local_server(cert_module.MAX_CHAIN_BYTES + 10, 0))
    assert http_fetch(local_server(100, 0)) == b"x" * 100


def test_download_has_a_timeout(
    local_server: Callable[[int, float], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cert_module, "FETCH_TIMEOUT", 0.2)
    with pytest.raises(OSError):  # socket timeout: the cache turns it into a 400
        http_fetch(local_server(10, 1.0))
