"""Properties of the Progress figures over any history hypothesis can think of."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import get_args

from hypothesis import given
from hypothesis import strategies as st

from deskstretch.core.history import (
    BreakEnd,
    BreakRecord,
    Record,
    SnoozeRecord,
    Span,
    SpanKind,
    StretchDone,
)
from deskstretch.core.stats import summarize
from tests.helpers.history_fixtures import BERLIN

TODAY = date(2026, 3, 31)  # the period of 10 days holds Berlin's spring DST change
DAYS = 10
START = datetime.combine(TODAY - timedelta(days=DAYS + 1), time(0), tzinfo=UTC)
ZONES = st.sampled_from([BERLIN, UTC])

outcomes = st.sampled_from(["completed", "skipped", "stopped"])
stretch_done = st.builds(
    StretchDone,
    stretch_id=st.sampled_from(["a", "b", "c"]),
    reps_done=st.just(1),
    reps=st.just(3),
    sides_done=st.just(0),
    phase=st.just("hold"),
    outcome=outcomes,
)
offsets = st.integers(min_value=0, max_value=(DAYS + 2) * 86400)


@st.composite
def records(draw: st.DrawFn, zone: tzinfo) -> list[Record]:
    """A jumble of breaks, snoozes and spans over the period and a bit around it."""
    out: list[Record] = []
    for _ in range(draw(st.integers(0, 25))):
        at = START + timedelta(seconds=draw(offsets))
        end: BreakEnd = draw(st.sampled_from(get_args(BreakEnd)))
        out.append(
            BreakRecord(
                at=at,
                day=at.astimezone(zone).date(),
                due=at,
                ended=None if end == "missed" else at + timedelta(minutes=draw(st.integers(0, 9))),
                reason="scheduled",
                end=end,
                long=False,
                stretches=tuple(draw(st.lists(stretch_done, max_size=3))),
            )
        )
    for _ in range(draw(st.integers(0, 25))):
        start = START + timedelta(seconds=draw(offsets))
        length = timedelta(seconds=draw(st.integers(0, 3 * 86400)))
        kind: SpanKind = draw(st.sampled_from(get_args(SpanKind)))
        out.append(Span(kind, start, start + length, start.astimezone(zone).date()))
    for _ in range(draw(st.integers(0, 5))):
        at = START + timedelta(seconds=draw(offsets))
        out.append(SnoozeRecord(at, at.astimezone(zone).date(), at + timedelta(minutes=5)))
    return out


@st.composite
def zone_and_records(draw: st.DrawFn) -> tuple[tzinfo, list[Record]]:
    zone = draw(ZONES)
    return zone, draw(records(zone))


def _day_length(day: date, zone: tzinfo) -> float:
    a = datetime.combine(day, time(0), tzinfo=zone)
    b = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    return b.timestamp() - a.timestamp()


@given(zone_and_records())
def test_the_figures_always_add_up(case: tuple[tzinfo, list[Record]]) -> None:
    zone, history = case
    summary = summarize(history, TODAY, days=DAYS, zone=zone)
    assert summary.adherence is None or 0.0 <= summary.adherence <= 1.0
    assert (summary.adherence is None) == (summary.totals.due == 0)
    for day in summary.days:
        assert day.taken + day.skipped == day.due
        assert 0 <= day.stopped <= day.taken
        assert 0 <= day.longest_work_seconds <= day.active_seconds <= _day_length(day.day, zone)
    shown = [
        s
        for r in history
        if isinstance(r, BreakRecord) and summary.start <= r.day <= TODAY
        for s in r.stretches
    ]
    assert sum(s.done + s.skipped + s.stopped for s in summary.stretches) == len(shown)
    for outcome, field in (("completed", "done"), ("skipped", "skipped"), ("stopped", "stopped")):
        assert sum(getattr(s, field) for s in summary.stretches) == sum(
            1 for s in shown if s.outcome == outcome
        )


# A history as the user's days: (taken, skipped) per day, newest last.
day_plans = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 3)), min_size=1, max_size=20)


def _history(plan: list[tuple[int, int]], today: date) -> list[Record]:
    out: list[Record] = []
    for back, (taken, skipped) in enumerate(reversed(plan)):
        day = today - timedelta(days=back)
        for i in range(taken + skipped):
            at = datetime.combine(day, time(9 + i // 2, 30 * (i % 2)), tzinfo=UTC)
            end: BreakEnd = "completed" if i < taken else "skipped"
            out.append(BreakRecord(at, day, at, at + timedelta(minutes=2), "user", end, False))
    return out


@given(day_plans, st.integers(0, 20), st.integers(1, 4))
def test_a_day_with_nothing_due_never_breaks_a_streak(
    plan: list[tuple[int, int]], where: int, needed: int
) -> None:
    """Slipping an empty day (weekend, day off) anywhere into the history keeps the streak."""
    position = min(where, len(plan) - 1)  # the empty day goes before plan[position]
    with_gap = [*plan[:position], (0, 0), *plan[position:]]
    before = summarize(_history(plan, TODAY), TODAY, streak_breaks=needed, zone=UTC).streak
    after = summarize(_history(with_gap, TODAY), TODAY, streak_breaks=needed, zone=UTC).streak
    assert after == before


@given(day_plans, st.integers(1, 4))
def test_the_streak_is_the_run_of_good_counted_days(
    plan: list[tuple[int, int]], needed: int
) -> None:
    """Cross-check with the rule said in words, on a history without gaps."""
    streak = summarize(_history(plan, TODAY), TODAY, streak_breaks=needed, zone=UTC).streak
    counted = [taken for taken, skipped in reversed(plan) if taken + skipped > 0]
    if len(plan) and plan[-1][0] + plan[-1][1] > 0 and plan[-1][0] < needed:
        counted = counted[1:]  # today, not over yet
    expected = 0
    for taken in counted:
        if taken < needed:
            break
        expected += 1
    assert streak == expected
