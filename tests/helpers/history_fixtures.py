"""A realistic, seeded history: a year of workdays for statistics tests, the bench and screenshots.

:func:`seeded_year` builds what the controller would have recorded for a desk worker:
workdays from about 08:30 to 17:30 on weekdays (weekends and a few holiday weeks off), a
stretch break about every half hour (16 a workday), most taken and some skipped, snoozed
or stopped; micro-breaks between; ``active`` spans for the time at the computer with short
``away`` spans, a lunch-time ``natural`` break and the odd pause; and a toe-touch check every
two weeks whose level creeps up over the year. The same seed gives the same records.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from deskstretch.core.history import (
    FLEX_LEVELS,
    BreakEnd,
    BreakRecord,
    FlexCheck,
    MicroRecord,
    Record,
    SnoozeRecord,
    Span,
    StretchDone,
)

BERLIN = ZoneInfo("Europe/Berlin")
#: The catalogue's stretches (the toe-touch check is recorded as a FlexCheck instead).
STRETCH_IDS = (
    "hip-flexor",
    "trunk-rotation",
    "camel",
    "arch-and-relax",
    "deep-squat-reach",
    "jefferson-curl",
    "passive-hang",
    "active-hang",
)
MICRO_IDS = ("blink", "look-far", "shoulders")


def local(day: date, hour: float, zone: tzinfo = BERLIN) -> datetime:
    """``day`` at ``hour`` (e.g. 13.5 for 13:30) local time, as aware UTC."""
    minutes = round(hour * 60)
    naive = datetime.combine(day, time(minutes // 60, minutes % 60))
    return naive.replace(tzinfo=zone).astimezone(UTC)


def seeded_year(
    today: date,
    *,
    days: int = 365,
    breaks_per_day: int = 16,
    seed: int = 15,
    zone: tzinfo = BERLIN,
) -> list[Record]:
    """A history of ``days`` days ending ``today`` (oldest first), deterministic for ``seed``.

    Args:
        today: The last day (included); a workday gets its full day of records.
        days: How many days back the history goes.
        breaks_per_day: Stretch breaks on a workday.
        seed: The random seed.
        zone: The user's time zone.
    """
    rng = random.Random(seed)
    records: list[Record] = []
    start = today - timedelta(days=days - 1)
    holidays = {start + timedelta(days=rng.randrange(days)) for _ in range(3)}
    flex_level = 1.0
    next_flex = start + timedelta(days=3)
    for offset in range(days):
        day = start + timedelta(days=offset)
        off = day.weekday() >= 5 or any(0 <= (day - h).days < 7 for h in holidays)
        if off:
            continue
        begin = 8.25 + rng.random() * 0.75
        busy = rng.random() < 0.06  # a deadline day: most breaks skipped (ends a streak)
        spacing = 9.0 / breaks_per_day
        t = begin
        for n in range(breaks_per_day):
            work_end = t + spacing - 0.1
            records.append(Span("active", local(day, t, zone), local(day, work_end, zone), day))
            if rng.random() < 0.25:
                away = t + rng.random() * (spacing - 0.25)
                records.append(
                    Span("away", local(day, away, zone), local(day, away + 0.08, zone), day)
                )
            if n == breaks_per_day // 2:
                records.append(
                    Span(
                        "natural",
                        local(day, work_end, zone),
                        local(day, work_end + 0.5, zone),
                        day,
                    )
                )
                t += 0.5
            due_at = local(day, work_end, zone)
            if rng.random() < 0.12:
                records.append(
                    SnoozeRecord(due_at, day, due_at + timedelta(minutes=5), kind="stretch")
                )
            roll = 0.74 + rng.random() * 0.16 if busy else rng.random()
            end: BreakEnd = (
                "completed"
                if roll < 0.72
                else "skipped"
                if roll < 0.84
                else "missed"
                if roll < 0.9
                else "closed"
                if roll < 0.97
                else "stopped"
            )
            shown: tuple[StretchDone, ...] = ()
            ended: datetime | None = None
            if end != "missed":
                ended = due_at + timedelta(minutes=3)
                first = rng.randrange(len(STRETCH_IDS))
                picks = [STRETCH_IDS[(first + k) % len(STRETCH_IDS)] for k in range(2)]
                outcomes: list[str] = (
                    ["completed", "completed"]
                    if end == "completed"
                    else ["completed", "stopped"]
                    if end == "stopped"
                    else ["skipped", "skipped"]
                    if end == "skipped"
                    else ["completed", "skipped"]
                )
                shown = tuple(
                    StretchDone(
                        sid,
                        reps_done=3 if o == "completed" else 1,
                        reps=3,
                        sides_done=6 if o == "completed" else 1,
                        phase="finish" if o == "completed" else "hold",
                        outcome=o,  # type: ignore[arg-type]
                    )
                    for sid, o in zip(picks, outcomes, strict=True)
                )
            records.append(
                BreakRecord(
                    at=due_at,
                    day=day,
                    due=due_at,
                    ended=ended,
                    reason="scheduled",
                    end=end,
                    long=n % 4 == 3,
                    stretches=shown,
                )
            )
            micro_at = local(day, t + spacing / 2, zone)
            records.append(
                MicroRecord(
                    micro_at,
                    day,
                    MICRO_IDS[n % len(MICRO_IDS)],
                    "done" if rng.random() < 0.8 else "skipped",
                )
            )
            t += spacing
        if rng.random() < 0.05:
            records.append(Span("pause", local(day, 15.0, zone), local(day, 16.0, zone), day))
        if day >= next_flex:
            flex_level = min(5.0, flex_level + rng.uniform(-0.1, 0.35))
            level = FLEX_LEVELS[min(5, int(flex_level))]
            records.append(FlexCheck(local(day, begin + 0.2, zone), day, level))
            next_flex = day + timedelta(days=14)
    records.sort(key=_start)
    return records


def _start(record: Record) -> datetime:
    return record.start if isinstance(record, Span) else record.at
