"""The one error a failed verification raises; its text is safe to log, never shown in full."""

from __future__ import annotations


class VerificationError(ValueError):
    """The request did not prove it came from Alexa for this skill; the reason is for logs."""
