"""The Progress figures from hand-made histories: what each number means, day by day."""

from __future__ import annotations

import json
from datetime import UTC, date, timedelta

import pytest

from deskstretch.core.history import (
    BreakEnd,
    BreakRecord,
    FlexCheck,
    FlexLevel,
    MicroRecord,
    Record,
    SnoozeRecord,
    Span,
    SpanKind,
    StretchDone,
)
from deskstretch.core.stats import FinishFacts, finish_facts, summarize
from tests.helpers.history_fixtures import BERLIN, local, seeded_year

MON = date(2026, 11, 23)  # a Monday
TODAY = date(2026, 11, 27)  # Friday of the same week


def brk(
    day: date, hour: float, end: BreakEnd = "completed", *stretches: StretchDone
) -> BreakRecord:
    at = local(day, hour)
    return BreakRecord(
        at=at,
        day=day,
        due=at,
        ended=None if end == "missed" else at + timedelta(minutes=3),
        reason="scheduled",
        end=end,
        long=False,
        stretches=stretches,
    )


def span(kind: SpanKind, day: date, start: float, end: float) -> Span:
    return Span(kind, local(day, start), local(day, end), day)


def done(sid: str, outcome: str = "completed") -> StretchDone:
    return StretchDone(sid, 3, 3, 6, "finish", outcome)  # type: ignore[arg-type]


def days_ago(n: int, today: date = TODAY) -> date:
    return today - timedelta(days=n)


# ------------------------------------------------------------------ per day


def test_each_break_end_counts_where_a_user_would_expect_it() -> None:
    records: list[Record] = [
        brk(TODAY, 9, "completed"),
        brk(TODAY, 10, "stopped"),
        brk(TODAY, 11, "closed"),
        brk(TODAY, 12, "skipped"),
        brk(TODAY, 13, "missed"),
        SnoozeRecord(local(TODAY, 9.5), TODAY, local(TODAY, 9.6)),
        SnoozeRecord(local(TODAY, 9.7), TODAY, local(TODAY, 9.8), kind="micro"),
        MicroRecord(local(TODAY, 9.2), TODAY, "blink", "done"),
        MicroRecord(local(TODAY, 9.3), TODAY, "blink", "skipped"),
    ]
    summary = summarize(records, TODAY, days=7, zone=BERLIN)
    day = summary.days[-1]
    assert day.day == TODAY
    assert (day.due, day.taken, day.skipped, day.stopped) == (5, 3, 2, 1)
    assert day.snoozed == 1  # the micro-break's snooze is not a stretch break put off
    assert day.micro_done == 1
    assert summary.adherence == pytest.approx(3 / 5)
    assert [d.day for d in summary.days] == [days_ago(n) for n in range(6, -1, -1)]
    assert all(d.due == 0 for d in summary.days[:-1])


def test_records_outside_the_period_do_not_count() -> None:
    records: list[Record] = [brk(days_ago(7), 9), brk(days_ago(6), 9), brk(TODAY + timedelta(1), 9)]
    summary = summarize(records, TODAY, days=7, zone=BERLIN)
    assert summary.totals.due == 1
    assert summary.days[0].due == 1


def test_active_time_is_active_minus_away_natural_sleep_and_pause() -> None:
    records: list[Record] = [
        span("active", TODAY, 9, 12),
        span("away", TODAY, 9.5, 9.75),  # 15 min
        span("natural", TODAY, 10, 10.5),  # 30 min
        span("pause", TODAY, 11, 11.25),  # 15 min
        span("asleep", TODAY, 11.5, 11.75),  # 15 min
        span("hold", TODAY, 11.75, 12),  # held breaks: still at the computer
        span("active", TODAY, 9, 10),  # overlapping active spans count once
    ]
    day = summarize(records, TODAY, days=1, zone=BERLIN).days[0]
    assert day.active_seconds == 3 * 3600 - 75 * 60


