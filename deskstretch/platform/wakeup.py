"""The wake-up adapter: calls the app back at a wall-clock instant, on the GUI thread.

Built on APScheduler 3.11's ``QtScheduler`` with two fixes (docs/platform.md#apscheduler):

* The stock scheduler arms ``QTimer.singleShot``, which returns None in PySide6,
  so it can never cancel a pending shot: every ``wakeup()`` starts another
  self-re-arming chain, and they keep firing after ``shutdown()``. Our subclass
  keeps ONE parented single-shot QTimer and restarts it.
* The default executor is a thread pool; the ``debug`` executor runs jobs on the
  GUI thread, where widgets may be touched.

There is one ``date`` job, replaced by id on every ``arm()``, with
``misfire_grace_time=None`` (a wake-up late because the machine slept still runs,
once) and ``coalesce=True``. APScheduler does not notice suspend (its issue 794):
the sleep watch does (:mod:`deskstretch.platform.sleepwatch`), the controller tells
the planner, and a changed deadline re-arms this adapter, which re-evaluates the
schedule against the wall clock.

APScheduler is imported on first ``arm()`` so importing this module stays cheap.
"""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)

JOB_ID = "deskstretch-wakeup"
_MAX_TIMER_MS = 2_147_483_647  # QTimer takes a signed 32-bit interval


@functools.cache
def _scheduler_class() -> type[Any]:
    """Define the QtScheduler subclass (imports APScheduler on first use)."""
    from apscheduler.schedulers.base import BaseScheduler
    from apscheduler.schedulers.qt import QtScheduler

    class OneTimerQtScheduler(QtScheduler):  # type: ignore[misc]
        """A QtScheduler with one parented, restartable single-shot QTimer."""

        def __init__(self, owner: QObject, after_jobs: Callable[[], None], **options: Any) -> None:
            self._qtimer = QTimer(owner)
            self._qtimer.setSingleShot(True)
            # The default (coarse) timer type is enough: Qt keeps waits of 20 s and more to
            # whole seconds, and touching the Qt namespace to ask for a precise one costs the
            # idle app ~1.5 MB and ~14 ms.
            self._qtimer.timeout.connect(self._process_jobs)
            self._after_jobs = after_jobs
            super().__init__(**options)

        def shutdown(self, *args: Any, **kwargs: Any) -> None:
            BaseScheduler.shutdown(self, *args, **kwargs)
            self._stop_timer()

        def _start_timer(self, wait_seconds: float | None) -> None:
            self._stop_timer()
            if wait_seconds is not None:
                # Round up: truncating (as upstream does) wakes a hair early, finds
                # nothing due and spins with 0 ms timers until the job is due.
                wait_ms = math.ceil(wait_seconds * 1000)
                self._qtimer.start(min(max(wait_ms, 0), _MAX_TIMER_MS))

        def _stop_timer(self) -> None:
            self._qtimer.stop()

        def wakeup(self) -> None:
            self._start_timer(0)

        def _process_jobs(self) -> float | None:
            wait_seconds: float | None = BaseScheduler._process_jobs(self)
            self._start_timer(wait_seconds)
            # The callback runs after APScheduler is done with the job: a date job
            # is removed by id once it ran, which would drop a re-arm made inside it.
            self._after_jobs()
            return wait_seconds

    return OneTimerQtScheduler


class QtWakeup(QObject):
    """The :class:`~deskstretch.core.ports.Wakeup` port on APScheduler, on the GUI thread."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._scheduler: Any = None
        self._callback: Callable[[], None] | None = None
        self._due = False
        self._shut_down = False

    @property
    def armed_at(self) -> datetime | None:
        """When the pending wake-up will fire (None when nothing is pending)."""
        if self._scheduler is None or self._shut_down:
            return None
        job = self._scheduler.get_job(JOB_ID)
        if job is None:
            return None
        when: datetime | None = job.next_run_time
        return when

    def arm(self, at: datetime, callback: Callable[[], None]) -> None:
        """Call ``callback`` once at ``at`` (aware), replacing any pending wake-up."""
        if self._shut_down:
            log.debug("wake-up armed after shutdown; ignored")
            return
        if at.tzinfo is None:
            raise ValueError("QtWakeup.arm needs an aware datetime")
        self._callback = callback
        self._due = False
        scheduler = self._ensure_started()
        scheduler.add_job(
            self._on_job,
            trigger="date",
            run_date=at.astimezone(UTC),
            id=JOB_ID,
            replace_existing=True,
        )

    def cancel(self) -> None:
        """Drop the pending wake-up, if any."""
        self._callback = None
        self._due = False
        scheduler = None if self._shut_down else self._scheduler
        if scheduler is not None and scheduler.get_job(JOB_ID) is not None:
            scheduler.remove_job(JOB_ID)

    def shutdown(self) -> None:
        """Cancel and stop the scheduler; nothing fires afterwards. Safe to call twice."""
        if self._shut_down:
            return
        self._shut_down = True
        self._callback = None
        self._due = False
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)

    def active_timers(self) -> int:
        """How many of this adapter's timers are running (at most one, by design)."""
        return sum(1 for timer in self.findChildren(QTimer) if timer.isActive())

    def _ensure_started(self) -> Any:
        if self._scheduler is None:
            quiet = logging.getLogger("apscheduler")
            if quiet.level == logging.NOTSET:
                # The app re-arms after every idle poll; APScheduler would log two
                # INFO lines each time. Its warnings and errors still get through.
                quiet.setLevel(logging.WARNING)
            self._scheduler = _scheduler_class()(
                self,
                self._deliver,
                timezone=UTC,
                executors={"default": {"type": "debug"}},
                job_defaults={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
            )
            self._scheduler.start()
        return self._scheduler

    def _on_job(self) -> None:
        # Runs inside APScheduler's job loop; the callback runs in _deliver, after it.
        self._due = True

    def _deliver(self) -> None:
        if not self._due or self._shut_down:
            return
        self._due = False
        callback, self._callback = self._callback, None
        if callback is not None:
            callback()
