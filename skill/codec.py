"""The SDK's serializer with each model class's plan worked out once: envelopes in, responses out.

``Codec`` subclasses ask-sdk-core's ``DefaultSerializer`` and gives the same objects for the same
input. The SDK works everything out again for every field of every request: it looks up each
model class by name with ``__import__``, rebuilds each class's attribute map, and parses each
timestamp with dateutil (43 us where the standard library takes well under 1 us). Here each type
string becomes a converter once, and the timestamps Alexa sends are read by a pattern.

It differs from the SDK on purpose in three ways, none of which a well-formed envelope sees:
- ``from_data`` reads already-parsed JSON, so no JSON text is made only to be parsed again. Parts
  typed ``object`` (session attributes, for one) are the caller's own dicts, not copies.
- A timestamp's zone is the standard library's fixed zone (``UTC`` for "Z"), not a
  dateutil one; it is the same instant, offset and ISO form. Timestamps in any other form are
  read by dateutil, as the SDK reads them.
- The SDK copies JSON keys it doesn't know onto its model objects with setattr, so a key such
  as "__dict__" or "to_dict" would overwrite an object's insides. Such keys are dropped.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from enum import Enum
from typing import Any

from ask_sdk_core import serialize as sdk_serialize
from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer

Convert = Callable[[Any], Any]

# Keys that would reach a model object's insides if copied onto it (see the module docstring).
MODEL_INTERNALS = frozenset(
    {
        "to_dict",
        "to_str",
        "attribute_map",
        "deserialized_types",
        "supports_multiple_types",
        "get_real_child_model",
        "discriminator_value_class_map",
        "json_discriminator_key",
    }
)
# The timestamps Alexa sends ("2026-12-02T00:24:00Z"), with or without fractions and offsets.
STAMP = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(?:(Z)|([+-])(\d\d):(\d\d))?"
)
PLAIN = frozenset({str, int, float, bool, bytes})


def _internal(key: object) -> bool:
    """A key that names a model's insides (any other that is no name fails in setattr)."""
    return isinstance(key, str) and (key.startswith("_") or key in MODEL_INTERNALS)


def _load_class(name: str) -> Any:
    """A model class by its dotted name, as the SDK resolves it."""
    try:
        module_name, _, class_name = name.rpartition(".")
        if module_name:
            return getattr(__import__(module_name, fromlist=[class_name]), class_name)
        return getattr(sys.modules[sdk_serialize.__name__], class_name)
    except Exception as exc:
        raise SerializationException(
            f"Unable to resolve class {name} from installed modules: {exc}"
        ) from exc


def _sdk_datetime(payload: Any, kind: type) -> Any:
    """A timestamp in a form other than Alexa's: read by dateutil, as the SDK reads it."""
    try:
        from dateutil.parser import parse
    except ImportError:
        return payload
    try:
        parsed = parse(payload)
    except ValueError as exc:
        raise SerializationException(
            f"Failed to parse {payload} into '{kind.__name__}' object"
        ) from exc
    return parsed.date() if kind is date else parsed


def _stamp(payload: Any, kind: type) -> Any:
    match = STAMP.fullmatch(payload) if type(payload) is str else None
    if match is None:
        return _sdk_datetime(payload, kind)
    year, month, day, hour, minute, second, fraction, zulu, sign, tz_hours, tz_minutes = (
        match.groups()
    )
    zone: timezone | None = None
    if zulu:
        zone = UTC
    elif sign:
        offset = timedelta(hours=int(tz_hours), minutes=int(tz_minutes))
        zone = UTC if not offset else timezone(-offset if sign == "-" else offset)
    try:
        parsed = datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second),
            int(fraction.ljust(6, "0")) if fraction else 0,
            zone,
        )
    except ValueError:  # no such day or time: let dateutil decide, as the SDK does
        return _sdk_datetime(payload, kind)
    return parsed.date() if kind is date else parsed


