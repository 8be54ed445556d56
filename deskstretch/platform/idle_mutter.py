"""GNOME idle time as events: Mutter's ``org.gnome.Mutter.IdleMonitor`` watches.

Mutter (GNOME Shell's compositor, on Wayland and on X11) tells a client when the user has
been idle for a given time and when the user comes back, instead of being asked every few
seconds:

- ``AddIdleWatch(interval_ms) -> id``: ``WatchFired(id)`` once each time the idle time reaches
  ``interval_ms`` (the watch stays and fires again in the next idle period);
- ``AddUserActiveWatch() -> id``: ``WatchFired(id)`` at the next input, then the watch is gone
  (one-shot: it is added again after each idle watch that fires);
- ``RemoveWatch(id)``; ``GetIdletime() -> ms`` (exact, one call).

``WatchFired`` is sent to the client that added the watch only, so one jeepney connection is
kept open for the watches (Mutter drops them when that connection closes). It is read on the
Qt event loop through a :class:`QSocketNotifier` on its socket, as
:mod:`deskstretch.platform.sleepwatch` reads logind; there is no thread and no timer.
When Mutter is not on the session bus the monitor reports that honestly and the picker in
:mod:`deskstretch.platform.idle` moves on to the next source.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSocketNotifier, QTimer

from deskstretch.core.ports import Capability
from deskstretch.i18n import N_, _
from deskstretch.platform.bus import BusError, call, close_listener, drain, open_bus

log = logging.getLogger(__name__)

SERVICE = "org.gnome.Mutter.IdleMonitor"
PATH = "/org/gnome/Mutter/IdleMonitor/Core"
INTERFACE = "org.gnome.Mutter.IdleMonitor"
SIGNAL = "WatchFired"
CAPABILITY = "idle"  # as deskstretch.platform.idle.CAPABILITY (which imports this module)


class MutterIdleEvents:
    """GNOME: idle and active as ``WatchFired`` signals from Mutter's idle monitor.

    Implements :class:`deskstretch.core.ports.IdleEvents` and has the shape of the polled
    monitors in :mod:`deskstretch.platform.idle` (``name``, ``last_error``,
    ``idle_seconds()``, ``capability()``), which it cannot subclass: that module imports this
    one. ``idle_seconds()`` asks ``GetIdletime`` on the kept connection (exact).
    """

    name = "gnome-mutter-events"
    label = N_("GNOME Mutter idle monitor")

    def __init__(self, bus_address: str | None = None) -> None:
        self.last_error = ""
        self._bus_address = bus_address
        self._conn: Any = None  # a jeepney blocking connection, opened on first use
        self._filter: Any = None
        self._fired: deque[Any] = deque(maxlen=256)
        self._notifier: QSocketNotifier | None = None
        self._changed: Callable[[], None] | None = None
        self._idle_watches: dict[int, int] = {}  # watch id -> interval (ms)
        self._active_watch: int | None = None
        self._dispatch_pending = False

    # ------------------------------------------------------------------ the connection

    def _connection(self) -> Any:
        """The kept connection, opened (and subscribed to ``WatchFired``) on first use."""
        if self._conn is not None:
            return self._conn
        from jeepney import MatchRule, message_bus

        conn = open_bus(self._bus_address)
        try:
            rule = MatchRule(type="signal", interface=INTERFACE, member=SIGNAL, path=PATH)
            self._filter = conn.filter(rule, queue=self._fired)
            # WatchFired is addressed to us, so the bus delivers it anyway; the match rule
            # makes that explicit (and works on buses that route unicast signals by rule).
            conn.send_and_get_reply(message_bus.AddMatch(rule), timeout=2.0)
        except (OSError, TimeoutError, ValueError) as exc:
            conn.close()
            self._filter = None
            raise BusError(str(exc) or type(exc).__name__) from exc
        self._conn = conn
        return conn

    def _call(self, method: str, signature: str = "", body: tuple[Any, ...] = ()) -> Any:
        """One call to Mutter on the kept connection; returns the first value of the reply.

        Raises:
            BusError: no bus, no Mutter, an error reply, or the connection failed (it is
                then closed, and the next call opens a new one).
        """
        conn = self._connection()
        try:
            reply, _sender = call(conn, SERVICE, PATH, INTERFACE, method, signature, body)
        except (OSError, TimeoutError) as exc:
            self._drop_connection()
            raise BusError(f"{method}: {exc or type(exc).__name__}") from exc
        finally:
            # A signal that came in while we waited for the reply is already off the socket,
            # so the notifier will not see it: hand it over on the event loop.
            if self._fired:
                self._schedule_dispatch()
        return reply[0] if reply else None

    def idle_seconds(self) -> float | None:
        """Seconds since the last input (``GetIdletime``), or None when Mutter does not answer."""
        try:
            ms = int(self._call("GetIdletime"))
        except BusError as exc:
            if str(exc) != self.last_error:
                log.warning("idle time via %s failed: %s", self.name, exc)
            self.last_error = str(exc)
            if self._changed is None:  # not watching: keep nothing open (the picker moves on)
                self._drop_connection()
            return None
        self.last_error = ""
        return max(0.0, ms / 1000.0)

    def _drop_connection(self) -> None:
        close_listener(self._notifier, self._filter, self._conn)
        self._notifier = self._filter = self._conn = None
        self._idle_watches.clear()
        self._active_watch = None

    # ------------------------------------------------------------------ IdleEvents

    def capability(self) -> Capability:
        """Available (events) when Mutter answers; otherwise why not."""
        value = self.idle_seconds()
        if value is None:
            why = self.last_error or _("no answer")
            return Capability(CAPABILITY, False, f"{_(self.label)}: {why}")
        # TRANSLATORS: an idle-time source that tells the app when the user goes idle or
        # comes back (it is not asked every few seconds); {source} is its name.
        detail = _("{source} (events)").format(source=_(self.label))
        return Capability(CAPABILITY, True, detail, extra={"backend": self.name, "mode": "events"})

    def watch(self, thresholds: tuple[float, ...], changed: Callable[[], None]) -> bool:
        """Ask Mutter for one idle watch per threshold; ``changed()`` when one fires and at
        the first input after that. Replaces earlier thresholds (a watch for the user's return
        stays, so new thresholds given while the user is away do not lose it; an empty tuple
        removes it too). False when Mutter cannot be asked (the caller then polls)."""
        self._remove_watches(keep_active=bool(thresholds))
        self._changed = changed
        try:
            conn = self._connection()
            for seconds in sorted(set(thresholds)):
                interval = max(1, round(seconds * 1000))
                watch_id = int(self._call("AddIdleWatch", "t", (interval,)))
                self._idle_watches[watch_id] = interval
        except BusError as exc:
            log.warning("idle watches via Mutter failed: %s", exc)
            self.last_error = str(exc)
            self._remove_watches()
            self._drop_connection()
            self._changed = None
            return False
        if self._notifier is None:
            self._notifier = QSocketNotifier(conn.sock.fileno(), QSocketNotifier.Type.Read)
            self._notifier.activated.connect(self._on_readable)
        log.info(
            "idle: Mutter watches at %s s",
            ", ".join(f"{ms / 1000:g}" for ms in sorted(self._idle_watches.values())),
        )
        return True

    def unwatch(self) -> None:
        """Remove every watch; no more calls. The connection stays for ``idle_seconds``."""
        self._changed = None
        self._remove_watches()

    def close(self) -> None:
        """Remove the watches and close the connection."""
        self.unwatch()
        self._drop_connection()

    # ------------------------------------------------------------------ events

    def _remove_watches(self, *, keep_active: bool = False) -> None:
        """Remove the idle watches, and the watch for the user's return unless ``keep_active``.

        Signals already received for removed watches are ignored when they are handled.
        """
        ids = list(self._idle_watches)
        self._idle_watches.clear()
        if self._active_watch is not None and not keep_active:
            ids.append(self._active_watch)
            self._active_watch = None
        if self._conn is None:
            return
        for watch_id in ids:
            try:
                self._call("RemoveWatch", "u", (watch_id,))
            except BusError as exc:  # Mutter gone: its watches went with it
                log.info("idle: RemoveWatch(%d) failed: %s", watch_id, exc)
                return

    def _schedule_dispatch(self) -> None:
        if not self._dispatch_pending:
            self._dispatch_pending = True
            QTimer.singleShot(0, self._dispatch)

    def _on_readable(self) -> None:
        if self._conn is None:
            return
        failure = drain(self._conn)
        if failure:
            log.warning("idle: session bus connection to Mutter lost (%s)", failure)
            self.last_error = failure
            self._drop_connection()
        self._dispatch()

    def _dispatch(self) -> None:
        """Handle every ``WatchFired`` received so far; call back once if any was ours."""
        self._dispatch_pending = False
        ours = False
        while self._fired:
            body = self._fired.popleft().body
            watch_id = int(body[0]) if body else -1
            if watch_id in self._idle_watches:
                ours = True
                self._on_idle(self._idle_watches[watch_id])
            elif watch_id == self._active_watch and watch_id is not None:
                ours = True
                self._active_watch = None
        if ours and self._changed is not None:
            self._changed()

    def _on_idle(self, interval_ms: int) -> None:
        """An idle watch fired: listen for the user's return (a one-shot watch), once."""
        if self._active_watch is not None or self._conn is None:
            return
        try:
            watch_id = int(self._call("AddUserActiveWatch"))
            # Input between the idle watch firing and now would not fire the new watch; the
            # callback for the idle watch then finds the user active in idle_seconds().
            if int(self._call("GetIdletime")) < interval_ms:
                self._call("RemoveWatch", "u", (watch_id,))
                return
        except BusError as exc:
            log.warning("idle: AddUserActiveWatch failed: %s", exc)
            return
        self._active_watch = watch_id
