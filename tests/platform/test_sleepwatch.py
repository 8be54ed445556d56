"""SleepWatch: heartbeat drift between wall and monotonic clocks, and logind PrepareForSleep."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QTimer
from pytestqt.qtbot import QtBot

from deskstretch.platform.sleepwatch import SleepWatch
from tests.helpers.desktop import write_bus_config
from tests.helpers.fakes import FakeClock

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]

# the watch, its clock, and the (signal, seconds) it emitted
Watched = tuple[SleepWatch, FakeClock, list[tuple[str, float]]]


@pytest.fixture
def watched(qapp: object) -> Iterator[Watched]:
    clock = FakeClock()
    owner = QObject()
    watch = SleepWatch(clock, owner)
    seen: list[tuple[str, float]] = []
    watch.resumed.connect(lambda s: seen.append(("resumed", s)))
    watch.clock_changed.connect(lambda s: seen.append(("clock_changed", s)))
    watch.start(use_logind=False)
    yield watch, clock, seen
    watch.stop()
    owner.deleteLater()


def test_normal_time_passing_reports_nothing(watched: Watched) -> None:
    watch, clock, seen = watched
    for _ in range(5):
        clock.advance(60)
        watch.check()
    assert seen == []


def test_a_suspend_is_reported_with_the_time_asleep(watched: Watched) -> None:
    watch, clock, seen = watched
    clock.advance(20)
    clock.jump(timedelta(hours=3))  # asleep: the monotonic clock stood still
    clock.advance(40)
    watch.check()
    assert seen == [("resumed", 3 * 3600.0)]
    clock.advance(60)
    watch.check()
    assert len(seen) == 1  # reported once, not at every beat


def test_a_clock_set_back_is_reported_as_a_clock_change(watched: Watched) -> None:
    watch, clock, seen = watched
    clock.advance(60)
    clock.jump(timedelta(minutes=-45))
    watch.check()
    assert seen == [("clock_changed", -45 * 60.0)]


def test_small_drift_is_not_a_resume(watched: Watched) -> None:
    watch, clock, seen = watched
    clock.advance(60)
    clock.jump(timedelta(seconds=5))
    watch.check()
    assert seen == []


def test_the_heartbeat_is_a_parented_timer_beating_no_more_than_once_a_minute(qapp: object) -> None:
    owner = QObject()
    watch = SleepWatch(FakeClock(), owner, interval_ms=1000)
    timers = watch.findChildren(QTimer)
    assert len(timers) == 1
    assert timers[0].parent() is watch
    assert watch.interval_ms == 60_000
    watch.start(use_logind=False)
    assert timers[0].isActive()
    watch.stop()
    assert not timers[0].isActive()


def test_a_logind_resume_signal_reports_the_sleep_at_once(watched: Watched) -> None:
    watch, clock, seen = watched
    clock.advance(30)
    watch._on_prepare_for_sleep(True)
    clock.jump(timedelta(minutes=20))
    watch._on_prepare_for_sleep(False)
    assert seen == [("resumed", 20 * 60.0)]


def test_without_a_system_bus_logind_is_quietly_absent(tmp_path: Path) -> None:
    code = (
        "from PySide6.QtCore import QCoreApplication\n"
        "from deskstretch.platform.sleepwatch import SleepWatch\n"
        "from tests.helpers.fakes import FakeClock\n"
        "app = QCoreApplication([])\n"
        "w = SleepWatch(FakeClock())\n"
        "w.start()\n"
        "print(w.logind_available, w.logind_detail)\n"
        "w.stop()\n"
    )
    env = {
        **os.environ,
        "DBUS_SYSTEM_BUS_ADDRESS": f"unix:path={tmp_path / 'no-such-socket'}",
        "PYTHONPATH": str(ROOT),
    }
    proc = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=30
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False no system bus"
    assert proc.stderr == ""


CHILD = """
import json
from datetime import timedelta
from jeepney import DBusAddress, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection
from PySide6.QtCore import QCoreApplication
from deskstretch.platform.sleepwatch import (
    LOGIND_INTERFACE, LOGIND_PATH, LOGIND_SERVICE, SleepWatch,
)
from tests.helpers.desktop import write_bus_config
from tests.helpers.fakes import FakeClock
from tests.helpers.wait import wait_until