class Codec(DefaultSerializer):
    """``DefaultSerializer`` with converters made once per type (see the module docstring)."""

    def __init__(self) -> None:
        self._converters: dict[object, Convert] = {}
        self._classes: dict[str, Any] = {}
        self._fields: dict[type, tuple[tuple[str, str], ...]] = {}

    def deserialize(self, payload: str | None, obj_type: Any) -> Any:
        if payload is None:
            return None
        try:
            data = json.loads(payload)
        except Exception as exc:
            raise SerializationException(f"Couldn't parse response body: {payload}") from exc
        return self.from_data(data, obj_type)

    def from_data(self, data: Any, obj_type: Any) -> Any:
        """Parsed JSON as an instance of ``obj_type`` (a class or the SDK's type string)."""
        return self._converter(obj_type)(data)

    def _converter(self, spec: Any) -> Convert:
        found = self._converters.get(spec)
        if found is None:
            found = self._converters[spec] = self._make(spec)
        return found

    def _class(self, name: str) -> Any:
        found = self._classes.get(name)
        if found is None:
            found = self._classes[name] = _load_class(name)
        return found

    def _make(self, spec: Any) -> Convert:
        """The converter for a type: what the SDK's ``__deserialize`` does for it."""
        if isinstance(spec, str):
            if spec.startswith("list["):
                return self._list(spec)
            if spec.startswith("dict("):
                return self._dict(spec)
            if spec in self.NATIVE_TYPES_MAPPING:
                return self._converter(self.NATIVE_TYPES_MAPPING[spec])
            return self._named(spec)
        if spec in self.PRIMITIVE_TYPES:
            return _primitive(spec)
        if spec is object:
            return _same
        if spec is date or spec is datetime:
            return lambda payload: None if payload is None else _stamp(payload, spec)
        return self._model(spec)

    def _named(self, name: str) -> Convert:
        """A model class by name, loaded on first use (the SDK fails only then)."""
        resolved: list[Convert] = []

        def convert(payload: Any) -> Any:
            if payload is None:
                return None
            if not resolved:
                resolved.append(self._converter(self._class(name)))
            return resolved[0](payload)

        return convert

    def _list(self, spec: str) -> Convert:
        match = re.match(r"list\[(.*)\]", spec)
        if match is None:
            return lambda payload: None if payload is None else []
        inner = match.group(1)
        if "," in inner:  # a list of items of different types, in order
            items = [self._converter(t.strip()) for t in inner.split(",")]
            return lambda payload: (
                None if payload is None else [c(p) for p, c in zip(payload, items, strict=False)]
            )
        item = self._converter(inner.strip())
        return lambda payload: None if payload is None else [item(p) for p in payload]

    def _dict(self, spec: str) -> Convert:
        match = re.match(r"dict\(([^,]*), (.*)\)", spec)
        if match is None:
            return lambda payload: None if payload is None else {}
        value = self._converter(match.group(2))
        return lambda payload: (
            None if payload is None else {k: value(v) for k, v in payload.items()}
        )

    def _model(self, cls: Any) -> Convert:
        """A model class: an Enum by value, else its attributes from their JSON keys, the
        class chosen by the discriminator first where it has one."""
        if isinstance(cls, type) and issubclass(cls, Enum):
            return _enum(cls)
        if not hasattr(cls, "deserialized_types"):
            return _same
        discriminated = hasattr(cls, "get_real_child_model")
        plan = self._plan(cls)

        def convert(payload: Any) -> Any:
            if payload is None:
                return None
            try:
                real, fields = cls, plan
                if discriminated:
                    name = cls.get_real_child_model(payload)
                    if not name:
                        raise SerializationException(
                            f"Couldn't resolve object by discriminator type for {cls} class"
                        )
                    real = self._class(name)
                    fields = plan if real is cls else self._plan(real)
                model = real()
                for attribute, key, value in fields[0]:
                    if key in payload:
                        setattr(model, attribute, value(payload[key]))
                known = fields[1]
                for key in payload:
                    if key not in known:
                        value = payload[key]  # may fail, as in the SDK (a list, say)
                        if not _internal(key):
                            setattr(model, key, value)
                return model
            except Exception as exc:
                raise SerializationException(str(exc)) from exc

        return convert

    def _plan(self, cls: Any) -> tuple[tuple[tuple[str, str, Convert], ...], tuple[str, ...]]:
        """A model class's (attribute, JSON key, converter) triples, and its JSON keys (a
        tuple: the SDK tests a key by equality, not by hash)."""
        keys = self._keys(cls)
        types = cls.deserialized_types
        return tuple((a, k, self._converter(types[a])) for a, k in keys), tuple(k for _, k in keys)

    def _keys(self, cls: Any) -> tuple[tuple[str, str], ...]:
        """A model class's attributes with their JSON keys (the attribute's name where the
        class maps none), worked out once for reading and writing alike."""
        found = self._fields.get(cls)
        if found is None:
            names = getattr(cls, "attribute_map", {})
            found = self._fields[cls] = tuple((a, names.get(a, a)) for a in cls.deserialized_types)
        return found

    def serialize(self, obj: Any) -> Any:
        """What the SDK's ``serialize`` makes of ``obj``, quicker for the types a response
        holds (plain values, dicts, lists, model objects); anything else goes to the SDK."""
        if obj is None:
            return None
        kind = type(obj)
        if kind in PLAIN:
            return obj
        if kind is dict:
            return {k: self.serialize(v) for k, v in obj.items()}
        if kind is list:
            return [self.serialize(v) for v in obj]
        fields = self._fields.get(kind)
        if fields is None:
            if not hasattr(kind, "deserialized_types") or issubclass(kind, Enum | dict):
                return super().serialize(obj)
            fields = self._keys(kind)
        result = {}
        for attribute, key in fields:
            value = getattr(obj, attribute)
            if value is not None:
                result[key] = self.serialize(value)
        return result


def _same(payload: Any) -> Any:
    return payload


def _primitive(kind: Any) -> Convert:
    def convert(payload: Any) -> Any:
        if payload is None:
            return None
        if type(payload) is kind:  # what kind(payload) would give
            return payload
        try:
            return kind(payload)
        except UnicodeEncodeError:
            return str(payload)
        except TypeError:
            return payload
        except ValueError as exc:
            raise SerializationException(
                f"Failed to parse {payload} into '{kind.__name__}' object"
            ) from exc

    return convert


def _enum(cls: Any) -> Convert:
    def convert(payload: Any) -> Any:
        if payload is None:
            return None
        try:
            return cls(payload)
        except Exception as exc:
            raise SerializationException(str(exc)) from exc

    return convert
