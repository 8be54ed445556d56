"""Idle-time sources: OS boundaries by substitution, the D-Bus ones against stand-in services."""

from __future__ import annotations

import logging

import pytest

from deskstretch.platform.idle import (
    MacIdleMonitor,
    MutterIdleMonitor,
    NullIdleMonitor,
    ScreenSaverIdleMonitor,
    WindowsIdleMonitor,
    X11IdleMonitor,
    _linux_candidates,
    pick_idle_monitor,
)
from tests.helpers.dbus_recorder import FakeDBusService, Fault
from tests.helpers.desktop import Desktop

IOREG = """+-o IOHIDSystem  <class IOHIDSystem, id 0x100000279, registered, matched, active>
    {
      "HIDIdleTime" = 2750000000
      "HIDParameters" = {"HIDClickTime"=500000000}
    }
"""


def test_windows_idle_is_now_minus_last_input_also_across_the_49_day_wrap() -> None:
    assert WindowsIdleMonitor(lambda: (90_000, 30_000)).idle_seconds() == 60.0
    # GetTickCount wrapped to 500 ms; the last input was 1.5 s before the wrap.
    assert WindowsIdleMonitor(lambda: (500, 2**32 - 1500)).idle_seconds() == 2.0


def test_windows_failure_gives_none_and_the_capability_says_why() -> None:
    def broken() -> tuple[int, int]:
        raise OSError("GetLastInputInfo failed")

    monitor = WindowsIdleMonitor(broken)
    assert monitor.idle_seconds() is None
    cap = monitor.capability()
    assert not cap.available
    assert "GetLastInputInfo failed" in cap.detail


def test_macos_idle_comes_from_hid_idle_time_in_nanoseconds() -> None:
    assert MacIdleMonitor(lambda: IOREG).idle_seconds() == 2.75
    assert MacIdleMonitor(lambda: "nothing useful").idle_seconds() is None


def test_null_monitor_says_nothing_can_be_read() -> None:
    null = NullIdleMonitor("no X display")
    assert null.idle_seconds() is None
    cap = null.capability()
    assert (cap.name, cap.available, cap.detail) == ("idle", False, "no X display")


def test_pick_takes_the_first_source_that_answers_and_logs_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="deskstretch.platform.idle")
    dead = X11IdleMonitor(read=lambda: None)
    alive = ScreenSaverIdleMonitor(read=lambda: 12.0)
    assert pick_idle_monitor(candidates=[dead, alive]) is alive
    assert "idle time: freedesktop-screensaver (now 12 s idle)" in caplog.text


def test_pick_falls_back_to_null_and_names_every_failure(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def fails() -> float:
        raise OSError("no MIT-SCREEN-SAVER extension")

    chosen = pick_idle_monitor(candidates=[X11IdleMonitor(read=fails)])
    assert isinstance(chosen, NullIdleMonitor)
    assert "x11: no MIT-SCREEN-SAVER extension" in chosen.reason
    assert "idle time: none available" in caplog.text


def test_on_windows_and_macos_pick_tries_their_own_source() -> None:
    # This Linux machine has neither user32 nor ioreg: the reason shows which source was tried.
    on_windows = pick_idle_monitor(platform="win32")
    on_mac = pick_idle_monitor(platform="darwin")
    assert isinstance(on_windows, NullIdleMonitor)
    assert on_windows.reason.startswith("windows:")
    assert isinstance(on_mac, NullIdleMonitor)
    assert on_mac.reason.startswith("macos:")


def test_linux_order_depends_on_session_type() -> None:
    def names(env: dict[str, str]) -> list[str]:
        return [m.name for m in _linux_candidates(env, None)]

    x_session = ["x11-sync", "x11", "gnome-mutter", "freedesktop-screensaver"]
    assert names({"DISPLAY": ":0"}) == x_session
    gnome_wayland = {"WAYLAND_DISPLAY": "w-0", "DISPLAY": ":0", "XDG_CURRENT_DESKTOP": "GNOME"}
    assert names(gnome_wayland) == [
        "gnome-mutter-events",  # Mutter's idle watches first, then its polled idle time,
        "gnome-mutter",
        "wayland",  # then a Wayland idle protocol, where the compositor offers one
        "freedesktop-screensaver",
    ]
    kde_wayland = {"WAYLAND_DISPLAY": "wayland-0", "XDG_CURRENT_DESKTOP": "KDE"}
    # The compositor's idle protocol first: it gives events (deskstretch/platform/idle_wayland.py).
    assert names(kde_wayland) == ["wayland", "freedesktop-screensaver", "gnome-mutter"]


def test_gnome_and_screensaver_sources_read_milliseconds_over_dbus(desktop: Desktop) -> None:
    mutter = ("org.gnome.Mutter.IdleMonitor", "GetIdletime")
    saver = ("org.freedesktop.ScreenSaver", "GetSessionIdleTime")
    with FakeDBusService(
        desktop.bus_address, "org.gnome.Mutter.IdleMonitor", {mutter: ("t", (61_500,))}
    ):
        assert MutterIdleMonitor(desktop.bus_address).idle_seconds() == 61.5
    with FakeDBusService(
        desktop.bus_address, "org.freedesktop.ScreenSaver", {saver: ("u", (4_200,))}
    ) as service:
        monitor = pick_idle_monitor(
            environ={"WAYLAND_DISPLAY": "wayland-0", "XDG_CURRENT_DESKTOP": "KDE"},
            platform="linux",
            bus_address=desktop.bus_address,
        )
        assert monitor.name == "freedesktop-screensaver"
        assert monitor.idle_seconds() == 4.2
        assert service.calls[-1] == (*saver, ())
    # Service gone: no number, no exception.
    assert ScreenSaverIdleMonitor(desktop.bus_address).idle_seconds() is None


def test_kwin_saying_not_supported_means_no_idle_source(desktop: Desktop) -> None:
    saver = ("org.freedesktop.ScreenSaver", "GetSessionIdleTime")
    fault = Fault("org.freedesktop.DBus.Error.NotSupported", "GetSessionIdleTime is not supported")
    with FakeDBusService(desktop.bus_address, "org.freedesktop.ScreenSaver", {saver: fault}):
        monitor = ScreenSaverIdleMonitor(desktop.bus_address)
        assert monitor.idle_seconds() is None
        assert "not supported" in monitor.capability().detail


def test_a_polled_source_says_so_in_the_capability_report() -> None:
    cap = WindowsIdleMonitor(lambda: (5000, 2000)).capability()
    assert cap.available
    assert cap.extra["mode"] == "polling"
    assert "polled" in cap.detail
