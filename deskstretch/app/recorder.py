"""Turns what happens in the app into history records (issue 15).

The controller tells the recorder what the planner decided and what the user did; the
recorder keeps the few facts a record needs until it is complete (when a break started,
since when a hold or a pause lasts, since when the user has been at the computer) and hands
finished records to the history store. No Qt here: the clock and the store come in.

The store is opened on first use, not at start-up: the idle app does not load SQLite until
something is worth writing down (docs/performance.md has the figures).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from deskstretch.core.clock import Clock
from deskstretch.core.events import (
    AwayEnded,
    BreakSkipped,
    BreakStarted,
    Event,
    MicroBreakSkipped,
    MicroBreakStarted,
    Snoozed,
)
from deskstretch.core.history import (
    BreakEnd,
    BreakRecord,
    FlexCheck,
    FlexLevel,
    MicroRecord,
    Record,
    Restored,
    SnoozeRecord,
    Span,
    SpanKind,
    StretchDone,
)
from deskstretch.core.ports import History

log = logging.getLogger(__name__)

#: Active time shorter than this is not worth a row.
MIN_SPAN = timedelta(seconds=1)


@dataclass
class _OpenBreak:
    at: datetime
    due: datetime | None
    reason: str
    long: bool
    stretch_ids: tuple[str, ...]


class Recorder:
    """Keeps the history of breaks, micro-breaks, snoozes, holds, pauses and time at the computer.

    Args:
        clock: The app's clock (UTC instants and the local zone).
        open_history: Opens the store (called once, on first use); None records nothing.
        on_problem: Told once, in a sentence, when the store cannot read or write.
    """

    def __init__(
        self,
        clock: Clock,
        open_history: Callable[[], History] | None,
        on_problem: Callable[[str], None] | None = None,
    ) -> None:
        self._clock = clock
        self._open = open_history
        self._on_problem = on_problem
        self._told = False
        self._history: History | None = None
        self._opened = False
        self._active_since: datetime | None = None
        self._break: _OpenBreak | None = None
        self._micro: tuple[datetime, str] | None = None
        self._holds: dict[str, datetime] = {}
        self._paused_since: datetime | None = None

    # ------------------------------------------------------------------ the store
    @property
    def history(self) -> History | None:
        """The store, opened on first use (None when the app keeps no history)."""
        if not self._opened:
            self._opened = True
            if self._open is not None:
                try:
                    self._history = self._open()
                except Exception:  # a broken store must never stop the app
                    log.exception("the break history cannot be opened")
                self._check()
        return self._history

    def _check(self) -> None:
        """Tell the user once when the store has a problem (it keeps the app running)."""
        problem = getattr(self._history, "problem", None)
        if problem and not self._told and self._on_problem is not None:
            self._told = True
            self._on_problem(str(problem))

    def records(self, since: date | None = None) -> list[Record]:
        """The records kept so far (none without a store)."""
        history = self.history
        return history.records(since) if history is not None else []

    def first_day(self) -> date | None:
        """The day the record starts (None without a store or a record)."""
        history = self.history
        return history.first_day() if history is not None else None

    def _day(self, at: datetime) -> date:
        return at.astimezone(self._clock.local_zone()).date()

    def _add(self, record: Record) -> None:
        history = self.history
        if history is not None:
            history.add(record)
            self._check()

    def _span(self, kind: SpanKind, start: datetime, end: datetime, reason: str = "") -> None:
        if end - start >= MIN_SPAN:
            self._add(Span(kind, start, end, self._day(start), reason))

    def _active_until(self, end: datetime, again: datetime) -> None:
        """Time at the computer ran until ``end`` (if it ran); it counts again from ``again``."""
        if self._active_since is not None:
            self._span("active", self._active_since, end)  # nothing when ``end`` is not later
        self._active_since = again

    def _checkpoint(self, now: datetime) -> None:
        """Write the time at the computer so far (a crash loses at most the time since)."""
        if self._active_since is not None and now - self._active_since >= MIN_SPAN:
            self._span("active", self._active_since, now)
            self._active_since = now

    # ------------------------------------------------------------------ lifecycle
    def started(self) -> None:
        """The app started: the user is at the computer from now."""
        self._active_since = self._clock.now()

    def shutdown(self) -> None:
        """The app quits: close what is still open, and the store."""
        now = self._clock.now()
        if self._history is None and self._active_since is None:
            return
        for reason in list(self._holds):
            self._span("hold", self._holds.pop(reason), now, reason)
        if self._paused_since is not None:
            self._span("pause", self._paused_since, now)
            self._paused_since = None
        self._checkpoint(now)
        self._active_since = None
        if self._history is not None:
            try:
                self._history.close()
            except Exception:
                log.exception("the break history could not be closed cleanly")

    def ending(self, progress: tuple[StretchDone, ...] = ()) -> BreakRecord | None:
        """The break on screen as it would be recorded if it ended now, completed."""
        if self._break is None:
            return None
        now = self._clock.now()
        b = self._break
        return BreakRecord(
            b.at, self._day(b.at), b.due, now, b.reason, "completed", b.long, progress
        )

    @property
    def opened(self) -> History | None:
        """The store if it has been opened (never opens it)."""
        return self._history

    # ------------------------------------------------------------------ what the planner said
    def on_events(self, events: Iterable[Event]) -> None:
        """Record what the planner's events say happened."""
        now = self._clock.now()
        for event in events:
            if isinstance(event, BreakStarted):
                self._break = _OpenBreak(
                    now, event.due, event.reason, event.long, event.stretch_ids
                )
            elif isinstance(event, BreakSkipped):
                self._checkpoint(now)
                self._add(BreakRecord(now, self._day(now), now, None, "scheduled", "missed", False))
            elif isinstance(event, MicroBreakStarted):
                self._micro = (now, event.cue_id)
            elif isinstance(event, MicroBreakSkipped):
                self._add(MicroRecord(now, self._day(now), "", "missed"))
            elif isinstance(event, Snoozed):
                self._add(SnoozeRecord(now, self._day(now), event.until, event.kind))
            elif isinstance(event, AwayEnded):
                self._away(event)

    def _away(self, event: AwayEnded) -> None:
        # Time at the computer stops where the absence began and starts again at the return.
        self._active_until(event.start, max(event.end, self._active_since or event.end))
        self._span("natural" if event.natural else "away", event.start, event.end)

    # ------------------------------------------------------------------ what the user did
    def break_ended(self, end: BreakEnd, progress: tuple[StretchDone, ...]) -> BreakRecord | None:
        """The break window closed; returns the record written (None if no break was open)."""
        opened, self._break = self._break, None
        if opened is None:
            return None
        now = self._clock.now()
        record = BreakRecord(
            at=opened.at,
            day=self._day(opened.at),
            due=opened.due,
            ended=now,
            reason=opened.reason,
            end=end,
            long=opened.long,
            stretches=progress,
        )
        self._active_until(opened.at, now)  # the break itself is not work
        self._add(record)
        return record

    @property
    def break_open(self) -> tuple[str, ...] | None:
        """The stretch ids of the break on screen (None when none is)."""
        return self._break.stretch_ids if self._break is not None else None

    def micro_ended(self, end: str) -> None:
        """The micro-break's cue closed (``done`` or ``skipped``)."""
        opened, self._micro = self._micro, None
        if opened is None:
            return
        at, cue = opened
        self._add(MicroRecord(at, self._day(at), cue, "skipped" if end == "skipped" else "done"))

    def holds_changed(self, reasons: set[str]) -> None:
        """The do-not-disturb reasons now in force."""
        now = self._clock.now()
        for reason in set(self._holds) - reasons:
            self._span("hold", self._holds.pop(reason), now, reason)
        for reason in reasons - set(self._holds):
            self._holds[reason] = now

    def pause_changed(self, paused: bool) -> None:
        """Breaks were paused or resumed (by the user, or a timed pause ended)."""
        now = self._clock.now()
        if paused and self._paused_since is None:
            self._paused_since = now
        elif not paused and self._paused_since is not None:
            self._span("pause", self._paused_since, now)
            self._paused_since = None

    def slept(self, seconds: float) -> None:
        """The computer slept for ``seconds`` until now."""
        now = self._clock.now()
        fell_asleep = now - timedelta(seconds=seconds)
        self._active_until(fell_asleep, now)
        self._span("asleep", fell_asleep, now)

    def flex_answer(self, level: FlexLevel) -> None:
        """The user said how far they reached in the toe-touch check."""
        now = self._clock.now()
        self._add(FlexCheck(now, self._day(now), level))

    def restored(self, stretch_id: str) -> None:
        """The user put a stretch that hurt back into the rotation."""
        now = self._clock.now()
        self._add(Restored(now, self._day(now), stretch_id))
