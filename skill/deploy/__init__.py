"""Deployment: the ASK CLI skill package, and the Lambda package's pinned requirements."""
