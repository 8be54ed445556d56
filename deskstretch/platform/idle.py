"""How long the user has not touched keyboard or mouse, per desktop.

Where the desktop can report changes, the source is an event source (:class:`IdleEvents`
in ``core.ports``), in a module of its own, and comes first:

- X11: SYNC ``IDLETIME`` alarms (:mod:`deskstretch.platform.idle_xsync`);
- Wayland: ext-idle-notify-v1 or org_kde_kwin_idle (:mod:`deskstretch.platform.idle_wayland`);
- GNOME: Mutter's idle watches (:mod:`deskstretch.platform.idle_mutter`).

The polled sources below are the fallbacks, and say "polled" in the capability report:

- X11: the XScreenSaver extension through ctypes (:mod:`deskstretch.platform.x11`).
- GNOME on Wayland: Mutter's ``org.gnome.Mutter.IdleMonitor`` ``GetIdletime`` (ms).
- Other desktops: ``org.freedesktop.ScreenSaver`` ``GetSessionIdleTime``; KDE answers in
  milliseconds (the interface never said), KWin on Wayland answers "not supported".
- Windows: ``GetLastInputInfo`` against ``GetTickCount`` (ctypes).
- macOS: ``HIDIdleTime`` (ns) from ``ioreg -c IOHIDSystem``.

Each OS boundary is one small function that the monitor takes as a parameter, so the Windows
and macOS paths are tested anywhere by handing in a stand-in. The controller asks only as often
as the planner needs; nothing here polls on its own.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol, TypeAlias

from deskstretch.core.ports import Capability, IdleMonitor, ReportsCapability
from deskstretch.i18n import N_, _
from deskstretch.platform import x11
from deskstretch.platform.bus import session_call
from deskstretch.platform.idle_mutter import MutterIdleEvents
from deskstretch.platform.idle_xsync import XSyncIdleMonitor

if TYPE_CHECKING:
    from deskstretch.platform.idle_wayland import WaylandIdleMonitor

log = logging.getLogger(__name__)

CAPABILITY = "idle"
_IOREG_IDLE = re.compile(r'"HIDIdleTime"\s*=\s*(\d+)')


class ReportingIdleMonitor(IdleMonitor, ReportsCapability, Protocol):
    """An idle monitor that also says whether it works here (each one in this module does)."""


class NullIdleMonitor:
    """No idle detection here: reports None (the planner then ignores idleness)."""

    name = "none"

    def __init__(self, reason: str | None = None) -> None:
        self.reason = _("no idle-time source on this desktop") if reason is None else reason

    def idle_seconds(self) -> float | None:
        """Always None."""
        return None

    def capability(self) -> Capability:
        """Unavailable, with the reason."""
        return Capability(
            CAPABILITY,
            False,
            self.reason,
            _("Natural breaks (time away from the keyboard) are not noticed on this desktop."),
        )


class _Monitor:
    """Shared shape: a reader returning seconds or None, and an honest capability."""

    name = "base"
    label = ""

    def __init__(self, read: Callable[[], float | None]) -> None:
        self._read = read
        self.last_error = ""

    def idle_seconds(self) -> float | None:
        """Seconds since the last input, or None when the source does not answer now."""
        try:
            value = self._read()
        except Exception as exc:  # OS and third-party boundaries: anything may come out
            if str(exc) != self.last_error:
                log.warning("idle time via %s failed: %s", self.name, exc)
            self.last_error = str(exc)
            return None
        self.last_error = ""
        return None if value is None else max(0.0, float(value))

    def capability(self) -> Capability:
        """Available if the source answers right now."""
        value = self.idle_seconds()
        if value is None:
            why = self.last_error or _("no answer")
            return Capability(CAPABILITY, False, f"{_(self.label)}: {why}")
        # Said plainly: this source is asked again and again, it cannot report changes.
        detail = _("{source} (polled: no change events here)").format(source=_(self.label))
        return Capability(CAPABILITY, True, detail, extra={"backend": self.name, "mode": "polling"})


# --------------------------------------------------------------------------- X11


class X11IdleMonitor(_Monitor):
    """XScreenSaver idle time through ctypes on libXss."""

    name = "x11"
    label = N_("X11 screen saver extension")

    def __init__(
        self, display: str | None = None, read: Callable[[], float | None] | None = None
    ) -> None:
        self._kept = x11.KeptDisplay(display)
        super().__init__(read or self._read_kept)

    def _read_kept(self) -> float | None:
        ms = self._kept.idle_ms()
        if ms is None:
            raise OSError(x11.xss_unavailable_reason() or _("no MIT-SCREEN-SAVER extension"))
        return ms / 1000.0

    def close(self) -> None:
        """Close the kept X connection."""
        self._kept.close()


# --------------------------------------------------------------------------- D-Bus desktops


def read_mutter_idle(bus_address: str | None = None) -> float | None:
    """Idle seconds from GNOME Mutter's IdleMonitor (milliseconds on the wire)."""
    (ms,) = session_call(
        "org.gnome.Mutter.IdleMonitor",
        "/org/gnome/Mutter/IdleMonitor/Core",
        "org.gnome.Mutter.IdleMonitor",
        "GetIdletime",
        bus_address=bus_address,
    )
    return int(ms) / 1000.0


def read_screensaver_idle(bus_address: str | None = None) -> float | None:
    """Idle seconds from ``org.freedesktop.ScreenSaver`` (milliseconds in practice)."""
    (ms,) = session_call(
        "org.freedesktop.ScreenSaver",
        "/org/freedesktop/ScreenSaver",
        "org.freedesktop.ScreenSaver",
        "GetSessionIdleTime",
        bus_address=bus_address,
    )
    return int(ms) / 1000.0


