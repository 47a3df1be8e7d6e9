"""Fetch Alexa's signing certificate chain, verify it, and cache the result per URL.

The chain (PEM, leaf first) must build to a trusted root (certifi's, unless configured), be
valid now, and name echo-api.amazon.com; cryptography's x509.verification does all three.
Verified keys are cached per URL until the earliest notAfter in the chain, in a bounded LRU
that is safe to share between threads. A URL whose chain could not be fetched or verified is
refused without another download for FAILURE_SECONDS, so a forger repeating one bad URL costs
one download, and a failure never evicts a good entry.
"""

from __future__ import annotations

import threading
import urllib.request
import warnings
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import certifi
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.verification import PolicyBuilder, Store
from cryptography.x509.verification import VerificationError as ChainError

from skill.verify.errors import VerificationError

SIGNING_NAME = "echo-api.amazon.com"
FETCH_TIMEOUT = 2.0  # seconds: Alexa waits about 8 s for the whole answer
MAX_CHAIN_BYTES = 64 * 1024  # Amazon's chain is about 6 KB
CACHE_SIZE = 16
FAILURE_SECONDS = 10.0  # short: a network blip on Amazon's real URL refuses requests this long
FAILURES_SIZE = 256

Fetcher = Callable[[str], bytes]
Clock = Callable[[], float]


def http_fetch(url: str) -> bytes:
    """Download a certificate chain with a short timeout and a size limit."""
    request = urllib.request.Request(url, headers={"User-Agent": "back-release-coach"})
    with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
        data: bytes = response.read(MAX_CHAIN_BYTES + 1)
    if len(data) > MAX_CHAIN_BYTES:
        raise VerificationError("certificate chain is too large")
    return data


def load_roots(pem_path: str | None = None) -> list[x509.Certificate]:
    """Trusted roots: certifi's bundle, or a PEM file (tests and load runs use their own)."""
    with open(pem_path or certifi.where(), "rb") as pems, warnings.catch_warnings():
        # certifi's bundle holds an old root with a non-positive serial; cryptography warns
        # about it on every load, though the root is still usable.
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        return x509.load_pem_x509_certificates(pems.read())


@dataclass(frozen=True)
class _Verified:
    key: RSAPublicKey
    expires: float


class CertificateCache:
    """Verified signing keys per certificate URL (fetching and verifying on a miss)."""

    def __init__(self, roots: Sequence[x509.Certificate], fetch: Fetcher, clock: Clock) -> None:
        self._store = Store(list(roots))
        self._fetch = fetch
        self._clock = clock
        self._entries: OrderedDict[str, _Verified] = OrderedDict()
        self._failures: OrderedDict[str, float] = OrderedDict()  # url -> refused until
        self._lock = threading.Lock()

    def signing_key(self, url: str) -> RSAPublicKey:
        """The verified public key behind ``url`` (already normalised), or VerificationError."""
        now = self._clock()
        with self._lock:
            entry = self._entries.get(url)
            if entry is not None and entry.expires > now:
                self._entries.move_to_end(url)
                return entry.key
            if self._failures.get(url, 0.0) > now:
                raise VerificationError("certificate chain failed moments ago")
        try:
            entry = self._verify(url, now)  # outside the lock: a slow fetch mustn't block others
        except VerificationError:
            with self._lock:
                self._failures[url] = now + FAILURE_SECONDS
                self._failures.move_to_end(url)
                while len(self._failures) > FAILURES_SIZE:
                    self._failures.popitem(last=False)
            raise
        with self._lock:
            self._failures.pop(url, None)
            self._entries[url] = entry
            self._entries.move_to_end(url)
            while len(self._entries) > CACHE_SIZE:
                self._entries.popitem(last=False)
        return entry.key

    def _verify(self, url: str, now: float) -> _Verified:
        try:
            pem = self._fetch(url)
        except VerificationError:
            raise
        except Exception as exc:  # any network failure is the sender's problem: a 400
            raise VerificationError(
                f"could not fetch the certificate chain ({type(exc).__name__})"
            ) from exc
        try:
            chain = x509.load_pem_x509_certificates(pem)
        except ValueError as exc:
            raise VerificationError("certificate chain is not PEM") from exc
        leaf, intermediates = chain[0], chain[1:]
        moment = datetime.fromtimestamp(now, UTC)
        verifier = (
            PolicyBuilder()
            .store(self._store)
            .time(moment)
            .build_server_verifier(x509.DNSName(SIGNING_NAME))
        )
        try:
            verified = verifier.verify(leaf, intermediates)
        except ChainError as exc:
            raise VerificationError(f"certificate chain did not verify: {exc}") from exc
        key = leaf.public_key()
        if not isinstance(key, RSAPublicKey):
            raise VerificationError("signing certificate does not hold an RSA key")
        expires = min(c.not_valid_after_utc.timestamp() for c in verified)
        return _Verified(key, expires)
