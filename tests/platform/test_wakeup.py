"""QtWakeup: one timer, jobs on the GUI thread, nothing after shutdown (pytest-qt, offscreen)."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from PySide6.QtCore import QObject, QThread
from pytestqt.qtbot import QtBot

from deskstretch.platform.wakeup import QtWakeup

pytestmark = pytest.mark.gui


def soon(ms: int) -> datetime:
    return datetime.now(UTC) + timedelta(milliseconds=ms)


@pytest.fixture
def wakeup(qapp: object) -> object:
    owner = QObject()
    adapter = QtWakeup(owner)
    yield adapter
    adapter.shutdown()
    owner.deleteLater()


def test_the_callback_runs_once_on_the_gui_thread(qtbot: QtBot, wakeup: QtWakeup) -> None:
    threads: list[tuple[QThread, threading.Thread]] = []

    def record() -> None:
        threads.append((QThread.currentThread(), threading.current_thread()))

    wakeup.arm(soon(80), record)
    qtbot.waitUntil(lambda: len(threads) == 1, timeout=3000)
    qt_thread, py_thread = threads[0]
    assert qt_thread is QThread.currentThread()  # the test runs on the GUI thread
    assert py_thread is threading.main_thread()
    assert wakeup.armed_at is None


def test_repeated_arming_keeps_one_timer_and_fires_only_the_last(
    qtbot: QtBot, wakeup: QtWakeup, monkeypatch: pytest.MonkeyPatch
) -> None:
    from apscheduler.schedulers.base import BaseScheduler

    rounds: list[int] = []
    original = BaseScheduler._process_jobs

    def counting(self: BaseScheduler) -> object:
        rounds.append(1)
        return original(self)

    monkeypatch.setattr(BaseScheduler, "_process_jobs", counting)
    fired: list[int] = []
    for n in range(25):
        wakeup.arm(soon(150), partial(fired.append, n))
        # Besides the wake-up inside add_job, one more like modify/reschedule/resume do: each
        # started another timer chain in the stock scheduler (docs/platform.md#apscheduler).
        wakeup._scheduler.wakeup()
        assert wakeup.active_timers() <= 1
    qtbot.waitUntil(lambda: fired == [24], timeout=3000)
    # after firing, no chain of timers keeps running
    assert wakeup.active_timers() == 0
    assert fired == [24]
    # The stock QtScheduler would run one timer chain per wakeup() call (50 here).
    assert len(rounds) <= 8


def test_a_callback_that_re_arms_is_called_again(qtbot: QtBot, wakeup: QtWakeup) -> None:
    fired: list[str] = []

    def first() -> None:
        fired.append("first")
        wakeup.arm(soon(50), lambda: fired.append("second"))

    wakeup.arm(soon(50), first)
    qtbot.waitUntil(lambda: fired == ["first", "second"], timeout=3000)
    assert wakeup.active_timers() == 0


def test_arming_in_the_past_fires_promptly_exactly_once(qtbot: QtBot, wakeup: QtWakeup) -> None:
    fired: list[str] = []
    wakeup.arm(datetime.now(UTC) - timedelta(hours=3), lambda: fired.append("late"))
    qtbot.waitUntil(lambda: fired == ["late"], timeout=2000)
    other = QtWakeup(wakeup)  # a second adapter as a "later" marker
    wakeup.arm(soon(0), lambda: None)
    wakeup.cancel()
    marker: list[str] = []
    other.arm(soon(100), lambda: marker.append("done"))
    qtbot.waitUntil(lambda: marker == ["done"], timeout=3000)
    other.shutdown()
    assert fired == ["late"]


def test_nothing_fires_after_cancel_or_shutdown(qtbot: QtBot, qapp: object) -> None:
    owner = QObject()
    cancelled, shut = QtWakeup(owner), QtWakeup(owner)
    marker = QtWakeup(owner)
    fired: list[str] = []
    cancelled.arm(soon(50), lambda: fired.append("cancelled"))
    shut.arm(soon(50), lambda: fired.append("shut"))
    cancelled.cancel()
    shut.shutdown()
    shut.shutdown()  # twice is fine
    shut.arm(soon(10), lambda: fired.append("after shutdown"))
    marker.arm(soon(250), lambda: fired.append("marker"))
    qtbot.waitUntil(lambda: "marker" in fired, timeout=3000)
    assert fired == ["marker"]
    assert shut.active_timers() == 0
    for adapter in (cancelled, marker):
        adapter.shutdown()


def test_naive_times_are_refused(wakeup: QtWakeup) -> None:
    with pytest.raises(ValueError, match="aware"):
        wakeup.arm(datetime(2030, 1, 1), lambda: None)


def test_importing_the_module_does_not_import_apscheduler() -> None:
    code = "import sys, deskstretch.platform.wakeup; print('apscheduler' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_re_arming_all_day_does_not_flood_the_log(
    qtbot: QtBot, wakeup: QtWakeup, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    fired: list[str] = []
    for _ in range(5):
        wakeup.arm(soon(60), lambda: fired.append("x"))
    qtbot.waitUntil(lambda: fired == ["x"], timeout=3000)
    assert [r for r in caplog.records if r.name.startswith("apscheduler")] == []


def test_driving_the_real_planner_warns_then_starts_the_break(
    qtbot: QtBot, wakeup: QtWakeup
) -> None:
    from deskstretch.core.clock import SystemClock
    from deskstretch.core.events import BreakStarted, BreakWarning, Event
    from deskstretch.core.planner import Planner
    from deskstretch.core.rules import Rules

    # Warm up first: the first arm() imports APScheduler and starts the scheduler, which on a
    # loaded machine can take longer than a short lead and make the planner skip the warning.
    wakeup.arm(soon(60_000), lambda: None)
    wakeup.cancel()
    # Margins far above scheduler jitter: the warning is due after 1 s and may run up to 2 s late
    # before the break is due too (a wake-up that late would rightly skip the warning).
    clock = SystemClock()
    rules = Rules(interval=timedelta(seconds=3), lead=timedelta(seconds=2))
    planner = Planner(rules, clock.now(), UTC)
    seen: list[Event] = []

    def rearm() -> None:
        deadline = planner.next_deadline()
        if deadline is not None:
            wakeup.arm(deadline, on_wakeup)

    def on_wakeup() -> None:
        seen.extend(planner.advance(clock.now()))
        rearm()

    rearm()
    qtbot.waitUntil(lambda: any(isinstance(e, BreakStarted) for e in seen), timeout=15_000)
    kinds = [type(e) for e in seen if isinstance(e, BreakWarning | BreakStarted)]
    assert kinds == [BreakWarning, BreakStarted]
    assert planner.status(clock.now()).state == "in-break"
    assert wakeup.armed_at is None  # nothing is due while the break window is open
