"""The content schema as data: one place that both the loader and the JSON Schema read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from skill.content.areas import AREAS, NEEDS
from skill.content.catalog import SIDE_NAMES

MIN_HOLD = 5
MAX_HOLD = 120
CUE_NAMES = ("breathe", "halfway", "ten-left")
ROUTINE_KINDS = ("routine", "wrap-up")
AREA_NAMES = tuple(name for name, _ in AREAS.values())
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
LOCALE_PATTERN = r"^[a-z]{2}-[A-Z]{2}$"


@dataclass(frozen=True)
class Text:
    """A string of spoken or written text."""

    doc: str
    pattern: str | None = None
    pattern_hint: str = ""
    max_length: int = 1500


@dataclass(frozen=True)
class Integer:
    """A whole number within a range (used for seconds)."""

    doc: str
    minimum: int
    maximum: int


@dataclass(frozen=True)
class Choice:
    """One word out of a fixed set."""

    doc: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class Flag:
    """true or false (YAML 1.2 spelling only: yes/no/on/off are refused)."""

    doc: str


@dataclass(frozen=True)
class ListOf:
    """A YAML list whose items all follow one spec (or, with ``single``, one bare item)."""

    doc: str
    item: Spec
    min_items: int = 0
    unique: bool = False
    single: bool = False


@dataclass(frozen=True)
class Field:
    """One key of a record."""

    name: str
    spec: Spec
    required: bool = False


@dataclass(frozen=True)
class Record:
    """A YAML mapping with a fixed set of keys."""

    title: str
    doc: str
    fields: tuple[Field, ...]

    def field(self, name: str) -> Field | None:
        """The field called ``name``, if the record has one."""
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True)
class MapOf:
    """A YAML mapping from keys matching a pattern to values of one spec."""

    doc: str
    key_pattern: str
    key_hint: str
    value: Spec


@dataclass(frozen=True)
class Either:
    """A plain word from a choice, or a record when written as a mapping."""

    doc: str
    word: Choice
    record: Record


Spec = Text | Integer | Choice | Flag | ListOf | Record | MapOf | Either

HOLD = Integer(
    f"Seconds to hold pressure on one spot, {MIN_HOLD} to {MAX_HOLD}. Write a plain number: 90, "
    "not 1:30.",
    MIN_HOLD,
    MAX_HOLD,
)
CUE = Either(
    "Something said during the hold: 'breathe' (a slow-breath reminder at the start), 'halfway', "
    "'ten-left' (ten seconds to go), or {at: SECONDS, say: TEXT}. The hold then ends with "
    "'And release.' (or the step's 'end').",
    Choice("A built-in cue.", CUE_NAMES),
    Record(
        "cue",
        "A cue of your own, spoken a number of seconds into the hold.",
        (
            Field("at", Integer("Seconds into the hold.", 1, MAX_HOLD - 1), required=True),
            Field("say", Text("What to say."), required=True),
        ),
    ),
)
SAY = Text(
    "What to say, written for the ear. {side} and {other_side} name the side in a sides block."
)
CUES = ListOf("Cues during the hold. Leave out for the defaults; [] for none.", CUE)
END = Text("What to say when the hold is over, instead of 'And release.'", max_length=200)
STEP_NAME = Text(
    "What the listener would call this step, said when they come back to it: 'the tender-spot "
    "press' (the side is added). Leave out to use the step's first sentence.",
    max_length=60,
)
RECUE = Text(
    "One sentence said when a hold resumes after a pause or a question: where the ball or hand "
    "goes back. Leave out to use the last sentence of 'say'.",
    r"^.*[.!?]$",
    "a whole sentence, ending with a full stop",
    max_length=200,
)
STEP_DETAILS = (Field("name", STEP_NAME), Field("recue", RECUE))
INNER_STEP = Record(
    "step",
    "One step inside a sides block.",
    (
        Field("say", SAY, required=True),
        Field("hold", HOLD),
        Field("cues", CUES),
        Field("end", END),
        *STEP_DETAILS,
    ),
)
STEP = Record(
    "step",
    "One step: something to say, optionally followed by a timed hold. With 'sides', the step (or "
    "its own 'steps') is spoken once for each side.",
    (
        Field("say", SAY),
        Field("hold", HOLD),
        Field("cues", CUES),
        Field("end", END),
        *STEP_DETAILS,
        Field(
            "sides",
            ListOf("The sides to repeat for, in order.", Choice("A side.", SIDE_NAMES), 1, True),
        ),
        Field("steps", ListOf("Steps repeated for each side.", INNER_STEP, 1)),
    ),
)
NAMES = ListOf("Other names people may say for it.", Text("A name."), 1, True)
IDENTITY = (  # the keys every routine and topic starts with
    Field(
        "id",
        Text("Stable identifier.", ID_PATTERN, "lower-case words joined by hyphens"),
        required=True,
    ),
    Field("name", Text("The name Alexa says.", max_length=80), required=True),
    Field("synonyms", NAMES, required=True),
)
ROUTINE = Record(
    "routine",
    "One guided routine.",
    (
        *IDENTITY,
        Field("summary", Text("One line describing the routine.", max_length=200), required=True),
        Field(
            "area",
            ListOf(
                "The body areas it works on, for suggestions ('my lower back is tight'): one, "
                "or a list.",
                Choice("A body area.", AREA_NAMES),
                1,
                unique=True,
                single=True,
            ),
            required=True,
        ),
        Field(
            "tools", ListOf("What the user needs, as spoken.", Text("A tool."), 1), required=True
        ),
        Field(
            "needs",
            Choice(
                "What it presses with, for suggestions ('I don't have a ball') and for how to come "
                "off a spot. Leave out to take 'ball' when a tool names a ball, 'nothing' for a "
                "wrap-up, else 'hands'.",
                NEEDS,
            ),
        ),
        Field(
            "cautions",
            ListOf("Cautions spoken before the first step.", Text("A caution."), 1),
            required=True,
        ),
        Field(
            "reminder",
            Text(
                "The cautions in one short sentence, said when the routine is carried on in a "
                "later session. Leave out to use the first caution.",
                max_length=200,
            ),
        ),
        Field("steps", ListOf("The steps, in order.", STEP, 1), required=True),
        Field("kind", Choice("'wrap-up' for the movement offered after a routine.", ROUTINE_KINDS)),
    ),
)
TOPIC = Record(
    "topic",
    "Something the skill can explain. Text may use {emergency_number}, {disclaimer}, "
    "{stop_signs}, {emergency_signs}, {urgent_signs}, {screen}, {never_press} and {skip}.",
    (
        *IDENTITY,
        Field("brief", Text("Two to four short sentences."), required=True),
        Field("more", Text("The longer answer to 'tell me more'."), required=True),
    ),
)
TOPICS = Record(
    "topics",
    "The topics the skill explains.",
    (Field("topics", ListOf("Topics.", TOPIC, 1), required=True),),
)


SENTENCE = Text(
    "One short spoken sentence.", r"^.*[.!?]$", "a whole sentence, ending with a full stop"
)


def _items(doc: str) -> ListOf:
    return ListOf(
        doc + " Each item is a whole sentence; they are read one after another.", SENTENCE, 1
    )


SAFETY = Record(
    "safety",
    "Safety wording shared by every routine and topic.",
    (
        Field("disclaimer", Text("The not-medical-advice sentence."), required=True),
        Field("stop_line", Text("Spoken before a session's first hold."), required=True),
        Field("screen", _items("Reasons to check with a clinician first."), required=True),
        Field("never_press", _items("Where never to press."), required=True),
        Field("skip", _items("What to leave out."), required=True),
        Field("stop_signs", _items("When to stop at once."), required=True),
        Field("emergency_signs", _items("Signs to call the emergency number."), required=True),
        Field("urgent_signs", _items("Signs to see a doctor the same day."), required=True),
        Field(
            "emergency_numbers",
            MapOf(
                "Emergency number per locale: quoted digits ('000' unquoted is the number 0), "
                "or words to say, like 'triple zero'.",
                LOCALE_PATTERN,
                "a locale such as en-GB",
                Text(
                    "Digits or words.",
                    r"^([0-9]{2,4}|[a-z][a-z ]*)$",
                    "two to four digits, or lower-case words",
                    max_length=40,
                ),
            ),
            required=True,
        ),
    ),
)


def json_schema(spec: Spec) -> dict[str, Any]:
    """Translate a spec into JSON Schema (draft 2020-12) for editors."""
    match spec:
        case Text():
            out: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": spec.max_length}
            if spec.pattern:
                out["pattern"] = spec.pattern
        case Integer():
            out = {"type": "integer", "minimum": spec.minimum, "maximum": spec.maximum}
        case Choice():
            out = {"enum": list(spec.options)}
        case Flag():
            out = {"type": "boolean"}
        case ListOf():
            out = {"type": "array", "items": json_schema(spec.item), "minItems": spec.min_items}
            if spec.unique:
                out["uniqueItems"] = True
            if spec.single:
                out = {"oneOf": [json_schema(spec.item), out]}
        case Record():
            out = {
                "type": "object",
                "additionalProperties": False,
                "properties": {f.name: json_schema(f.spec) for f in spec.fields},
                "required": [f.name for f in spec.fields if f.required],
            }
        case MapOf():
            out = {
                "type": "object",
                "additionalProperties": False,
                "patternProperties": {spec.key_pattern: json_schema(spec.value)},
            }
        case Either():
            out = {"oneOf": [json_schema(spec.word), json_schema(spec.record)]}
    out["description"] = spec.doc
    return out


def document_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema for one kind of file: 'routine', 'topics' or 'safety'."""
    spec = {"routine": ROUTINE, "topics": TOPICS, "safety": SAFETY}[kind]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Back Release Coach {kind} file",
        **json_schema(spec),
    }
