"""A throw-away headless wlroots desktop for tests: sway 1.7, waybar (the tray), mako (notices).

What a sway user has, started on a private session D-Bus and stopped again (also when the test
fails): headless sway with one 1280x800 output, waybar with only its ``tray`` module (it owns
``org.kde.StatusNotifierWatcher``, so Qt's tray icon becomes a StatusNotifierItem) and mako
(``org.freedesktop.Notifications``). Use the pytest fixture ``sway_desktop`` or::

    with start_sway(tmp_path) as sway:
        app = subprocess.Popen([...], env=sway.env())
        item = sway.tray_item()              # the SNI item (bus name, object path)
        sway.tray_menu_click("Stretch now")  # dbusmenu Event(id, "clicked")
        sway.windows()                       # swaymsg -t get_tree, the leaves

Decisions worth knowing:

- sway refuses to run as root; CI runs as root. sway runs in a user namespace
  (``unshare --user --map-user=1000 --map-group=1000``): inside it is uid 1000, outside its
  files stay root's, so the test (root) reaches its sockets. As a normal user the namespace
  maps that user, which works the same.
- sway runs in a session of its own (``start_new_session``); stopping kills that process group
  by its id (sway, swaybg). sway starts waybar and mako with setsid, so their pids are taken
  from the bus (``GetConnectionUnixProcessID`` of the names they own) and they are stopped by
  pid as well.
- ``xwayland disable``: the app must speak Wayland here, never fall back to X.
- Keys go in through ``wtype`` (a virtual keyboard); :meth:`SwayDesktop.type_keys` starts each
  call with a short pause, without which its first key is lost (see its docstring).
- The private bus has no service directories (tests/helpers/desktop.py's ``write_bus_config``):
  nothing is D-Bus activated behind the test's back.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import signal
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.desktop import (
    NOTIFICATIONS_NAME,
    START_TIMEOUT_S,
    STOP_TIMEOUT_S,
    NotifyRecorder,
    _read_line,
    _skip_or_fail,
    stopped_at_exit,
    write_bus_config,
)
from tests.helpers.shortdir import short_dir
from tests.helpers.wait import wait_until

#: Programs the sway desktop needs, with the Debian package that has each.
SWAY_TOOLS = {
    "sway": "sway",
    "swaymsg": "sway",
    "waybar": "waybar",
    "mako": "mako-notifier",
    "makoctl": "mako-notifier",
    "grim": "grim",
    "wtype": "wtype",
    "unshare": "util-linux",
    "dbus-daemon": "dbus-daemon",
    "dbus-monitor": "dbus-bin",
}

WATCHER_NAME = "org.kde.StatusNotifierWatcher"
WATCHER_PATH = "/StatusNotifierWatcher"
ITEM_INTERFACE = "org.kde.StatusNotifierItem"
MENU_INTERFACE = "com.canonical.dbusmenu"
OUTPUT_SIZE = (1280, 800)
#: wtype's pause before its first key, so that its new keymap reaches the client first.
KEYMAP_SETTLE_MS = 150
#: The uid sway runs as inside its user namespace.
NAMESPACE_UID = 1000

_SWAY_CONFIG = """\
output HEADLESS-1 resolution {width}x{height} position 0 0 bg #3b4252 solid_color
xwayland disable
default_border normal
focus_follows_mouse no
"""
_SWAY_WAYBAR = "exec waybar --config {waybar_config} --style {waybar_style}\n"
_SWAY_MAKO = "exec mako --config {mako_config}\n"

_WAYBAR_CONFIG = {
    "layer": "top",
    "position": "top",
    "height": 30,
    "modules-left": [],
    "modules-center": [],
    "modules-right": ["tray"],
    "tray": {"icon-size": 22, "spacing": 8},
}

_WAYBAR_STYLE = """\
* { font-family: sans-serif; font-size: 13px; }
window#waybar { background: #2e3440; color: #eceff4; }
#tray { padding: 0 10px; }
"""

# Notices stay until dismissed, so a test (and a screenshot) sees them.
_MAKO_CONFIG = """\
default-timeout=0
max-visible=5
"""


def missing_sway_tools() -> list[str]:
    """Return "tool (apt package)" for every program the sway desktop needs but lacks."""
    return [f"{tool} (apt {pkg})" for tool, pkg in SWAY_TOOLS.items() if shutil.which(tool) is None]


def require_sway_tools() -> None:
    """Skip the calling test when a sway desktop program is missing; fail instead under CI."""
    _skip_or_fail("sway desktop tools", missing_sway_tools())


class SwayError(RuntimeError):
    """A part of the sway desktop did not start, or a command against it failed."""


# --------------------------------------------------------------------------- D-Bus


def _bus_call(
    bus_address: str,
    destination: str,
    path: str,
    interface: str,
    member: str,
    signature: str = "",
    body: tuple[Any, ...] = (),
) -> tuple[Any, ...]:
    """One method call on the private bus; the reply's body. Raises SwayError on an error."""
    from jeepney import DBusAddress, MessageType, new_method_call
    from jeepney.io.blocking import open_dbus_connection

    address = DBusAddress(path, destination, interface)
    with open_dbus_connection(bus_address) as conn:
        reply = conn.send_and_get_reply(
            new_method_call(address, member, signature, body), timeout=10
        )
    if reply.header.message_type == MessageType.error:
        raise SwayError(f"{interface}.{member} on {destination}{path}: {reply.body}")
    return tuple(reply.body)


