"""Build test certificate chains (root -> intermediate -> leaf) like Alexa's, offline."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

SIGNING_NAME = "echo-api.amazon.com"
CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem"

CaKey = ec.EllipticCurvePrivateKey


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _ca(
    subject: str,
    key: CaKey,
    issuer: x509.Certificate | None,
    issuer_key: CaKey,
    start: datetime,
    days: int,
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer.subject if issuer else _name(subject))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    return builder.sign(issuer_key, hashes.SHA256())


@dataclass(frozen=True)
class Keys:
    """Keys made once per test session (RSA generation is the slow part)."""

    root: CaKey
    intermediate: CaKey
    leaf: rsa.RSAPrivateKey
    other: rsa.RSAPrivateKey


def make_keys() -> Keys:
    return Keys(
        ec.generate_private_key(ec.SECP256R1()),
        ec.generate_private_key(ec.SECP256R1()),
        rsa.generate_private_key(public_exponent=65537, key_size=2048),
        rsa.generate_private_key(public_exponent=65537, key_size=2048),
    )


@dataclass(frozen=True)
class Chain:
    """A root to trust, and the PEM chain (leaf first) that Alexa's URL would serve."""

    root: x509.Certificate
    pem: bytes
    leaf_key: rsa.RSAPrivateKey

    @property
    def root_pem(self) -> bytes:
        return self.root.public_bytes(serialization.Encoding.PEM)

    def sign(self, body: bytes, key: rsa.RSAPrivateKey | None = None) -> str:
        """The Signature-256 header for ``body``."""
        raw = (key or self.leaf_key).sign(body, padding.PKCS1v15(), hashes.SHA256())
        return base64.b64encode(raw).decode()


def make_chain(
    keys: Keys,
    now: datetime,
    *,
    name: str = SIGNING_NAME,
    leaf_start: timedelta = timedelta(days=-30),
    leaf_days: int = 365,
    self_signed: bool = False,
) -> Chain:
    """A root -> intermediate -> leaf chain valid around ``now``, or one broken variant."""
    start = now - timedelta(days=400)
    root = _ca("Test Root", keys.root, None, keys.root, start, 3650)
    intermediate = _ca("Test Intermediate", keys.intermediate, root, keys.root, start, 1825)
    leaf_issuer_name = _name(name) if self_signed else intermediate.subject
    leaf_start_at = now + leaf_start
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(name))
        .issuer_name(leaf_issuer_name)
        .public_key(keys.leaf.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(leaf_start_at)
        .not_valid_after(leaf_start_at + timedelta(days=leaf_days))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=True,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
            ),
            critical=False,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(keys.leaf.public_key()), critical=False
        )
    )
    if self_signed:
        leaf = builder.sign(keys.leaf, hashes.SHA256())
    else:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(keys.intermediate.public_key()),
            critical=False,
        )
        leaf = builder.sign(keys.intermediate, hashes.SHA256())
    pems = [leaf] if self_signed else [leaf, intermediate]
    pem = b"".join(c.public_bytes(serialization.Encoding.PEM) for c in pems)
    return Chain(root, pem, keys.leaf)
