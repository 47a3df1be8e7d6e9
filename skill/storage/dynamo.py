"""DynamoDB persistence for Lambda, through ask-sdk-dynamodb-persistence-adapter.

The table (string hash key ``id``) is created by serverless.yml, never here. Keys are hashed
user ids. DynamoDB has no floats, so numbers go in as Decimal and come back as int or float.
Saves are conditional on a version number: when another request for the same user wrote
meanwhile, the records are merged and the write retried, so no completed step is lost.
"""

from __future__ import annotations

import os
import random
import threading
import time
from decimal import Decimal
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_model import RequestEnvelope

from skill.storage import Merge
from skill.storage.keys import user_key
from skill.storage.stores import TABLE_ENV

ATTEMPTS = 15  # optimistic writes for one user; clashes come from two devices at once
BACKOFF = 0.025  # seconds, doubled after each clash, randomised, and capped at MAX_BACKOFF
MAX_BACKOFF = 0.25  # so all the attempts wait at most about 3 s (Alexa waits about 8)


def to_dynamo(value: Any) -> Any:
    """Plain data as DynamoDB accepts it (floats become Decimal)."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, dict):
        return {k: to_dynamo(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_dynamo(v) for v in value]
    return value


def from_dynamo(value: Any) -> Any:
    """DynamoDB data as plain Python (Decimal becomes int or float)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: from_dynamo(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_dynamo(v) for v in value]
    return value


def dynamo_resource(endpoint_url: str | None = None) -> Any:
    """A DynamoDB resource that gives up quickly: Alexa waits about 8 s for the whole answer,
    so two attempts with short timeouts, then the reply goes out without storage."""
    import boto3
    from botocore.config import Config

    config = Config(
        connect_timeout=1, read_timeout=1, retries={"max_attempts": 2, "mode": "standard"}
    )
    return boto3.resource("dynamodb", endpoint_url=endpoint_url, config=config)


def dynamo_adapter(
    table_name: str | None = None, resource: Any = None, merge: Merge | None = None
) -> AbstractPersistenceAdapter:
    """Build the adapter. The SDK module is imported here, not at start-up, because it calls
    boto3.resource('dynamodb') when imported and that fails when no AWS region is set."""
    from ask_sdk_dynamodb.adapter import DynamoDbAdapter

    class VersionedDynamoDbAdapter(DynamoDbAdapter):
        """The SDK's adapter, with Decimal conversion and merged, conditional saves. A save
        first tries the version this thread read (one call); only if another request has
        saved since does it read again and merge."""

        read = threading.local()

        def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, Any]:
            key = self.partition_keygen(request_envelope)
            try:
                item = (
                    self.dynamodb.Table(self.table_name)
                    .get_item(Key={self.partition_key_name: key}, ConsistentRead=True)
                    .get("Item")
                )
            except Exception as exc:
                raise PersistenceException(f"DynamoDB read failed: {type(exc).__name__}") from exc
            self.read.seen = (key, int(item.get("version", 0)) if item else 0)
            data = from_dynamo(item.get(self.attribute_name, {})) if item else {}
            return data if isinstance(data, dict) else {}

        def save_attributes(
            self, request_envelope: RequestEnvelope, attributes: dict[str, Any]
        ) -> None:
            from botocore.exceptions import ClientError

            table = self.dynamodb.Table(self.table_name)
            key = self.partition_keygen(request_envelope)
            seen, self.read.seen = getattr(self.read, "seen", None), None
            for attempt in range(ATTEMPTS):
                try:
                    if attempt == 0 and seen is not None and seen[0] == key:
                        version, data = seen[1], attributes  # as read: no merge needed
                    else:
                        item = table.get_item(
                            Key={self.partition_key_name: key}, ConsistentRead=True
                        ).get("Item")
                        version = int(item.get("version", 0)) if item else 0
                        data = attributes
                        if item and merge is not None:
                            stored = from_dynamo(item.get(self.attribute_name, {}))
                            data = merge(stored, attributes)
                    # Written by nobody, or with no version (by the SDK's own adapter): the
                    # version must still be missing; otherwise it must not have moved on.
                    condition: dict[str, Any] = (
                        {"ConditionExpression": "attribute_not_exists(version)"}
                        if version == 0
                        else {
                            "ConditionExpression": "version = :v",
                            "ExpressionAttributeValues": {":v": version},
                        }
                    )
                    table.put_item(
                        Item={
                            self.partition_key_name: key,
                            self.attribute_name: to_dynamo(data),
                            "version": version + 1,
                        },
                        **condition,
                    )
                    return
                except ClientError as exc:
                    code = exc.response.get("Error", {}).get("Code")
                    if code != "ConditionalCheckFailedException":
                        raise PersistenceException(f"DynamoDB save failed: {code}") from exc
                    # Let the other finish: a random wait, so the two don't clash again.
                    time.sleep(random.uniform(0, min(MAX_BACKOFF, BACKOFF * 2**attempt)))
                except Exception as exc:
                    raise PersistenceException(
                        f"DynamoDB save failed: {type(exc).__name__}"
                    ) from exc
            raise PersistenceException("DynamoDB save failed: too many concurrent writes")

    if resource is None:
        resource = dynamo_resource()
    name = table_name or os.environ.get(TABLE_ENV)
    if not name:
        raise PersistenceException(f"set {TABLE_ENV} to the DynamoDB table's name")
    adapter: AbstractPersistenceAdapter = VersionedDynamoDbAdapter(
        table_name=name, partition_keygen=user_key, dynamodb_resource=resource, create_table=False
    )
    return adapter
