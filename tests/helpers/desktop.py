"""A throw-away headless desktop for tests: Xvfb, a private session D-Bus, dunst, trayer, openbox.

Python twin of ``tools/run-with-desktop.sh``. Everything is started as a child process, kept by
PID and killed on exit (also when the test fails). Use the pytest fixtures ``desktop`` and
``desktop_with_wm`` (registered suite-wide through ``pytest_plugins``), or the context manager::

    with start_desktop(tmp_path) as desk:
        desk.run("dunstctl", "count", "displayed")
        rec = desk.notify_monitor()
        ...
        call = rec.wait_for(lambda c: c["summary"] == "Time to stretch")
        desk.invoke_action(call["id"], "start")

Decisions worth knowing:

- The private bus has no service directories, hence no D-Bus activation: when dunst is stopped,
  nobody owns org.freedesktop.Notifications (Debian's dunst would otherwise be auto-started).
- ``notify=False`` still starts the private bus (so "no notification server on the bus" can be
  tested) but no dunst. ``Desktop.env()`` always points at the private bus, never the user's.
- The recorder runs ``dbus-monitor --binary`` and parses the raw messages with jeepney, so values
  keep their D-Bus types (``replaces_id`` is an int, hints are ``(signature, value)`` pairs as
  jeepney gives them) and multi-line bodies survive.
- ``invoke_action`` makes dunst itself emit ``ActionInvoked`` (from the server's own bus name, as
  a real click would): dunst is configured with a ``dmenu`` script that picks the line
  ``[<id>,<key>]`` and ``dunstctl context`` opens that "menu". When dunst is not running it falls
  back to broadcasting the signal with ``dbus-send`` (which comes from another sender, so a client
  that checks the sender will ignore it; the return value says which way was used).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import select
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TextIO

import pytest

from tests.helpers.shortdir import short_dir
from tests.helpers.wait import wait_until

START_TIMEOUT_S = 15.0
STOP_TIMEOUT_S = 3.0

# Tools needed per feature, with the Debian package that provides them (named in skip messages).
_BASE_TOOLS = {"Xvfb": "xvfb", "xdotool": "xdotool"}
_BUS_TOOLS = {"dbus-daemon": "dbus", "dbus-monitor": "dbus-bin", "dbus-send": "dbus-bin"}
_NOTIFY_TOOLS = {"dunst": "dunst", "dunstctl": "dunst"}
_TRAY_TOOLS = {"trayer": "trayer"}
_WM_TOOLS = {"openbox": "openbox", "xprop": "x11-utils"}

NOTIFICATIONS_NAME = "org.freedesktop.Notifications"
NOTIFICATIONS_PATH = "/org/freedesktop/Notifications"


class DesktopError(RuntimeError):
    """A part of the headless desktop did not start or a helper command failed."""


def missing_tools(*, tray: bool = True, notify: bool = True, wm: bool = False) -> list[str]:
    """Return "tool (apt package)" for every program the requested desktop needs but lacks."""
    needed = {**_BASE_TOOLS, **_BUS_TOOLS}
    if notify:
        needed |= _NOTIFY_TOOLS
    if tray:
        needed |= _TRAY_TOOLS
    if wm:
        needed |= _WM_TOOLS
    return [f"{tool} (apt {pkg})" for tool, pkg in needed.items() if shutil.which(tool) is None]


# --------------------------------------------------------------------------- processes


@dataclass
class _Proc:
    name: str
    popen: subprocess.Popen[bytes]
    log_path: Path | None


def proc_log_tails(procs: Sequence[_Proc]) -> list[str]:
    """Each started process: its name, pid, whether it still runs, and its log's tail."""
    parts = []
    for proc in procs:
        state = proc.popen.poll()
        status = "running" if state is None else f"exited {state}"
        text = ""
        if proc.log_path is not None and proc.log_path.exists():
            text = proc.log_path.read_text(errors="replace")[-3000:]
        parts.append(f"--- {proc.name} (pid {proc.popen.pid}, {status})\n{text}")
    return parts


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """Stop one child by its PID: TERM, then KILL if it lingers; always reap it."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            proc.wait(STOP_TIMEOUT_S)
    else:
        proc.wait()


def _read_line(fd: int, timeout: float) -> str:
    """Read one line from a pipe fd without blocking longer than ``timeout``."""
    deadline = time.monotonic() + timeout
    data = b""
    while b"\n" not in data:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            break
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        data += chunk
    return data.decode(errors="replace").strip()


# --------------------------------------------------------------------------- notify recorder


def _flatten_actions(raw: Sequence[str]) -> list[tuple[str, str]]:
    return [(raw[i], raw[i + 1]) for i in range(0, len(raw) - 1, 2)]


class NotifyRecorder:
    """Records ``org.freedesktop.Notifications`` traffic on the private bus via dbus-monitor.

    ``calls`` holds one dict per ``Notify`` call, in order, with the keys ``app_name``,
    ``replaces_id``, ``app_icon``, ``summary``, ``body``, ``actions`` (list of (key, label)
    pairs), ``raw_actions`` (the flat list as sent), ``hints`` (name -> (signature, value)),
    ``timeout``, ``sender`` and ``id`` (the id the server returned; None until its reply is seen
    or when the call failed), ``error`` (the error name when the call failed, else None).
    ``signals`` holds ``{"member", "sender", "destination", "args"}`` for every
    Notifications signal (``ActionInvoked``, ``NotificationClosed``, ...). ``closes`` holds the
    id of every ``CloseNotification`` call, in order.
    """

    def __init__(self, bus_address: str, log_path: Path) -> None:
        self.calls: list[dict[str, Any]] = []
        self.signals: list[dict[str, Any]] = []
        self.closes: list[int] = []
        self._pending: dict[tuple[str, int], dict[str, Any]] = {}
        self._cond = threading.Condition()
        self._ready = False
        self._log_path = log_path
        self._stderr: TextIO = log_path.open("w")
        env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=bus_address)
        self._proc: subprocess.Popen[bytes] = subprocess.Popen(
            [
                "dbus-monitor",
                "--session",
                "--binary",
                f"type='method_call',interface='{NOTIFICATIONS_NAME}'",
                f"type='signal',interface='{NOTIFICATIONS_NAME}'",
                "type='method_return'",
                "type='error'",
                # The monitor's own NameLost tells us it is in place (see _ready).
                "type='signal',interface='org.freedesktop.DBus',member='NameLost'",
            ],
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            env=env,
        )
        self._thread = threading.Thread(target=self._pump, name="notify-recorder", daemon=True)
        self._thread.start()
        with self._cond:
            if not self._cond.wait_for(lambda: self._ready, timeout=START_TIMEOUT_S):
                self.close()
                raise DesktopError(f"dbus-monitor did not start: {self._log_tail()}")

    # -- reading

    def _pump(self) -> None:
        from jeepney.low_level import Parser

        parser = Parser()
        assert self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            for msg in parser.feed(chunk):
                self._handle(msg)
        with self._cond:
            self._ready = True  # unblock a waiting constructor if the monitor died
            self._cond.notify_all()

    def _handle(self, msg: Any) -> None:
        from jeepney.low_level import HeaderFields, MessageType

        fields = msg.header.fields
        kind = msg.header.message_type
        sender = fields.get(HeaderFields.sender, "")
        with self._cond:
            if kind == MessageType.signal and fields.get(HeaderFields.member) == "NameLost":
                self._ready = True
            elif kind == MessageType.method_call and fields.get(HeaderFields.member) == "Notify":
                body = msg.body
                call: dict[str, Any] = {
                    "app_name": body[0],
                    "replaces_id": body[1],
                    "app_icon": body[2],
                    "summary": body[3],
                    "body": body[4],
                    "actions": _flatten_actions(body[5]),
                    "raw_actions": list(body[5]),
                    "hints": dict(body[6]),
                    "timeout": body[7],
                    "sender": sender,
                    "id": None,
                    "error": None,
                }
                self.calls.append(call)
                self._pending[(sender, msg.header.serial)] = call
            elif (
                kind == MessageType.method_call
                and fields.get(HeaderFields.member) == "CloseNotification"
                and msg.body
            ):
                self.closes.append(msg.body[0])
            elif kind in (MessageType.method_return, MessageType.error):
                dest = fields.get(HeaderFields.destination, "")
                key = (dest, fields.get(HeaderFields.reply_serial))
                call_ = self._pending.pop(key, None)
                if call_ is not None:
                    if kind == MessageType.method_return and msg.body:
                        call_["id"] = msg.body[0]
                    else:
                        call_["error"] = fields.get(HeaderFields.error_name, "error")
            elif kind == MessageType.signal and fields.get(HeaderFields.interface) == (
                NOTIFICATIONS_NAME
            ):
                self.signals.append(
                    {
                        "member": fields.get(HeaderFields.member),
                        "sender": sender,
                        "destination": fields.get(HeaderFields.destination),
                        "args": tuple(msg.body),
                    }
                )
            self._cond.notify_all()

    # -- waiting

    def wait_for(
        self, predicate: Callable[[dict[str, Any]], bool] = lambda _c: True, timeout: float = 10.0
    ) -> dict[str, Any]:
        """Return the first recorded Notify call matching ``predicate`` whose reply has arrived.

        Raises:
            AssertionError: nothing matched within ``timeout`` seconds (lists what was seen).
        """

        def find() -> dict[str, Any] | None:
            for c in self.calls:
                settled = c["id"] is not None or c["error"] is not None
                if settled and predicate(c):
                    return c
            return None

        with self._cond:
            found = self._cond.wait_for(find, timeout=timeout)
            if found is None:
                raise AssertionError(
                    f"no matching Notify call within {timeout} s; seen: {self.calls!r}"
                )
            return found

    def wait_for_signal(
        self,
        member: str,
        predicate: Callable[[tuple[Any, ...]], bool] = lambda _a: True,
        timeout: float = 10.0,
    ) -> dict[str, Any]:
        """Return the first recorded Notifications signal ``member`` whose args match."""

        def find() -> dict[str, Any] | None:
            for s in self.signals:
                if s["member"] == member and predicate(s["args"]):
                    return s
            return None

        with self._cond:
            found = self._cond.wait_for(find, timeout=timeout)
            if found is None:
                raise AssertionError(
                    f"no {member} signal within {timeout} s; seen: {self.signals!r}"
                )
            return found

    def wait_for_close(self, notification_id: int, timeout: float = 10.0) -> None:
        """Wait until a ``CloseNotification`` call for ``notification_id`` is seen."""
        with self._cond:
            if not self._cond.wait_for(lambda: notification_id in self.closes, timeout=timeout):
                raise AssertionError(
                    f"no CloseNotification({notification_id}) within {timeout} s; "
                    f"closes seen: {self.closes!r}"
                )

    # -- lifetime

    def _log_tail(self) -> str:
        try:
            return self._log_path.read_text(errors="replace")[-2000:]
        except OSError:
            return ""

    def close(self) -> None:
        """Stop dbus-monitor (idempotent)."""
        _kill(self._proc)
        if self._proc.stdout is not None:
            self._proc.stdout.close()
        self._thread.join(STOP_TIMEOUT_S)
        self._stderr.close()

    def __enter__(self) -> NotifyRecorder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --------------------------------------------------------------------------- the desktop

# A dmenu stand-in for dunst's context menu: choose the line ending in "[<id>,<key>]" named in
# the choice file (dunst formats action lines as "#Label (Summary) [id,key]").
_DMENU_SCRIPT = """#!/bin/sh
choice=$(cat "{choice}" 2>/dev/null)
input=$(cat)
printf '%s\\n' "$input" >> "{seen}"
[ -n "$choice" ] && printf '%s\\n' "$input" | grep -F -m1 -- "$choice"
exit 0
"""

# As Debian's /etc/xdg/dunst/dunstrc: markup on (so dunst advertises "body-markup").
_DUNSTRC = """[global]
dmenu = {dmenu}
markup = full
format = "<b>%s</b>\\n%b"
"""

# The session bus without the system's service directories: no D-Bus activation, so a stopped
# dunst stays stopped (Debian's dunst ships an activation file) and nothing else starts behind
# the test's back.
_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def write_bus_config(folder: Path) -> Path:
    """Write the private bus's configuration (no service directories, so no activation) into
    ``folder`` and return its path, for ``dbus-daemon --config-file=...``."""
    config = folder / "dbus-session.conf"
    config.write_text(_BUS_CONFIG)
    return config


class Stoppable(Protocol):
    def stop(self) -> None: ...


def stopped_at_exit() -> set[Any]:
    """A set for the sessions a helper module starts: each one still in it when Python exits
    (a test that failed before its ``stop()``) is stopped then, so no desktop outlives the run.
    Sessions add themselves when started and discard themselves in ``stop()``."""
    live: set[Stoppable] = set()

    def stop_leftovers() -> None:
        for session in list(live):
            session.stop()

    atexit.register(stop_leftovers)
    return live


_LIVE: set[Desktop] = stopped_at_exit()


@dataclass(eq=False)
class Desktop:
    """A running headless desktop. Build it with :func:`start_desktop`."""

    tmp: Path
    screen: str = "1280x800x24"
    display: str = ""
    bus_address: str = ""
    runtime_dir: Path = field(default_factory=Path)
    _procs: list[_Proc] = field(default_factory=list, repr=False)
    _dunst: _Proc | None = field(default=None, repr=False)
    _recorders: list[NotifyRecorder] = field(default_factory=list, repr=False)

    # -- environment

    def env(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """Environment for a subprocess on this desktop.

        Args:
            base: starting variables (default: a copy of ``os.environ``); DISPLAY,
                DBUS_SESSION_BUS_ADDRESS, XDG_RUNTIME_DIR and QT_QPA_PLATFORM=xcb override it.
        """
        result = dict(os.environ if base is None else base)
        result.update(
            DISPLAY=self.display,
            DBUS_SESSION_BUS_ADDRESS=self.bus_address,
            XDG_RUNTIME_DIR=str(self.runtime_dir),
            QT_QPA_PLATFORM="xcb",
        )
        return result

    def apply(self, monkeypatch: pytest.MonkeyPatch, *, qt_platform: bool = False) -> None:
        """Point this test process at the desktop (DISPLAY, bus; Qt platform only if asked).

        Only code that reads the environment later (e.g. jeepney opening the session bus) is
        affected; a QApplication that already exists stays on its platform.
        """
        monkeypatch.setenv("DISPLAY", self.display)
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", self.bus_address)
        if qt_platform:
            monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")

    # -- starting parts

    def _spawn(
        self,
        name: str,
        argv: Sequence[str],
        *,
        pass_fds: Sequence[int] = (),
        stdout: int | None = None,
    ) -> _Proc:
        log_path = self.tmp / f"{name}.log"
        with log_path.open("ab") as log:
            popen = subprocess.Popen(
                list(argv),
                stdin=subprocess.DEVNULL,
                stdout=log if stdout is None else stdout,
                stderr=log,
                env=self.env() if self.display else dict(os.environ),
                pass_fds=tuple(pass_fds),
            )
        proc = _Proc(name, popen, log_path)
        self._procs.append(proc)
        return proc

    def _fail(self, what: str) -> DesktopError:
        return DesktopError(f"{what}\n{self.log_text()}")

    def _start_xvfb(self) -> None:
        read_fd, write_fd = os.pipe()
        try:
            self._spawn(
                "xvfb",
                [
                    "Xvfb",
                    "-displayfd",
                    str(write_fd),
                    "-screen",
                    "0",
                    self.screen,
                    "-nolisten",
                    "tcp",
                    "-noreset",
                ],
                pass_fds=[write_fd],
            )
            os.close(write_fd)
            number = _read_line(read_fd, START_TIMEOUT_S)
        finally:
            os.close(read_fd)
        if not number.isdigit():
            raise self._fail("Xvfb did not report a display number")
        self.display = f":{number}"

    def _start_bus(self) -> None:
        config = write_bus_config(self.tmp)
        read_fd, write_fd = os.pipe()
        try:
            self._spawn(
                "dbus",
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
            raise self._fail("dbus-daemon did not print its address")
        self.bus_address = address

    def name_has_owner(self, name: str = NOTIFICATIONS_NAME) -> bool:
        """Whether ``name`` is owned on the private bus right now."""
        from jeepney import DBusAddress, new_method_call
        from jeepney.io.blocking import open_dbus_connection

        bus = DBusAddress("/org/freedesktop/DBus", "org.freedesktop.DBus", "org.freedesktop.DBus")
        try:
            with open_dbus_connection(self.bus_address) as conn:
                reply = conn.send_and_get_reply(
                    new_method_call(bus, "NameHasOwner", "s", (name,)), timeout=5
                )
        except (OSError, TimeoutError, ConnectionError):
            return False
        return bool(reply.body[0])

    def start_dunst(self) -> None:
        """Start dunst (again) and wait until it owns org.freedesktop.Notifications."""
        if self._dunst is not None and self._dunst.popen.poll() is None:
            return
        choice = self.tmp / "dmenu-choice"
        dmenu = self.tmp / "dmenu.sh"
        dmenu.write_text(_DMENU_SCRIPT.format(choice=choice, seen=self.tmp / "dmenu-seen.txt"))
        dmenu.chmod(0o755)
        rc = self.tmp / "dunstrc"
        rc.write_text(_DUNSTRC.format(dmenu=dmenu))
        self._dunst = self._spawn("dunst", ["dunst", "-conf", str(rc)])
        wait_until(
            self.name_has_owner,
            START_TIMEOUT_S,
            what="dunst to take org.freedesktop.Notifications",
            error=self._fail,
        )

    def stop_dunst(self) -> None:
        """Stop dunst and wait until the notifications name has no owner on the bus."""
        if self._dunst is not None:
            _kill(self._dunst.popen)
            self._procs.remove(self._dunst)
            self._procs.append(self._dunst)  # keep its log listed, after live processes
            self._dunst = None
        wait_until(
            lambda: not self.name_has_owner(),
            START_TIMEOUT_S,
            what="org.freedesktop.Notifications to have no owner after dunst stopped",
            error=self._fail,
        )

    @property
    def dunst_running(self) -> bool:
        """Whether the dunst this desktop started is alive."""
        return self._dunst is not None and self._dunst.popen.poll() is None

    def _start_trayer(self) -> None:
        self._spawn(
            "trayer",
            [
                "trayer",
                "--edge",
                "top",
                "--align",
                "right",
                "--widthtype",
                "pixel",
                "--width",
                "200",
                "--height",
                "32",
                "--SetDockType",
                "true",
                "--transparent",
                "false",
            ],
        )
        wait_until(
            self._tray_ids, START_TIMEOUT_S, what="trayer to map its window", error=self._fail
        )

    def _start_openbox(self) -> None:
        self._spawn("openbox", ["openbox", "--sm-disable"])

        def wm_ready() -> bool:
            found = self.run("xprop", "-root", "_NET_SUPPORTING_WM_CHECK", check=False)
            return "window id" in found

        wait_until(
            wm_ready,
            START_TIMEOUT_S,
            what="openbox to set _NET_SUPPORTING_WM_CHECK",
            error=self._fail,
        )

    # -- helpers for tests

    def run(self, *argv: str, check: bool = True, timeout: float = 30) -> str:
        """Run a program on this desktop (its display and bus) and return its stdout.

        With ``check`` a non-zero exit raises :class:`DesktopError` with the program's stderr.
        """
        done = subprocess.run(
            list(argv), env=self.env(), capture_output=True, text=True, check=False, timeout=timeout
        )
        if check and done.returncode != 0:
            raise DesktopError(f"{' '.join(argv)} exited {done.returncode}: {done.stderr.strip()}")
        return done.stdout

    def xdotool(self, *args: str) -> str:
        """Run xdotool on this display and return its stdout.

        Raises on a non-zero exit, except for a ``search`` that found nothing (xdotool exits 1
        then): that returns "" so that tests can poll for a window.
        """
        done = subprocess.run(
            ["xdotool", *args],
            env=self.env(),
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
        if args and args[0] == "search" and done.returncode == 1 and not done.stdout.strip():
            return ""
        if done.returncode != 0:
            raise DesktopError(
                f"xdotool {' '.join(args)} exited {done.returncode}: {done.stderr.strip()}"
            )
        return done.stdout

    def _tray_ids(self) -> list[int]:
        # trayer's panel is WM_CLASS ("panel", "trayer"); its other windows stay unmapped.
        found = self.run(
            "xdotool", "search", "--onlyvisible", "--classname", "^panel$", check=False
        )
        return [int(w) for w in found.split()]

    def tray_window_id(self) -> int:
        """X window id of trayer's (visible) panel window."""
        ids = self._tray_ids()
        if not ids:
            raise DesktopError("no trayer window on this desktop")
        return ids[0]

    def notify_monitor(self) -> NotifyRecorder:
        """Start recording Notifications traffic; stopped with the desktop if not closed first."""
        log_path = self.tmp / f"dbus-monitor-{len(self._recorders)}.log"
        rec = NotifyRecorder(self.bus_address, log_path)
        self._recorders.append(rec)
        return rec

    def invoke_action(self, notification_id: int, action_key: str, timeout: float = 10.0) -> str:
        """Make the server report that the user chose ``action_key`` on a notification.

        Returns:
            "dunst" when dunst emitted ``ActionInvoked`` itself (via its context menu), or
            "dbus-send" when dunst is not running and the signal was broadcast by dbus-send.
        """
        if self.dunst_running:
            seen = self.tmp / "dmenu-seen.txt"
            before = seen.stat().st_size if seen.exists() else 0
            (self.tmp / "dmenu-choice").write_text(f"[{notification_id},{action_key}]")
            self.run("dunstctl", "context")
            wait_until(
                lambda: seen.exists() and seen.stat().st_size > before,
                timeout,
                what="dunst to open its context menu",
                error=self._fail,
            )
            menu = seen.read_text()[before:]
            if f"[{notification_id},{action_key}]" not in menu:
                raise DesktopError(
                    f"dunst shows no action {action_key!r} for notification {notification_id}; "
                    f"its menu was:\n{menu}"
                )
            return "dunst"
        self.run(
            "dbus-send",
            "--session",
            "--type=signal",
            NOTIFICATIONS_PATH,
            f"{NOTIFICATIONS_NAME}.ActionInvoked",
            f"uint32:{notification_id}",
            f"string:{action_key}",
        )
        return "dbus-send"

    def log_text(self) -> str:
        """Every part's log (tail), for failure messages."""
        parts = [f"desktop display={self.display} bus={self.bus_address}"]
        return "\n".join(parts + proc_log_tails(self._procs))

    # -- lifetime

    def stop(self) -> None:
        """Kill everything this desktop started, newest first (idempotent)."""
        for rec in self._recorders:
            rec.close()
        self._recorders.clear()
        for proc in reversed(self._procs):
            _kill(proc.popen)
        self._dunst = None
        _LIVE.discard(self)


