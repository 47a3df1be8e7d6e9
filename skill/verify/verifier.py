"""Check that an HTTP request really comes from Alexa, for this skill, just now."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from skill.verify.cert_url import normalise_cert_url
from skill.verify.certs import CertificateCache, Clock
from skill.verify.errors import VerificationError

TOLERANCE_SECONDS = 150  # Alexa's rule for request.timestamp
MAX_SIGNATURE_CHARS = 2048


class RequestVerifier:
    """All of Alexa's checks for a self-hosted endpoint, cheapest first."""

    def __init__(
        self, skill_ids: Collection[str], certificates: CertificateCache, clock: Clock
    ) -> None:
        if not skill_ids:
            raise ValueError("at least one skill id is needed")
        self.skill_ids = frozenset(skill_ids)
        self.certificates = certificates
        self.clock = clock

    def verify(self, headers: Mapping[str, str], body: bytes, envelope: Mapping[str, Any]) -> None:
        """Return if the request is genuine; raise VerificationError (a 400) if not."""
        cert_url = headers.get("SignatureCertChainUrl")
        signature = headers.get("Signature-256")
        if not cert_url:
            raise VerificationError("missing SignatureCertChainUrl header")
        if not signature:
            raise VerificationError("missing Signature-256 header")
        url = normalise_cert_url(cert_url)
        if len(signature) > MAX_SIGNATURE_CHARS:
            raise VerificationError("Signature-256 is too long")
        try:
            raw = base64.b64decode(signature, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise VerificationError("Signature-256 is not base64") from exc
        self._check_timestamp(envelope)
        self._check_skill_id(envelope)
        key = self.certificates.signing_key(url)  # last: it may download the chain
        try:
            key.verify(raw, body, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature as exc:
            raise VerificationError("Signature-256 does not match the body") from exc

    def _check_timestamp(self, envelope: Mapping[str, Any]) -> None:
        request = envelope.get("request")
        stamp = request.get("timestamp") if isinstance(request, dict) else None
        if not isinstance(stamp, str) or len(stamp) > 64:
            raise VerificationError("request.timestamp is missing")
        try:
            when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        except ValueError as exc:
            raise VerificationError("request.timestamp is not a date") from exc
        if when.tzinfo is None:
            raise VerificationError("request.timestamp has no time zone")
        if abs(self.clock() - when.timestamp()) > TOLERANCE_SECONDS:
            raise VerificationError("request.timestamp is more than 150 s from now")

    def _check_skill_id(self, envelope: Mapping[str, Any]) -> None:
        found = [
            _application_id(envelope.get("context"), "System"),
            _application_id(envelope, "session"),
        ]
        present = [f for f in found if f is not None]
        if not present or any(f not in self.skill_ids for f in present):
            raise VerificationError("application id is not this skill's")


def _application_id(container: object, key: str) -> str | None:
    part = container.get(key) if isinstance(container, dict) else None
    application = part.get("application") if isinstance(part, dict) else None
    value = application.get("applicationId") if isinstance(application, dict) else None
    return value if isinstance(value, str) else None
