"""Do-not-disturb sources: moments when a break would be in the way.

The controller asks :meth:`DndProbe.active_reasons` only when a warning or a break is about to
happen, and again every ~15 s while a break is held, so the checks may cost a few milliseconds
(a /proc scan, a D-Bus call, a ``pactl`` run) without any constant polling.

Sources, each switchable in settings (``dnd.*``):

- fullscreen: the focused window is fullscreen (a presentation, a video). X11 through the EWMH
  properties ``_NET_ACTIVE_WINDOW`` and ``_NET_WM_STATE_FULLSCREEN`` (needs a window manager);
  our own windows (``_NET_WM_PID``) do not count. Windows: ``SHQueryUserNotificationState``.
  macOS and Wayland: not readable, said so in the capability report.
- camera: another process holds a video device open (Linux: ``/proc/*/fd`` links to
  ``/dev/video*``; Windows: the privacy consent store's "in use" entries).
- microphone: an audio capture stream exists (PulseAudio / PipeWire ``pactl``; Windows: the
  consent store), not counting monitor sources (those record what is played, not a voice).
- desktop: the desktop's own do-not-disturb (freedesktop notifications ``Inhibited``, dunst's
  pause, GNOME's ``show-banners`` off).
"""

from __future__ import annotations

import fnmatch
import importlib
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deskstretch.core.ports import Capability
from deskstretch.i18n import N_, _
from deskstretch.platform import x11
from deskstretch.platform.bus import BusError, session_call
from deskstretch.platform.notify_freedesktop import NOTIFICATIONS, NOTIFICATIONS_PATH
from deskstretch.settings.model import Dnd

log = logging.getLogger(__name__)

# The hold reasons stay English inside the app (the planner and the history keep them as
# keys); they are translated where people read them, with ``_(reason)``.
REASON_FULLSCREEN = N_("fullscreen window")
REASON_CAMERA = N_("camera in use")
REASON_MICROPHONE = N_("microphone in use")
REASON_DESKTOP = N_("desktop do-not-disturb")

CAMERA_GLOB = "/dev/video*"
PROPERTIES = "org.freedesktop.DBus.Properties"

Runner = Callable[[Sequence[str]], str]


class Unreadable(Exception):
    """This source cannot be read here; the message says why."""


