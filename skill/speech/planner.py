"""Turn a routine into the responses the skill will speak, each within Alexa's limits.

Grouping: consecutive steps share one response, so nobody says "next" after every sentence,
except that a response always ends (1) before the routine's first hold, so the user can get into
position, (2) at the end of each side, and (3) before it would pass about 180 s or 5,000 SSML
characters, well inside Alexa's 240 s and 8,000 characters. Each response closes by saying what to
say next; the last one ends the routine with a question (the wrap-up, or another routine).

Limits are checked with headroom for what the conversation may say in front of a response
("About 40 seconds left in this hold, and about 3 minutes in the routine."): 15 s and 600
characters, and, for the response with the first hold, the pressure and stop block in full
(``briefing``), which the conversation says in front of it once a session.

The first response is the introduction (name, length, tools) and the routine's own cautions,
then the steps up to the first "say next"; cues are said in full the first time in a routine
and in shorter variants after that (``prompts.CUE_AGAIN``).

Default cues when a step has a hold but no ``cues`` key: 'halfway' and 'ten-left' for holds of 30 s
or more, 'halfway' from 20 s, none below. ``cues: []`` means silence only. 'And release.' (or the
step's ``end``) always ends a hold.
"""

from __future__ import annotations

import io
import pickle
import re
import threading
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

from skill.content.catalog import SIDE_NAMES, Catalog, Cue, Routine, Safety, SideBlock, Step
from skill.content.errors import ContentError, Origin, Problem
from skill.speech import prompts
from skill.speech.ssml import Ssml, join, limit_problems, say, speak
from skill.speech.timeline import CueClash, Segment, Timed, hold, speech

SOFT_SECONDS = 180.0
SOFT_CHARS = 5000


class ExpandedStep(NamedTuple):
    """A step as spoken: sides expanded and {side} filled in."""

    number: int
    say: str
    origin: Origin
    hold: int | None = None
    cues: tuple[Cue, ...] = ()
    side: str | None = None
    side_first: bool = False  # first step of a side: the side is announced
    side_last: bool = False  # last step of a side: the response ends here
    first_side: bool = False
    end: str = prompts.RELEASE
    name: str | None = None  # what the listener calls it (the author's), side not included
    recue: str = ""  # said when its hold resumes: where the ball or hand goes back

    @property
    def label(self) -> str:
        """The first sentence (at most 12 words), to answer 'which step am I on?'."""
        first = re.split(r"(?<=[.!?])\s", self.say, maxsplit=1)[0]
        words = first.split()
        return first if len(words) <= 12 else " ".join(words[:12]) + "..."

    @property
    def heard_as(self) -> str:
        """The step as the listener knows it: its name and side, never its number."""
        return prompts.heard_as(self.name, self.label, self.side)


@dataclass(frozen=True)
class PlannedResponse:
    """One response of a routine: its segments in the order they are spoken."""

    index: int
    segments: tuple[Segment, ...]

    @property
    def ssml(self) -> Ssml:
        return join(*(s.ssml for s in self.segments))

    @property
    def seconds(self) -> float:
        return sum(s.seconds for s in self.segments)

    @property
    def chars(self) -> int:
        return len(speak(self.ssml))

    @property
    def steps(self) -> tuple[int, ...]:
        """Numbers of the steps this response speaks."""
        return tuple(dict.fromkeys(s.step for s in self.segments if s.step is not None))

    def step_start(self, number: int) -> float:
        """Seconds from the start of the response to the start of step ``number``."""
        start = 0.0
        for segment in self.segments:
            if segment.step == number:
                return start
            start += segment.seconds
        raise KeyError(number)


