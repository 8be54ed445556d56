"""A throw-away GNOME Shell for tests: gnome-shell 43 headless on Wayland, with a virtual monitor.

Everything runs on private buses and is stopped by PID at the end (also when a test fails)::

    with start_gnome(tmp_path) as gnome:
        proc = subprocess.Popen([...], env=gnome.env())
        gnome.screenshot(tmp_path / "shot.png")
        gnome.type_keys("hello")
        gnome.windows()  # titles, focus and sizes, from org.gnome.Shell.Introspect

What it takes, found by trying on Debian 12 (gnome-shell 43.9, mutter 43.8):

- gnome-shell refuses to run as root, and CI runs as root: it runs in a user namespace
  (``unshare --user --map-user=1000 --map-group=1000``), where uid 1000 inside is root
  outside, so the files it writes stay readable by the test.
- A system bus: without one gnome-shell exits with a LoginManager error. A private, empty
  ``dbus-daemon --system`` (generated config, nothing on it) is enough.
- The session bus is private and has no service directories (no D-Bus activation), so the
  notification service, a gjs helper that D-Bus would start, is started here instead: it owns
  ``org.freedesktop.Notifications`` and hands the notices to the shell.
- GSettings use GLib's keyfile backend in the shell's own config folder: no dconf service is
  needed, and the hot corner and animations are off (moving the pointer to 0,0 would open the
  overview), and so is key repeat (a key's release that comes late on a loaded machine would
  otherwise type its character again). The shell starts in the overview: it is closed
  through ``OverviewActive``.
- ``--no-x11``: no Xwayland (the app is a Wayland client here).
- Screenshots through ``org.gnome.Shell.Screenshot`` and the window list through
  ``org.gnome.Shell.Introspect`` answer allow-listed callers only: the helper's connection
  owns ``org.gnome.Screenshot`` and ``org.freedesktop.impl.portal.desktop.gnome``.
- Keys and the pointer go in through a ``org.gnome.Mutter.RemoteDesktop`` session on that
  same connection (Mutter ends the session when the connection closes). The first key of a
  session is dropped, so a throw-away Shift goes first. The pointer is moved relatively (an
  absolute move needs a screen-cast stream, which needs PipeWire).
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.desktop import (
    NOTIFICATIONS_NAME,
    STOP_TIMEOUT_S,
    NotifyRecorder,
    _kill,
    _Proc,
    _read_line,
    _skip_or_fail,
    proc_log_tails,
    stopped_at_exit,
    write_bus_config,
)
from tests.helpers.shortdir import short_dir
from tests.helpers.wait import wait_until

START_TIMEOUT_S = 60.0  # gnome-shell takes ~3 s on an idle machine; much longer under load
CALL_TIMEOUT_S = 10.0
SCREEN = "1280x800"
NAMESPACE = ["unshare", "--user", "--map-user=1000", "--map-group=1000"]
NOTIFICATIONS_HELPER = Path("/usr/share/gnome-shell/org.gnome.Shell.Notifications")
SCHEMA = Path("/usr/share/glib-2.0/schemas/org.gnome.desktop.interface.gschema.xml")

# Program -> Debian package, for skip messages (and CI failures).
_TOOLS = {
    "gnome-shell": "gnome-shell",
    "gjs": "gjs",
    "dbus-daemon": "dbus-daemon",
    "dbus-monitor": "dbus-bin",
    "unshare": "util-linux",
}

SHELL = ("org.gnome.Shell", "/org/gnome/Shell", "org.gnome.Shell")
SCREENSHOT = ("org.gnome.Shell.Screenshot", "/org/gnome/Shell/Screenshot", SHELL[0] + ".Screenshot")
INTROSPECT = ("org.gnome.Shell.Introspect", "/org/gnome/Shell/Introspect", SHELL[0] + ".Introspect")
REMOTE = (
    "org.gnome.Mutter.RemoteDesktop",
    "/org/gnome/Mutter/RemoteDesktop",
    "org.gnome.Mutter.RemoteDesktop",
)
IDLE_MONITOR = "org.gnome.Mutter.IdleMonitor"
# Callers these services answer (gnome-shell's allow-lists).
ALLOWED_NAMES = ("org.gnome.Screenshot", "org.freedesktop.impl.portal.desktop.gnome")

# Keysyms for keys that are not characters.
KEYSYMS = {
    "Shift": 0xFFE1,
    "Return": 0xFF0D,
    "Escape": 0xFF1B,
    "Tab": 0xFF09,
    "space": 0x20,
    "BackSpace": 0xFF08,
}
BTN_LEFT = 0x110  # linux/input-event-codes.h

_SYSTEM_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC
 "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""

# GLib's keyfile GSettings backend reads this (no dconf service on a private bus).
_GSETTINGS = """[org/gnome/desktop/interface]
enable-hot-corners=false
enable-animations=false