def _get_property(bus_address: str, destination: str, path: str, interface: str, name: str) -> Any:
    (variant,) = _bus_call(
        bus_address,
        destination,
        path,
        "org.freedesktop.DBus.Properties",
        "Get",
        "ss",
        (interface, name),
    )
    return variant[1]  # jeepney gives a variant as (signature, value)


@dataclass(frozen=True)
class MenuEntry:
    """One entry of the tray menu as the SNI host sees it (dbusmenu layout)."""

    id: int
    label: str
    enabled: bool
    visible: bool


def _menu_entries(layout: Any) -> list[MenuEntry]:
    """Flatten a dbusmenu layout ``(id, {props}, [children as variants])``; no separators."""
    found: list[MenuEntry] = []
    _id, _props, children = layout
    for _sig, child in children:
        cid, props, _grandchildren = child
        label = props.get("label", ("s", ""))[1]
        if props.get("type", ("s", ""))[1] != "separator" and label:
            found.append(
                MenuEntry(
                    id=int(cid),
                    label=str(label).replace("&", ""),
                    enabled=bool(props.get("enabled", ("b", True))[1]),
                    visible=bool(props.get("visible", ("b", True))[1]),
                )
            )
        found.extend(_menu_entries(child))
    return found


# --------------------------------------------------------------------------- sway tree


