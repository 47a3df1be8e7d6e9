"""Persistence adapters for ask-sdk-core: SQLite (self-hosted) and DynamoDB (Lambda)."""
