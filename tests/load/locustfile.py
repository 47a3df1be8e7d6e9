"""Locust users: people doing whole routines, with pauses, resumes and new sessions.

Each user is one Alexa account talking through the project's simulator (so requests are real,
signed envelopes), one request per task. What each user completed is written to
LOAD_RESULTS/<user>.json when it stops, for the store check afterwards.
"""

from __future__ import annotations

import base64
import json
import os
import random
import time
import uuid
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from locust import HttpUser, between, task

from skill.sim.client import Exchange, Simulator
from skill.sim.envelope import SIM_APP_ID

KEY: rsa.RSAPrivateKey = serialization.load_pem_private_key(  # type: ignore[assignment]
    Path(os.environ["LOAD_KEY_FILE"]).read_bytes(), password=None
)
CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-load.pem"
RESULTS = Path(os.environ["LOAD_RESULTS"])
ROUTINES = [
    "the knuckle press",
    "the top of shoulder hold",
    "the glutes",
    "the lower back one",
    "the wall lean",
]
ROUTINE_IDS = {
    "the knuckle press": "knuckle-press",
    "the top of shoulder hold": "top-of-shoulder-hold",
    "the glutes": "seat-muscle-release",
    "the lower back one": "lower-back-sides",
    "the wall lean": "shoulder-blade-wall-lean",
}


class Person(HttpUser):
    """Someone with a ball against the wall."""

    wait_time = between(0.3, 1.2)

    def on_start(self) -> None:
        self.user_id = f"amzn1.ask.account.LOAD-{uuid.uuid4()}"
        self.sim = Simulator(self._send, now=time.time(), user=self.user_id, app_id=SIM_APP_ID)
        self.completed: list[str] = []
        self.current: str | None = None  # the routine under way, as the user knows it
        self.plan: list[str] = ["open back release coach"]
        self.errors = 0

    def _send(self, payload: dict[str, Any]) -> dict[str, Any]:
        body = json.dumps(payload).encode()
        signature = base64.b64encode(KEY.sign(body, padding.PKCS1v15(), hashes.SHA256()))
        name = payload["request"].get("intent", {}).get("name") or payload["request"]["type"]
        with self.client.post(
            "/alexa",
            data=body,
            name=name,
            catch_response=True,
            headers={
                "Content-Type": "application/json",
                "SignatureCertChainUrl": CERT_URL,
                "Signature-256": signature.decode(),
            },
        ) as reply:
            if reply.status_code != 200:
                reply.failure(f"HTTP {reply.status_code}: {reply.text[:200]}")
                self.errors += 1
                return {}
            answer: dict[str, Any] = reply.json()
            return answer

    def _say(self, utterance: str) -> Exchange | None:
        self.sim.now = time.time()  # real time: the server checks timestamps
        if utterance == ":new-session":
            if self.sim.in_session:
                self.sim.end_session()
            return None
        return self.sim.say(utterance)

    @task
    def step(self) -> None:
        """One request of the person's day."""
        if not self.plan:
            self.plan = self._next_moves()
        exchange = self._say(self.plan.pop(0))
        if exchange is None:
            return
        speech, question = exchange.speech, (exchange.state.get("question") or {}).get("ask")
        if question in ("safety-check", "carry-on-check"):  # the session's safety check
            self.plan.insert(0, "yes")
        ending_heard = speech.removeprefix("<speak>").startswith("That's the end of")
        if question == "ending" and (ending_heard or "Please say yes or no." in speech):
            self.plan = ["no"]  # the ending alone, or asked again: answering it finishes the run
        if "Well done for taking the time." in speech and self.current:
            self.completed.append(self.current)
            self.current = None

    def _next_moves(self) -> list[str]:
        if self.current is None:
            name = random.choice(ROUTINES)
            self.current = ROUTINE_IDS[name]
            opener = [] if self.sim.in_session else ["open back release coach"]
            return [*opener, f"start {name}"]
        roll = random.random()
        if roll < 0.08:
            return ["pause", "resume"]
        if roll < 0.12:
            return [":new-session", "ask back release coach to resume my routine"]
        if roll < 0.15:
            return ["how much longer"]
        return ["next"]

    def on_stop(self) -> None:
        RESULTS.mkdir(parents=True, exist_ok=True)
        result = {
            "user": self.user_id,
            "completed": self.completed,
            "current": self.current,
            "errors": self.errors,
        }
        (RESULTS / f"{uuid.uuid4()}.json").write_text(json.dumps(result))