class Plan(NamedTuple):
    """A routine turned into responses."""

    routine: Routine
    steps: tuple[ExpandedStep, ...]
    responses: tuple[PlannedResponse, ...]
    briefing_at: int | None = None  # the response before whose first hold the briefing is said

    @property
    def seconds(self) -> float:
        return sum(r.seconds for r in self.responses)

    def seconds_after(self, index: int) -> float:
        """Seconds of every response after response ``index``."""
        return sum(r.seconds for r in self.responses[index + 1 :])

    def step(self, number: int) -> ExpandedStep:
        """The expanded step with this 1-based number."""
        return self.steps[number - 1]

    @property
    def step_order(self) -> tuple[tuple[int, int], ...]:
        """(response index, step number) for every step, in the order they are spoken."""
        return tuple((r.index, n) for r in self.responses for n in r.steps)


def _fill(text: str, side: str | None) -> str:
    if side is None:
        return text
    other = next((s for s in SIDE_NAMES if s != side), "other")
    return text.replace("{side}", side).replace("{other_side}", other)


def expand(routine: Routine) -> tuple[ExpandedStep, ...]:
    """Expand sides blocks into one step per side, in order, numbered from 1."""
    out: list[ExpandedStep] = []
    for item in routine.steps:
        blocks: list[tuple[str | None, tuple[Step, ...]]]
        if isinstance(item, SideBlock):
            blocks = [(side, item.steps) for side in item.sides]
        else:
            blocks = [(None, (item,))]
        for b, (side, steps) in enumerate(blocks):
            for j, step in enumerate(steps):
                out.append(
                    ExpandedStep(
                        number=len(out) + 1,
                        say=_fill(step.say, side),
                        origin=step.origin,
                        hold=step.hold,
                        cues=_cues(step),
                        side=side,
                        side_first=side is not None and j == 0,
                        side_last=side is not None and j == len(steps) - 1,
                        first_side=b == 0,
                        end=_fill(step.end or prompts.RELEASE, side),
                        name=step.name,
                        recue=_fill(step.recue or _last_sentence(step.say), side),
                    )
                )
    return tuple(out)


def _last_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+", " ".join(text.split()))[-1]


def _cues(step: Step) -> tuple[Cue, ...]:
    if step.hold is None or step.cues is not None:
        return step.cues or ()
    names = ("halfway", "ten-left") if step.hold >= 30 else ("halfway",) if step.hold >= 20 else ()
    return tuple(Cue(name, step.origin) for name in names)


def _timed(step: ExpandedStep, used: dict[str, int]) -> list[Timed]:
    """The step's cues at their seconds. A built-in cue is said in full the first time in a
    routine, then in its shorter variants in turn (``used`` counts them)."""
    assert step.hold is not None
    out = []
    for cue in step.cues:
        at = {"breathe": 0, "halfway": step.hold // 2, "ten-left": step.hold - 10}.get(
            cue.kind, cue.at or 0
        )
        if at < 0:
            raise CueClash(
                f"'ten-left' needs a hold longer than 10 s, not {step.hold} s", cue.origin
            )
        text = cue.say or ""
        if cue.kind in prompts.CUE_TEXT:
            n = used[cue.kind] = used.get(cue.kind, 0) + 1
            text = (
                prompts.CUE_TEXT[cue.kind]
                if n == 1
                else prompts.pick(prompts.CUE_AGAIN[cue.kind], n - 2)
            )
        out.append(Timed(at, text, cue.origin))
    return out


def _step_segments(step: ExpandedStep, used: dict[str, int]) -> tuple[Segment, ...]:
    intro = prompts.side_intro(step.side, step.first_side) if step.side_first and step.side else ""
    said = speech(f"{intro} {step.say}", step.number)
    if step.hold is None:
        return (said,)
    return said, hold(step.hold, _timed(step, used), step.number, step.end)


