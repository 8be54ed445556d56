"""Microphone in use, read with pactl from a real PulseAudio (private, started by the test)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from deskstretch.platform.dnd import DndProbe, pulse_capture_streams
from deskstretch.settings.model import Dnd
from tests.helpers.desktop import require_programs
from tests.helpers.shortdir import short_dir
from tests.helpers.wait import wait_until

ONLY_MIC = Dnd(fullscreen=False, camera=False, microphone=True, desktop=False)


def _streams_settle(expected: int) -> int:
    """pactl's view right after a client connects or leaves may lag a moment."""
    return wait_until(
        pulse_capture_streams,
        5,
        what=f"{expected} capture stream(s)",
        until=lambda got: got == expected,
    )


@pytest.fixture
def pulse_runtime(tmp_path: Path) -> Iterator[Path]:
    """The server's XDG_RUNTIME_DIR: its socket path must fit in sun_path (108 bytes) whatever
    TMPDIR makes tmp_path."""
    with short_dir(tmp_path / "pulse-run", prefix="ds-pulse-") as runtime:
        yield runtime


@pytest.fixture
def pulse(tmp_path: Path, pulse_runtime: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private PulseAudio with a speaker (null sink, so a .monitor source) and a microphone."""
    require_programs(
        {"pulseaudio": "pulseaudio", "pactl": "pulseaudio-utils", "parecord": "pulseaudio-utils"}
    )
    runtime = pulse_runtime
    socket = runtime / "pulse.sock"
    env = {**os.environ, "HOME": str(tmp_path), "XDG_RUNTIME_DIR": str(runtime)}
    env.pop("PULSE_SERVER", None)
    log_file = tmp_path / "pulseaudio.log"
    with log_file.open("wb") as log:
        server = subprocess.Popen(
            [
                "pulseaudio",
                "-n",  # no default.pa: only the modules below
                "--daemonize=no",
                "--exit-idle-time=-1",
                "--disable-shm=yes",
                "-L",
                f"module-native-protocol-unix socket={socket} auth-anonymous=1",
                "-L",
                "module-null-sink sink_name=speakers",
                "-L",
                "module-null-source source_name=headset_mic",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    monkeypatch.setenv("PULSE_SERVER", f"unix:{socket}")
    try:
        wait_until(
            lambda: socket.exists() or server.poll() is not None,
            10,
            what="the PulseAudio socket (or the server's exit)",
            details=log_file.read_text,
        )
        assert socket.exists(), log_file.read_text()
        yield runtime
    finally:
        server.terminate()
        server.wait(timeout=10)


def _record(device: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        ["parecord", f"--device={device}", os.devnull],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _probe(tmp_path: Path) -> DndProbe:
    return DndProbe(
        platform="linux", environ={}, bus_address=None, camera_glob=str(tmp_path / "video*")
    )


def test_a_call_app_recording_the_microphone_holds_the_break(pulse: Path, tmp_path: Path) -> None:
    probe = _probe(tmp_path)
    assert _streams_settle(0) == 0
    assert probe.active_reasons(ONLY_MIC) == ()
    mic = next(c for c in probe.capabilities() if c.name == "dnd.microphone")
    assert mic.available, mic.detail

    recorder = _record("headset_mic")
    try:
        assert _streams_settle(1) == 1
        reasons = probe.active_reasons(ONLY_MIC)
        assert len(reasons) == 1
        assert "microphone" in reasons[0]
    finally:
        recorder.terminate()
        recorder.wait(timeout=10)
    assert _streams_settle(0) == 0
    assert probe.active_reasons(ONLY_MIC) == ()  # the call ended: breaks go ahead


def test_recording_what_the_speakers_play_is_not_a_call(pulse: Path, tmp_path: Path) -> None:
    # Screen recorders and visualisers read the sink's .monitor: no voice, no reason to wait.
    recorder = _record("speakers.monitor")
    try:
        wait_until(
            _source_outputs,
            5,
            what="a recording from speakers.monitor",
            until=lambda names: "speakers.monitor" in names,
        )
        assert "speakers.monitor" in _source_outputs()  # the recording is really there
        assert pulse_capture_streams() == 0
        assert _probe(tmp_path).active_reasons(ONLY_MIC) == ()
    finally:
        recorder.terminate()
        recorder.wait(timeout=10)


def _source_outputs() -> str:
    """Names of the sources being recorded from, as pactl lists them."""
    sources = dict(
        line.split("\t")[:2]
        for line in subprocess.run(
            ["pactl", "list", "short", "sources"], capture_output=True, text=True, check=True
        ).stdout.splitlines()
    )
    outputs = subprocess.run(
        ["pactl", "list", "short", "source-outputs"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    return " ".join(sources.get(line.split("\t")[1], "?") for line in outputs)
