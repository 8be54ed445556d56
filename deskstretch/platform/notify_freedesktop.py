"""Notifications through ``org.freedesktop.Notifications`` (Linux/BSD), called with jeepney.

QtDBus cannot send ``Notify`` (its uint32 ``replaces_id`` goes out as int32, see
docs/platform.md#notifications); jeepney takes the explicit signature ``susssasa{sv}i``. Errors
come back as errors, so "no notification server" is known, not guessed. ``ActionInvoked`` /
``NotificationClosed`` are read from the Qt event loop through a ``QSocketNotifier`` on
jeepney's socket: no thread.

:class:`FreedesktopNotifier` is the first backend of the chain that
:func:`deskstretch.platform.notify.pick_notifier` builds on these systems.
"""

from __future__ import annotations

import logging
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier, QTimer

from deskstretch import DESKTOP_ID, data_file
from deskstretch.core.ports import Capability, DeliveryResult, Notice
from deskstretch.i18n import _, ngettext
from deskstretch.platform.bus import CALL_TIMEOUT_S, BusError, BusTimeout, call, drain, open_bus

log = logging.getLogger(__name__)

APP_NAME = "DeskStretch"
#: The ``desktop-entry`` hint: the installed desktop file's name without ".desktop".
DESKTOP_ENTRY = DESKTOP_ID
NOTIFICATIONS = "org.freedesktop.Notifications"
NOTIFICATIONS_PATH = "/org/freedesktop/Notifications"
NOTIFY_SIGNATURE = "susssasa{sv}i"
#: After the server let a call time out, it is not asked again for this long: a hung
#: server would otherwise freeze the app for the whole timeout at every notice.
UNRESPONSIVE_PAUSE_S = 300.0
_INT32_MAX = 2**31 - 1

ActionCallback = Callable[[str], None]


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
            raise BusError(_("cannot reach the session bus: {error}").format(error=exc)) from exc
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
            minutes = round(UNRESPONSIVE_PAUSE_S / 60)
            raise BusTimeout(
                ngettext(
                    "the notification server did not answer a moment ago; it is not asked "
                    "again until {n} minute has passed",
                    "the notification server did not answer a moment ago; it is not asked "
                    "again until {n} minutes have passed",
                    minutes,
                ).format(n=minutes)
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
                _("the notification server did not answer {method} within {seconds} s").format(
                    method=method, seconds=f"{self.call_timeout:g}"
                )
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
            detail = _("id {id}; the server shows no action buttons").format(id=nid)
        return DeliveryResult(True, self.name, detail)

    def withdraw(self, tag: str) -> None:
        """Close the bubble with ``tag`` if this server still shows it (``CloseNotification``).

        Never raises; a failure is logged (the bubble then goes when its timeout ends).
        """
        nid = self._ids_by_tag.pop(tag, None)
        if nid is None:
            return  # never shown, already closed (by the user or the server), or a new session
        self._shown.pop(nid, None)
        try:
            self._call("CloseNotification", "u", (nid,))
        except BusError as exc:
            log.info("notifications: could not close notice %s (%s): %s", nid, tag, exc)
            return
        log.debug("notifications: closed notice %s (%s)", nid, tag)

    def capability(self) -> Capability:
        """Whether a notification server answers, and which."""
        try:
            name, vendor, version, *_spec = self.server_information()
            caps = self.server_capabilities()
        except (BusError, ValueError) as exc:
            return Capability(
                "notifications.freedesktop",
                False,
                str(exc),
                _(
                    "Start a notification server (most desktops have one; on a bare window "
                    "manager install dunst or mako)."
                ),
            )
        if "actions" in caps:
            detail = _("{server} {version} ({vendor}), with action buttons")
        else:
            detail = _("{server} {version} ({vendor}), without action buttons")
        return Capability(
            "notifications.freedesktop",
            True,
            detail.format(server=name, version=version, vendor=vendor),
            extra={"server": name, "version": version, "capabilities": ",".join(caps)},
        )
