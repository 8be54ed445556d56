"""FakeWakeup: the Wakeup port driven by a FakeClock, for deterministic planner tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

from deskstretch.core.events import BreakStarted, Event
from deskstretch.core.planner import Planner
from deskstretch.core.rules import Rules
from tests.helpers.fakes import FakeClock

E = TypeVar("E", bound=Event)


class FakeWakeup:
    """Holds at most one pending call; ``fire()`` moves the clock there and runs it.

    Like the real adapter, arming replaces the pending call and nothing fires after
    ``shutdown()``. ``arm_count`` lets tests check how often the app re-armed.
    """

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.armed_at: datetime | None = None
        self._callback: Callable[[], None] | None = None
        self.arm_count = 0
        self.is_shut_down = False

    def arm(self, at: datetime, callback: Callable[[], None]) -> None:
        if at.tzinfo is None:
            raise ValueError("FakeWakeup.arm needs an aware time")
        if self.is_shut_down:
            return
        self.armed_at = at
        self._callback = callback
        self.arm_count += 1

    def cancel(self) -> None:
        self.armed_at = None
        self._callback = None

    def shutdown(self) -> None:
        self.cancel()
        self.is_shut_down = True

    def fire(self) -> datetime:
        """Advance the clock to the armed time (if ahead) and run the callback once.

        Returns:
            The armed time that fired.
        """
        if self.armed_at is None or self._callback is None:
            raise RuntimeError("nothing is armed")
        at, callback = self.armed_at, self._callback
        self.cancel()  # the callback may arm again
        if at > self.clock.now():
            self.clock.advance(at - self.clock.now())
        callback()
        return at


class PlannerRig:
    """A planner wired like the app's controller, on a FakeClock and a FakeWakeup.

    Every event is logged with the (fake) time it happened; the wake-up is re-armed
    after each call, as the controller does. A started break is finished
    automatically after ``break_length`` (the user doing the stretch), unless
    ``auto_finish`` is False.
    """

    def __init__(
        self,
        rules: Rules,
        start: datetime,
        zone: str = "Europe/Berlin",
        break_length: timedelta = timedelta(minutes=2),
        auto_finish: bool = True,
        idle: Callable[[datetime], float | None] | None = None,
    ) -> None:
        self.clock = FakeClock(start, zone)
        self.zone = self.clock.local_zone()
        self.wakeup = FakeWakeup(self.clock)
        self.planner = Planner(rules, self.clock.now(), self.zone)
        self.log: list[tuple[datetime, Event]] = []
        self.break_length = break_length
        self.auto_finish = auto_finish
        self.break_ends: datetime | None = None
        self.deadline_checks = 0
        # Read at every wake-up before the planner advances, as the controller reads the idle time.
        self.idle = idle
        self.apply([])

    # ---------------------------------------------------------------- plumbing
    def apply(self, events: list[Event]) -> list[Event]:
        now = self.clock.now()
        for event in events:
            self.log.append((now, event))
            if isinstance(event, BreakStarted) and self.auto_finish:
                self.break_ends = now + self.break_length
        deadline = self.planner.next_deadline()
        self.deadline_checks += 1
        if deadline is None:
            self.wakeup.cancel()
        else:
            self.wakeup.arm(deadline, self._on_wakeup)
        return events

    def _on_wakeup(self) -> None:
        if self.idle is not None:
            self.apply(self.planner.user_idle(self.clock.now(), self.idle(self.clock.now())))
        self.apply(self.planner.advance(self.clock.now()))

    def do(self, intent: str, *args: object) -> list[Event]:
        """Call a planner intent at the current fake time, as the controller would."""
        method: Callable[..., list[Event]] = getattr(self.planner, intent)
        return self.apply(method(self.clock.now(), *args))

    def local(
        self, year: int, month: int, day: int, hour: int, minute: int, second: int = 0
    ) -> datetime:
        """A local wall time as aware UTC."""
        return datetime(year, month, day, hour, minute, second, tzinfo=self.zone).astimezone(UTC)

    # ---------------------------------------------------------------- time passing
    def run_until(self, target: datetime) -> None:
        """Let time pass normally until ``target``, firing wake-ups and ending breaks."""
        while True:
            moments = [t for t in (self.wakeup.armed_at, self.break_ends) if t is not None]
            nxt = min(moments) if moments else None
            if nxt is None or nxt > target:
                break
            if nxt > self.clock.now():
                self.clock.advance(nxt - self.clock.now())
            if self.break_ends is not None and nxt == self.break_ends:
                self.break_ends = None
                self.do("break_finished", "completed")
            else:
                self.wakeup.fire()
        if target > self.clock.now():
            self.clock.advance(target - self.clock.now())

    def away(self, until: datetime) -> None:
        """The user leaves now and is back at ``until``; idle is polled like the app does."""
        left = self.clock.now()
        interval = self.planner.idle_poll_interval()
        if interval is not None:
            poll = left + interval
            while poll < until:
                self.run_until(poll)
                self.do("user_idle", (self.clock.now() - left).total_seconds())
                interval = self.planner.idle_poll_interval() or interval
                poll += interval
        self.run_until(until)
        if interval is not None:
            self.do("user_idle", 0.0)

    def sleep(self, until: datetime, tell: bool = True) -> None:
        """Suspend now and resume at ``until`` (wall clock only), then report it if ``tell``."""
        slept = until - self.clock.now()
        self.clock.jump(slept)
        if self.break_ends is not None and self.break_ends < until:
            self.break_ends = until
        if tell:
            self.do("resumed_from_sleep", slept)

    # ---------------------------------------------------------------- what happened
    def starts(self) -> list[datetime]:
        return [t for t, e in self.log if isinstance(e, BreakStarted)]

    def local_starts(self, day: date) -> list[str]:
        """Break start times on a local day as "HH:MM" (or "HH:MM:SS" when not on the minute)."""
        out = []
        for t in self.starts():
            local = t.astimezone(self.zone)
            if local.date() == day:
                out.append(local.strftime("%H:%M:%S" if local.second else "%H:%M"))
        return out

    def events_of(self, kind: type[E]) -> list[tuple[datetime, E]]:
        """The logged events of one kind, with the time each happened."""
        return [(t, e) for t, e in self.log if isinstance(e, kind)]


class PauseAwareRig(PlannerRig):
    """A PlannerRig that knows, while it applies a call's events, whether breaks were paused
    before that call (so property tests can say "nothing started while paused")."""

    paused_before = False

    def _note_paused(self) -> None:
        self.paused_before = self.planner.status(self.clock.now()).state == "paused"

    def apply(self, events: list[Event]) -> list[Event]:
        out = super().apply(events)
        self._note_paused()
        return out

    def _on_wakeup(self) -> None:
        self._note_paused()
        super()._on_wakeup()

    def do(self, intent: str, *args: object) -> list[Event]:
        self._note_paused()
        return super().do(intent, *args)
