"""Idle time as events from a Wayland compositor: ext-idle-notify-v1, else org_kde_kwin_idle.

The compositor tells a client when the seat has had no input for a given time ("idled") and
when input comes back ("resumed"); nothing is polled. ext-idle-notify-v1 is the standard one
(wlroots >= 0.17, KWin, Mutter 47+ ...); org_kde_kwin_idle is the older KDE protocol that sway
1.7 and KWin 5 speak. One notification object per threshold.

The app keeps its own Wayland connection for this, separate from Qt's (Qt's wl_display is not
reachable from Python, and sharing it would tie this to Qt's plugin internals). The client is a
small reader and writer of the Wayland wire protocol over the socket, written here from the
protocol descriptions (wayland.xml, ext-idle-notify-v1.xml and KDE's idle.xml): the only
messages it needs carry integers and strings, never file descriptors. pywayland was measured
against it (docs/platform.md, "Idle time"): it loads cffi and libwayland-client for the same dozen
messages, about 5.7 MB of anonymous memory against 0.1 MB, on the idle path of an app that runs
all day, and ships neither idle protocol.

Events reach the Qt event loop through a ``QSocketNotifier`` on the socket; no thread, no timer.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import socket
import struct
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QSocketNotifier

from deskstretch.core.ports import Capability
from deskstretch.i18n import N_, _

log = logging.getLogger(__name__)

CAPABILITY = "idle"

#: The first round trip with the compositor (connect, list globals) at start-up, once.
CONNECT_TIMEOUT_S = 2.0
#: While nobody watches, one notification object of this many seconds keeps ``idle_seconds()``
#: exact to about this much for a caller that polls; its events wait in the socket (nothing wakes
#: the app) and are read when asked.
POLL_RESOLUTION_S = 1.0

EXT_IDLE = "ext_idle_notifier_v1"
KDE_IDLE = "org_kde_kwin_idle"
#: Protocol names as people know them (for ``status``): the interface names on the wire differ.
PROTOCOL_NAMES = {EXT_IDLE: "ext-idle-notify-v1", KDE_IDLE: "org_kde_kwin_idle"}

# Object ids and opcodes, from the protocol XML files.
_DISPLAY_ID = 1
_DISPLAY_SYNC, _DISPLAY_GET_REGISTRY = 0, 1  # wl_display requests
_DISPLAY_ERROR, _DISPLAY_DELETE_ID = 0, 1  # wl_display events
_REGISTRY_BIND = 0  # wl_registry request
_REGISTRY_GLOBAL, _REGISTRY_GLOBAL_REMOVE = 0, 1  # wl_registry events
_CALLBACK_DONE = 0  # wl_callback event
# ext_idle_notifier_v1.get_idle_notification(new_id, uint timeout_ms, object seat)
_EXT_GET_NOTIFICATION = 1
_EXT_NOTIFICATION_DESTROY = 0
# org_kde_kwin_idle.get_idle_timeout(new_id, object seat, uint timeout_ms)
_KDE_GET_TIMEOUT = 0
_KDE_TIMEOUT_RELEASE = 0
# Both notification interfaces: event 0 = idle(d), event 1 = resumed.
_EVENT_IDLE, _EVENT_RESUMED = 0, 1

_HEADER = struct.Struct("=II")
_UINT = struct.Struct("=I")


class WaylandError(OSError):
    """The Wayland connection failed or the compositor reported a protocol error."""


# --------------------------------------------------------------------------- the wire


def socket_path(environ: Mapping[str, str]) -> str | None:
    """Where the compositor listens: ``WAYLAND_DISPLAY`` (absolute, or in XDG_RUNTIME_DIR)."""
    name = environ.get("WAYLAND_DISPLAY", "")
    if not name:
        return None
    if os.path.isabs(name):
        return name
    runtime = environ.get("XDG_RUNTIME_DIR", "")
    return os.path.join(runtime, name) if runtime else None


def _pad(length: int) -> int:
    return (length + 3) & ~3


def encode_string(text: str) -> bytes:
    """A Wayland ``string`` argument: length with the NUL, the bytes, padding to 4."""
    raw = text.encode() + b"\0"
    return _UINT.pack(len(raw)) + raw.ljust(_pad(len(raw)), b"\0")


def decode_string(body: bytes, offset: int) -> tuple[str, int]:
    """Read a ``string`` argument at ``offset``; return it and the offset after it."""
    (length,) = _UINT.unpack_from(body, offset)
    start = offset + 4
    text = body[start : start + max(0, length - 1)].decode(errors="replace")
    return text, start + _pad(length)


def encode_message(object_id: int, opcode: int, args: bytes) -> bytes:
    """One request: sender id, then size (high 16 bits) and opcode (low 16 bits), then args."""
    return _HEADER.pack(object_id, ((8 + len(args)) << 16) | opcode) + args


def split_messages(buffer: bytearray) -> list[tuple[int, int, bytes]]:
    """Take every complete message off the front of ``buffer``: (object id, opcode, body)."""
    found: list[tuple[int, int, bytes]] = []
    while len(buffer) >= 8:
        object_id, word = _HEADER.unpack_from(buffer, 0)
        size = word >> 16
        if size < 8:
            raise WaylandError(f"bad message size {size}")
        if len(buffer) < size:
            break
        found.append((object_id, word & 0xFFFF, bytes(buffer[8:size])))
        del buffer[:size]
    return found


@dataclass
class _Watch:
    """One notification object: its threshold and when it last reported the user idle."""

    object_id: int
    seconds: float
    idle_since: float | None = None  # monotonic time of the "idle" event; None while active


class WaylandIdleClient:
    """A Wayland connection that knows the seat and an idle global, and its watch objects."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self._buffer = bytearray()
        self._next_id = _DISPLAY_ID + 1
        self._free_ids: list[int] = []
        self.globals: dict[str, tuple[int, int]] = {}  # interface -> (name, version)
        self.seat_id = 0
        self.idle_id = 0
        self.protocol = ""
        self.watches: dict[int, _Watch] = {}

    @classmethod
    def connect(cls, path: str, timeout: float = CONNECT_TIMEOUT_S) -> WaylandIdleClient:
        """Connect, list the globals and bind the seat and the best idle protocol.

        Raises:
            WaylandError: no compositor, no seat or no idle protocol (the message says which).
        """
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM | socket.SOCK_CLOEXEC)
        try:
            sock.settimeout(timeout)
            try:
                sock.connect(path)
            except OSError as exc:
                reason = exc.strerror or str(exc)
                raise WaylandError(
                    _("cannot connect to {path}: {reason}").format(path=path, reason=reason)
                ) from exc
            client = cls(sock)
            client._bind_globals(timeout)
            sock.setblocking(False)
        except OSError:
            sock.close()
            raise
        return client

    # -- ids and sending

    def _new_id(self) -> int:
        if self._free_ids:
            return self._free_ids.pop()
        self._next_id += 1
        return self._next_id - 1

    def send(self, object_id: int, opcode: int, args: bytes = b"") -> None:
        """Write one request (small: the socket buffer takes it whole)."""
        self.sock.sendall(encode_message(object_id, opcode, args))

    # -- start-up round trip

    def _bind_globals(self, timeout: float) -> None:
        registry = self._new_id()
        self.send(_DISPLAY_ID, _DISPLAY_GET_REGISTRY, _UINT.pack(registry))
        callback = self._new_id()
        self.send(_DISPLAY_ID, _DISPLAY_SYNC, _UINT.pack(callback))
        deadline = time.monotonic() + timeout
        done = False
        while not done:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.sock], [], [], left)[0]:
                raise WaylandError(_("the compositor did not answer"))
            chunk = self.sock.recv(65536)
            if not chunk:
                raise WaylandError(_("the compositor closed the connection"))
            self._buffer += chunk
            for object_id, opcode, body in split_messages(self._buffer):
                if object_id == registry and opcode == _REGISTRY_GLOBAL:
                    (name,) = _UINT.unpack_from(body, 0)
                    interface, offset = decode_string(body, 4)
                    (version,) = _UINT.unpack_from(body, offset)
                    self.globals[interface] = (name, version)
                elif object_id == callback and opcode == _CALLBACK_DONE:
                    done = True
                else:
                    self._display_event(object_id, opcode, body)
        if "wl_seat" not in self.globals:
            raise WaylandError(_("the compositor offers no seat"))
        self.protocol = next((p for p in (EXT_IDLE, KDE_IDLE) if p in self.globals), "")
        if not self.protocol:
            raise WaylandError(
                _("the compositor offers neither {ext} nor {kde}").format(
                    ext=PROTOCOL_NAMES[EXT_IDLE], kde=PROTOCOL_NAMES[KDE_IDLE]
                ),
            )
        self.seat_id = self._bind(registry, "wl_seat")
        self.idle_id = self._bind(registry, self.protocol)

    def _bind(self, registry: int, interface: str) -> int:
        name, _version = self.globals[interface]
        new_id = self._new_id()
        # Version 1 of each: all this client uses (wl_seat v1 sends one capabilities event).
        args = _UINT.pack(name) + encode_string(interface) + _UINT.pack(1) + _UINT.pack(new_id)
        self.send(registry, _REGISTRY_BIND, args)
        return new_id

    def _display_event(self, object_id: int, opcode: int, body: bytes) -> None:
        if object_id != _DISPLAY_ID:
            return  # the seat's capabilities, the registry's later globals: not needed
        if opcode == _DISPLAY_DELETE_ID:
            self._free_ids.append(_UINT.unpack_from(body, 0)[0])
        elif opcode == _DISPLAY_ERROR:
            culprit, code = struct.unpack_from("=II", body, 0)
            message, _end = decode_string(body, 8)
            raise WaylandError(f"object {culprit} error {code}: {message}")

    # -- watches

    def add_watch(self, seconds: float) -> _Watch:
        """Ask to be told when the seat has been idle for ``seconds`` (and when input resumes)."""
        new_id = self._new_id()
        ms = _UINT.pack(max(1, min(round(seconds * 1000), 0xFFFFFFFF)))
        if self.protocol == EXT_IDLE:
            args = _UINT.pack(new_id) + ms + _UINT.pack(self.seat_id)
            self.send(self.idle_id, _EXT_GET_NOTIFICATION, args)
        else:
            args = _UINT.pack(new_id) + _UINT.pack(self.seat_id) + ms
            self.send(self.idle_id, _KDE_GET_TIMEOUT, args)
        watch = _Watch(new_id, seconds)
        self.watches[new_id] = watch
        return watch

    def clear_watches(self) -> None:
        """Destroy every notification object."""
        self.set_watches(())

    def set_watches(self, thresholds: tuple[float, ...]) -> None:
        """Have one notification object per threshold: keep those already there (the
        compositor counts their idle time from the last input, a new one from its creation),
        destroy the others, add the missing ones."""
        wanted = set(thresholds)
        opcode = _EXT_NOTIFICATION_DESTROY if self.protocol == EXT_IDLE else _KDE_TIMEOUT_RELEASE
        for object_id, watch in list(self.watches.items()):
            if watch.seconds in wanted:
                wanted.discard(watch.seconds)
            else:
                self.send(object_id, opcode)
                del self.watches[object_id]
        for seconds in sorted(wanted):
            self.add_watch(seconds)

    def read_events(self, now: float) -> bool:
        """Read what the socket holds and apply it; True when a watch went idle or active.

        Raises:
            WaylandError: the connection closed or the compositor reported an error.
        """
        while True:
            try:
                chunk = self.sock.recv(65536)
            except BlockingIOError:
                break
            if not chunk:
                raise WaylandError(_("the compositor closed the connection"))
            self._buffer += chunk
        changed = False
        for object_id, opcode, body in split_messages(self._buffer):
            watch = self.watches.get(object_id)
            if watch is None:
                self._display_event(object_id, opcode, body)
            elif opcode == _EVENT_IDLE and watch.idle_since is None:
                watch.idle_since = now
                changed = True
            elif opcode == _EVENT_RESUMED and watch.idle_since is not None:
                watch.idle_since = None
                changed = True
        return changed

    def idle_seconds(self, now: float) -> float:
        """Worked out from the last events: the longest threshold passed plus the time since."""
        spans = [w.seconds + now - w.idle_since for w in self.watches.values() if w.idle_since]
        return max(spans, default=0.0)

    def close(self) -> None:
        """Close the socket (the compositor drops every object of this client)."""
        self.sock.close()