def _group(
    intro: tuple[Segment, ...], parts: list[tuple[Segment, ...]], steps: tuple[ExpandedStep, ...]
) -> list[list[int]]:
    groups: list[list[int]] = [[]]
    seconds, chars = sum(s.seconds for s in intro), sum(len(s.ssml) + 1 for s in intro)
    first_hold = next((s.number - 1 for s in steps if s.hold is not None), None)
    for i, segs in enumerate(parts):
        add_s, add_c = sum(s.seconds for s in segs), sum(len(s.ssml) + 1 for s in segs)
        current = groups[-1]
        if i == first_hold or (
            current
            and (
                steps[current[-1]].side_last
                or seconds + add_s > SOFT_SECONDS
                or chars + add_c > SOFT_CHARS
            )
        ):
            groups.append([])
            seconds, chars = 0.0, 0
        groups[-1].append(i)
        seconds, chars = seconds + add_s, chars + add_c
    return groups


def _closing(routine: Routine, steps: tuple[ExpandedStep, ...], group: list[int], nxt: int) -> str:
    before = steps[nxt]
    if group and steps[group[-1]].side_last and before.side_first and before.side:
        return prompts.next_side(before.side)
    first_hold = next((s for s in steps if s.hold is not None), None)  # we stop before it
    into_position = before is first_hold and routine.kind == "routine"
    return prompts.NEXT_INTO_HOLD if into_position else prompts.NEXT


def _intro(routine: Routine, duration: str) -> tuple[Segment, ...]:
    """The introduction, one segment per sentence group, so an interruption repeats only the
    sentence it cut: what it is and needs, then the routine's own cautions."""
    text = prompts.routine_intro(routine.name, duration, routine.tools)
    return tuple(speech(line) for line in (text, *routine.cautions))


def briefing(safety: Safety) -> str:
    """The pressure and stop block, said in full before a session's first hold: the spots to
    skip, how hard to press, and when to stop."""
    return " ".join((*safety.skip, prompts.PRESSURE, safety.stop_line))


def plan_routine(routine: Routine, safety: Safety, ending: str) -> Plan:
    """Plan a routine; ``ending`` is said after the last step. Raises ContentError."""
    steps = expand(routine)
    used: dict[str, int] = {}
    try:
        parts = [_step_segments(s, used) for s in steps]
    except CueClash as clash:
        raise ContentError([(clash.origin or routine.origin).problem(str(clash))]) from None
    draft = _intro(routine, prompts.minutes(600))  # the duration is not known yet
    groups = _group(draft, parts, steps)
    body: list[list[Segment]] = []
    for k, group in enumerate(groups):
        last = k == len(groups) - 1
        closing = ending if last else _closing(routine, steps, group, groups[k + 1][0])
        body.append([seg for i in group for seg in parts[i]] + [speech(closing)])
    # The introduction says how long the whole routine takes, itself included.
    total = sum(seg.seconds for segs in body for seg in segs)
    guess = sum(seg.seconds for seg in draft)
    intro = _intro(routine, prompts.minutes(total + guess))
    responses = tuple(
        PlannedResponse(k, (intro if k == 0 else ()) + tuple(segs)) for k, segs in enumerate(body)
    )
    briefed = _briefing_at(routine, responses)
    lead = say(briefing(safety))
    intro_seconds = sum(seg.seconds for seg in intro)
    problems = [
        _culprit(routine, steps, parts, group, intro_seconds if k == 0 else 0.0).problem(
            f"this makes a response of {problem}; split the text into more steps or shorten "
            "the hold"
        )
        for k, (response, group) in enumerate(zip(responses, groups, strict=True))
        for problem in limit_problems(
            join(lead, response.ssml) if k == briefed else response.ssml, headroom=True
        )
    ]
    if problems:
        raise ContentError(problems)
    return Plan(routine, steps, responses, briefed)


def _briefing_at(routine: Routine, responses: tuple[PlannedResponse, ...]) -> int | None:
    """The response holding the routine's first hold (none for the wrap-up, which has no
    pressing)."""
    if routine.kind != "routine":
        return None
    return next((r.index for r in responses if any(s.kind == "hold" for s in r.segments)), None)


