"""Property tests: random intents, absences, suspends and clock jumps (hypothesis).

Invariants from issue 3:
* a scheduled break never comes sooner than one interval after the previous
  break ended (time measured without the clock changes the user made);
* no scheduled break while paused, held or outside working hours;
* ``next_deadline()`` is never in the past after the planner ran;
* at most one break per call (so per wake-up), and none within the first
  minute after a resume or a clock jump.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskstretch.core.events import BreakEnded, BreakStarted, Event
from deskstretch.core.rules import Rules, window_at
from tests.helpers.fake_wakeup import PauseAwareRig, PlannerRig

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2026, 3, 27, 8, 0, tzinfo=BERLIN)  # the Friday before the DST change


@dataclass
class Checks:
    rules: Rules
    holds: set[str] = field(default_factory=set)
    shift: timedelta = timedelta(0)  # sum of clock changes the user made
    last_end: datetime | None = None  # shifted time of the last break end
    quiet: list[tuple[datetime, datetime]] = field(default_factory=list)
    breaks: int = 0


class CheckedRig(PauseAwareRig):
    """A PlannerRig that checks the invariants on every call."""

    checks: Checks

    def apply(self, events: list[Event]) -> list[Event]:
        now = self.clock.now()
        started = [e for e in events if isinstance(e, BreakStarted)]
        assert len(started) <= 1, events
        for event in started:
            self.checks.breaks += 1
            if event.reason == "user":
                continue
            assert not self.checks.holds, "a break started during a hold"
            assert self.paused_before is False, "a break started while paused"
            if self.checks.rules.schedule_enabled:
                assert window_at(self.checks.rules, now, self.zone) is not None, "off-hours break"
            if self.checks.last_end is not None:
                gap = (now - self.checks.shift) - self.checks.last_end
                assert gap >= self.checks.rules.interval, f"breaks only {gap} apart"
            for begin, end in self.checks.quiet:
                assert not (begin <= now < end), "a break within a minute of resuming"
        if any(isinstance(e, BreakEnded) for e in events):
            self.checks.last_end = now - self.checks.shift
        out = super().apply(events)
        deadline = self.planner.next_deadline()
        assert deadline is None or deadline > now, (deadline, now)
        return out


def _minutes(drawn: object) -> timedelta:
    """An operation's minute count (the operations are drawn as loosely typed tuples)."""
    assert isinstance(drawn, int), drawn
    return timedelta(minutes=drawn)


minutes = st.integers(min_value=1, max_value=120)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("wait"), minutes),
        st.tuples(st.just("away"), st.integers(1, 90)),
        st.tuples(st.just("sleep"), st.integers(1, 600), st.booleans()),
        st.tuples(st.just("jump"), st.integers(-180, 180)),
        st.tuples(st.sampled_from(["snooze", "skip", "take", "resume", "tomorrow", "no-idle"])),
        st.tuples(st.just("pause"), st.one_of(st.none(), minutes)),
        st.tuples(st.sampled_from(["hold", "release"]), st.sampled_from(["meeting", "fullscreen"])),
    ),
    max_size=20,
)
rule_sets = st.builds(
    Rules,
    interval=st.sampled_from([timedelta(minutes=m) for m in (5, 20, 30, 60)]),
    long_every=st.integers(0, 4),
    snooze=st.sampled_from([timedelta(minutes=m) for m in (1, 5, 15)]),
    max_snoozes=st.integers(0, 3),
    lead=st.sampled_from([timedelta(seconds=s) for s in (0, 10, 60, 600)]),
    schedule_enabled=st.booleans(),
    start=st.sampled_from([time(9, 0), time(22, 0)]),
    end=st.sampled_from([time(17, 30), time(2, 0)]),
    natural_break=st.sampled_from([timedelta(0), timedelta(minutes=5)]),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules=rule_sets, ops=operations, break_minutes=st.integers(1, 5))
def test_planner_invariants_hold_for_any_day(
    rules: Rules, ops: list[tuple[object, ...]], break_minutes: int
) -> None:
    checks = Checks(rules)
    CheckedRig.checks = checks
    rig = CheckedRig(rules, START, break_length=timedelta(minutes=break_minutes))
    rig.checks = checks
    for op in ops:
        now = rig.clock.now()
        kind = op[0]
        if kind == "wait":
            rig.run_until(now + _minutes(op[1]))
        elif kind == "away":
            rig.away(now + _minutes(op[1]))
        elif kind == "sleep":
            until = now + _minutes(op[1])
            in_break = rig.planner.status(now).state == "in-break"
            if op[2] and not in_break:
                checks.quiet.append((until, until + timedelta(seconds=60)))
            rig.sleep(until, tell=bool(op[2]))
        elif kind == "jump":
            delta = _minutes(op[1])
            in_break = rig.planner.status(now).state == "in-break"
            rig.clock.jump(delta)
            checks.shift += delta
            checks.quiet = [(b + delta, e + delta) for b, e in checks.quiet]
            if not in_break:
                checks.quiet.append((now + delta, now + delta + timedelta(seconds=60)))
            rig.do("clock_jumped", delta)
        elif kind == "pause":
            rig.do("pause", None if op[1] is None else now + _minutes(op[1]))
        elif kind == "tomorrow":
            rig.do("pause_until_tomorrow")
        elif kind == "take":
            rig.do("take_break_now")
        elif kind == "no-idle":
            rig.do("user_idle", None)
        elif kind == "hold":
            checks.holds.add(str(op[1]))
            rig.do("hold", op[1])
        elif kind == "release":
            checks.holds.discard(str(op[1]))
            rig.do("release", op[1])
        else:
            rig.do(str(kind))
        if kind != "sleep" or op[2]:  # an unreported suspend: the planner has not run yet
            deadline = rig.planner.next_deadline()
            assert deadline is None or deadline > rig.clock.now()
    rig.run_until(rig.clock.now() + timedelta(hours=3))


def test_a_year_of_advance_calls_is_quick_and_keeps_breaks_in_working_hours() -> None:
    rules = Rules(schedule_enabled=True)
    rig = PlannerRig(rules, START)
    rig.run_until(START + timedelta(days=365))
    starts = rig.starts()
    workdays = sum(1 for d in range(365) if (START + timedelta(days=d)).weekday() < 5)
    # 09:30, 10:02 ... 16:58 (two-minute breaks); 17:30 is the end of working hours
    assert len(starts) == 15 * workdays
    assert all(window_at(rules, t, rig.zone) is not None for t in starts)
