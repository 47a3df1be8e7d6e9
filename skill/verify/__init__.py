"""Alexa request verification for a self-hosted HTTPS endpoint, with cryptography."""
