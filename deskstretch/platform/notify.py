"""Notifications outside the app's windows, with honest fallbacks.

Backends, tried in order by :class:`ChainNotifier` (built by :func:`pick_notifier`):

- :class:`FreedesktopNotifier` (Linux/BSD): ``org.freedesktop.Notifications`` called directly
  with jeepney. QtDBus cannot send ``Notify`` (its uint32 ``replaces_id`` goes out as int32, see
  PLATFORM-NOTES); jeepney takes the explicit signature ``susssasa{sv}i``. Errors come back as
  errors, so "no notification server" is known, not guessed. ``ActionInvoked`` /
  ``NotificationClosed`` are read from the Qt event loop through a ``QSocketNotifier`` on
  jeepney's socket: no thread.
- :class:`PlyerNotifier`: plyer's facade (Windows, macOS). On Linux plyer falls back to
  ``notify-send`` and ignores its exit status, so it is used there only when jeepney is missing.
- :class:`CallableNotifier`: the tray balloon (``QSystemTrayIcon.showMessage``, handed in by the
  app because platform must not import ui).
- :class:`ToastNotifier`: the app's own small window (``ui.toast``), also handed in.

Nothing here raises out of ``notify``; a failing backend is logged once and the next one tried.
"""

from __future__ import annotations

import logging
import math
import sys
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier, QTimer

from deskstretch import data_file
from deskstretch.core.ports import Capability, DeliveryResult, Notice, Notifier

log = logging.getLogger(__name__)

APP_NAME = "DeskStretch"
DESKTOP_ENTRY = "deskstretch"
NOTIFICATIONS = "org.freedesktop.Notifications"
NOTIFICATIONS_PATH = "/org/freedesktop/Notifications"
NOTIFY_SIGNATURE = "susssasa{sv}i"
CALL_TIMEOUT_S = 2.0
#: After the server let a call time out, it is not asked again for this long: a hung
#: server would otherwise freeze the app for the whole timeout at every notice.
UNRESPONSIVE_PAUSE_S = 300.0
_INT32_MAX = 2**31 - 1

ActionCallback = Callable[[str], None]
TrayMessage = Callable[[str, str, int], bool]
ToastShow = Callable[[str, str, Sequence[tuple[str, str]], int, ActionCallback], bool]

_NO_OWNER_ERRORS = (
    "org.freedesktop.DBus.Error.ServiceUnknown",
    "org.freedesktop.DBus.Error.NameHasNoOwner",
)


# --------------------------------------------------------------------------- D-Bus basics


class BusError(Exception):
    """A D-Bus call failed; the message is short and readable."""


class BusTimeout(BusError):
    """The other side did not answer in time (it may be hung, not gone)."""


def jeepney_missing() -> str:
    """Why jeepney cannot be used ("" when it can)."""
    try:
        import jeepney  # noqa: F401
    except ImportError as exc:
        return f"jeepney is not installed ({exc})"
    return ""


def open_bus(bus_address: str | None = None) -> Any:
    """Open a blocking jeepney connection to the session bus (or ``bus_address``).

    Raises:
        BusError: no session bus, or it cannot be reached.
    """
    try:
        from jeepney.io.blocking import open_dbus_connection
    except ImportError as exc:
        raise BusError(f"jeepney is not installed ({exc})") from exc
    try:
        return open_dbus_connection(bus_address or "SESSION", auth_timeout=CALL_TIMEOUT_S)
    except KeyError as exc:
        raise BusError("no session bus (DBUS_SESSION_BUS_ADDRESS is not set)") from exc
    except (OSError, TimeoutError, ValueError, RuntimeError) as exc:
        raise BusError(f"cannot reach the session bus: {exc}") from exc


