"""Notice when the computer slept or the wall clock was set.

QTimer runs on the monotonic clock, which stops while the machine is suspended,
and APScheduler does not notice suspend at all. So a heartbeat compares how far
the wall clock and the monotonic clock moved since the last beat: wall time
running ahead means the machine slept (or the clock was set forward), wall time
falling behind means the clock was set back. On Linux, logind's
``PrepareForSleep`` signal on the system bus reports a resume at once instead of
up to a minute later; where there is no system bus or no logind the heartbeat
alone does the job.

The planner decides what a resume means; this only measures.
"""

from __future__ import annotations

import logging
import sys
from datetime import datetime
from typing import Any

from PySide6.QtCore import SLOT, QObject, QTimer, Signal, Slot
from PySide6.QtDBus import QDBusMessage

from deskstretch.core.clock import Clock

log = logging.getLogger(__name__)

HEARTBEAT_MS = 60_000
#: Wall and monotonic time may disagree by this much before it counts (NTP slews,
#: timer jitter and a busy event loop stay far below it).
THRESHOLD_SECONDS = 30.0

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
    """

    resumed = Signal(float)
    clock_changed = Signal(float)

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
        self._bus: Any = None
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
        if self._bus is not None and self.logind_available:
            self._bus.disconnect(  # same arguments as the connect
                LOGIND_SERVICE,
                LOGIND_PATH,
                LOGIND_INTERFACE,
                "PrepareForSleep",
                self,
                _slot_signature(),
            )
        self._bus = None
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

    def _listen_to_logind(self) -> None:
        if not sys.platform.startswith("linux"):
            self.logind_detail = "logind exists on Linux only"
            return
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:
            self.logind_detail = "QtDBus is not available"
            return
        bus = QDBusConnection.systemBus()
        if not bus.isConnected():
            self.logind_detail = "no system bus"
            log.info("sleep watch: no system D-Bus; using the heartbeat only")
            return
        interface = bus.interface()
        registered = interface.isServiceRegistered(LOGIND_SERVICE) if interface else None
        if registered is None or not bool(registered.value()):
            self.logind_detail = "logind is not running"
            log.info("sleep watch: logind not on the system bus; using the heartbeat only")
            return
        try:
            ok = bus.connect(
                LOGIND_SERVICE,
                LOGIND_PATH,
                LOGIND_INTERFACE,
                "PrepareForSleep",
                self,
                _slot_signature(),
            )
        except (TypeError, ValueError) as exc:  # a binding change must not stop the app
            log.warning("sleep watch: cannot subscribe to logind: %s", exc)
            ok = False
        self._bus = bus if ok else None
        self.logind_available = bool(ok)
        self.logind_detail = "listening to PrepareForSleep" if ok else "could not subscribe"
        log.info("sleep watch: logind %s", self.logind_detail)

    @Slot(QDBusMessage)
    def _on_prepare_for_sleep(self, message: QDBusMessage) -> None:
        arguments = list(message.arguments())
        going_to_sleep = bool(arguments[0]) if arguments else False
        log.info("logind: %s", "going to sleep" if going_to_sleep else "resumed")
        # Beating right before sleep makes the beat after it measure the sleep alone;
        # beating at once on resume reports it without waiting for the timer.
        self.check()


def _slot_signature() -> Any:
    # SLOT() adds the "1" method-code prefix; a bare string loses its first character.
    # PySide6 6.11 accepts this str although its stubs say bytes (and bytes fail).
    return SLOT("_on_prepare_for_sleep(QDBusMessage)")
