"""The door's codec reads every envelope as the SDK's DefaultSerializer does, and writes every
response as it does: the recorded conversations, mutated envelopes, and timestamps in any form."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope, ResponseEnvelope
from hypothesis import given
from hypothesis import strategies as st

from envelopes import envelope, intent, request, slot
from fuzzing import FUZZ, INTENTS, NASTY_TEXT, REQUEST_TYPES, json_values, mutate
from recorded import RECORDED
from skill.codec import MODEL_INTERNALS, Codec

SDK = DefaultSerializer()
RECORDED_REQUESTS = [
    e["request"]
    for path in sorted(RECORDED.glob("*.json"))
    for e in json.loads(path.read_text(encoding="utf-8"))["exchanges"]
]
RECORDED_RESPONSES = [
    e["response"]
    for path in sorted(RECORDED.glob("*.json"))
    for e in json.loads(path.read_text(encoding="utf-8"))["exchanges"]
]


def sdk_read(data: Any, kind: Any = RequestEnvelope) -> tuple[str, Any]:
    try:
        return "read", SDK.deserialize(json.dumps(data), kind)
    except SerializationException as exc:
        return "refused", str(exc)


def codec_read(data: Any, kind: Any = RequestEnvelope) -> tuple[str, Any]:
    try:
        return "read", Codec().from_data(copy.deepcopy(data), kind)
    except SerializationException as exc:
        return "refused", str(exc)


def same_reading(data: Any) -> None:
    ours, theirs = codec_read(data), sdk_read(data)
    assert ours == theirs
    if ours[0] == "read":  # and written back alike, timestamps included
        assert json.dumps(SDK.serialize(ours[1])) == json.dumps(SDK.serialize(theirs[1]))


def test_every_recorded_envelope_is_read_as_the_sdk_reads_it() -> None:
    assert len(RECORDED_REQUESTS) > 100
    for data in RECORDED_REQUESTS:
        same_reading(data)
        assert Codec().deserialize(json.dumps(data), RequestEnvelope) == sdk_read(data)[1]


def test_every_recorded_response_is_written_as_the_sdk_writes_it() -> None:
    codec = Codec()
    for data in RECORDED_RESPONSES:
        response = SDK.deserialize(json.dumps(data), ResponseEnvelope)
        assert json.dumps(codec.serialize(response)) == json.dumps(SDK.serialize(response))
    assert codec.serialize(None) is None
    assert codec.serialize((1, date(2026, 12, 2))) == (1, "2026-12-02")  # the SDK's own rules


SAFE_KEYS = st.text(max_size=10).filter(
    lambda k: not k.startswith("_") and k not in MODEL_INTERNALS
)
SAFE_JSON = json_values(SAFE_KEYS, text=20, width=4, leaves=15)


@FUZZ
@given(data=st.data(), kind=REQUEST_TYPES, name=INTENTS, value=NASTY_TEXT)
def test_mutated_envelopes_are_read_or_refused_as_the_sdk_does(
    data: st.DataObject, kind: str, name: str, value: str
) -> None:
    body = (
        intent(name, 1_800_000_000, {"routine": slot("routine", value)})
        if kind == "IntentRequest"
        else request(kind, 1_800_000_000)
    )
    base = envelope(body, attributes={"coach": {"x": [1]}})
    same_reading(mutate(base, data, SAFE_KEYS, SAFE_JSON, depth=5))  # no hostile keys


@pytest.mark.parametrize(
    "stamp",
    [
        "2026-12-02T00:24:00Z",
        "2026-12-02T00:24:00.5Z",
        "2026-12-02T00:24:00.123456Z",
        "2026-12-02T00:24:00+00:00",
        "2026-12-02T00:24:00-00:00",
        "2026-12-02T00:24:00+05:30",
        "2026-12-02T00:24:00-08:00",
        "2026-12-02T00:24:00",
        "2026-02-30T00:24:00Z",  # no such day: refused by both
        "2026-12-02T24:00:00Z",
        "2026-12-02 00:24:00",  # other forms: dateutil's reading
        "December 2, 2026",
        "2026-12-02T00:24:00.1234567Z",
        "not a time",
        "",
    ],
)
def test_timestamps_are_the_same_instant_offset_and_form(stamp: str) -> None:
    base = envelope(request("LaunchRequest", 1_800_000_000))
    base["request"]["timestamp"] = stamp
    ours, theirs = codec_read(base), sdk_read(base)
    assert ours[0] == theirs[0]
    if ours[0] == "read":
        a, b = ours[1].request.timestamp, theirs[1].request.timestamp
        assert a == b and a.utcoffset() == b.utcoffset() and a.isoformat() == b.isoformat()
    else:
        assert ours == theirs


def test_a_date_field_and_a_number_for_a_timestamp() -> None:
    codec = Codec()
    assert codec.from_data("2026-12-02T00:24:00Z", date) == date(2026, 12, 2)
    assert codec.from_data("2026-12-02T00:24:00Z", datetime) == datetime(
        2026, 12, 2, 0, 24, tzinfo=UTC
    )
    base = envelope(request("LaunchRequest", 1_800_000_000))
    base["request"]["timestamp"] = 1_800_000_000
    assert codec_read(base) == sdk_read(base)


def test_keys_that_reach_a_models_insides_are_dropped() -> None:
    base = envelope(request("LaunchRequest", 1_800_000_000))
    hostile = copy.deepcopy(base)
    hostile["request"].update({"to_dict": 1, "__dict__": {}, "_x": 2, "extra": 3})
    hostile["context"]["System"]["attribute_map"] = {}
    reading = Codec().from_data(hostile, RequestEnvelope)
    assert reading.request.to_dict()["object_type"] == "LaunchRequest"  # still the method
    assert reading.request.extra == 3  # an unknown key is kept, as the SDK keeps it
    assert not hasattr(reading.request, "_x")
    base["request"]["extra"] = 3
    assert reading == sdk_read(base)[1]


def test_unknown_model_names_and_wrong_shapes_are_refused_alike() -> None:
    codec = Codec()
    for kind in ("list[ask_sdk_model.NoSuchThing]", "ask_sdk_model.NoSuchThing"):
        with pytest.raises(SerializationException, match="Unable to resolve class"):
            codec.from_data([{}], kind)
        assert codec.from_data(None, kind) is None
    assert codec.from_data("abc", "list[str]") == ["a", "b", "c"]  # as the SDK iterates
    assert codec.from_data({"a": "1"}, "dict(str, int)") == {"a": 1}
    assert codec.from_data([1, "x"], "list[int, str]") == [1, "x"]
    with pytest.raises(SerializationException):
        codec.deserialize("{not json", RequestEnvelope)
    assert codec.deserialize(None, RequestEnvelope) is None
