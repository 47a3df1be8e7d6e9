"""Rules for the SignatureCertChainUrl header, as Alexa's certification tests them."""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit, urlunsplit

from skill.verify.errors import VerificationError

HOST = "s3.amazonaws.com"
PATH_PREFIX = "/echo.api/"


def normalise_cert_url(url: str) -> str:
    """The canonical form of a valid certificate URL; VerificationError for any other.

    Scheme https and host s3.amazonaws.com in any case, port 443 or none, and a path that
    still starts with /echo.api/ (case-sensitive) once '..' and '.' are resolved, so
    https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem is allowed; no query,
    fragment, credentials or percent-encoding.
    """
    if len(url) > 2048:
        raise VerificationError("certificate URL is too long")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise VerificationError("certificate URL is malformed") from exc
    if parts.scheme.lower() != "https":
        raise VerificationError("certificate URL is not https")
    if (parts.hostname or "").lower() != HOST:
        raise VerificationError("certificate URL host is not s3.amazonaws.com")
    if port not in (None, 443):
        raise VerificationError("certificate URL port is not 443")
    if parts.username or parts.password:
        raise VerificationError("certificate URL carries credentials")
    if parts.query or parts.fragment or url.rstrip().endswith(("?", "#")):
        # Amazon's URLs have neither; allowing them would let a forger make endless distinct
        # URLs for the same file, each costing a download and a cache entry.
        raise VerificationError("certificate URL has a query or fragment")
    if "%" in parts.path:  # an encoded '..' would slip past the check and be decoded by S3
        raise VerificationError("certificate URL path is percent-encoded")
    path = posixpath.normpath(parts.path) if parts.path else ""
    if not path.startswith(PATH_PREFIX):
        raise VerificationError("certificate URL path does not start with /echo.api/")
    return urlunsplit(("https", HOST, path, "", ""))
