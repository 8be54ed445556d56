"""Notice when the computer slept or the wall clock was set.

QTimer runs on the monotonic clock, which stops while the machine is suspended,
and APScheduler does not notice suspend at all. So a heartbeat compares how far
the wall clock and the monotonic clock moved since the last beat: wall time
running ahead means the machine slept (or the clock was set forward), wall time
falling behind means the clock was set back. On Linux, logind's
``PrepareForSleep`` signal on the system bus reports a resume at once instead of
up to a minute later; where there is no system bus or no logind the heartbeat
alone does the job (docs/platform.md#sleep-and-resume). The system bus is read with
jeepney (the D-Bus library of :mod:`deskstretch.platform.bus`, which the notifier
uses too) through a socket notifier, so the idle app carries one D-Bus stack, not
two (QtDBus's Python module and its connection thread cost memory for one signal).

The planner decides what a resume means; this only measures.
"""

from __future__ import annotations

import logging
import sys
from collections import deque
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from deskstretch.core.clock import Clock
from deskstretch.platform.bus import close_listener, drain

log = logging.getLogger(__name__)

HEARTBEAT_MS = 60_000
#: Wall and monotonic time may disagree by this much before it counts (NTP slews,
#: timer jitter and a busy event loop stay far below it).
THRESHOLD_SECONDS = 30.0
#: Connecting to the system bus and asking it two questions (at start-up, once).
BUS_TIMEOUT_S = 2.0

LOGIND_SERVICE = "org.freedesktop.login1"
LOGIND_PATH = "/org/freedesktop/login1"
LOGIND_INTERFACE = "org.freedesktop.login1.Manager"


class SleepWatch(QObject):
    """Heartbeat (and logind) watcher for suspend/resume and clock changes.

    Signals:
        resumed(float): The machine was asleep (or the clock jumped ahead) for
            this many seconds.
        clock_changed(float): The wall clock was set back by this many seconds
            (negative).
        heartbeat(): Every heartbeat, after the check: the app's once-a-minute work rides
            on it rather than waking the process a second time each minute.
    """

    resumed = Signal(float)
    clock_changed = Signal(float)
    heartbeat = Signal()

    def __init__(
        self,
        clock: Clock,
        parent: QObject | None = None,
        *,
        interval_ms: int = HEARTBEAT_MS,
        threshold_seconds: float = THRESHOLD_SECONDS,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._threshold = threshold_seconds
        self._timer = QTimer(self)
        # Never beat more often than once a minute: this runs all day on laptops.
        self._timer.setInterval(max(interval_ms, HEARTBEAT_MS))
        self._timer.timeout.connect(self._on_timer_timeout)
        self._wall: datetime = clock.now()
        self._mono: float = clock.monotonic()
        self._conn: Any = None  # a jeepney connection to the system bus
        self._filter: Any = None
        self._signals: deque[Any] = deque(maxlen=64)
        self._notifier: QSocketNotifier | None = None
        self.logind_available = False
        self.logind_detail = "not started"

    @property
    def interval_ms(self) -> int:
        """The heartbeat interval."""
        return self._timer.interval()

    def start(self, *, use_logind: bool = True) -> None:
        """Start the heartbeat (and listen to logind when asked and available)."""
        self._reset()
        self._timer.start()
        if use_logind:
            self._listen_to_logind()

    def stop(self) -> None:
        """Stop watching."""
        self._timer.stop()
        self._close_bus()
        self.logind_available = False

    def check(self) -> float:
        """Run one heartbeat now.

        Returns:
            How far the wall clock ran ahead of the monotonic clock since the last
            beat, in seconds (negative: it fell behind). Signals are emitted only
            beyond the threshold.
        """
        wall = self._clock.now()
        mono = self._clock.monotonic()
        drift = (wall - self._wall).total_seconds() - (mono - self._mono)
        self._wall, self._mono = wall, mono
        if drift > self._threshold:
            log.info("wall clock ran %.0f s ahead of the monotonic clock: resumed", drift)
            self.resumed.emit(drift)
        elif drift < -self._threshold:
            log.info("wall clock fell back by %.0f s", -drift)
            self.clock_changed.emit(drift)
        return drift

    def _reset(self) -> None:
        self._wall = self._clock.now()
        self._mono = self._clock.monotonic()

    def _on_timer_timeout(self) -> None:
        self.check()
        self.heartbeat.emit()

    # ------------------------------------------------------------------ logind
    def _listen_to_logind(self) -> None:
        if not sys.platform.startswith("linux"):
            self.logind_detail = "logind exists on Linux only"
            return
        try:
            from jeepney import MatchRule, MessageType, message_bus
            from jeepney.io.blocking import open_dbus_connection
        except ImportError:
            self.logind_detail = "jeepney is not installed"
            return
        try:
            conn = open_dbus_connection("SYSTEM", auth_timeout=BUS_TIMEOUT_S)
        except (OSError, TimeoutError, ValueError, RuntimeError, KeyError) as exc:
            self.logind_detail = "no system bus"
            log.info("sleep watch: no system D-Bus (%s); using the heartbeat only", exc)
            return
        try:
            reply = conn.send_and_get_reply(
                message_bus.NameHasOwner(LOGIND_SERVICE), timeout=BUS_TIMEOUT_S
            )
            if not (reply.body and reply.body[0]):
                conn.close()
                self.logind_detail = "logind is not running"
                log.info("sleep watch: logind not on the system bus; using the heartbeat only")
                return
            rule = MatchRule(
                type="signal",
                sender=LOGIND_SERVICE,
                interface=LOGIND_INTERFACE,
                member="PrepareForSleep",
                path=LOGIND_PATH,
            )
            self._filter = conn.filter(
                MatchRule(
                    type="signal",
                    interface=LOGIND_INTERFACE,
                    member="PrepareForSleep",
                    path=LOGIND_PATH,
                ),
                queue=self._signals,
            )
            added = conn.send_and_get_reply(message_bus.AddMatch(rule), timeout=BUS_TIMEOUT_S)
            if added.header.message_type == MessageType.error:  # refused by the bus's policy
                raise ValueError(f"AddMatch refused: {added.body[0] if added.body else ''}")
        except (OSError, TimeoutError, ValueError) as exc:
            conn.close()
            self._filter = None
            self.logind_detail = "could not subscribe"
            log.warning("sleep watch: cannot subscribe to logind: %s", exc)
            return
        self._conn = conn
        self._notifier = QSocketNotifier(conn.sock.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_readable)
        self.logind_available = True
        self.logind_detail = "listening to PrepareForSleep"
        log.info("sleep watch: logind %s", self.logind_detail)

    def _on_readable(self) -> None:
        if self._conn is None:
            return
        failure = drain(self._conn)
        if failure:  # the bus went away: the heartbeat goes on
            log.info("sleep watch: system bus connection lost (%s)", failure)
            self._close_bus()
            self.logind_available = False
            self.logind_detail = "system bus connection lost"
        while self._signals:
            body = self._signals.popleft().body
            self._on_prepare_for_sleep(bool(body[0]) if body else False)

    def _on_prepare_for_sleep(self, going_to_sleep: bool) -> None:
        log.info("logind: %s", "going to sleep" if going_to_sleep else "resumed")
        # Beating right before sleep makes the beat after it measure the sleep alone;
        # beating at once on resume reports it without waiting for the timer.
        self.check()

    def _close_bus(self) -> None:
        close_listener(self._notifier, self._filter, self._conn)
        self._notifier = self._filter = self._conn = None
