"""espeak-ng through ctypes, from the ``espeakng-loader`` wheel: the audio preview needs no
system install (Linux, macOS and Windows wheels ship the library and its data)."""

from __future__ import annotations

import array
import ctypes
import io
import threading
import wave
from functools import cache
from typing import Any

SYNCHRONOUS = 2  # espeak_AUDIO_OUTPUT: samples handed to the callback during espeak_Synth
DONT_EXIT = 0x8000  # espeakINITIALIZE_DONT_EXIT: an error returns, never exits the process
RATE = 1  # espeak_PARAMETER espeakRATE, in words a minute
CHARACTER = 1  # espeak_POSITION_TYPE POS_CHARACTER
UTF8 = 1  # espeakCHARS_UTF8
SAMPLE = ctypes.POINTER(ctypes.c_short)
CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, SAMPLE, ctypes.c_int, ctypes.c_void_p)


class Espeak:
    """One espeak-ng engine (the library keeps global state: calls are serialised)."""

    def __init__(self, library: str, data: str) -> None:
        lib: Any = ctypes.CDLL(library)
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.argtypes = [
            *(ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint),
            *(ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p),
        ]
        self.rate: int = lib.espeak_Initialize(SYNCHRONOUS, 0, data.encode(), DONT_EXIT)
        if self.rate <= 0:
            raise OSError(f"espeak-ng could not start with its data at {data}")
        self.lib = lib
        self.lock = threading.Lock()
        self.samples = array.array("h")
        self.callback = CALLBACK(self._collect)  # kept: the library holds only a pointer
        lib.espeak_SetSynthCallback(self.callback)

    def _collect(self, wav: Any, count: int, _events: Any) -> int:
        if count > 0 and wav:
            self.samples.extend(wav[:count])
        return 0  # go on

    def wav(self, text: str, voice: str, words_a_minute: int) -> bytes:
        """WAV bytes (16-bit mono) of ``text`` read in ``voice``."""
        with self.lock:
            self.samples = array.array("h")
            if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
                raise OSError(f"espeak-ng has no voice {voice!r}")
            self.lib.espeak_SetParameter(RATE, words_a_minute, 0)
            said = text.encode()
            self.lib.espeak_Synth(said, len(said) + 1, 0, CHARACTER, 0, UTF8, None, None)
            self.lib.espeak_Synchronize()
            samples = self.samples
        out = io.BytesIO()
        with wave.open(out, "wb") as written:
            written.setnchannels(1)
            written.setsampwidth(2)
            written.setframerate(self.rate)
            written.writeframes(samples.tobytes())
        return out.getvalue()


@cache
def engine() -> Espeak | None:
    """The engine from the espeakng-loader wheel, or None where it can't be loaded."""
    try:
        import espeakng_loader  # imported here: only the audio preview needs it

        return Espeak(espeakng_loader.get_library_path(), espeakng_loader.get_data_path())
    except (ImportError, OSError, RuntimeError):
        return None
