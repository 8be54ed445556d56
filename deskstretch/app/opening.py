"""A stretch window that opens at the first pause in typing (issue 13).

:class:`WaitingWindow` stands in for the stretch window from the moment a scheduled break
falls due: it asks :func:`deskstretch.core.opening.when_to_open` whether input has paused,
looks again when a pause could be complete (or when the idle source reports one), and builds
the real window then. Until it opens, closing it (a skip, a pause, quitting) just stops the
wait; afterwards it hands everything to the real window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from PySide6.QtCore import QObject, QTimer

from deskstretch.core.clock import Clock
from deskstretch.core.history import StretchDone
from deskstretch.core.opening import when_to_open

log = logging.getLogger(__name__)


class BreakWindow(Protocol):
    """The part of the stretch window the controller uses (a :class:`WaitingWindow` too)."""

    def start(self) -> None:
        """Show the window and start the routine."""
        ...

    def close(self) -> bool:
        """Close the window."""
        ...

    def progress(self) -> tuple[StretchDone, ...]:
        """How far the user got through each stretch so far."""
        ...

    @property
    def closed_early(self) -> bool:
        """Closed before the routine's end without the user skipping (window manager, Esc...)."""
        ...


class WaitingWindow(QObject):
    """The break window, waiting for a pause in the user's typing before it opens."""

    def __init__(
        self,
        make: Callable[[], BreakWindow],
        clock: Clock,
        idle_seconds: Callable[[], float | None],
        waiting_changed: Callable[[bool], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._make = make
        self._clock = clock
        self._idle_seconds = idle_seconds
        self._waiting_changed = waiting_changed
        self._since: datetime | None = None
        self.real: BreakWindow | None = None
        self._closed = False
        self._announced = False  # waiting_changed(True) was called
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.look)

    @property
    def waiting(self) -> bool:
        """Started, not open yet, not closed."""
        return self._since is not None and self.real is None and not self._closed

    def start(self) -> None:
        """Begin waiting (the window opens at once if input has paused already)."""
        self._since = self._clock.now()
        self.look()
        if self.waiting:
            log.info("break window waits for a pause in typing")
            self._announced = True
            self._waiting_changed(True)

    def look(self) -> None:
        """Open the window if input has paused (or the wait is over); else look again later."""
        if not self.waiting or self._since is None:
            return
        waited = (self._clock.now() - self._since).total_seconds()
        decision = when_to_open(waited, self._idle_seconds())
        if not decision.open:
            assert decision.look_again_in is not None
            self._timer.start(max(100, round(decision.look_again_in * 1000)))
            return
        self._timer.stop()
        log.info("break window opens: %s (after %.0f s)", decision.why, waited)
        self.real = self._make()
        self.real.start()
        self._done_waiting()

    def close(self) -> bool:
        """Close the real window, or stop waiting."""
        if self.real is not None:
            return self.real.close()
        self._closed = True
        self._timer.stop()
        self._done_waiting()
        return True

    def _done_waiting(self) -> None:
        if self._announced:
            self._announced = False
            self._waiting_changed(False)

    def progress(self) -> tuple[StretchDone, ...]:
        """The real window's progress (nothing before it opened)."""
        return self.real.progress() if self.real is not None else ()

    @property
    def closed_early(self) -> bool:
        """As the real window says (a window that never opened did not close early)."""
        return self.real.closed_early if self.real is not None else False