app = QCoreApplication([])
conn = open_dbus_connection(bus="SYSTEM")
conn.send_and_get_reply(message_bus.RequestName(LOGIND_SERVICE))  # play logind
clock = FakeClock()
watch = SleepWatch(clock)
seen, beats = [], []
original = watch.check
watch.check = lambda: (beats.append(1), original())[1]
watch.resumed.connect(seen.append)
watch.start()

emitter = DBusAddress(LOGIND_PATH, interface=LOGIND_INTERFACE)
conn.send(new_signal(emitter, "PrepareForSleep", "b", (True,)))
wait_until(
    lambda: beats, 10, what="a heartbeat on PrepareForSleep(true)",
    interval=0.01, pump=app.processEvents,
)
clock.jump(timedelta(hours=2))
conn.send(new_signal(emitter, "PrepareForSleep", "b", (False,)))
wait_until(
    lambda: seen, 10, what="resumed on PrepareForSleep(false)",
    interval=0.01, pump=app.processEvents,
)
print(json.dumps({"available": watch.logind_available, "beats": len(beats), "resumed": seen}))
watch.stop()
"""


@pytest.fixture
def private_system_bus(private_bus_daemon: tuple[str, subprocess.Popen[str]]) -> str:
    return private_bus_daemon[0]


@pytest.fixture
def private_bus_daemon(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("dbus-daemon is not installed (apt install dbus-x11)")
    # The test desktop's minimal bus: not the machine's session.conf (service dirs, activation).
    config = write_bus_config(tmp_path)
    proc = subprocess.Popen(
        [daemon, f"--config-file={config}", "--print-address=1", "--nofork", "--nopidfile"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        address = proc.stdout.readline().strip()
        assert address.startswith("unix:"), address
        yield address, proc
    finally:
        proc.terminate()
        proc.wait(timeout=5)
        if proc.stdout is not None:
            proc.stdout.close()


def test_a_real_prepare_for_sleep_signal_on_the_system_bus_reports_the_resume(
    private_system_bus: str,
) -> None:
    env = {
        **os.environ,
        "DBUS_SYSTEM_BUS_ADDRESS": private_system_bus,
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
    }
    proc = subprocess.run(
        [sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["available"] is True
    # one beat before sleep, one right at resume (the 60 s heartbeat never ran)
    assert result["beats"] == 2
    assert result["resumed"] == [7200.0]


def test_when_the_system_bus_goes_away_the_heartbeat_carries_on(
    qapp: object,
    qtbot: QtBot,
    private_bus_daemon: tuple[str, subprocess.Popen[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    from deskstretch.platform.sleepwatch import LOGIND_SERVICE

    address, daemon = private_bus_daemon
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", address)
    logind = open_dbus_connection(address)
    logind.send_and_get_reply(message_bus.RequestName(LOGIND_SERVICE))
    clock = FakeClock()
    watch = SleepWatch(clock)
    seen: list[float] = []
    watch.resumed.connect(seen.append)
    watch.start()
    try:
        assert watch.logind_available
        daemon.terminate()
        daemon.wait(timeout=5)
        qtbot.waitUntil(lambda: not watch.logind_available, timeout=5000)
        assert watch.logind_detail == "system bus connection lost"
        clock.jump(timedelta(hours=1))
        watch.check()
        assert seen == [3600.0]
    finally:
        watch.stop()
        logind.close()


def test_without_logind_on_the_system_bus_the_heartbeat_works_alone(
    qapp: object, private_system_bus: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", private_system_bus)
    watch = SleepWatch(FakeClock())
    watch.start()
    try:
        assert not watch.logind_available
        assert watch.logind_detail == "logind is not running"
        assert watch.findChildren(QTimer)[0].isActive()
    finally:
        watch.stop()


def test_each_heartbeat_is_announced_for_the_apps_once_a_minute_work(qapp: object) -> None:
    """The app's once-a-minute render rides on the heartbeat: one wake-up a minute, not two."""
    watch = SleepWatch(FakeClock())
    beats: list[None] = []
    watch.heartbeat.connect(lambda: beats.append(None))
    timer = watch.findChildren(QTimer)[0]
    timer.timeout.emit()
    timer.timeout.emit()
    assert len(beats) == 2