def call(
    conn: Any,
    destination: str,
    path: str,
    interface: str,
    method: str,
    signature: str = "",
    body: tuple[Any, ...] = (),
    timeout: float = CALL_TIMEOUT_S,
) -> tuple[tuple[Any, ...], str]:
    """Call a method on an open connection; return (reply body, sender of the reply).

    Raises:
        BusError: the call returned an error (readable text).
        OSError, TimeoutError: the connection failed.
    """
    from jeepney import DBusAddress, HeaderFields, MessageType, new_method_call

    addr = DBusAddress(path, bus_name=destination, interface=interface)
    if signature:
        msg = new_method_call(addr, method, signature, body)
    else:
        msg = new_method_call(addr, method)
    reply = conn.send_and_get_reply(msg, timeout=timeout)
    fields = reply.header.fields
    if reply.header.message_type == MessageType.error:
        name = str(fields.get(HeaderFields.error_name, "error"))
        text = str(reply.body[0]) if reply.body else ""
        if name in _NO_OWNER_ERRORS:
            raise BusError(f"nobody provides {destination} on the session bus")
        raise BusError(f"{name}: {text}" if text else name)
    return tuple(reply.body), str(fields.get(HeaderFields.sender, ""))


def session_call(
    destination: str,
    path: str,
    interface: str,
    method: str,
    signature: str = "",
    body: tuple[Any, ...] = (),
    *,
    bus_address: str | None = None,
    timeout: float = CALL_TIMEOUT_S,
) -> tuple[Any, ...]:
    """One call on a short-lived session-bus connection; returns the reply body.

    Raises:
        BusError: for every failure (no bus, no such service, error reply, timeout).
    """
    conn = open_bus(bus_address)
    try:
        return call(conn, destination, path, interface, method, signature, body, timeout)[0]
    except (OSError, TimeoutError) as exc:
        raise BusError(f"{method} on {destination} failed: {exc or type(exc).__name__}") from exc
    finally:
        conn.close()


def drain(conn: Any) -> str:
    """Read every message already waiting on a jeepney connection, without blocking.

    Messages go to the connection's filters (their queues). Returns "" when all was read,
    else why the connection failed (it is then of no further use).
    """
    while True:
        try:
            conn.recv_messages(timeout=0)
        except TimeoutError:
            return ""
        except (OSError, ValueError) as exc:
            return str(exc) or type(exc).__name__


