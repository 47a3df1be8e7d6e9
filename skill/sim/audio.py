"""Speech as sound with espeak-ng: holds as real silence, for `chat --speak` and `audio`.

espeak-ng collapses consecutive <break> tags, so each stretch of words is rendered on its own
and the silences are added here. It reads at 150 words a minute, the rate of the planner's
speech model, so the length of the audio checks the planner's estimate. Files are rendered with
the library from the espeakng-loader wheel (installed with the skill); a system espeak-ng is
used where the wheel can't load. Playing sound (`chat --speak`) needs the espeak-ng program.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import time
import wave
from collections.abc import Callable
from pathlib import Path

from skill.sim.espeak import engine
from skill.speech.display import pieces
from skill.speech.ssml import escape, estimate_seconds

ESPEAK = "espeak-ng"
RATE_WPM = "150"
NO_ESPEAK = "espeak-ng is not available: reinstall the skill (make test does), or install espeak-ng"
NO_SOUND = "(espeak-ng could not play sound: no audio device? The rest is text only.)"
NO_PLAYER = (
    "chat --speak plays sound with the espeak-ng program, which is not installed "
    "(on Debian or Ubuntu: apt-get install espeak-ng); routine-skill audio needs no install"
)
Sound = str | float  # words to say, or seconds of silence


def sounds(ssml: str) -> list[Sound]:
    """The speech of an SSML document as words and silences, in order: the display's pieces,
    each hold as the silences between its cues (as the planner built it), and words that
    follow one another as one stretch for espeak-ng."""
    out: list[Sound] = []
    for piece in pieces(ssml):
        if piece.kind == "hold":
            cursor = 0.0
            for at, text in piece.cues:
                out += [at - cursor, text] if at > cursor else [text]
                cursor = at + estimate_seconds(escape(text))
            out += [piece.seconds - cursor] if piece.seconds > cursor else []
        else:
            out.append(piece.text if piece.kind == "speech" else piece.seconds)
    merged: list[Sound] = []
    for sound in out:
        if isinstance(sound, str) and merged and isinstance(merged[-1], str):
            merged[-1] = f"{merged[-1]} {sound}"
        else:
            merged.append(sound)
    return merged


def espeak_wav(text: str, voice: str = "en-us") -> bytes:
    """WAV bytes of ``text`` read by espeak-ng (RuntimeError when there is none)."""
    loaded = engine()
    if loaded is not None:
        return loaded.wav(text, voice, int(RATE_WPM))
    if shutil.which(ESPEAK) is None:
        raise RuntimeError(NO_ESPEAK)
    result = subprocess.run(
        [ESPEAK, "-v", voice, "-s", RATE_WPM, "--stdout", text],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return result.stdout


def render(documents: list[str], path: Path, voice: str = "en-us") -> float:
    """Write the documents' speech, one after another, to a WAV file; return its seconds."""
    frames: list[bytes] = []
    params = None
    for document in documents:
        for piece in sounds(document):
            if isinstance(piece, str):
                with wave.open(io.BytesIO(espeak_wav(piece, voice))) as spoken:
                    params = params or spoken.getparams()
                    frames.append(spoken.readframes(spoken.getnframes()))
            else:
                params = params or _default_params()
                count = round(piece * params.framerate)
                frames.append(b"\0" * count * params.sampwidth * params.nchannels)
    params = params or _default_params()
    with wave.open(str(path), "wb") as out:
        out.setparams(params)
        for chunk in frames:
            out.writeframes(chunk)
    with wave.open(str(path)) as written:
        seconds: float = written.getnframes() / written.getframerate()
    return seconds


def _default_params() -> wave._wave_params:
    with wave.open(io.BytesIO(espeak_wav("."))) as sample:
        params: wave._wave_params = sample.getparams()
    return params


class Speaker:
    """Reads answers aloud as they come: espeak-ng for words, real (or scaled) silence."""

    def __init__(
        self,
        speed: float = 1.0,
        voice: str = "en-us",
        run: Callable[[list[str]], object] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.speed = max(speed, 0.01)
        self.voice = voice
        # A machine with no sound card makes espeak-ng print dozens of ALSA lines: not ours.
        self.run = run or (
            lambda argv: subprocess.run(argv, check=False, timeout=300, stderr=subprocess.DEVNULL)
        )
        self.sleep = sleep

        self.muted = False  # espeak-ng could not play: the rest is silent (and said once)

    def __call__(self, ssml: str) -> str | None:
        """Say one answer; the first time sound can't be played, a line saying so."""
        if self.muted:
            return None
        for piece in sounds(ssml):
            if isinstance(piece, str):
                done = self.run([ESPEAK, "-v", self.voice, "-s", RATE_WPM, piece])
                if getattr(done, "returncode", 0) != 0:
                    self.muted = True
                    return NO_SOUND
            else:
                self.sleep(piece / self.speed)
        return None
