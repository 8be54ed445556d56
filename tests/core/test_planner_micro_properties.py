"""Property tests for the two rhythms and the reminders on one planner (issue 17).

Random days of intents, absences, suspends, clock jumps and holds, with micro-breaks and
several reminders on. Invariants:

* a micro-break never starts within three minutes before a scheduled stretch break or
  within three minutes after any stretch break;
* a reminder never lands within a minute of a break of either kind;
* nothing scheduled while paused, held or outside working hours (reminders also keep to
  their own days and hours), nor in the first minute after a resume or a clock jump;
* at most one micro-break and one showing of each reminder per planner call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskstretch.core.events import (
    BreakEnded,
    BreakStarted,
    Event,
    MicroBreakEnded,
    MicroBreakStarted,
    ReminderDue,
)
from deskstretch.core.planner import MICRO_GAP, REMINDER_GAP
from deskstretch.core.rules import ReminderRule, Rules, window_at
from tests.helpers.fake_wakeup import PauseAwareRig

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2026, 3, 27, 8, 0, tzinfo=BERLIN)  # the Friday before the DST change
SECOND = timedelta(seconds=1)


@dataclass
class Log:
    rules: Rules
    holds: set[str] = field(default_factory=set)
    shift: timedelta = timedelta(0)
    quiet: list[tuple[datetime, datetime]] = field(default_factory=list)
    # Times below are shifted back by the clock changes the user made (time at the computer).
    stretch: list[tuple[datetime, bool]] = field(default_factory=list)  # start, scheduled
    stretch_ends: list[datetime] = field(default_factory=list)
    micro: list[tuple[datetime, datetime, bool]] = field(default_factory=list)  # start, end, sched
    reminders: list[datetime] = field(default_factory=list)


class RhythmRig(PauseAwareRig):
    log_: Log

    def apply(self, events: list[Event]) -> list[Event]:
        now = self.clock.now()
        t = now - self.log_.shift
        assert sum(isinstance(e, MicroBreakStarted) for e in events) <= 1, events
        shown = [e.index for e in events if isinstance(e, ReminderDue)]
        assert len(shown) == len(set(shown)), events
        for event in events:
            if isinstance(event, BreakStarted):
                self.log_.stretch.append((t, event.reason != "user"))
            elif isinstance(event, BreakEnded):
                self.log_.stretch_ends.append(t)
            elif isinstance(event, MicroBreakStarted):
                if event.reason != "user":
                    self._check_allowed(now, "micro-break")
                self.log_.micro.append((t, event.until - self.log_.shift, event.reason != "user"))
            elif isinstance(event, MicroBreakEnded) and self.log_.micro:
                start, _, sched = self.log_.micro[-1]
                self.log_.micro[-1] = (start, t, sched)
            elif isinstance(event, ReminderDue):
                self._check_allowed(now, "reminder")
                rule = self.log_.rules.reminders[event.index]
                local = now.astimezone(self.zone)
                if rule.start is None or rule.end is None:
                    assert local.weekday() in rule.days
                else:
                    # Hours that run past midnight belong to the day they start on (Friday
                    # 13:00 to Saturday 12:00 is Friday's): window_at knows that.
                    hours = Rules(
                        schedule_enabled=True, days=rule.days, start=rule.start, end=rule.end
                    )
                    assert window_at(hours, now, self.zone) is not None, "reminder off its hours"
                self.log_.reminders.append(t)
        return super().apply(events)

    def _check_allowed(self, now: datetime, what: str) -> None:
        assert not self.log_.holds, f"a {what} during a hold"
        assert not self.paused_before, f"a {what} while paused"
        if self.log_.rules.schedule_enabled:
            assert window_at(self.log_.rules, now, self.zone) is not None, f"off-hours {what}"
        for begin, end in self.log_.quiet:
            assert not (begin <= now < end), f"a {what} within a minute of resuming"


def check_gaps(log: Log) -> None:
    """The spacing rules between the kinds, over the whole run."""
    for start, _, scheduled in log.micro:
        if not scheduled:
            continue
        for s, s_scheduled in log.stretch:
            if s_scheduled:
                assert not (start < s < start + MICRO_GAP), "micro-break just before a break"
        for end in log.stretch_ends:
            assert not (end <= start < end + MICRO_GAP), "micro-break just after a break"
    # A reminder cannot foresee a break the user starts: "just before" counts planned ones.
    planned = [s for s, scheduled in log.stretch if scheduled]
    planned += [start for start, _, scheduled in log.micro if scheduled]
    ends = [s for s, _ in log.stretch] + log.stretch_ends + [end for _, end, _ in log.micro]
    for r in log.reminders:
        for start in planned:
            assert not (start - REMINDER_GAP < r < start), "reminder just before a break"
        for end in ends:
            assert not (end < r < end + REMINDER_GAP), "reminder just after a break"


minutes = st.integers(min_value=1, max_value=120)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("wait"), minutes),
        st.tuples(st.just("away"), st.integers(1, 90)),
        st.tuples(st.just("sleep"), st.integers(1, 600)),
        st.tuples(st.just("jump"), st.integers(-180, 180)),
        st.tuples(
            st.sampled_from(["snooze", "skip", "take", "micro", "micro-skip", "resume", "tomorrow"])
        ),
        st.tuples(st.just("pause"), st.one_of(st.none(), minutes)),
        st.tuples(st.sampled_from(["hold", "release"]), st.sampled_from(["meeting", "fullscreen"])),
    ),
    max_size=24,
)
reminder_rules = st.builds(
    ReminderRule,
    text=st.just("drink"),
    interval=st.sampled_from([timedelta(minutes=m) for m in (5, 17, 45, 90)]),
    days=st.sampled_from([frozenset(range(7)), frozenset({0, 1, 2, 3, 4}), frozenset({5})]),
    start=st.sampled_from([None, time(8, 30), time(13, 0)]),
    end=st.sampled_from([None, time(12, 0), time(23, 0)]),
)
rule_sets = st.builds(
    Rules,
    interval=st.sampled_from([timedelta(minutes=m) for m in (10, 30, 60)]),
    snooze=st.sampled_from([timedelta(minutes=m) for m in (1, 5)]),
    lead=st.sampled_from([timedelta(seconds=s) for s in (0, 60, 600)]),
    schedule_enabled=st.booleans(),
    start=st.sampled_from([time(9, 0), time(22, 0)]),
    end=st.sampled_from([time(17, 30), time(2, 0)]),
    natural_break=st.sampled_from([timedelta(0), timedelta(minutes=5)]),
    micro_interval=st.sampled_from([timedelta(minutes=m) for m in (1, 5, 20)]),
    micro_duration=st.sampled_from([timedelta(seconds=s) for s in (10, 60)]),
    reminders=st.lists(reminder_rules, max_size=3).map(tuple),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules=rule_sets, ops=operations, break_minutes=st.integers(1, 5))
def test_both_rhythms_and_reminders_keep_their_rules(
    rules: Rules, ops: list[tuple[object, ...]], break_minutes: int
) -> None:
    log = Log(rules)
    RhythmRig.log_ = log
    rig = RhythmRig(rules, START, break_length=timedelta(minutes=break_minutes))
    for op in ops:
        now = rig.clock.now()
        kind = op[0]
        if kind in ("wait", "away", "sleep", "jump", "pause"):
            amount = op[1]
            delta = timedelta(minutes=amount) if isinstance(amount, int) else None
            if kind == "wait" and delta:
                rig.run_until(now + delta)
            elif kind == "away" and delta:
                rig.away(now + delta)
            elif kind == "sleep" and delta:
                if rig.planner.status(now).state != "in-break":
                    log.quiet.append((now + delta, now + delta + timedelta(seconds=60)))
                rig.sleep(now + delta)
            elif kind == "jump" and delta is not None:
                in_break = rig.planner.status(now).state == "in-break"
                rig.clock.jump(delta)
                log.shift += delta
                log.quiet = [(b + delta, e + delta) for b, e in log.quiet]
                if not in_break:
                    log.quiet.append((now + delta, now + delta + timedelta(seconds=60)))
                rig.do("clock_jumped", delta)
            elif kind == "pause":
                rig.do("pause", None if delta is None else now + delta)
        elif kind == "take":
            rig.do("take_break_now")
        elif kind == "micro":
            rig.do("take_micro_break_now")
        elif kind == "micro-skip":
            rig.do("skip", "micro")
        elif kind == "tomorrow":
            rig.do("pause_until_tomorrow")
        elif kind == "hold":
            log.holds.add(str(op[1]))
            rig.do("hold", op[1])
        elif kind == "release":
            log.holds.discard(str(op[1]))
            rig.do("release", op[1])
        else:
            rig.do(str(kind))
        deadline = rig.planner.next_deadline()
        assert deadline is None or deadline > rig.clock.now()
    rig.run_until(rig.clock.now() + timedelta(hours=3))
    check_gaps(log)


def test_a_month_of_workdays_with_both_rhythms_and_reminders() -> None:
    water = ReminderRule("Drink some water", timedelta(minutes=60))
    posture = ReminderRule("Sit tall", timedelta(minutes=25), start=time(13, 0), end=time(17, 0))
    rules = Rules(
        schedule_enabled=True,
        micro_interval=timedelta(minutes=20),
        reminders=(water, posture),
    )
    log = Log(rules)
    RhythmRig.log_ = log
    rig = RhythmRig(rules, START)
    rig.run_until(START + timedelta(days=31))
    check_gaps(log)
    workdays = sum(1 for d in range(31) if (START + timedelta(days=d)).weekday() < 5)
    per_day = len(log.micro) / workdays
    # 8.5 hours a day, a stretch break every ~32 minutes: one micro-break between most pairs.
    assert 8 <= per_day <= 16, per_day
    assert len(log.reminders) > 6 * workdays
    assert all(
        time(13, 0) <= (t + log.shift).astimezone(BERLIN).time() < time(17, 0)
        for t, e in zip(log.reminders, rig.events_of(ReminderDue), strict=True)
        if e[1].index == 1
    )