def test_longest_run_of_work_ends_at_taken_breaks_and_natural_breaks_only() -> None:
    records: list[Record] = [
        span("active", TODAY, 8, 17),
        brk(TODAY, 9, "completed"),  # run 8:00-9:00, then the break (3 minutes)
        brk(TODAY, 10, "skipped"),  # does not end the run
        span("away", TODAY, 10.5, 10.75),  # not work, does not end the run
        span("natural", TODAY, 12, 13),  # ends it: 9:03-12:00 minus 15 min away
        brk(TODAY, 15, "closed"),  # 13:00-15:00
    ]
    day = summarize(records, TODAY, days=1, zone=BERLIN).days[0]
    run_morning = 3 * 3600 - 3 * 60 - 15 * 60
    assert day.longest_work_seconds == run_morning
    assert day.active_seconds == 8 * 3600 - 15 * 60


def test_a_span_over_midnight_is_split_between_the_days() -> None:
    late = Span("active", local(MON, 22), local(MON + timedelta(1), 2), MON)
    summary = summarize([late], MON + timedelta(1), days=2, zone=BERLIN)
    assert [d.active_seconds for d in summary.days] == [2 * 3600, 2 * 3600]
    assert [d.longest_work_seconds for d in summary.days] == [2 * 3600, 2 * 3600]


def test_the_short_dst_day_holds_23_hours_and_the_long_one_25() -> None:
    spring, autumn = date(2026, 3, 29), date(2026, 10, 25)  # Europe/Berlin changes clocks
    for day, hours in ((spring, 23), (autumn, 25)):
        whole = Span(
            "active",
            local(day - timedelta(1), 20),
            local(day + timedelta(1), 4),
            day - timedelta(1),
        )
        summary = summarize([whole], day + timedelta(1), days=3, zone=BERLIN)
        assert [d.active_seconds for d in summary.days] == [4 * 3600, hours * 3600, 4 * 3600]


def test_midnight_is_local_midnight_not_utc() -> None:
    # 00:30 Berlin on the 27th is 23:30 UTC on the 26th: it belongs to the 27th.
    s = Span("active", local(TODAY, 0.5), local(TODAY, 1.5), TODAY)
    assert s.start.astimezone(UTC).date() == TODAY - timedelta(1)
    summary = summarize([s], TODAY, days=2, zone=BERLIN)
    assert [d.active_seconds for d in summary.days] == [0, 3600]


# ------------------------------------------------------------------ adherence and streak


def test_adherence_is_none_when_nothing_was_due() -> None:
    summary = summarize([span("active", TODAY, 9, 10)], TODAY, zone=BERLIN)
    assert summary.adherence is None
    assert summary.has_history
    assert summarize([], TODAY, zone=BERLIN).has_history is False


def _day_of(day: date, taken: int, skipped: int = 0) -> list[Record]:
    out: list[Record] = [brk(day, 9 + i * 0.5) for i in range(taken)]
    out += [brk(day, 15 + i * 0.5, "skipped") for i in range(skipped)]
    return out


def test_streak_counts_days_with_enough_breaks_and_passes_over_days_off() -> None:
    fri = TODAY
    records = (
        _day_of(fri - timedelta(11), 1)  # Mon a week before last: too few, ends the streak
        + _day_of(fri - timedelta(10), 3)
        + _day_of(fri - timedelta(7), 4)  # Fri
        # Sat and Sun: nothing due, neither end nor extend it
        + _day_of(MON, 3, 5)
        + _day_of(MON + timedelta(1), 5)
        + _day_of(MON + timedelta(3), 3)  # Wed nothing recorded (app not running)
    )
    # Thu, Tue, Mon, the Friday before and the Tuesday before that; the Monday ends it.
    assert summarize(records, fri, streak_breaks=3, zone=BERLIN).streak == 5
    # Today is not over: two breaks so far do not end it, three extend it.
    assert summarize(records + _day_of(fri, 2), fri, zone=BERLIN).streak == 5
    assert summarize(records + _day_of(fri, 3), fri, zone=BERLIN).streak == 6
    # A finished day with too few taken ends the streak.
    assert summarize(records + _day_of(fri, 2), fri + timedelta(1), zone=BERLIN).streak == 0
    # Thursday's three are not enough for four.
    assert summarize(records, fri, streak_breaks=4, zone=BERLIN).streak == 0


def test_the_streak_looks_further_back_than_the_period() -> None:
    records = [r for n in range(60) for r in _day_of(days_ago(n), 3)]
    assert summarize(records, TODAY, days=7, zone=BERLIN).streak == 60