# --------------------------------------------------------------------------- the monitor


class WaylandIdleMonitor:
    """Idle events from the compositor (ext-idle-notify-v1, else org_kde_kwin_idle).

    Shaped like the polled monitors of :mod:`deskstretch.platform.idle` (``name``,
    ``last_error``, ``idle_seconds``, ``capability``), without importing that module: it lists
    this one among its candidates. Connects on the first question (``idle_seconds``,
    ``capability`` or ``watch``), so that building the candidate list costs nothing.
    The protocol cannot be asked how long the user has been idle, so ``idle_seconds()`` is
    worked out from the last events: while nobody watches, from a
    :data:`POLL_RESOLUTION_S` notification whose events are read when asked (polling costs no
    wake-ups); while watched, from the watched thresholds (0.0 until the first has passed).
    """

    name = "wayland"
    label = N_("Wayland idle protocol {protocol}")

    def __init__(
        self,
        environ: Mapping[str, str] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._environ = os.environ if environ is None else environ
        self._monotonic = monotonic
        self._client: WaylandIdleClient | None = None
        self._tried = False
        self._notifier: QSocketNotifier | None = None
        self._changed: Callable[[], None] | None = None
        self.last_error = ""

    def idle_seconds(self) -> float | None:
        """Seconds idle as the last events tell, or None without a usable compositor."""
        try:
            client = self._connected()
            now = self._monotonic()
            if self._changed is None:
                client.read_events(now)  # while watched, the socket notifier reads them
            value = client.idle_seconds(now)
        except OSError as exc:
            if str(exc) != self.last_error:
                log.info("wayland idle: %s", exc)
            self.last_error = str(exc)
            return None
        self.last_error = ""
        return value

    @property
    def protocol(self) -> str:
        """The protocol in use ("ext-idle-notify-v1" / "org_kde_kwin_idle"), "" if none."""
        return PROTOCOL_NAMES.get(self._client.protocol, "") if self._client else ""

    def _connected(self) -> WaylandIdleClient:
        if self._client is not None:
            return self._client
        if self._tried:
            raise WaylandError(self.last_error or _("not connected"))
        self._tried = True
        path = socket_path(self._environ)
        if path is None:
            unset = "XDG_RUNTIME_DIR" if self._environ.get("WAYLAND_DISPLAY") else "WAYLAND_DISPLAY"
            raise WaylandError(_("no Wayland display ({name} is not set)").format(name=unset))
        client = WaylandIdleClient.connect(path)
        client.add_watch(POLL_RESOLUTION_S)
        self._client = client
        log.info("wayland idle: %s on %s", self.protocol, path)
        return client

    def capability(self) -> Capability:
        """Available, "(events)", naming the protocol; else why not."""
        value = self.idle_seconds()
        if value is None:
            why = self.last_error or _("no answer")
            detail = _("Wayland idle protocol: {reason}").format(reason=why)
            return Capability(CAPABILITY, False, detail)
        source = _(self.label).format(protocol=self.protocol)
        return Capability(
            CAPABILITY,
            True,
            _("{source} (events)").format(source=source),
            extra={"backend": self.name, "mode": "events", "protocol": self.protocol},
        )

    def watch(self, thresholds: tuple[float, ...], changed: Callable[[], None]) -> bool:
        """One notification object per threshold; ``changed()`` on each idle or resumed batch."""
        if self.idle_seconds() is None or self._client is None:
            return False
        client = self._client
        try:
            client.set_watches(thresholds)
        except OSError as exc:
            self._lost(exc)
            return False
        self._changed = changed
        self._listen(client)
        return True

    def unwatch(self) -> None:
        """No more calls; back to answering polls (the connection stays for a later ``watch``)."""
        self._changed = None
        if self._notifier is not None:
            self._notifier.setEnabled(False)
        if self._client is not None:
            try:
                self._client.set_watches((POLL_RESOLUTION_S,))
            except OSError as exc:
                self._lost(exc)

    def _listen(self, client: WaylandIdleClient) -> None:
        if self._notifier is None:
            self._notifier = QSocketNotifier(client.sock.fileno(), QSocketNotifier.Type.Read)
            self._notifier.activated.connect(self._on_readable)
        self._notifier.setEnabled(True)

    def _on_readable(self) -> None:
        if self._client is None:
            return
        try:
            changed = self._client.read_events(self._monotonic())
        except OSError as exc:
            self._lost(exc)
            return
        if changed and self._changed is not None:
            self._changed()

    def _lost(self, exc: OSError) -> None:
        log.warning("wayland idle: connection lost: %s", exc)
        self.last_error = str(exc)
        self.close()

    def close(self) -> None:
        """Stop listening and close the connection."""
        notifier, self._notifier = self._notifier, None
        if notifier is not None:
            with contextlib.suppress(RuntimeError):
                notifier.setEnabled(False)
                notifier.deleteLater()
        if self._client is not None:
            self._client.close()
            self._client = None