def tree_windows(tree: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The windows (leaf containers with an app) in ``swaymsg -t get_tree`` output.

    Each dict is sway's own node, with ``"floating"`` added (True for ``floating_con``).
    """
    found: list[dict[str, Any]] = []

    def walk(node: Mapping[str, Any]) -> None:
        kids = list(node.get("nodes", [])) + list(node.get("floating_nodes", []))
        if not kids and node.get("type") in ("con", "floating_con") and node.get("pid"):
            found.append({**node, "floating": node.get("type") == "floating_con"})
        for kid in kids:
            walk(kid)

    walk(tree)
    return found


# --------------------------------------------------------------------------- the desktop

_LIVE: set[SwayDesktop] = stopped_at_exit()


@dataclass(eq=False)
class SwayDesktop:
    """A running headless sway with waybar and mako. Build it with :func:`start_sway`."""

    tmp: Path
    runtime_dir: Path
    bus_address: str = ""
    wayland_display: str = ""
    swaysock: str = ""
    #: pids of waybar and mako: sway starts each in a session of its own (setsid).
    children: list[int] = field(default_factory=list)
    _procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict, repr=False)
    _recorders: list[NotifyRecorder] = field(default_factory=list, repr=False)

    # -- environment

    def env(self) -> dict[str, str]:
        """The environment of an app in this session: Wayland, sway, the private bus, no X."""
        env = dict(os.environ)
        env.pop("DISPLAY", None)
        env.update(
            WAYLAND_DISPLAY=self.wayland_display,
            XDG_RUNTIME_DIR=str(self.runtime_dir),
            QT_QPA_PLATFORM="wayland",
            XDG_CURRENT_DESKTOP="sway",
            XDG_SESSION_TYPE="wayland",
            DBUS_SESSION_BUS_ADDRESS=self.bus_address,
            SWAYSOCK=self.swaysock,
        )
        return env

    # -- starting

    def _log(self, name: str) -> Path:
        return self.tmp / f"{name}.log"

    def _start_bus(self) -> None:
        config = write_bus_config(self.tmp)
        read_fd, write_fd = os.pipe()
        try:
            with self._log("dbus").open("ab") as log:
                self._procs["dbus"] = subprocess.Popen(
                    [
                        "dbus-daemon",
                        f"--config-file={config}",
                        "--nofork",
                        "--nopidfile",
                        "--print-address=1",
                    ],
                    stdin=subprocess.DEVNULL,
                    stdout=write_fd,
                    stderr=log,
                )
            os.close(write_fd)
            address = _read_line(read_fd, START_TIMEOUT_S)
        finally:
            os.close(read_fd)
        if not address.startswith("unix:"):
            raise self._fail("dbus-daemon did not print its address")
        self.bus_address = address

    def _write_configs(self, *, tray: bool, notify: bool) -> Path:
        waybar_config = self.tmp / "waybar.json"
        waybar_config.write_text(json.dumps(_WAYBAR_CONFIG))
        waybar_style = self.tmp / "waybar.css"
        waybar_style.write_text(_WAYBAR_STYLE)
        mako_config = self.tmp / "mako.conf"
        mako_config.write_text(_MAKO_CONFIG)
        config = self.tmp / "sway.conf"
        text = _SWAY_CONFIG.format(width=OUTPUT_SIZE[0], height=OUTPUT_SIZE[1])
        if tray:
            text += _SWAY_WAYBAR.format(waybar_config=waybar_config, waybar_style=waybar_style)
        if notify:
            text += _SWAY_MAKO.format(mako_config=mako_config)
        config.write_text(text)
        return config

    def _start_sway(self, *, tray: bool, notify: bool) -> None:
        config = self._write_configs(tray=tray, notify=notify)
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SWAYSOCK")
        }
        env.update(
            XDG_RUNTIME_DIR=str(self.runtime_dir),
            DBUS_SESSION_BUS_ADDRESS=self.bus_address,
            WLR_BACKENDS="headless",
            WLR_LIBINPUT_NO_DEVICES="1",
            WLR_RENDERER="pixman",
            XDG_CURRENT_DESKTOP="sway",
            XDG_SESSION_TYPE="wayland",
        )
        argv = ["sway", "--config", str(config)]
        if os.geteuid() == 0:  # sway refuses root: be uid 1000 in a user namespace
            argv = [
                "unshare",
                "--user",
                f"--map-user={NAMESPACE_UID}",
                f"--map-group={NAMESPACE_UID}",
                *argv,
            ]
        with self._log("sway").open("ab") as log:
            self._procs["sway"] = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                env=env,
                start_new_session=True,  # waybar and mako join its process group
            )
        wait_until(
            self._find_sockets,
            START_TIMEOUT_S,
            what="sway's Wayland and IPC sockets",
            error=self._fail,
        )

    def _find_sockets(self) -> bool:
        sway = self._procs["sway"]
        if sway.poll() is not None:
            raise self._fail(f"sway exited ({sway.returncode})")
        names = sorted(os.listdir(self.runtime_dir))
        displays = [n for n in names if n.startswith("wayland-") and not n.endswith(".lock")]
        ipc = [n for n in names if n.startswith("sway-ipc.") and n.endswith(".sock")]
        if not (displays and ipc):
            return False
        self.wayland_display = displays[0]
        self.swaysock = str(self.runtime_dir / ipc[0])
        return True

    def _wait_for_names(self, names: tuple[str, ...]) -> None:
        """Wait for waybar's and mako's bus names; keep their pids (see :meth:`stop`)."""
        for name in names:
            wait_until(
                functools.partial(self.name_has_owner, name),
                START_TIMEOUT_S,
                what=f"{name} on the private bus",
                error=self._fail,
            )
            (pid,) = _bus_call(
                self.bus_address,
                "org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus",
                "GetConnectionUnixProcessID",
                "s",
                (name,),
            )
            self.children.append(int(pid))

    def _fail(self, what: str) -> SwayError:
        return SwayError(f"{what}\n{self.log_text()}")

    # -- commands

    def run(self, *argv: str, check: bool = True, timeout: float = 30) -> str:
        """Run a program in this session (its Wayland display and bus); return its stdout."""
        done = subprocess.run(
            list(argv), env=self.env(), capture_output=True, text=True, check=False, timeout=timeout
        )
        if check and done.returncode != 0:
            raise SwayError(f"{' '.join(argv)} exited {done.returncode}: {done.stderr.strip()}")
        return done.stdout

    def swaymsg(self, *args: str) -> Any:
        """``swaymsg --raw ARGS``, parsed from JSON."""
        return json.loads(self.run("swaymsg", "--raw", *args))

    def tree(self) -> dict[str, Any]:
        """``swaymsg -t get_tree``."""
        found: dict[str, Any] = self.swaymsg("-t", "get_tree")
        return found

    def windows(self) -> list[dict[str, Any]]:
        """Every window sway manages (see :func:`tree_windows`)."""
        return tree_windows(self.tree())

    def window(self, title: str) -> dict[str, Any] | None:
        """The first window whose title contains ``title`` (case ignored), else None."""
        wanted = title.casefold()
        return next(
            (w for w in self.windows() if wanted in str(w.get("name") or "").casefold()), None
        )

    def screenshot(self, path: Path) -> Path:
        """A PNG of the whole output (grim)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.run("grim", str(path))
        return path

    def type_keys(self, *args: str, timeout: float = 120) -> None:
        """Type with one ``wtype`` call: ``type_keys("-k", "space", "-s", "500", "abc")``.

        wtype makes a new virtual keyboard per call and uploads a keymap with just the keys it
        types. Measured here (sway 1.7, Qt 6.11): a key sent right after that is lost (the
        call "abc" typed "bc", every time, also in later calls); with a short pause first
        (:data:`KEYMAP_SETTLE_MS`) every call's keys arrive whole, the second, third... call's
        too. So every call starts with that pause; a burst that must not be interrupted (typing
        across a due break) is still best one call with ``-s MS`` pauses inside it.
        """
        self.run("wtype", *self._wtype_args(args), timeout=timeout)

    def type_keys_async(self, *args: str) -> subprocess.Popen[bytes]:
        """As :meth:`type_keys`, but return the running wtype (for typing across an event)."""
        with self._log("wtype").open("ab") as log:
            return subprocess.Popen(
                ["wtype", *self._wtype_args(args)],
                env=self.env(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )

    @staticmethod
    def _wtype_args(args: tuple[str, ...]) -> list[str]:
        return ["-s", str(KEYMAP_SETTLE_MS), *args]

    def makoctl_list(self) -> list[dict[str, Any]]:
        """The notifications mako shows now (``makoctl list``), as summary/body/app-name dicts."""
        data = json.loads(self.run("makoctl", "list"))
        found: list[dict[str, Any]] = []
        for group in data.get("data", []):
            for item in group:
                found.append({k: v.get("data") for k, v in item.items() if isinstance(v, dict)})
        return found

    # -- the bus and the tray

    def name_has_owner(self, name: str) -> bool:
        """Whether ``name`` is owned on the private bus now."""
        try:
            (owned,) = _bus_call(
                self.bus_address,
                "org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus",
                "NameHasOwner",
                "s",
                (name,),
            )
        except (OSError, TimeoutError, ConnectionError, SwayError):
            return False
        return bool(owned)

    def tray_items(self) -> list[str]:
        """The items registered with waybar's watcher ("busname/path" or "busname")."""
        items = _get_property(
            self.bus_address,
            WATCHER_NAME,
            WATCHER_PATH,
            WATCHER_NAME,
            "RegisteredStatusNotifierItems",
        )
        return [str(i) for i in items]

    def tray_item(self, timeout: float = 10) -> tuple[str, str]:
        """(bus name, object path) of the first tray item, waiting for one to register."""
        items = wait_until(self.tray_items, timeout, what="a StatusNotifierItem", error=self._fail)
        service, _, path = items[0].partition("/")
        return service, "/" + path if path else "/StatusNotifierItem"

    def tray_property(self, name: str) -> Any:
        """A property of the tray item (``Title``, ``Status``, ``ToolTip``, ``Menu`` ...)."""
        service, path = self.tray_item()
        return _get_property(self.bus_address, service, path, ITEM_INTERFACE, name)

    def tray_activate(self, x: int = 1200, y: int = 15) -> None:
        """A left click on the icon, as waybar sends it: ``Activate(x, y)``."""
        service, path = self.tray_item()
        _bus_call(self.bus_address, service, path, ITEM_INTERFACE, "Activate", "ii", (x, y))

    def tray_menu(self) -> list[MenuEntry]:
        """The tray menu's entries (dbusmenu ``GetLayout``), separators left out."""
        service, _path = self.tray_item()
        menu_path = str(self.tray_property("Menu"))
        _revision, layout = _bus_call(
            self.bus_address, service, menu_path, MENU_INTERFACE, "GetLayout", "iias", (0, -1, [])
        )
        return _menu_entries(layout)

    def tray_menu_click(self, label: str) -> MenuEntry:
        """Choose the menu entry whose label contains ``label``: dbusmenu ``Event(id, clicked)``."""
        entries = self.tray_menu()
        entry = next((e for e in entries if label.casefold() in e.label.casefold()), None)
        if entry is None:
            raise SwayError(f"no tray menu entry {label!r}; the menu has {entries!r}")
        service, _path = self.tray_item()
        menu_path = str(self.tray_property("Menu"))
        _bus_call(
            self.bus_address,
            service,
            menu_path,
            MENU_INTERFACE,
            "Event",
            "isvu",
            (entry.id, "clicked", ("s", ""), 0),
        )
        return entry

    def notify_monitor(self) -> NotifyRecorder:
        """Record org.freedesktop.Notifications traffic; stopped with the desktop."""
        rec = NotifyRecorder(self.bus_address, self._log(f"dbus-monitor-{len(self._recorders)}"))
        self._recorders.append(rec)
        return rec

    # -- lifetime

    def log_text(self) -> str:
        """Every part's log (tail), for failure messages."""
        parts = [f"sway desktop WAYLAND_DISPLAY={self.wayland_display} bus={self.bus_address}"]
        for name, proc in self._procs.items():
            state = proc.poll()
            status = "running" if state is None else f"exited {state}"
            path = self._log(name)
            text = path.read_text(errors="replace")[-3000:] if path.exists() else ""
            parts.append(f"--- {name} (pid {proc.pid}, {status})\n{text}")
        return "\n".join(parts)

    def stop(self) -> None:
        """Stop the recorders, sway's process group (sway, waybar, mako) and the bus."""
        for rec in self._recorders:
            rec.close()
        self._recorders.clear()
        for pid in self.children:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGTERM)
        sway = self._procs.get("sway")
        if sway is not None:
            _stop_group(sway)
        for pid in self.children:  # they end with sway's socket; KILL any that lingers
            with contextlib.suppress(AssertionError):
                wait_until(functools.partial(_ended, pid), STOP_TIMEOUT_S, what="exit")
            with contextlib.suppress(ProcessLookupError, PermissionError):
                if _running(pid):
                    os.kill(pid, signal.SIGKILL)
        self.children.clear()
        dbus = self._procs.get("dbus")
        if dbus is not None:
            _stop_group(dbus, group=False)
        _LIVE.discard(self)


def _running(pid: int) -> bool:
    """Whether ``pid`` exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def _ended(pid: int) -> bool:
    return not _running(pid)


def _stop_group(proc: subprocess.Popen[bytes], *, group: bool = True) -> None:
    """TERM then KILL ``proc`` (with ``group``: the process group it leads); reap it."""
    send = (lambda sig: os.killpg(proc.pid, sig)) if group else proc.send_signal
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            send(sig)
        try:
            proc.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            continue
        if group and sig == signal.SIGTERM:
            # sway is gone; its children (waybar, mako) may linger in the group.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
        return


@contextlib.contextmanager
def start_sway(tmp: Path, *, tray: bool = True, notify: bool = True) -> Iterator[SwayDesktop]:
    """Start the sway desktop, logs in ``tmp``; stop it on leaving the block.

    With ``tray=False`` no waybar (no StatusNotifierWatcher), with ``notify=False`` no mako
    (nobody owns org.freedesktop.Notifications).

    Raises:
        SwayError: a part did not start; the message carries every log.
    """
    tmp.mkdir(parents=True, exist_ok=True)
    missing = missing_sway_tools()
    if missing:
        raise SwayError("missing: " + ", ".join(missing))
    with contextlib.ExitStack() as stack:
        runtime = stack.enter_context(short_dir(tmp / "runtime", prefix="ds-sway-"))
        desk = SwayDesktop(tmp=tmp, runtime_dir=runtime)
        _LIVE.add(desk)
        stack.callback(desk.stop)
        desk._start_bus()
        desk._start_sway(tray=tray, notify=notify)
        wanted = {WATCHER_NAME: tray, NOTIFICATIONS_NAME: notify}
        desk._wait_for_names(tuple(name for name, on in wanted.items() if on))
        yield desk


@pytest.fixture
def sway_desktop(tmp_path: Path) -> Iterator[SwayDesktop]:
    """Headless sway + waybar (tray) + mako on a private bus, stopped after the test."""
    require_sway_tools()
    with start_sway(tmp_path / "sway") as desk:
        yield desk