def _escape_markup(text: str) -> str:
    """Plain text made safe for a body that the server reads as markup.

    ``html.escape`` would do the same, but the ``html`` package loads its entity table
    (a few hundred KiB) into an app that otherwise never needs it.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def default_icon() -> str:
    """Absolute path of the packaged app icon, or "" when it is not a plain file."""
    try:
        ref = data_file("icons", "deskstretch.svg")
        path = Path(str(ref))
        return str(path) if path.is_file() else ""
    except (ModuleNotFoundError, OSError, TypeError):
        return ""


# --------------------------------------------------------------------------- freedesktop


@dataclass
class _Shown:
    tag: str
    keys: frozenset[str]
    server: str  # unique bus name of the server that showed it; signals must come from it


class _Watch(QObject):
    """Qt side of :class:`FreedesktopNotifier`: socket notifier and a deferred dispatch."""

    def __init__(
        self, fd: int, on_readable: Callable[[], object], on_dispatch: Callable[[], object]
    ) -> None:
        super().__init__(QCoreApplication.instance())
        self.notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
        self.notifier.activated.connect(lambda *_: on_readable())
        # Signals read while a Notify call waited for its reply are handled after it returns, so
        # a callback never runs inside notify() (the caller may not expect re-entry).
        self.later = QTimer(self)
        self.later.setSingleShot(True)
        self.later.setInterval(0)
        self.later.timeout.connect(on_dispatch)

    def stop(self) -> None:
        try:
            self.notifier.setEnabled(False)
            self.later.stop()
            self.deleteLater()
        except RuntimeError:  # already deleted with the application object at exit
            pass


class FreedesktopNotifier:
    """``org.freedesktop.Notifications`` through jeepney, with actions and replacement.

    Args:
        on_action: called with an action key ("start", "snooze") the user chose.
        bus_address: a D-Bus address; default the session bus from the environment.
        icon: path given as ``app_icon``; default the packaged icon.
    """

    name = "freedesktop"

    def __init__(
        self,
        on_action: ActionCallback,
        *,
        bus_address: str | None = None,
        icon: str | None = None,
        call_timeout: float = CALL_TIMEOUT_S,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.on_action = on_action
        self.bus_address = bus_address
        self.icon = default_icon() if icon is None else icon
        self.call_timeout = call_timeout
        self._monotonic = monotonic
        self._quiet_until = -math.inf  # while the clock is before this, do not call the server
        self._conn: Any = None
        self._filter: Any = None
        self._watch: _Watch | None = None
        self._signals: deque[Any] = deque(maxlen=256)
        self._ids_by_tag: dict[str, int] = {}
        self._shown: dict[int, _Shown] = {}
        self.server: tuple[str, ...] = ()
        self.server_caps: tuple[str, ...] = ()
        self.last_error = ""

    # -- connection

    def _connection(self) -> Any:
        if self._conn is not None:
            return self._conn
        from jeepney import MatchRule, message_bus

        conn = open_bus(self.bus_address)
        try:
            self._filter = conn.filter(
                MatchRule(type="signal", interface=NOTIFICATIONS, path=NOTIFICATIONS_PATH),
                queue=self._signals,
            )
            # Servers may broadcast the signals; the bus resolves the well-known sender.
            rule = MatchRule(
                type="signal",
                sender=NOTIFICATIONS,
                interface=NOTIFICATIONS,
                path=NOTIFICATIONS_PATH,
            )
            conn.send_and_get_reply(message_bus.AddMatch(rule), timeout=CALL_TIMEOUT_S)
        except (OSError, TimeoutError) as exc:
            conn.close()
            raise BusError(f"cannot reach the session bus: {exc}") from exc
        self._conn = conn
        if QCoreApplication.instance() is not None:
            self._watch = _Watch(conn.sock.fileno(), self._on_readable, self.process_pending)
        else:
            log.debug("no Qt application: notification actions are read only on request")
        return conn

    def _drop(self, why: str) -> None:
        if self._conn is None:
            return
        log.info("notifications: session bus connection dropped (%s)", why)
        if self._watch is not None:
            self._watch.stop()
            self._watch = None
        if self._filter is not None:
            self._filter.close()
            self._filter = None
        self._conn.close()
        self._conn = None
        # Ids belong to the old connection's server session; a new one starts afresh.
        self._ids_by_tag.clear()
        self._shown.clear()

    def close(self) -> None:
        """Close the bus connection (a later notice opens a new one)."""
        self._drop("closed")

    # -- receiving

    def _read_available(self) -> None:
        if self._conn is None:
            return
        failure = drain(self._conn)
        if failure:
            self._drop(f"read failed: {failure}")

    def _on_readable(self) -> None:
        self._read_available()
        self.process_pending()

    def process_pending(self) -> int:
        """Read what the bus has sent and act on it; return the number of actions reported."""
        self._read_available()
        from jeepney import HeaderFields

        reported = 0
        while self._signals:
            msg = self._signals.popleft()
            member = msg.header.fields.get(HeaderFields.member)
            sender = msg.header.fields.get(HeaderFields.sender)
            if member == "ActionInvoked" and len(msg.body) == 2:  # (id, key)
                nid, key = msg.body
                shown = self._shown.get(nid)
                if shown is None or sender != shown.server or key not in shown.keys:
                    log.debug("ignoring action %r on notification %s from %s", key, nid, sender)
                    continue
                log.info("notification action chosen: %s", key)
                reported += 1
                try:
                    self.on_action(key)
                except Exception:
                    log.exception("notification action handler failed for %r", key)
            elif member == "NotificationClosed" and msg.body:
                shown = self._shown.pop(msg.body[0], None)
                if shown is not None and self._ids_by_tag.get(shown.tag) == msg.body[0]:
                    del self._ids_by_tag[shown.tag]
        return reported

    # -- sending

    def _call(self, method: str, signature: str = "", body: tuple[Any, ...] = ()) -> Any:
        if self._monotonic() < self._quiet_until:
            raise BusTimeout(
                "the notification server did not answer a moment ago; it is not asked again "
                f"until {UNRESPONSIVE_PAUSE_S / 60:.0f} minutes have passed"
            )
        conn = self._connection()
        try:
            result = call(
                conn,
                NOTIFICATIONS,
                NOTIFICATIONS_PATH,
                NOTIFICATIONS,
                method,
                signature,
                body,
                timeout=self.call_timeout,
            )
        except TimeoutError as exc:
            self._quiet_until = self._monotonic() + UNRESPONSIVE_PAUSE_S
            self._drop(f"{method} timed out")
            raise BusTimeout(
                f"the notification server did not answer {method} within {self.call_timeout:g} s"
            ) from exc
        except (OSError, ValueError) as exc:
            self._drop(f"{method} failed: {exc or type(exc).__name__}")
            raise BusError(f"{method} failed: {exc or type(exc).__name__}") from exc
        finally:
            if self._signals and self._watch is not None:
                self._watch.later.start()
        return result

    def _with_retry(self, method: str, signature: str = "", body: tuple[Any, ...] = ()) -> Any:
        had_connection = self._conn is not None
        try:
            return self._call(method, signature, body)
        except BusTimeout:
            raise  # a hung server: asking again would only freeze the app twice as long
        except BusError:
            if not had_connection or self._conn is not None:
                raise
        # The old connection broke (bus restarted, socket closed): one fresh try.
        return self._call(method, signature, body)

    def server_capabilities(self) -> tuple[str, ...]:
        """The server's advertised capabilities (raises :class:`BusError`)."""
        caps = tuple(str(c) for c in self._with_retry("GetCapabilities")[0][0])
        self.server_caps = caps
        return caps

    def server_information(self) -> tuple[str, ...]:
        """(name, vendor, version, spec version) of the server (raises :class:`BusError`)."""
        self.server = tuple(str(v) for v in self._with_retry("GetServerInformation")[0])
        return self.server

    def notify(self, notice: Notice) -> DeliveryResult:
        """Show ``notice``, replacing the previous one with the same tag."""
        try:
            caps = self.server_capabilities()
            actions: list[str] = []
            if "actions" in caps:
                for key, label in notice.actions:
                    actions += [key, label]
            body = _escape_markup(notice.body) if "body-markup" in caps else notice.body
            hints = {
                "urgency": ("y", max(0, min(2, notice.urgency))),
                "desktop-entry": ("s", DESKTOP_ENTRY),
            }
            replaces = self._ids_by_tag.get(notice.tag, 0)
            timeout = max(-1, min(_INT32_MAX, notice.timeout_ms))
            (nid,), server = self._call(
                "Notify",
                NOTIFY_SIGNATURE,
                (APP_NAME, replaces, self.icon, notice.summary, body, actions, hints, timeout),
            )
        except BusError as exc:
            self.last_error = str(exc)
            return DeliveryResult(False, self.name, str(exc))
        if replaces and replaces != nid:
            self._shown.pop(replaces, None)
        self._ids_by_tag[notice.tag] = nid
        self._shown[nid] = _Shown(notice.tag, frozenset(actions[0::2]), server)
        self.last_error = ""
        detail = f"id {nid}"
        if notice.actions and not actions:
            detail += "; the server shows no action buttons"
        return DeliveryResult(True, self.name, detail)

    def capability(self) -> Capability:
        """Whether a notification server answers, and which."""
        try:
            name, vendor, version, *_ = self.server_information()
            caps = self.server_capabilities()
        except (BusError, ValueError) as exc:
            return Capability(
                "notifications.freedesktop",
                False,
                str(exc),
                "Start a notification server (most desktops have one; on a bare window "
                "manager install dunst or mako).",
            )
        actions = "with action buttons" if "actions" in caps else "without action buttons"
        return Capability(
            "notifications.freedesktop",
            True,
            f"{name} {version} ({vendor}), {actions}",
            extra={"server": name, "version": version, "capabilities": ",".join(caps)},
        )


