"""A simulated month of workdays in Europe/Berlin, asserting every break time.

Thirty days from Monday 2 March 2026 with working hours 09:00-17:30 Mon-Fri, a
45-minute lunch away from the desk every workday, snoozes, a skip, pauses, a
meeting hold, suspends (one overnight) and the switch to summer time on
29 March. Each break lasts two minutes. Times below are local wall times.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

import pytest

from deskstretch.core.events import BreakStarted, BreakWarning
from deskstretch.core.rules import Rules
from tests.helpers.fake_wakeup import PlannerRig

BERLIN = ZoneInfo("Europe/Berlin")
RULES = Rules(schedule_enabled=True, stretch_order=("a", "b", "c", "d", "e"))

NORMAL = [
    "09:30", "10:02", "10:34", "11:06", "11:38",  # lunch 12:00-12:45: the 12:10 break is not needed
    "13:15", "13:47", "14:19", "14:51", "15:23", "15:55", "16:27", "16:59",  # 17:31 is after hours
]  # fmt: skip

SPECIAL: dict[date, list[str]] = {
    # Tue: snoozed at the 10:01 warning
    date(2026, 3, 3): ["09:30", "10:07", "10:39", "11:11", "11:43", *NORMAL[5:]],
    # Wed: suspended 14:00-14:20, which is a natural break
    date(2026, 3, 4): [*NORMAL[:7], "14:50", "15:22", "15:54", "16:26", "16:58"],
    # Thu: paused 15:00-16:00
    date(2026, 3, 5): [*NORMAL[:9], "16:30", "17:02"],
    # Fri: skipped at the 10:01 warning
    date(2026, 3, 6): ["09:30", "10:31", "11:03", "11:35", *NORMAL[5:]],
    # Thu: laptop suspended at 17:10 ... Fri: opened at 09:40
    date(2026, 3, 13): ["10:10", "10:42", "11:14", "11:46", *NORMAL[5:]],
    # Mon: paused until tomorrow at 16:00
    date(2026, 3, 16): NORMAL[:11],
    # Wed: in a meeting (do-not-disturb) 10:00-11:00
    date(2026, 3, 18): ["09:30", "11:00:10", "11:32:10", *NORMAL[5:]],
    # Tue: a stretch from the tray at 15:00
    date(2026, 3, 24): [*NORMAL[:9], "15:00", "15:32", "16:04", "16:36", "17:08"],
}


def build_script(rig: PlannerRig) -> list[tuple[datetime, Callable[[], object]]]:
    def at(d: date, hh: int, mm: int) -> datetime:
        return datetime(d.year, d.month, d.day, hh, mm, tzinfo=BERLIN)

    script: list[tuple[datetime, Callable[[], object]]] = []
    day = date(2026, 3, 2)
    while day < date(2026, 4, 1):
        if day.weekday() < 5 and day != date(2026, 3, 13):
            script.append((at(day, 12, 0), partial(rig.away, at(day, 12, 45))))
        day += timedelta(days=1)
    script += [
        (at(date(2026, 3, 3), 10, 1), lambda: rig.do("snooze")),
        (at(date(2026, 3, 4), 14, 0), lambda: rig.sleep(at(date(2026, 3, 4), 14, 20))),
        (at(date(2026, 3, 5), 15, 0), lambda: rig.do("pause", at(date(2026, 3, 5), 16, 0))),
        (at(date(2026, 3, 6), 10, 1), lambda: rig.do("skip")),
        (at(date(2026, 3, 12), 17, 10), lambda: rig.sleep(at(date(2026, 3, 13), 9, 40))),
        (at(date(2026, 3, 13), 12, 0), lambda: rig.away(at(date(2026, 3, 13), 12, 45))),
        (at(date(2026, 3, 16), 16, 0), lambda: rig.do("pause_until_tomorrow")),
        (at(date(2026, 3, 18), 10, 0), lambda: rig.do("hold", "meeting")),
        (at(date(2026, 3, 18), 11, 0), lambda: rig.do("release", "meeting")),
        (at(date(2026, 3, 24), 15, 0), lambda: rig.do("take_break_now")),
    ]
    script.sort(key=lambda item: item[0])
    return script


def run_month() -> PlannerRig:
    rig = PlannerRig(RULES, datetime(2026, 3, 2, 8, 0, tzinfo=BERLIN))
    for when, action in build_script(rig):
        rig.run_until(when)
        action()
    rig.run_until(datetime(2026, 4, 1, 0, 0, tzinfo=BERLIN))
    return rig


@pytest.fixture(scope="module")
def month() -> PlannerRig:
    # About 0.3 s on the shared 2-core machine (not asserted: no timing assertions).
    return run_month()


def test_a_month_of_workdays_puts_every_break_where_expected(
    month: PlannerRig,
) -> None:
    rig = month
    day = date(2026, 3, 2)
    checked = 0
    while day < date(2026, 4, 1):
        if day.weekday() >= 5:
            expected: list[str] = []
        else:
            expected = SPECIAL.get(day, NORMAL)
        assert rig.local_starts(day) == expected, day
        checked += len(expected)
        day += timedelta(days=1)
    assert len(rig.starts()) == checked


def test_local_times_hold_on_both_sides_of_the_dst_change(
    month: PlannerRig,
) -> None:
    rig = month
    before = [t for t in rig.starts() if t.astimezone(BERLIN).date() == date(2026, 3, 27)]
    after = [t for t in rig.starts() if t.astimezone(BERLIN).date() == date(2026, 3, 30)]
    assert rig.local_starts(date(2026, 3, 27)) == rig.local_starts(date(2026, 3, 30)) == NORMAL
    # the same local times are an hour apart in UTC
    assert {(a - b) for a, b in zip(after, before, strict=True)} == {timedelta(days=3, hours=-1)}


def test_every_third_break_of_a_normal_day_is_long_and_warned_a_minute_ahead(
    month: PlannerRig,
) -> None:
    rig = month
    day = date(2026, 3, 9)
    starts = [(t, e) for t, e in rig.events_of(BreakStarted) if t.astimezone(BERLIN).date() == day]
    assert [e.long for _, e in starts] == [(i + 1) % 3 == 0 for i in range(len(NORMAL))]
    warned = {e.break_at: t for t, e in rig.events_of(BreakWarning)}
    for t, _ in starts:
        assert t - warned[t] == timedelta(minutes=1)


def test_the_break_after_a_meeting_is_announced_and_comes_ten_seconds_after_it(
    month: PlannerRig,
) -> None:
    rig = month
    day = date(2026, 3, 18)

    def clock(t: datetime) -> str:
        return t.astimezone(BERLIN).strftime("%H:%M:%S")

    warnings = [
        (clock(t), clock(e.break_at))
        for t, e in rig.events_of(BreakWarning)
        if t.astimezone(BERLIN).date() == day
    ]
    assert ("11:00:00", "11:00:10") in warnings
    assert not any("10:00:00" <= when < "11:00:00" for when, _ in warnings)
