"""GNOME idle as events: Mutter's idle watches, against a real headless gnome-shell.

Input comes in through Mutter's RemoteDesktop (as a keyboard would), idle time is Mutter's own.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from deskstretch.platform.idle import MutterIdleMonitor, NullIdleMonitor, pick_idle_monitor
from deskstretch.platform.idle_mutter import MutterIdleEvents
from tests.helpers.gnome import GnomeShell, require_gnome, start_gnome

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

GNOME_WAYLAND = {"WAYLAND_DISPLAY": "wayland-0", "XDG_CURRENT_DESKTOP": "GNOME"}
FIRE_TIMEOUT_MS = 20_000  # a watch of a second or two, on a loaded machine


@pytest.fixture(scope="module")
def gnome(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GnomeShell]:
    require_gnome()
    with start_gnome(tmp_path_factory.mktemp("gnome")) as session:
        yield session


@pytest.fixture
def monitor(gnome: GnomeShell) -> Iterator[MutterIdleEvents]:
    watched = MutterIdleEvents(gnome.bus_address)
    yield watched
    watched.close()


class Calls:
    """The callback: records Mutter's idle time (seconds; NaN: no answer) at each call."""

    def __init__(self, monitor: MutterIdleEvents) -> None:
        self.monitor = monitor
        self.idle: list[float] = []

    def __call__(self) -> None:
        idle = self.monitor.idle_seconds()
        self.idle.append(math.nan if idle is None else idle)


def test_the_picker_chooses_mutter_events_under_gnome_and_says_so(gnome: GnomeShell) -> None:
    chosen = pick_idle_monitor(
        platform="linux", environ=GNOME_WAYLAND, bus_address=gnome.bus_address
    )
    assert isinstance(chosen, MutterIdleEvents)
    try:
        cap = chosen.capability()
        assert cap.available is True
        assert cap.detail == "GNOME Mutter idle monitor (events)"
        assert cap.extra == {"backend": "gnome-mutter-events", "mode": "events"}
    finally:
        chosen.close()


def test_idle_watches_fire_with_no_input_at_each_threshold(
    gnome: GnomeShell, monitor: MutterIdleEvents, qtbot: QtBot
) -> None:
    gnome.press("Shift")  # the idle time starts now
    calls = Calls(monitor)
    assert monitor.watch((1.0, 2.0), calls) is True
    qtbot.waitUntil(lambda: len(calls.idle) >= 2, timeout=FIRE_TIMEOUT_MS)
    first, second = calls.idle[:2]
    assert first >= 1.0, calls.idle
    assert second >= 2.0, calls.idle  # (idle 0.0 here: something gave input meanwhile)
    # idle_seconds is Mutter's exact figure
    assert (monitor.idle_seconds() or 0.0) >= second


def test_the_first_input_after_an_idle_watch_fired_calls_back_once_as_active(
    gnome: GnomeShell, monitor: MutterIdleEvents, qtbot: QtBot
) -> None:
    gnome.press("Shift")
    calls = Calls(monitor)
    assert monitor.watch((1.0,), calls) is True
    qtbot.waitUntil(lambda: len(calls.idle) == 1, timeout=FIRE_TIMEOUT_MS)

    gnome.press("Shift")  # the user is back
    qtbot.waitUntil(lambda: len(calls.idle) == 2, timeout=FIRE_TIMEOUT_MS)
    back = calls.idle[1]
    assert back < 1.0

    # The idle watch fires again in the next idle period (and the user comes back again).
    qtbot.waitUntil(lambda: len(calls.idle) == 3, timeout=FIRE_TIMEOUT_MS)
    again = calls.idle[2]
    assert again >= 1.0
    gnome.press("Shift")
    qtbot.waitUntil(lambda: len(calls.idle) == 4, timeout=FIRE_TIMEOUT_MS)


def test_after_unwatch_nothing_calls_back(
    gnome: GnomeShell, monitor: MutterIdleEvents, qtbot: QtBot
) -> None:
    control = MutterIdleEvents(gnome.bus_address)  # watches on to show the time has come
    try:
        gnome.press("Shift")
        calls, control_calls = Calls(monitor), Calls(control)
        assert monitor.watch((1.0,), calls) is True
        assert control.watch((1.0,), control_calls) is True
        monitor.unwatch()
        qtbot.waitUntil(lambda: len(control_calls.idle) == 1, timeout=FIRE_TIMEOUT_MS)
        # A signal sent to the unwatched monitor would come before this call's reply.
        assert monitor.idle_seconds() is not None
        qtbot.wait(50)  # let a handed-over signal reach the callback, if there were one
        assert calls.idle == []
    finally:
        control.close()


def test_new_thresholds_replace_the_old_ones(
    gnome: GnomeShell, monitor: MutterIdleEvents, qtbot: QtBot
) -> None:
    gnome.press("Shift")
    calls = Calls(monitor)
    assert monitor.watch((600.0,), calls) is True
    assert monitor.watch((1.0,), calls) is True
    qtbot.waitUntil(lambda: len(calls.idle) == 1, timeout=FIRE_TIMEOUT_MS)
    assert monitor.watch((), calls) is True  # no thresholds: no calls, even on input
    gnome.press("Shift")
    assert monitor.idle_seconds() is not None
    qtbot.wait(50)
    assert len(calls.idle) == 1


def test_new_thresholds_while_the_user_is_away_still_report_their_return(
    gnome: GnomeShell, monitor: MutterIdleEvents, qtbot: QtBot
) -> None:
    gnome.press("Shift")
    calls = Calls(monitor)
    assert monitor.watch((1.0,), calls) is True
    qtbot.waitUntil(lambda: len(calls.idle) == 1, timeout=FIRE_TIMEOUT_MS)
    # The app asks for other idle times meanwhile (a break started waiting, say).
    assert monitor.watch((600.0,), calls) is True
    gnome.press("Shift")
    qtbot.waitUntil(lambda: len(calls.idle) == 2, timeout=FIRE_TIMEOUT_MS)
    assert calls.idle[1] < 1.0


def test_without_mutter_the_source_says_why_and_the_picker_moves_on(
    gnome: GnomeShell, tmp_path: Path
) -> None:
    # The session's system bus is a real, empty bus: nobody there is Mutter.
    absent = MutterIdleEvents(gnome.system_bus_address)
    try:
        assert absent.idle_seconds() is None
        cap = absent.capability()
        assert cap.available is False
        assert "org.gnome.Mutter.IdleMonitor" in cap.detail
        assert absent.watch((30.0,), lambda: None) is False
    finally:
        absent.close()

    polled = MutterIdleMonitor(gnome.bus_address)
    chosen = pick_idle_monitor(candidates=[MutterIdleEvents(gnome.system_bus_address), polled])
    assert chosen is polled

    nothing = pick_idle_monitor(
        platform="linux", environ=GNOME_WAYLAND, bus_address=gnome.system_bus_address
    )
    assert isinstance(nothing, NullIdleMonitor)
    tried = [part.split(":")[0] for part in nothing.reason.split("; ")]
    assert tried == ["gnome-mutter-events", "gnome-mutter", "wayland", "freedesktop-screensaver"]
