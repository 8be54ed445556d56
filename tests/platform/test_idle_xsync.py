"""Idle as events on a real X server: SYNC IDLETIME alarms on Xvfb, with xdotool as the user."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from deskstretch.core.ports import IdleEvents
from deskstretch.platform.idle import X11IdleMonitor, pick_idle_monitor
from deskstretch.platform.idle_xsync import XSyncIdleMonitor
from tests.helpers.desktop import Desktop
from tests.helpers.wait import wait_until
from tests.platform.test_idle_x11 import _unused_display

#: Generous: the machine is shared, and Xvfb, dunst and trayer start with the test.
WAIT_MS = 20_000


class Calls:
    """What the monitor said at each ``changed()``: the idle time read in the callback."""

    def __init__(self, monitor: XSyncIdleMonitor) -> None:
        self.monitor = monitor
        self.idle: list[float | None] = []

    def __call__(self) -> None:
        self.idle.append(self.monitor.idle_seconds())


@pytest.fixture
def monitor(desktop: Desktop) -> Iterator[XSyncIdleMonitor]:
    found = XSyncIdleMonitor(desktop.display)
    yield found
    found.close()


def _touch(desktop: Desktop, x: int = 10) -> None:
    """The user moves the mouse (a move to where it already is would be no input)."""
    desktop.xdotool("mousemove", str(x), str(x + 5))


def test_the_thresholds_fire_without_input_and_the_idle_time_grows(
    desktop: Desktop, monitor: XSyncIdleMonitor, qtbot: QtBot
) -> None:
    _touch(desktop)
    calls = Calls(monitor)
    assert monitor.watch((1.0, 2.0), calls)
    seen: list[float | None] = []

    def two_calls() -> bool:
        seen.append(monitor.idle_seconds())  # questions in between must not swallow events
        return len(calls.idle) >= 2

    qtbot.waitUntil(two_calls, timeout=WAIT_MS)
    first, second = calls.idle[:2]
    assert first is not None
    assert second is not None
    assert 1.0 <= first < second
    assert second >= 2.0
    readings = [s for s in seen if s is not None]
    assert readings == sorted(readings)  # no input: the idle time only grows


def test_each_time_away_and_each_return_fire_once(
    desktop: Desktop, monitor: XSyncIdleMonitor, qtbot: QtBot
) -> None:
    _touch(desktop)
    calls = Calls(monitor)
    assert monitor.watch((1.0,), calls)
    qtbot.waitUntil(lambda: len(calls.idle) == 1, timeout=WAIT_MS)
    _touch(desktop, 300)
    qtbot.waitUntil(lambda: len(calls.idle) == 2, timeout=WAIT_MS)
    back = calls.idle[1]
    assert back is not None
    assert back < 1.0
    # The alarms stay armed: the next time away is reported as well.
    qtbot.waitUntil(lambda: len(calls.idle) == 3, timeout=WAIT_MS)
    assert (calls.idle[2] or 0.0) >= 1.0
    _touch(desktop, 100)
    qtbot.waitUntil(lambda: len(calls.idle) == 4, timeout=WAIT_MS)
    assert (calls.idle[3] or 0.0) < 1.0


def test_a_question_asked_as_the_alarm_goes_off_does_not_swallow_it(
    desktop: Desktop, monitor: XSyncIdleMonitor, qtbot: QtBot
) -> None:
    # Each question is a round trip, in which Xlib reads every event waiting on the socket
    # into its own queue, where the socket notifier cannot see it.
    _touch(desktop)
    calls = Calls(monitor)
    assert monitor.watch((1.0,), calls)
    wait_until(  # no Qt event loop turns meanwhile
        monitor.idle_seconds, 20, what="1.5 s idle", until=lambda idle: (idle or 0) >= 1.5
    )
    assert monitor.idle_seconds() is not None
    qtbot.waitUntil(lambda: len(calls.idle) == 1, timeout=WAIT_MS)


@pytest.mark.parametrize("how", ["unwatch", "no thresholds"])
def test_no_calls_after_unwatch(
    desktop: Desktop, monitor: XSyncIdleMonitor, qtbot: QtBot, how: str
) -> None:
    _touch(desktop)
    quiet = Calls(monitor)
    assert monitor.watch((0.5,), quiet)
    if how == "unwatch":
        monitor.unwatch()
    else:
        assert monitor.watch((), quiet)
    other = XSyncIdleMonitor(desktop.display)
    witness = Calls(other)
    try:
        assert other.watch((1.0,), witness)  # fires after the unwatched 0.5 s would have
        qtbot.waitUntil(lambda: len(witness.idle) == 1, timeout=WAIT_MS)
    finally:
        other.close()
    assert quiet.idle == []


def test_a_new_watch_replaces_the_thresholds(
    desktop: Desktop, monitor: XSyncIdleMonitor, qtbot: QtBot
) -> None:
    _touch(desktop)
    old = Calls(monitor)
    new = Calls(monitor)
    assert monitor.watch((0.5,), old)
    assert monitor.watch((1.0,), new)
    qtbot.waitUntil(lambda: len(new.idle) == 1, timeout=WAIT_MS)
    assert old.idle == []
    assert (new.idle[0] or 0.0) >= 1.0


def test_the_capability_says_events(monitor: XSyncIdleMonitor) -> None:
    assert isinstance(monitor, IdleEvents)
    cap = monitor.capability()
    assert cap.available
    assert cap.detail == "X11 SYNC idle-time alarms (events)"
    assert cap.extra == {"backend": "x11-sync", "mode": "events"}


def test_without_the_idle_counter_it_says_why_and_the_picker_falls_back(
    desktop: Desktop,
) -> None:
    # Xvfb cannot be started without SYNC ("can not be disabled"); a counter the server does
    # not have takes the same path as a server without IDLETIME.
    lacking = XSyncIdleMonitor(desktop.display, counter_name="NO-SUCH-COUNTER")
    assert lacking.idle_seconds() is None
    cap = lacking.capability()
    assert not cap.available
    assert "no NO-SUCH-COUNTER counter" in cap.detail
    assert not lacking.watch((1.0,), lambda: None)
    polled = X11IdleMonitor(desktop.display)
    try:
        assert pick_idle_monitor(platform="linux", candidates=[lacking, polled]) is polled
    finally:
        polled.close()


def test_without_a_display_it_says_why_and_gives_no_events() -> None:
    display = _unused_display()
    gone = XSyncIdleMonitor(display)
    assert gone.idle_seconds() is None
    assert f"cannot open display {display}" in gone.capability().detail
    assert not gone.watch((1.0,), lambda: None)
    unset = XSyncIdleMonitor()  # the suite removes DISPLAY
    assert "DISPLAY is not set" in unset.capability().detail
    chosen = pick_idle_monitor(platform="linux", environ={"DISPLAY": display}, bus_address=None)
    assert chosen.name == "none"


def test_without_libxext_it_says_why() -> None:
    broken = XSyncIdleMonitor(":0", xext_path="libXext-not-here.so.6")
    assert "libXext not loadable" in broken.capability().detail