def test_finish_facts_count_the_break_ending_now() -> None:
    records = _day_of(TODAY - timedelta(1), 3) + _day_of(TODAY, 1) + _day_of(TODAY, 0, 2)
    ending = brk(TODAY, 16, "closed")
    facts = finish_facts(records, TODAY, streak_breaks=3, zone=BERLIN, ending=ending)
    assert facts == FinishFacts(breaks_today=2, streak=1)
    third = finish_facts([*records, ending], TODAY, streak_breaks=3, zone=BERLIN, ending=ending)
    assert third == FinishFacts(breaks_today=3, streak=2)
    assert finish_facts([], TODAY, zone=BERLIN) == FinishFacts(0, 0)


# ------------------------------------------------------------------ stretches and flexibility


def test_per_stretch_counts_from_what_was_shown() -> None:
    records: list[Record] = [
        brk(TODAY, 9, "completed", done("neck-tilt"), done("hip-flexor")),
        brk(TODAY, 10, "stopped", done("neck-tilt"), done("hip-flexor", "stopped")),
        brk(TODAY, 11, "skipped", done("hip-flexor", "skipped")),
        brk(days_ago(40), 11, "completed", done("calf-raise")),  # before the period
    ]
    stretches = summarize(records, TODAY, zone=BERLIN).stretches
    assert [(s.stretch_id, s.done, s.skipped, s.stopped) for s in stretches] == [
        ("neck-tilt", 2, 0, 0),
        ("hip-flexor", 1, 1, 1),
    ]


def test_flexibility_over_all_checks_and_the_change_since_the_first() -> None:
    def check(n: int, level: FlexLevel) -> FlexCheck:
        return FlexCheck(local(days_ago(n), 9), days_ago(n), level)

    summary = summarize(
        [check(1, "ankles"), check(100, "knees"), check(50, "mid-shin")], TODAY, zone=BERLIN
    )
    assert [(p.day, p.level, p.name) for p in summary.flex] == [
        (days_ago(100), 1, "knees"),
        (days_ago(50), 2, "mid-shin"),
        (days_ago(1), 3, "ankles"),
    ]
    assert summary.flex_change == 2
    assert summarize([check(3, "toes")], TODAY, zone=BERLIN).flex_change is None
    lost = summarize([check(3, "toes"), check(1, "thighs")], TODAY, zone=BERLIN)
    assert lost.flex_change == -4


# ------------------------------------------------------------------ json, bad input, a year


def test_to_json_has_the_documented_keys_and_survives_json() -> None:
    records = seeded_year(TODAY, days=60)
    summary = summarize(records, TODAY, days=14, zone=BERLIN)
    data = json.loads(json.dumps(summary.to_json()))
    assert set(data) == {
        "from",
        "to",
        "adherence",
        "streak",
        "streak_breaks",
        "totals",
        "days",
        "stretches",
        "flexibility",
    }
    assert data["to"] == TODAY.isoformat()
    assert len(data["days"]) == 14
    assert data["totals"]["taken"] == sum(d["taken"] for d in data["days"])
    assert data["totals"]["taken"] == summary.totals.taken
    assert set(data["flexibility"]) == {"checks", "change"}


def test_a_period_shorter_than_a_day_or_a_zero_streak_is_refused() -> None:
    with pytest.raises(ValueError, match="days must be at least 1"):
        summarize([], TODAY, days=0, zone=BERLIN)
    with pytest.raises(ValueError, match="streak_breaks"):
        summarize([], TODAY, streak_breaks=0, zone=BERLIN)


def test_a_seeded_year_adds_up() -> None:
    records = seeded_year(TODAY)
    summary = summarize(records, TODAY, days=365, zone=BERLIN)
    breaks = [r for r in records if isinstance(r, BreakRecord)]
    assert summary.totals.due == len(breaks) == 16 * summary.totals.days_at_computer
    assert 0.5 < (summary.adherence or 0) < 1
    assert summary.totals.active_seconds < 365 * 24 * 3600
    assert len(summary.flex) >= 20
    weekend = [d for d in summary.days if d.day.weekday() >= 5]
    assert all(d.due == 0 and d.active_seconds == 0 for d in weekend)
