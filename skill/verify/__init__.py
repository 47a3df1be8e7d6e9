"""Alexa request verification for a self-hosted HTTPS endpoint, with cryptography."""

SIGNED_HEADERS = ("SignatureCertChainUrl", "Signature-256")  # what the verifier reads
