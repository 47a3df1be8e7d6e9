"""The web simulator, in development mode only: /simulator is a page to talk to the skill, and
/simulator/api/turn the JSON endpoint it calls.

The endpoint drives the same ``Simulator`` as `routine-skill chat` (the same NLU, envelopes
and clock), in process, through the same ``invoke`` as POST /alexa. Each page keeps its own
simulator, named by an id the page makes; the oldest are dropped past MAX_SIMS. The page
plays answers on its own clock (sped up if asked) and, to interrupt an answer, sends how far
into it the listener is (``at``); otherwise the listener heard it out, as in chat.
"""

from __future__ import annotations

import io
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, abort, jsonify, request

if TYPE_CHECKING:
    from ask_sdk_core.skill import CustomSkill

    from skill.content.catalog import Catalog
    from skill.sim.client import Exchange, Simulator

WEB = Path(__file__).parent / "web"
FILES = ("index.html", "app.js", "style.css", "favicon.svg")
TYPES = {
    ".html": "text/html",
    ".js": "text/javascript",
    ".css": "text/css",
    ".svg": "image/svg+xml",
}
MAX_SIMS = 32
MAX_AT = 3600  # seconds: no answer plays longer than 240 s
LATENCY = 2.0  # seconds the skill allows between speech heard and the request (playback.py)
_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
PAGE_POLICY = (  # the page's own files and its API, nothing else (no CDN, no inline code)
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


class Sims:
    """The pages' simulators by id, the oldest dropped past MAX_SIMS."""

    def __init__(self, make: Callable[[], Simulator]) -> None:
        self.make = make
        self.sims: OrderedDict[str, Simulator] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, sim_id: str) -> Simulator:
        with self.lock:
            found = self.sims.pop(sim_id, None) or self.make()
            self.sims[sim_id] = found
            while len(self.sims) > MAX_SIMS:
                self.sims.popitem(last=False)
            return found


def exchange_json(sim: Simulator, exchange: Exchange) -> dict[str, Any]:
    """One turn as the page shows it."""
    from skill.speech.display import pieces
    from skill.speech.ssml import plain_text

    understood = exchange.understood
    meaning = None
    if understood is not None and understood.kind != "empty":
        meaning = {
            "kind": understood.kind,
            "intent": understood.request,
            "slots": [
                {"name": s.name, "value": s.value, "resolved": s.resolved} for s in understood.slots
            ],
            "oneShot": understood.one_shot,
        }
    told = pieces(exchange.speech) if exchange.speech else []
    screen = exchange.screen
    return {
        "said": exchange.said,
        "understood": meaning,
        "speech": exchange.speech,
        "pieces": [p._asdict() for p in told],
        "seconds": sum(p.seconds for p in told),
        "reprompt": plain_text(exchange.reprompt) if exchange.reprompt else "",
        "card": exchange.card or None,
        "screen": screen._asdict() if screen is not None else None,
        "answered": bool(exchange.response),
        **state_json(sim),
    }


def state_json(sim: Simulator) -> dict[str, Any]:
    """What the page shows of the device whatever was said: session, attributes, settings."""
    notes = list(sim.notes)
    sim.notes.clear()
    return {
        "open": sim.in_session,
        "attributes": sim.attributes,
        "device": "show" if sim.screen else "speaker",
        "locale": sim.locale,
        "notes": notes,
    }


def blueprint(skill: CustomSkill, catalog: Catalog, clock: Callable[[], float]) -> Blueprint:
    """The simulator's routes, for a development server only. The simulator itself (its
    models, chat and display) is imported at the first turn, so a development server starts
    as fast as ever."""
    pages = Blueprint("simulator", __name__)

    def make() -> Simulator:
        from skill.door import invoke
        from skill.sim.client import Simulator, catalog_models

        def transport(payload: dict[str, Any]) -> dict[str, Any]:
            return invoke(skill, payload)

        return Simulator(transport, clock(), screen=True, models=catalog_models(catalog))

    sims = Sims(make)

    @pages.get("/simulator")
    def page() -> Response:
        return _file("index.html")

    @pages.get("/simulator/<name>")
    def asset(name: str) -> Response:
        if name not in FILES:
            abort(404)
        return _file(name)

    @pages.post("/simulator/api/turn")
    def turn() -> Response | tuple[Response, int]:
        from skill.sim.chat import command, is_touch, utter
        from skill.sim.client import SimError

        body = request.get_json(silent=True) if request.mimetype == "application/json" else None
        if not isinstance(body, dict) or not _ID.match(str(body.get("sim", ""))):
            return jsonify(error="expected JSON with a sim id"), 400
        event, said, at = body.get("touch"), body.get("say"), body.get("at")
        line = f":touch {event}" if isinstance(event, str) and event.strip() else said
        if not isinstance(line, str) or not line.strip():
            return jsonify(error="say something, press a button, or type a :command"), 400
        if at is not None and (type(at) not in (int, float) or not 0 <= at < MAX_AT):
            return jsonify(error=f"'at' is seconds into the answer, from 0 to {MAX_AT}"), 400
        line = line.strip()[:500]
        sim = sims.get(str(body["sim"]))
        with sims.lock:  # one turn at a time: simulators are not thread-safe
            if at is not None:
                sim.at(float(at) + LATENCY)  # interrupting: heard up to ``at``
            if line.startswith(":") and not is_touch(line):
                out = io.StringIO()
                if not command(sim, line, out):  # :quit
                    out.write("(the page has no :quit: close the tab, or say stop)")
                return jsonify(note=out.getvalue().strip(), **state_json(sim))
            try:
                return jsonify(exchange_json(sim, utter(sim, line)))
            except SimError as exc:
                return jsonify(error=str(exc), **state_json(sim))

    return pages


def _file(name: str) -> Response:
    """One of the page's files (read whole: they are small, and nothing is left open)."""
    response = Response((WEB / name).read_bytes(), mimetype=TYPES[Path(name).suffix])
    response.headers["Content-Security-Policy"] = PAGE_POLICY
    return response