@contextlib.contextmanager
def start_desktop(
    tmp: Path,
    *,
    tray: bool = True,
    notify: bool = True,
    wm: bool = False,
    screen: str = "1280x800x24",
) -> Iterator[Desktop]:
    """Start a headless desktop whose logs go to ``tmp``; stop it on leaving the block.

    Args:
        tmp: directory for logs and config files (created if missing).
        tray: start trayer (an XEmbed system tray host).
        notify: start dunst (the private bus is started in any case).
        wm: start ``openbox --sm-disable`` (for EWMH active window / fullscreen state).
        screen: Xvfb screen geometry and depth.

    Raises:
        DesktopError: a part did not start; the message carries every log.
    """
    tmp.mkdir(parents=True, exist_ok=True)
    missing = missing_tools(tray=tray, notify=notify, wm=wm)
    if missing:
        raise DesktopError("missing: " + ", ".join(missing))
    # Sockets under XDG_RUNTIME_DIR must fit in sun_path (108 bytes): a short path if need be.
    with contextlib.ExitStack() as stack:
        runtime = stack.enter_context(short_dir(tmp / "runtime", prefix="ds-desk-"))
        desk = Desktop(tmp=tmp, screen=screen, runtime_dir=runtime)
        _LIVE.add(desk)
        stack.callback(desk.stop)
        desk._start_xvfb()
        desk._start_bus()
        if notify:
            desk.start_dunst()
        if tray:
            desk._start_trayer()
        if wm:
            desk._start_openbox()
        yield desk


