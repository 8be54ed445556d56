"""A short audible cue at each phase change of a stretch (optional, off by default).

The cue is a tiny bundled WAV (made with :func:`write_cue` from the ``wave``
module, so no audio library is needed) played by the desktop's own command-line
player: ``paplay`` (PulseAudio, and PipeWire through pipewire-pulse), ``pw-play``
(PipeWire) or ``aplay`` (ALSA). The player runs as a child process and is never
waited for, so the window's animation never stalls. Without a player the app
stays silent and says why in the log; nothing here ever raises.
"""

from __future__ import annotations

import logging
import math
import shutil
import struct
import subprocess
import wave
from pathlib import Path
from typing import Protocol

from deskstretch import data_file
from deskstretch.catalogue.model import PhaseKind
from deskstretch.platform import paths

log = logging.getLogger(__name__)

#: Players tried in this order: (command, extra arguments before the file).
PLAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("paplay", ()),
    ("pw-play", ()),
    ("aplay", ("-q",)),
)
CUE_FILE = "cue.wav"  # a soft two-partial "ding" for each phase change
DONE_FILE = "done.wav"  # a rising pair of notes for the finish
SAMPLE_RATE = 22050
#: After this many failed plays in a row the cue gives up (no sound server, say).
MAX_FAILURES = 3


class SoundCue(Protocol):
    """Plays a cue for a phase kind; never raises, never blocks."""

    name: str

    def __call__(self, kind: PhaseKind) -> None:
        """Play the cue for the phase that just began."""
        ...


class NullSound:
    """Silence, with the reason it was chosen."""

    name = "none"

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __call__(self, kind: PhaseKind) -> None:
        """Do nothing."""


class CommandSound:
    """Plays the bundled WAV files with a command-line player."""

    def __init__(self, command: str, args: tuple[str, ...], cue: Path, done: Path) -> None:
        self.name = Path(command).name
        self.command = command
        self.args = args
        self.cue = cue
        self.done = done
        self.failures = 0
        self.disabled = False
        self._running: list[subprocess.Popen[bytes]] = []

    def __call__(self, kind: PhaseKind) -> None:
        """Start the player for ``kind``'s cue and return at once."""
        self._reap()
        if self.disabled:
            return
        wav = self.done if kind == "finish" else self.cue
        try:
            process = subprocess.Popen(
                [self.command, *self.args, str(wav)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                close_fds=True,
            )
        except OSError as exc:
            self._failed(f"cannot start {self.command}: {exc}")
            return
        self._running.append(process)

    def wait(self, timeout: float = 5.0) -> None:
        """Wait for the cues still playing (for tests and a tidy exit)."""
        for process in self._running:
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._reap()

    def _reap(self) -> None:
        # Collect finished players so none is left as a zombie, and notice failures
        # (e.g. paplay with no sound server exits non-zero at once).
        still: list[subprocess.Popen[bytes]] = []
        for process in self._running:
            code = process.poll()
            if code is None:
                still.append(process)
            elif code != 0:
                self._failed(f"{self.name} exited with status {code}")
            else:
                self.failures = 0
        self._running = still

    def _failed(self, why: str) -> None:
        self.failures += 1
        log.warning("sound cue failed: %s", why)
        if self.failures >= MAX_FAILURES and not self.disabled:
            self.disabled = True
            log.warning("sound cue: %d failures in a row, silent from now on", self.failures)


def pick_sound(enabled: bool) -> SoundCue:
    """Choose how to play the phase cue, log which and why.

    Args:
        enabled: The ``general.sound`` setting.

    Returns:
        A :class:`CommandSound` when a player and the bundled files are found, else
        a :class:`NullSound` carrying the reason.
    """
    if not enabled:
        log.info("sound cue: off (general.sound is false)")
        return NullSound("turned off in the settings")
    try:
        cue, done = _sound_files()
    except OSError as exc:
        log.warning("sound cue: no sound files (%s); staying silent", exc)
        return NullSound(f"sound files missing: {exc}")
    for command, args in PLAYERS:
        found = shutil.which(command)
        if found:
            log.info("sound cue: playing with %s", found)
            return CommandSound(found, args, cue, done)
    names = ", ".join(command for command, _ in PLAYERS)
    log.info("sound cue: none of %s found; staying silent", names)
    return NullSound(f"no audio player found (looked for {names})")


def _sound_files() -> tuple[Path, Path]:
    """The bundled cue files as real paths (copied out when the package is zipped)."""
    folder = data_file("sounds")
    result: list[Path] = []
    for name in (CUE_FILE, DONE_FILE):
        item = folder.joinpath(name)
        if isinstance(item, Path):
            if not item.is_file():
                raise FileNotFoundError(str(item))
            result.append(item)
            continue
        # A zip import or similar: the player needs a file on disk.
        target = paths.state_dir() / "sounds" / name
        data = item.read_bytes()
        if not target.is_file() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        result.append(target)
    return result[0], result[1]


def write_cue(path: Path, notes: tuple[float, ...], note_seconds: float = 0.16) -> None:
    """Write a soft cue of ``notes`` (Hz) one after the other as a 16-bit mono WAV.

    Each note has two partials (fundamental plus a quiet octave) and a quick attack
    with an exponential decay, so it reads as a gentle chime rather than a beep.
    """
    frames = bytearray()
    count = int(SAMPLE_RATE * note_seconds)
    for frequency in notes:
        for i in range(count):
            t = i / SAMPLE_RATE
            envelope = min(1.0, t / 0.005) * math.exp(-t * 14.0)
            value = math.sin(2 * math.pi * frequency * t) + 0.3 * math.sin(
                4 * math.pi * frequency * t
            )
            frames += struct.pack("<h", int(8000 * envelope * value))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(bytes(frames))


def write_bundled_cues(folder: Path) -> None:
    """(Re)generate the two bundled files in ``folder`` (how they were made)."""
    folder.mkdir(parents=True, exist_ok=True)
    write_cue(folder / CUE_FILE, (880.0,))
    write_cue(folder / DONE_FILE, (659.25, 987.77), note_seconds=0.2)
