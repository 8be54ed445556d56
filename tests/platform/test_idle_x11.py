"""Idle detection for real: XScreenSaver on Xvfb, with xdotool as the user."""

from __future__ import annotations

from pathlib import Path

from deskstretch.platform.idle import X11IdleMonitor, pick_idle_monitor
from deskstretch.platform.x11 import XDisplay
from tests.helpers.desktop import Desktop
from tests.helpers.wait import wait_until


def _connection(monitor: X11IdleMonitor) -> XDisplay | None:
    """The monitor's kept X connection, read afresh (mypy would keep an earlier narrowing)."""
    return monitor._kept._disp


def test_idle_time_grows_without_input_and_resets_after_mouse_movement(desktop: Desktop) -> None:
    monitor = X11IdleMonitor(desktop.display)
    desktop.xdotool("mousemove", "10", "10")
    first = monitor.idle_seconds()
    assert first is not None
    wait_until(
        monitor.idle_seconds,
        10,
        what=f"the idle time to grow past {first + 0.5}s",
        until=lambda idle: (idle or 0) >= first + 0.5,
    )
    before_input = monitor.idle_seconds()
    assert before_input is not None
    desktop.xdotool("mousemove", "200", "150")
    after_input = monitor.idle_seconds()
    assert after_input is not None
    assert after_input < before_input
    cap = monitor.capability()
    assert cap.available
    assert cap.extra == {"backend": "x11", "mode": "polling"}
    assert "polled" in cap.detail  # status says this source is asked, not heard from


def test_pick_chooses_the_x11_sync_alarms_on_an_x_session(desktop: Desktop) -> None:
    # The polled XScreenSaver monitor is the fallback (test_idle_xsync.py)
    chosen = pick_idle_monitor(
        platform="linux", environ={"DISPLAY": desktop.display}, bus_address=desktop.bus_address
    )
    assert chosen.name == "x11-sync"


def _unused_display() -> str:
    """A display number no X server on this machine has: no socket (file or Linux abstract),
    no lock file. Counted down from the top, away from Xvfb -displayfd's pick of the lowest."""
    try:
        abstract = Path("/proc/net/unix").read_text()
    except OSError:
        abstract = ""
    for number in range(999, 100, -1):
        socket = f"/tmp/.X11-unix/X{number}"
        taken = (
            Path(socket).exists()
            or Path(f"/tmp/.X{number}-lock").exists()
            or f"@{socket}\n" in abstract
        )
        if not taken:
            return f":{number}"
    raise AssertionError("no free X display number between 101 and 999")


def test_a_display_that_went_away_gives_none_not_a_crash() -> None:
    display = _unused_display()
    monitor = X11IdleMonitor(display)
    assert monitor.idle_seconds() is None
    assert f"cannot open display {display}" in monitor.capability().detail


def test_the_poll_keeps_one_x_connection_and_reopens_it_after_close(desktop: Desktop) -> None:
    # Opening a connection costs ~14 round trips (each a wake-up); the idle poll runs all day.
    monitor = X11IdleMonitor(desktop.display)
    assert monitor.idle_seconds() is not None
    kept = _connection(monitor)
    assert kept is not None
    handle = kept.handle
    assert monitor.idle_seconds() is not None
    assert _connection(monitor) is kept
    assert kept.handle == handle
    monitor.close()
    assert _connection(monitor) is None
    assert monitor.idle_seconds() is not None  # reopened on demand
    monitor.close()