# --------------------------------------------------------------------------- pytest fixtures


def _desktop_required() -> bool:
    return bool(os.environ.get("CI")) or os.environ.get("DESKSTRETCH_REQUIRE_DESKTOP") == "1"


def _skip_or_fail(what: str, missing: list[str]) -> None:
    """Skip the calling test for ``missing`` tools; fail it instead under CI.

    A skip must not hide a missing install in CI: with ``CI`` set or
    ``DESKSTRETCH_REQUIRE_DESKTOP=1`` a missing tool fails the test.
    """
    if not missing:
        return
    why = f"{what} missing: " + ", ".join(missing)
    if _desktop_required():
        pytest.fail(why + " (CI or DESKSTRETCH_REQUIRE_DESKTOP=1 is set, so this is an error)")
    pytest.skip(why + " (install them with tools/setup-desktop-test-env.sh)")


def require_programs(programs: dict[str, str]) -> None:
    """Skip when a program (name -> apt package) is missing; fail instead under CI."""
    missing = [f"{tool} (apt {pkg})" for tool, pkg in programs.items() if not shutil.which(tool)]
    _skip_or_fail("programs", missing)


def require_system_python_module(
    module: str, package: str, python: str = "/usr/bin/python3"
) -> None:
    """Skip when Debian's ``python`` cannot import ``module`` (apt ``package``); fail under CI."""
    found = (
        shutil.which(python) is not None
        and (
            subprocess.run([python, "-c", f"import {module}"], capture_output=True, check=False)
        ).returncode
        == 0
    )
    _skip_or_fail("system Python modules", [] if found else [f"{module} (apt {package})"])


def require_desktop_tools(*, tray: bool = True, notify: bool = True, wm: bool = False) -> None:
    """Skip the calling test when desktop tools are missing; fail instead under CI."""
    _skip_or_fail("headless desktop tools", missing_tools(tray=tray, notify=notify, wm=wm))


def _open(tmp_path: Path, *, wm: bool) -> contextlib.AbstractContextManager[Desktop]:
    require_desktop_tools(wm=wm)
    return start_desktop(tmp_path / "desktop", wm=wm)


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[Desktop]:
    """Xvfb + private session bus + dunst + trayer, stopped after the test."""
    with _open(tmp_path, wm=False) as desk:
        yield desk


@pytest.fixture
def desktop_with_wm(tmp_path: Path) -> Iterator[Desktop]:
    """As ``desktop``, plus the openbox window manager (EWMH active window, fullscreen state)."""
    with _open(tmp_path, wm=True) as desk:
        yield desk