class MutterIdleMonitor(_Monitor):
    """GNOME (also on Wayland): ``org.gnome.Mutter.IdleMonitor``."""

    name = "gnome-mutter"
    label = N_("GNOME Mutter idle monitor")

    def __init__(
        self, bus_address: str | None = None, read: Callable[[], float | None] | None = None
    ) -> None:
        super().__init__(read or (lambda: read_mutter_idle(bus_address)))


class ScreenSaverIdleMonitor(_Monitor):
    """KDE and others: ``org.freedesktop.ScreenSaver.GetSessionIdleTime``."""

    name = "freedesktop-screensaver"
    label = N_("freedesktop ScreenSaver service")

    def __init__(
        self, bus_address: str | None = None, read: Callable[[], float | None] | None = None
    ) -> None:
        super().__init__(read or (lambda: read_screensaver_idle(bus_address)))


# --------------------------------------------------------------------------- Windows


def read_windows_last_input() -> tuple[int, int]:
    """(tick count now, tick count of the last input) from user32/kernel32, in ms."""
    import ctypes

    class LastInputInfo(ctypes.Structure):
        _fields_ = [("cbSize", ctypes.c_uint), ("dwTime", ctypes.c_uint)]

    info = LastInputInfo()
    info.cbSize = ctypes.sizeof(info)
    windll = ctypes.windll  # type: ignore[attr-defined]
    if not windll.user32.GetLastInputInfo(ctypes.byref(info)):
        raise OSError("GetLastInputInfo failed")
    return int(windll.kernel32.GetTickCount()) & 0xFFFFFFFF, int(info.dwTime)


class WindowsIdleMonitor(_Monitor):
    """``GetLastInputInfo``: the tick of the last input against ``GetTickCount``."""

    name = "windows"
    label = N_("Windows last-input time")

    def __init__(self, read_ticks: Callable[[], tuple[int, int]] = read_windows_last_input) -> None:
        def read() -> float:
            now, last = read_ticks()
            # Both are 32-bit millisecond counters that wrap after 49.7 days.
            return ((now - last) & 0xFFFFFFFF) / 1000.0

        super().__init__(read)


# --------------------------------------------------------------------------- macOS


def run_ioreg() -> str:
    """Output of ``ioreg -c IOHIDSystem -d 4`` (macOS)."""
    return subprocess.run(
        ["ioreg", "-c", "IOHIDSystem", "-d", "4"],
        capture_output=True,
        text=True,
        check=True,
        timeout=5,
    ).stdout


class MacIdleMonitor(_Monitor):
    """``HIDIdleTime`` (nanoseconds) from ``ioreg``."""

    name = "macos"
    label = N_("macOS HID idle time")

    def __init__(self, run: Callable[[], str] = run_ioreg) -> None:
        def read() -> float:
            match = _IOREG_IDLE.search(run())
            if match is None:
                raise ValueError("no HIDIdleTime in ioreg output")
            return int(match.group(1)) / 1e9

        super().__init__(read)


# --------------------------------------------------------------------------- choice

# The event-driven monitors live in their own modules; the Wayland one is imported only there.
_Candidate: TypeAlias = "_Monitor | XSyncIdleMonitor | MutterIdleEvents | WaylandIdleMonitor"


def _linux_candidates(environ: Mapping[str, str], bus_address: str | None) -> list[_Candidate]:
    desktop = environ.get("XDG_CURRENT_DESKTOP", "").upper()
    wayland = bool(environ.get("WAYLAND_DISPLAY")) or environ.get("XDG_SESSION_TYPE") == "wayland"
    gnome = MutterIdleMonitor(bus_address)
    screensaver = ScreenSaverIdleMonitor(bus_address)
    xorg = X11IdleMonitor(environ.get("DISPLAY") or None)
    if wayland:
        # XWayland's XScreenSaver sees only X clients' input: a Wayland source first.
        from deskstretch.platform.idle_wayland import WaylandIdleMonitor  # not on X11

        wl = WaylandIdleMonitor(environ)  # events from the compositor's idle protocol
        if "GNOME" in desktop:  # Mutter's events first (GNOME 43 has no Wayland idle protocol)
            return [MutterIdleEvents(bus_address), gnome, wl, screensaver]
        return [wl, screensaver, gnome]
    xsync = XSyncIdleMonitor(environ.get("DISPLAY") or None)  # events; else xorg's polling
    return [xsync, xorg, gnome, screensaver] if environ.get("DISPLAY") else [gnome, screensaver]


def pick_idle_monitor(
    *,
    platform: str | None = None,
    environ: Mapping[str, str] | None = None,
    bus_address: str | None = None,
    candidates: list[_Candidate] | None = None,
) -> ReportingIdleMonitor:
    """The first idle source that answers here, else :class:`NullIdleMonitor`; logs why."""
    platform = sys.platform if platform is None else platform
    environ = os.environ if environ is None else environ
    if candidates is None:
        if platform == "win32":
            candidates = [WindowsIdleMonitor()]
        elif platform == "darwin":
            candidates = [MacIdleMonitor()]
        else:
            candidates = _linux_candidates(environ, bus_address)
    tried: list[str] = []
    for monitor in candidates:
        value = monitor.idle_seconds()
        if value is not None:
            log.info("idle time: %s (now %.0f s idle)", monitor.name, value)
            return monitor
        tried.append(f"{monitor.name}: {monitor.last_error or _('no answer')}")
    reason = "; ".join(tried) or _("no idle-time source for {platform}").format(platform=platform)
    log.warning("idle time: none available (%s)", reason)
    return NullIdleMonitor(reason)