def _culprit(
    routine: Routine,
    steps: tuple[ExpandedStep, ...],
    parts: list[tuple[Segment, ...]],
    group: list[int],
    intro_seconds: float,
) -> Origin:
    """Where to point an author when a response is too long: its longest step, or the
    introduction and cautions when they are longer than any step."""
    seconds = {i: sum(seg.seconds for seg in parts[i]) for i in group}
    longest = max(group, key=seconds.__getitem__, default=None)
    if longest is None or intro_seconds > seconds[longest]:
        return routine.origin.at("cautions")
    return steps[longest].origin


class Plans(Mapping[str, Plan]):
    """Every routine's plan by id, with each one's length. A content snapshot keeps the plans
    packed (pickled and compressed, about a tenth of their size in memory), and each is
    unpacked the first time a turn asks for it: a catalogue of a thousand routines costs little
    memory for the few that are used."""

    def __init__(
        self,
        plans: Mapping[str, Plan] = MappingProxyType({}),
        packed: Mapping[str, bytes] = MappingProxyType({}),
        seconds: Mapping[str, float] = MappingProxyType({}),
        routines: Mapping[str, Routine] = MappingProxyType({}),
    ) -> None:
        self._plans = dict(plans)
        self._packed = dict(packed)
        self._seconds = {**seconds, **{k: p.seconds for k, p in plans.items()}}
        self._routines = routines  # what packed plans refer to, by id
        self._lock = threading.Lock()

    def seconds(self, routine_id: str) -> float:
        """How long the routine runs, without unpacking its plan."""
        return self._seconds[routine_id]

    def __getitem__(self, routine_id: str) -> Plan:
        found = self._plans.get(routine_id)
        if found is None:
            packed = self._packed[routine_id]  # KeyError: no such routine
            with self._lock:
                found = self._plans.get(routine_id) or _unpack(packed, self._routines)
                self._plans[routine_id] = found
        return found

    def __contains__(self, routine_id: object) -> bool:
        return routine_id in self._seconds

    def __iter__(self) -> Iterator[str]:
        return iter(self._seconds)

    def __len__(self) -> int:
        return len(self._seconds)

    def packed(self) -> dict[str, bytes]:
        """Every plan packed, for a snapshot (the routines are left out: the catalog has them)."""
        return {k: self._packed.get(k) or _pack(self[k]) for k in self._seconds}


class _Packer(pickle.Pickler):
    def persistent_id(self, obj: object) -> str | None:
        return obj.id if isinstance(obj, Routine) else None


class _Unpacker(pickle.Unpickler):
    def __init__(self, data: bytes, routines: Mapping[str, Routine]) -> None:
        super().__init__(io.BytesIO(data))
        self.routines = routines

    def persistent_load(self, pid: object) -> Routine:
        return self.routines[str(pid)]


def _pack(plan: Plan) -> bytes:
    out = io.BytesIO()
    _Packer(out, protocol=5).dump(plan)
    return zlib.compress(out.getvalue())


def _unpack(data: bytes, routines: Mapping[str, Routine]) -> Plan:
    plan = _Unpacker(zlib.decompress(data), routines).load()
    assert isinstance(plan, Plan)
    return plan


def plan_catalog(catalog: Catalog) -> dict[str, Plan]:
    """Plan every routine (the wrap-up first: others offer it); raise ContentError for all."""
    plans: dict[str, Plan] = {}
    problems: list[Problem] = []
    for routine in sorted(catalog.routines, key=lambda r: r.kind != "wrap-up"):
        ending = prompts.finished(routine.name)
        wrap_up = catalog.wrap_up_after(routine)
        if wrap_up is None:
            ending += " " + prompts.OFFER_ANOTHER
        elif wrap_up.id in plans:  # else it failed to plan, and is reported
            duration = prompts.minutes(plans[wrap_up.id].seconds)
            ending += " " + prompts.offer_wrap_up(wrap_up.name, duration)
        try:
            plans[routine.id] = plan_routine(routine, catalog.safety, ending)
        except ContentError as exc:
            problems += exc.problems
    if problems:
        raise ContentError(problems)
    return plans