def run_command(argv: Sequence[str]) -> str:
    """Run a short command and return stdout (raises :class:`Unreadable` on any failure)."""
    if shutil.which(argv[0]) is None:
        raise Unreadable(_("{program} is not installed").format(program=argv[0]))
    try:
        done = subprocess.run(list(argv), capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise Unreadable(_("{program} failed: {error}").format(program=argv[0], error=exc)) from exc
    if done.returncode != 0:
        # One line for the capability report: the first thing the program said (pactl says
        # "Connection failure: Connection refused", then the same again from the library).
        said = next((line.strip() for line in done.stderr.splitlines() if line.strip()), "")
        raise Unreadable(f"{argv[0]} exited {done.returncode}: {said[:200]}")
    return done.stdout


# --------------------------------------------------------------------------- fullscreen


def x11_fullscreen_window(display: str | None = None, own_pid: int | None = None) -> bool:
    """Whether the focused X11 window (not ours) is fullscreen, by the EWMH properties."""
    own = os.getpid() if own_pid is None else own_pid
    with x11.open_display(display) as disp:
        if disp is None:
            raise Unreadable(x11.unavailable_reason(display) or _("cannot open the X display"))
        active = disp.property_values(disp.root, "_NET_ACTIVE_WINDOW")
        if active is None:
            # Unset is normal while nothing has focus; it only means "unknown" when no
            # window manager announces the property at all.
            supported = disp.property_values(disp.root, "_NET_SUPPORTED") or []
            if disp.atom("_NET_ACTIVE_WINDOW") not in supported:
                raise Unreadable(_("no window manager publishes the active window (EWMH)"))
            return False
        if not active or active[0] == 0:
            return False
        window = active[0]
        state = disp.property_values(window, "_NET_WM_STATE") or []
        if disp.atom("_NET_WM_STATE_FULLSCREEN") not in state:
            return False
        pid = disp.property_values(window, "_NET_WM_PID")
        return not (pid and pid[0] == own)


# SHQueryUserNotificationState: QUNS_BUSY (a fullscreen app), RUNNING_D3D_FULL_SCREEN,
# PRESENTATION_MODE. QUNS_QUIET_TIME is the first hour after a new install, not a user choice.
_WINDOWS_FULLSCREEN_STATES = frozenset({2, 3, 4})


def read_windows_notification_state() -> int:
    """``SHQueryUserNotificationState`` (Windows Vista and later)."""
    import ctypes

    state = ctypes.c_int()
    windll = ctypes.windll  # type: ignore[attr-defined]
    result = windll.shell32.SHQueryUserNotificationState(ctypes.byref(state))
    if result != 0:
        raise Unreadable(f"SHQueryUserNotificationState failed ({result:#x})")
    return int(state.value)


def windows_fullscreen(read_state: Callable[[], int] = read_windows_notification_state) -> bool:
    """A fullscreen program or presentation mode, as Windows reports it."""
    return read_state() in _WINDOWS_FULLSCREEN_STATES


# --------------------------------------------------------------------------- camera


def processes_holding(
    pattern: str = CAMERA_GLOB, proc_root: Path = Path("/proc"), own_pid: int | None = None
) -> list[int]:
    """PIDs (other than ours) with an open file whose path matches ``pattern``.

    Processes of other users are not readable and are skipped (a call runs as the user).
    """
    own = os.getpid() if own_pid is None else own_pid
    try:
        entries = list(os.scandir(proc_root))
    except OSError as exc:
        raise Unreadable(
            _("cannot list processes in {folder}: {error}").format(folder=proc_root, error=exc)
        ) from exc
    holders: list[int] = []
    for entry in entries:
        if not entry.name.isdigit() or int(entry.name) == own:
            continue
        try:
            fds = list(os.scandir(os.path.join(entry.path, "fd")))
        except OSError:
            continue  # gone, or another user's
        for fd in fds:
            try:
                target = os.readlink(fd.path)
            except OSError:
                continue
            if fnmatch.fnmatchcase(target, pattern):
                holders.append(int(entry.name))
                break
    return holders


# --------------------------------------------------------------------------- Windows consent store

_CONSENT_STORE = r"Software\Microsoft\Windows\CurrentVersion\CapabilityAccessManager\ConsentStore"


def read_consent_store(capability: str) -> Iterator[tuple[int, int]]:
    """(LastUsedTimeStart, LastUsedTimeStop) of every app entry for ``webcam``/``microphone``."""
    # Imported by name: typeshed hides winreg from type checks on other platforms.
    winreg: Any = importlib.import_module("winreg")

    def walk(key: object, depth: int) -> Iterator[tuple[int, int]]:
        try:
            start = winreg.QueryValueEx(key, "LastUsedTimeStart")[0]
            stop = winreg.QueryValueEx(key, "LastUsedTimeStop")[0]
            yield int(start), int(stop)
        except OSError:
            pass
        if depth == 0:
            return
        index = 0
        while True:
            try:
                name = winreg.EnumKey(key, index)
            except OSError:
                return
            index += 1
            with winreg.OpenKey(key, name) as sub:
                yield from walk(sub, depth - 1)

    try:
        root = winreg.OpenKey(winreg.HKEY_CURRENT_USER, rf"{_CONSENT_STORE}\{capability}")
    except OSError as exc:
        raise Unreadable(f"no {capability} consent store: {exc}") from exc
    with root:
        # Packaged apps sit one level down, desktop apps under "NonPackaged" two levels down.
        yield from walk(root, 2)


def consent_in_use(entries: Iterable[tuple[int, int]]) -> bool:
    """An app has started using the device and not stopped (stop time 0)."""
    return any(start > 0 and stop == 0 for start, stop in entries)


# --------------------------------------------------------------------------- microphone


def pulse_capture_streams(run: Runner = run_command) -> int:
    """Number of capture streams recording from a real source (not a ``.monitor``)."""
    sources: dict[str, str] = {}
    for line in run(["pactl", "list", "short", "sources"]).splitlines():
        cols = line.split("\t")
        if len(cols) >= 2:  # index, name, ...
            sources[cols[0]] = cols[1]
    count = 0
    for line in run(["pactl", "list", "short", "source-outputs"]).splitlines():
        cols = line.split("\t")
        if len(cols) < 2:  # index, source, client, driver, sample spec
            continue
        name = sources.get(cols[1], cols[1])
        if not name.endswith(".monitor"):
            count += 1
    return count


# --------------------------------------------------------------------------- desktop DND


def notifications_inhibited(bus_address: str | None = None) -> bool:
    """The freedesktop ``Inhibited`` property (spec 1.3), else dunst's ``paused``."""
    errors: list[str] = []
    for interface, prop in ((NOTIFICATIONS, "Inhibited"), ("org.dunstproject.cmd0", "paused")):
        try:
            (value,) = session_call(
                NOTIFICATIONS,
                NOTIFICATIONS_PATH,
                PROPERTIES,
                "Get",
                "ss",
                (interface, prop),
                bus_address=bus_address,
            )
        except BusError as exc:
            errors.append(str(exc))
            continue
        return bool(value[1])
    raise Unreadable("; ".join(errors))


def gnome_banners_off(run: Runner = run_command) -> bool:
    """GNOME's do-not-disturb switch (``show-banners`` false)."""
    out = run(["gsettings", "get", "org.gnome.desktop.notifications", "show-banners"]).strip()
    if out not in ("true", "false"):
        raise Unreadable(f"unexpected show-banners value {out!r}")
    return out == "false"


# --------------------------------------------------------------------------- the probe


@dataclass(frozen=True)
class Source:
    """One do-not-disturb source: its settings flag, reason text and check."""

    setting: str  # attribute of settings.model.Dnd
    reason: str  # an N_() key, translated where shown
    check: Callable[[], bool]  # raises Unreadable when it cannot tell
    hint: str = ""  # an N_() text, translated in capabilities()


class DndProbe:
    """Answers "is now a bad moment?" from the sources this platform can read.

    Every argument has a working default; tests hand in stand-ins for the OS boundaries.
    """

    def __init__(
        self,
        *,
        platform: str | None = None,
        environ: Mapping[str, str] | None = None,
        own_pid: int | None = None,
        bus_address: str | None = None,
        display: str | None = None,
        camera_glob: str = CAMERA_GLOB,
        proc_root: Path = Path("/proc"),
        run: Runner = run_command,
        sources: Sequence[Source] | None = None,
    ) -> None:
        self.platform = sys.platform if platform is None else platform
        env = os.environ if environ is None else environ
        self.sources = (
            list(sources)
            if sources is not None
            else self._default_sources(
                env,
                os.getpid() if own_pid is None else own_pid,
                bus_address,
                display if display is not None else env.get("DISPLAY", ""),
                camera_glob,
                proc_root,
                run,
            )
        )
        self._last_problem: dict[str, str] = {}

    def _default_sources(
        self,
        env: Mapping[str, str],
        own_pid: int,
        bus: str | None,
        display: str,
        camera_glob: str,
        proc_root: Path,
        run: Runner,
    ) -> list[Source]:
        def not_here(what: str) -> Callable[[], bool]:
            def check() -> bool:
                raise Unreadable(what)

            return check

        if self.platform == "win32":
            return [
                Source("fullscreen", REASON_FULLSCREEN, windows_fullscreen),
                Source(
                    "camera", REASON_CAMERA, lambda: consent_in_use(read_consent_store("webcam"))
                ),
                Source(
                    "microphone",
                    REASON_MICROPHONE,
                    lambda: consent_in_use(read_consent_store("microphone")),
                ),
                Source(
                    "desktop",
                    REASON_DESKTOP,
                    not_here(_("Focus assist cannot be read by applications")),
                ),
            ]
        if self.platform == "darwin":
            why = _("not readable on macOS yet")
            return [
                Source(s, r, not_here(why))
                for s, r in (
                    ("fullscreen", REASON_FULLSCREEN),
                    ("camera", REASON_CAMERA),
                    ("microphone", REASON_MICROPHONE),
                    ("desktop", REASON_DESKTOP),
                )
            ]

        wayland = bool(env.get("WAYLAND_DISPLAY")) or env.get("XDG_SESSION_TYPE") == "wayland"
        if wayland:
            fullscreen = not_here(_("Wayland does not let applications see other windows"))
        else:

            def fullscreen() -> bool:
                return x11_fullscreen_window(display or None, own_pid)

        gnome = "GNOME" in env.get("XDG_CURRENT_DESKTOP", "").upper()

        def desktop() -> bool:
            if gnome:
                return gnome_banners_off(run)
            return notifications_inhibited(bus)

        return [
            Source(
                "fullscreen",
                REASON_FULLSCREEN,
                fullscreen,
                N_("Needs an X11 session with a window manager."),
            ),
            Source(
                "camera",
                REASON_CAMERA,
                lambda: bool(processes_holding(camera_glob, proc_root, own_pid)),
            ),
            Source(
                "microphone",
                REASON_MICROPHONE,
                lambda: pulse_capture_streams(run) > 0,
                N_("Needs pactl (PulseAudio or PipeWire's pipewire-pulse)."),
            ),
            Source(
                "desktop",
                REASON_DESKTOP,
                desktop,
                N_("Read from the notification server or GNOME settings."),
            ),
        ]

    def _check(self, source: Source) -> bool | str:
        """True/False, or the reason the source could not be read."""
        try:
            return bool(source.check())
        except Unreadable as exc:
            return str(exc) or _("unreadable")
        except Exception as exc:  # OS and third-party boundaries: never let one break the rest
            return f"{type(exc).__name__}: {exc}"

    def active_reasons(self, settings: Dnd) -> tuple[str, ...]:
        """The user-facing reasons active right now, for the sources ``settings`` enables."""
        reasons: list[str] = []
        for source in self.sources:
            if not getattr(settings, source.setting, False):
                continue
            result = self._check(source)
            if isinstance(result, str):
                if self._last_problem.get(source.setting) != result:
                    log.info("do-not-disturb: %s not readable: %s", source.setting, result)
                    self._last_problem[source.setting] = result
                continue
            self._last_problem.pop(source.setting, None)
            if result:
                reasons.append(source.reason)
        return tuple(reasons)

    def capabilities(self) -> list[Capability]:
        """Which sources can be read here, and why not."""
        caps: list[Capability] = []
        for source in self.sources:
            result = self._check(source)
            name = f"dnd.{source.setting}"
            if isinstance(result, str):
                caps.append(Capability(name, False, result, _(source.hint) if source.hint else ""))
            elif result:
                text = _("readable ({reason})").format(reason=_(source.reason))
                caps.append(Capability(name, True, text))
            else:
                caps.append(Capability(name, True, _("readable (not active now)")))
        return caps


class NullDndProbe:
    """Never holds a break; says nothing can be read."""

    def __init__(self, reason: str | None = None) -> None:
        self.reason = _("do-not-disturb detection is off") if reason is None else reason

    def active_reasons(self, settings: Dnd) -> tuple[str, ...]:
        """No reasons."""
        return ()

    def capabilities(self) -> list[Capability]:
        """Every source unavailable, with the reason."""
        return [
            Capability(f"dnd.{s}", False, self.reason)
            for s in ("fullscreen", "camera", "microphone", "desktop")
        ]