# --------------------------------------------------------------------------- other backends


def _plyer_notify(**kwargs: Any) -> Any:
    from plyer import notification

    return notification.notify(**kwargs)


class PlyerNotifier:
    """plyer's ``notification.notify``: Windows, macOS (and Linux only without jeepney).

    plyer gives no delivery feedback: a call that returns is reported as delivered, with a
    detail saying it is unconfirmed. Any exception (missing backend, pyobjus absent on macOS)
    makes this backend fail so that the next one is tried.
    """

    name = "plyer"

    def __init__(self, icon: str | None = None, send: Callable[..., Any] | None = None) -> None:
        self.icon = default_icon() if icon is None else icon
        self._send = send or _plyer_notify

    def notify(self, notice: Notice) -> DeliveryResult:
        """Hand the notice to plyer."""
        try:
            self._send(
                title=notice.summary,
                message=notice.body,
                app_name=APP_NAME,
                app_icon=self.icon,
                timeout=max(1, notice.timeout_ms // 1000),
            )
        except Exception as exc:  # third-party code: anything may come out
            return DeliveryResult(False, self.name, f"plyer failed: {type(exc).__name__}: {exc}")
        return DeliveryResult(True, self.name, "handed to plyer (it cannot confirm delivery)")

    def capability(self) -> Capability:
        """plyer is importable (whether its backend works shows only when used)."""
        try:
            import plyer  # noqa: F401
        except Exception as exc:
            return Capability("notifications.plyer", False, f"plyer not importable: {exc}")
        return Capability("notifications.plyer", True, "plyer available (delivery unconfirmed)")


class CallableNotifier:
    """A notifier from a plain callable returning whether it showed the notice.

    The app uses it for the tray balloon, wrapping ``QSystemTrayIcon.showMessage`` so that it
    returns False when no tray is available (``showMessage`` itself is silent then).
    """

    def __init__(self, name: str, show: Callable[[Notice], bool]) -> None:
        self.name = name
        self._show = show

    def notify(self, notice: Notice) -> DeliveryResult:
        """Call the function; an exception or False means not delivered."""
        try:
            shown = bool(self._show(notice))
        except Exception as exc:
            return DeliveryResult(False, self.name, f"{type(exc).__name__}: {exc}")
        if not shown:
            return DeliveryResult(False, self.name, f"{self.name} unavailable")
        detail = "no action buttons" if notice.actions else ""
        return DeliveryResult(True, self.name, detail)


class ToastNotifier:
    """The app's own small always-on-top window (``ui.toast``), passed in as a callable."""

    name = "toast"

    def __init__(self, show: ToastShow, on_action: ActionCallback) -> None:
        self._show = show
        self.on_action = on_action

    def notify(self, notice: Notice) -> DeliveryResult:
        """Show the toast; False or an exception means not delivered."""
        try:
            shown = self._show(
                notice.summary,
                notice.body,
                list(notice.actions),
                notice.timeout_ms,
                self.on_action,
            )
        except Exception as exc:
            return DeliveryResult(False, self.name, f"{type(exc).__name__}: {exc}")
        return DeliveryResult(bool(shown), self.name, "" if shown else "toast not shown")


class NullNotifier:
    """Shows nothing and says so (the break window itself is then the reminder)."""

    name = "none"

    def __init__(self, reason: str = "no notification channel") -> None:
        self.reason = reason

    def notify(self, notice: Notice) -> DeliveryResult:
        """Report non-delivery."""
        return DeliveryResult(False, self.name, self.reason)


# --------------------------------------------------------------------------- the chain


class ChainNotifier:
    """Tries each backend in order until one delivers.

    The first failure of a backend is logged as a warning (later ones at debug level until it
    works again, so a dead server does not fill the log); a recovery is logged too.
    """

    name = "chain"

    def __init__(self, backends: Sequence[Notifier]) -> None:
        self.backends = list(backends)
        self.last: DeliveryResult | None = None
        self._failing: set[str] = set()

    def notify(self, notice: Notice) -> DeliveryResult:
        """Deliver through the first backend that works; report which one (or why none)."""
        failures: list[str] = []
        for backend in self.backends:
            try:
                result = backend.notify(notice)
            except Exception as exc:  # a Notifier must not raise; guard anyway
                result = DeliveryResult(False, backend.name, f"{type(exc).__name__}: {exc}")
            if result.delivered:
                if backend.name in self._failing:
                    self._failing.discard(backend.name)
                    log.info("notifications: %s works again", backend.name)
                detail = result.detail
                if failures:
                    detail = "; ".join([*failures, detail] if detail else failures)
                self.last = DeliveryResult(True, backend.name, detail)
                return self.last
            failures.append(f"{backend.name}: {result.detail}")
            if backend.name not in self._failing:
                self._failing.add(backend.name)
                log.warning(
                    "notifications: %s failed (%s); trying the next channel",
                    backend.name,
                    result.detail,
                )
            else:
                log.debug("notifications: %s still failing (%s)", backend.name, result.detail)
        self.last = DeliveryResult(False, "none", "; ".join(failures) or "no channel configured")
        log.warning("notifications: no channel delivered: %s", self.last.detail)
        return self.last

    def capabilities(self) -> list[Capability]:
        """One summary entry (backend in use and the order) plus each backend's own, if any."""
        order = ", ".join(b.name for b in self.backends) or "none"
        caps: list[Capability] = []
        for backend in self.backends:
            getter = getattr(backend, "capability", None)
            if getter is not None:
                caps.append(getter())
        if self.last is not None:
            using = self.last.backend
            available = self.last.delivered
            detail = (
                f"last notice shown by {using}"
                if available
                else f"last notice not shown: {self.last.detail}"
            )
        else:
            first_ok = next((c for c in caps if c.available), None)
            available = first_ok is not None or any(
                getattr(b, "capability", None) is None for b in self.backends
            )
            using = (
                first_ok.name.rsplit(".", 1)[-1]
                if first_ok
                else (
                    next(
                        (b.name for b in self.backends if getattr(b, "capability", None) is None),
                        "none",
                    )
                )
            )
            detail = f"{using} first in line"
        hint = (
            ""
            if available
            else ("No way to show notifications: the break window itself will remind you.")
        )
        summary = Capability(
            "notifications", available, detail, hint, extra={"backend": using, "order": order}
        )
        return [summary, *caps]


def pick_notifier(
    on_action: ActionCallback,
    tray_message: TrayMessage | None = None,
    toast: ToastShow | None = None,
    *,
    platform: str | None = None,
    bus_address: str | None = None,
) -> ChainNotifier:
    """Build the notification chain for this platform and log what it is and why."""
    platform = sys.platform if platform is None else platform
    backends: list[Notifier] = []
    why: list[str] = []
    if platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        missing = jeepney_missing()
        if not missing:
            fd = FreedesktopNotifier(on_action, bus_address=bus_address)
            backends.append(fd)
            cap = fd.capability()
            why.append(f"freedesktop: {cap.detail}")
        else:
            # plyer would use notify-send, which cannot report failure: a last resort only.
            backends.append(PlyerNotifier())
            why.append(f"plyer instead of freedesktop: {missing}")
    else:
        backends.append(PlyerNotifier())
        why.append(f"plyer on {platform}")
    if tray_message is not None:
        tray = tray_message
        backends.append(
            CallableNotifier("tray", lambda n: tray(n.summary, n.body, max(0, n.timeout_ms)))
        )
    if toast is not None:
        backends.append(ToastNotifier(toast, on_action))
    chain = ChainNotifier(backends)
    log.info("notifications: trying %s (%s)", " -> ".join(b.name for b in backends), "; ".join(why))
    return chain