[org/gnome/desktop/peripherals/keyboard]
repeat=false

[org/gnome/desktop/session]
idle-delay=uint32 0

[org/gnome/desktop/screensaver]
lock-enabled=false
"""


class GnomeError(RuntimeError):
    """A part of the headless GNOME session did not start, or a call to it failed."""


@functools.cache
def user_namespace_problem() -> str:
    """Why gnome-shell cannot be run in a user namespace here ("" when it can).

    Containers may forbid user namespaces (a seccomp or AppArmor policy); unshare then says
    "Operation not permitted".
    """
    if shutil.which("unshare") is None:
        return "no unshare"
    done = subprocess.run(
        [*NAMESPACE, "true"], capture_output=True, text=True, check=False, timeout=30
    )
    return "" if done.returncode == 0 else done.stderr.strip() or f"exit {done.returncode}"


def missing_gnome_tools() -> list[str]:
    """Return "tool (apt package)" for every program or file the GNOME session lacks (and
    the user namespace it runs in, when this machine does not allow one)."""
    missing = [f"{tool} (apt {pkg})" for tool, pkg in _TOOLS.items() if not shutil.which(tool)]
    if not NOTIFICATIONS_HELPER.exists():
        missing.append(f"{NOTIFICATIONS_HELPER} (apt gnome-shell)")
    if not SCHEMA.exists():
        missing.append(f"{SCHEMA.name} (apt gsettings-desktop-schemas)")
    if not missing and (problem := user_namespace_problem()):
        missing.append(f"a user namespace for gnome-shell ({' '.join(NAMESPACE)}: {problem})")
    return missing


def require_gnome() -> None:
    """Skip the calling test without gnome-shell and its helpers; fail instead under CI."""
    _skip_or_fail("GNOME Shell", missing_gnome_tools())


# --------------------------------------------------------------------------- the session


_LIVE: set[GnomeShell] = stopped_at_exit()


@dataclass(eq=False)
class GnomeShell:
    """A running headless gnome-shell. Build it with :func:`start_gnome`."""

    tmp: Path
    runtime_dir: Path
    screen: str = SCREEN
    bus_address: str = ""
    system_bus_address: str = ""
    wayland_display: str = "wayland-0"
    _procs: list[_Proc] = field(default_factory=list, repr=False)
    _conn: Any = field(default=None, repr=False)
    _session: str = field(default="", repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _recorders: list[NotifyRecorder] = field(default_factory=list, repr=False)

    # -- environment

    def env(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """Environment for a Wayland client of this shell (a copy of ``base`` or os.environ).

        Sets WAYLAND_DISPLAY (the socket's full path, so the client can keep its own
        XDG_RUNTIME_DIR; the shell's is set when there is none), QT_QPA_PLATFORM=wayland,
        XDG_CURRENT_DESKTOP=GNOME, XDG_SESSION_TYPE=wayland and DBUS_SESSION_BUS_ADDRESS;
        drops DISPLAY.
        """
        result = dict(os.environ if base is None else base)
        result.pop("DISPLAY", None)
        result.update(
            # An absolute path: the client finds the socket whatever its XDG_RUNTIME_DIR.
            WAYLAND_DISPLAY=str(self.runtime_dir / self.wayland_display),
            QT_QPA_PLATFORM="wayland",
            XDG_CURRENT_DESKTOP="GNOME",
            XDG_SESSION_TYPE="wayland",
            DBUS_SESSION_BUS_ADDRESS=self.bus_address,
        )
        # Wayland clients want one (GTK pieces that Qt loads exit without it).
        result.setdefault("XDG_RUNTIME_DIR", str(self.runtime_dir))
        return result

    def _shell_env(self) -> dict[str, str]:
        """The environment gnome-shell and its helper run with (nothing from the test's)."""
        home = self.tmp / "home"
        dirs = {name: home / sub for name, sub in _XDG_HOMES.items()}
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
            **{name: str(path) for name, path in dirs.items()},
            "XDG_RUNTIME_DIR": str(self.runtime_dir),
            "XDG_SESSION_TYPE": "wayland",
            "XDG_CURRENT_DESKTOP": "GNOME",
            "GSETTINGS_BACKEND": "keyfile",
            "LANG": "C.UTF-8",
            "DBUS_SESSION_BUS_ADDRESS": self.bus_address,
            "DBUS_SYSTEM_BUS_ADDRESS": self.system_bus_address,
            "WAYLAND_DISPLAY": self.wayland_display,
        }

    # -- starting parts

    def _spawn(
        self,
        name: str,
        argv: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        stdout: int | None = None,
    ) -> _Proc:
        log_path = self.tmp / f"{name}.log"
        with log_path.open("ab") as log:
            popen = subprocess.Popen(
                list(argv),
                stdin=subprocess.DEVNULL,
                stdout=log if stdout is None else stdout,
                stderr=log,
                env=dict(os.environ if env is None else env),
                cwd=self.tmp,
            )
        proc = _Proc(name, popen, log_path)
        self._procs.append(proc)
        return proc

    def _fail(self, what: str) -> GnomeError:
        return GnomeError(f"{what}\n{self.log_text()}")

    def _start_bus(self, name: str, config: Path) -> str:
        read_fd, write_fd = os.pipe()
        try:
            self._spawn(
                name,
                [
                    "dbus-daemon",
                    f"--config-file={config}",
                    "--nofork",
                    "--nopidfile",
                    "--print-address=1",
                ],
                stdout=write_fd,
            )
            os.close(write_fd)
            address = _read_line(read_fd, START_TIMEOUT_S)
        finally:
            os.close(read_fd)
        if not address.startswith("unix:"):
            raise self._fail(f"{name}: dbus-daemon did not print its address")
        return address

    def _start_buses(self) -> None:
        system_config = self.tmp / "dbus-system.conf"
        system_config.write_text(_SYSTEM_BUS_CONFIG)
        self.system_bus_address = self._start_bus("dbus-system", system_config)
        self.bus_address = self._start_bus("dbus-session", write_bus_config(self.tmp))

    def _write_settings(self) -> None:
        home = self.tmp / "home"
        for sub in _XDG_HOMES.values():
            (home / sub).mkdir(parents=True, exist_ok=True)
        keyfile = home / _XDG_HOMES["XDG_CONFIG_HOME"] / "glib-2.0" / "settings" / "keyfile"
        keyfile.parent.mkdir(parents=True, exist_ok=True)
        keyfile.write_text(_GSETTINGS)

    def _start_shell(self) -> None:
        width, height = self.screen.split("x")
        shell = self._spawn(
            "gnome-shell",
            [
                *NAMESPACE,
                "gnome-shell",
                "--headless",
                "--wayland",
                "--no-x11",
                "--wayland-display",
                self.wayland_display,
                "--virtual-monitor",
                f"{width}x{height}",
            ],
            env=self._shell_env(),
        )
        socket = self.runtime_dir / self.wayland_display

        def up() -> bool:
            if shell.popen.poll() is not None:
                raise self._fail(f"gnome-shell exited ({shell.popen.returncode})")
            return (
                socket.exists()
                and self.name_has_owner(SHELL[0])
                and self.name_has_owner(IDLE_MONITOR)
                and self.name_has_owner(REMOTE[0])
            )

        wait_until(up, START_TIMEOUT_S, what="gnome-shell to start", error=self._fail)

    def _start_notifications(self) -> None:
        self._spawn(
            "gnome-shell-notifications",
            [*NAMESPACE, "gjs", str(NOTIFICATIONS_HELPER)],
            env=self._shell_env(),
        )
        wait_until(
            lambda: self.name_has_owner(NOTIFICATIONS_NAME),
            START_TIMEOUT_S,
            what="gnome-shell's notification service (gjs) to own " + NOTIFICATIONS_NAME,
            error=self._fail,
        )

    # -- the test's own connection: allow-listed names and the remote-desktop session

    def _connect(self) -> None:
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection

        conn = open_dbus_connection(self.bus_address)
        self._conn = conn
        for name in ALLOWED_NAMES:
            reply = conn.send_and_get_reply(message_bus.RequestName(name), timeout=CALL_TIMEOUT_S)
            if reply.body != (1,):  # 1: primary owner
                raise self._fail(f"could not own {name}: {reply.body!r}")
        (session,) = self.call(*REMOTE, "CreateSession")
        self._session = str(session)
        self._session_call("Start")
        # The first key of a session is dropped: one that does nothing.
        self.press("Shift")
        self.set_overview(False)

    def call(
        self,
        destination: str,
        path: str,
        interface: str,
        method: str,
        signature: str = "",
        body: tuple[Any, ...] = (),
    ) -> tuple[Any, ...]:
        """Call a method on the session bus from the test's connection; return the reply body.

        Raises:
            GnomeError: an error reply.
        """
        from deskstretch.platform.bus import BusError, call

        try:
            with self._lock:
                reply, _sender = call(
                    self._conn,
                    destination,
                    path,
                    interface,
                    method,
                    signature,
                    body,
                    timeout=CALL_TIMEOUT_S,
                )
        except BusError as exc:
            raise GnomeError(f"{interface}.{method}: {exc}") from exc
        return reply

    def _session_call(self, method: str, signature: str = "", body: tuple[Any, ...] = ()) -> None:
        self.call(REMOTE[0], self._session, REMOTE[2] + ".Session", method, signature, body)

    def name_has_owner(self, name: str) -> bool:
        """Whether ``name`` is owned on the private session bus right now."""
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection

        try:
            with open_dbus_connection(self.bus_address) as conn:
                reply = conn.send_and_get_reply(message_bus.NameHasOwner(name), timeout=5)
        except (OSError, TimeoutError, ConnectionError):
            return False
        return bool(reply.body[0])

    # -- what a test does with it

    def overview_shown(self) -> bool:
        """Whether the Activities overview is open."""
        from jeepney import DBusAddress, Properties

        props = Properties(DBusAddress(SHELL[1], bus_name=SHELL[0], interface=SHELL[2]))
        with self._lock:
            reply = self._conn.send_and_get_reply(
                props.get("OverviewActive"), timeout=CALL_TIMEOUT_S
            )
        return bool(reply.body[0][1])

    def set_overview(self, shown: bool) -> None:
        """Open or close the Activities overview (the shell starts with it open)."""
        from jeepney import DBusAddress, Properties

        props = Properties(DBusAddress(SHELL[1], bus_name=SHELL[0], interface=SHELL[2]))
        with self._lock:
            self._conn.send_and_get_reply(
                props.set("OverviewActive", "b", shown), timeout=CALL_TIMEOUT_S
            )
        wait_until(
            self.overview_shown,
            START_TIMEOUT_S,
            what=f"the overview shown={shown}",
            until=lambda now: now is shown,
            error=self._fail,
        )

    def screenshot(self, path: Path) -> Path:
        """Save a PNG of the whole screen (through org.gnome.Shell.Screenshot)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        ok, used = self.call(*SCREENSHOT, "Screenshot", "bbs", (False, False, str(path)))
        if not ok:
            raise GnomeError(f"screenshot to {path} failed")
        return Path(used)

    def screenshot_window(self, path: Path) -> Path:
        """Save a PNG of the focused window alone, with its decorations (no banners over it)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        ok, used = self.call(
            *SCREENSHOT, "ScreenshotWindow", "bbbs", (True, False, False, str(path))
        )
        if not ok:
            raise GnomeError(f"window screenshot to {path} failed")
        return Path(used)

    def windows(self) -> list[dict[str, Any]]:
        """The shell's windows: dicts with title, app-id, has-focus, is-hidden, width, height."""
        (found,) = self.call(*INTROSPECT, "GetWindows")
        result = []
        for window_id, props in found.items():
            entry = {key: value for key, (_sig, value) in props.items()}
            entry["id"] = window_id
            result.append(entry)
        return result

    def windows_titled(self, text: str) -> list[dict[str, Any]]:
        """Shown windows whose title contains ``text`` (case-insensitive)."""
        return [
            w
            for w in self.windows()
            if text.lower() in str(w.get("title", "")).lower() and not w.get("is-hidden")
        ]

    def key(self, name: str, pressed: bool) -> None:
        """Press or release one key, by keysym name (see KEYSYMS) or a character."""
        keysym = KEYSYMS[name] if name in KEYSYMS else ord(name)
        self._session_call("NotifyKeyboardKeysym", "ub", (keysym, pressed))

    def press(self, name: str) -> None:
        """Press and release one key."""
        self.key(name, True)
        self.key(name, False)

    def type_keys(self, text: str) -> None:
        """Type ``text`` character by character (ASCII)."""
        for char in text:
            self.press("space" if char == " " else char)

    def move_pointer(self, dx: float, dy: float) -> None:
        """Move the pointer by (dx, dy) pixels (it stops at the screen's edges)."""
        self._session_call("NotifyPointerMotionRelative", "dd", (float(dx), float(dy)))

    def pointer_to(self, x: int, y: int) -> None:
        """Put the pointer at (x, y): to the top-left corner first, then there."""
        width, height = (int(v) for v in self.screen.split("x"))
        self.move_pointer(-2 * width, -2 * height)
        self.move_pointer(x, y)

    def click(self, x: int, y: int) -> None:
        """Left click at (x, y)."""
        self.pointer_to(x, y)
        self._session_call("NotifyPointerButton", "ib", (BTN_LEFT, True))
        self._session_call("NotifyPointerButton", "ib", (BTN_LEFT, False))

    @contextlib.contextmanager
    def user_at_the_desk(self, every: float = 4.0) -> Iterator[None]:
        """Someone touching the keyboard (a Shift) every ``every`` seconds while in the block:
        without input the app sees nobody at the computer and (rightly) puts breaks off."""
        stop = threading.Event()

        def touch() -> None:
            while not stop.wait(every):
                self.press("Shift")

        thread = threading.Thread(target=touch, name="gnome-user", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join(CALL_TIMEOUT_S)

    def idle_ms(self) -> int:
        """Mutter's idle time in milliseconds."""
        (ms,) = self.call(
            IDLE_MONITOR, "/org/gnome/Mutter/IdleMonitor/Core", IDLE_MONITOR, "GetIdletime"
        )
        return int(ms)

    def notify_monitor(self) -> NotifyRecorder:
        """Record org.freedesktop.Notifications traffic; stopped with the session."""
        rec = NotifyRecorder(
            self.bus_address, self.tmp / f"dbus-monitor-{len(self._recorders)}.log"
        )
        self._recorders.append(rec)
        return rec

    def log_text(self) -> str:
        """Every part's log (tail), for failure messages."""
        parts = [f"gnome bus={self.bus_address} system={self.system_bus_address}"]
        return "\n".join(parts + proc_log_tails(self._procs))

    # -- lifetime

    def stop(self) -> None:
        """Stop everything this session started, newest first (idempotent)."""
        for rec in self._recorders:
            rec.close()
        self._recorders.clear()
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.close()
            self._conn = None
        for proc in reversed(self._procs):
            _kill(proc.popen)
        _LIVE.discard(self)


_XDG_HOMES = {
    "XDG_CONFIG_HOME": ".config",
    "XDG_CACHE_HOME": ".cache",
    "XDG_DATA_HOME": ".local/share",
    "XDG_STATE_HOME": ".local/state",
}


@contextlib.contextmanager
def start_gnome(tmp: Path, *, screen: str = SCREEN) -> Iterator[GnomeShell]:
    """Start a headless gnome-shell whose logs go to ``tmp``; stop it on leaving the block.

    Raises:
        GnomeError: a part did not start; the message carries every log.
    """
    tmp.mkdir(parents=True, exist_ok=True)
    missing = missing_gnome_tools()
    if missing:
        raise GnomeError("missing: " + ", ".join(missing))
    with contextlib.ExitStack() as stack:
        runtime = stack.enter_context(short_dir(tmp / "runtime", prefix="ds-gnome-"))
        gnome = GnomeShell(tmp=tmp, runtime_dir=runtime, screen=screen)
        _LIVE.add(gnome)
        stack.callback(gnome.stop)
        gnome._start_buses()
        gnome._write_settings()
        gnome._start_shell()
        gnome._start_notifications()
        gnome._connect()
        yield gnome


@pytest.fixture(scope="module")
def gnome_shell(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GnomeShell]:
    """One headless gnome-shell for a test module (it takes seconds to start)."""
    require_gnome()
    with start_gnome(tmp_path_factory.mktemp("gnome")) as gnome:
        yield gnome


__all__ = ["STOP_TIMEOUT_S", "GnomeError", "GnomeShell", "require_gnome", "start_gnome"]
