"""The planner's rules: a frozen value built from the user's preferences.

Working-hours maths lives here too. Windows are computed per local calendar day
from the user's time zone, so "09:00" stays 09:00 on both sides of a DST change
while every comparison happens on aware UTC instants.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

WORKDAYS: frozenset[int] = frozenset(range(5))  # Monday..Friday


#: The micro-break cues, in rotation order (their drawings live in ``catalogue.micro``).
MICRO_CUES: tuple[str, ...] = ("look-far", "blink", "shoulder-roll")


@dataclass(frozen=True)
class ReminderRule:
    """One of the user's own reminders.

    Attributes:
        text: What the notification says.
        interval: Time between two showings (while the planner is active).
        days: The days it may show, 0 = Monday .. 6 = Sunday.
        start: Local time from which it may show (None: all day).
        end: Local time until which it may show (at or before ``start`` = past midnight).
    """

    text: str
    interval: timedelta
    days: frozenset[int] = frozenset(range(7))
    start: time | None = None
    end: time | None = None


@dataclass(frozen=True)
class Rules:
    """How breaks are planned.

    Attributes:
        interval: Time at the computer between the end of one break and the next.
        long_every: Every n-th break of the day is a long one (0 = never).
        long_count: How many stretches a long break strings together.
        snooze: How far one snooze puts the upcoming break off.
        max_snoozes: Snoozes allowed per break.
        lead: How long before a break the user is warned (0 = no warning).
        schedule_enabled: Whether breaks only happen within working hours.
        days: Working days, 0 = Monday .. 6 = Sunday.
        start: Local start of working hours.
        end: Local end of working hours (at or before ``start`` = past midnight).
        natural_break: An absence at least this long counts as a break (0 = off).
        stretch_order: Enabled stretch ids in rotation order.
        micro_interval: Time at the computer between micro-breaks (0 = no micro-breaks).
        micro_duration: How long a micro-break's cue shows.
        micro_cues: The micro-break cue ids, in rotation order.
        reminders: The user's own reminders (disabled ones are left out).
    """

    interval: timedelta = timedelta(minutes=30)
    long_every: int = 3
    long_count: int = 3
    snooze: timedelta = timedelta(minutes=5)
    max_snoozes: int = 3
    lead: timedelta = timedelta(seconds=60)
    schedule_enabled: bool = False
    days: frozenset[int] = WORKDAYS
    start: time = time(9, 0)
    end: time = time(17, 30)
    natural_break: timedelta = timedelta(minutes=5)
    stretch_order: tuple[str, ...] = ("hip-flexor", "trunk-rotation")
    micro_interval: timedelta = timedelta(0)
    micro_duration: timedelta = timedelta(seconds=20)
    micro_cues: tuple[str, ...] = MICRO_CUES
    reminders: tuple[ReminderRule, ...] = ()


@dataclass(frozen=True)
class Window:
    """One stretch of working hours, as UTC instants (``start`` inclusive, ``end`` not)."""

    start: datetime
    end: datetime


def _at(day: date, when: time, zone: tzinfo) -> datetime:
    """The UTC instant of a local wall time (a time skipped by DST maps just past the gap)."""
    return datetime.combine(day, when).replace(tzinfo=zone).astimezone(UTC)


def runs_past_midnight(start: time, end: time) -> bool:
    """A working day that ends at or before its start ends the next day (equal: 24 hours)."""
    return end <= start


@functools.lru_cache(maxsize=64)  # the planner asks about the same few days all day long
def window_on(rules: Rules, day: date, zone: tzinfo) -> Window | None:
    """The working-hours window that starts on local ``day``, if it is a working day."""
    if day.weekday() not in rules.days:
        return None
    end_day = day + timedelta(days=1) if runs_past_midnight(rules.start, rules.end) else day
    return Window(_at(day, rules.start, zone), _at(end_day, rules.end, zone))


def window_at(rules: Rules, now: datetime, zone: tzinfo) -> Window | None:
    """The working-hours window containing ``now``, or None outside working hours."""
    today = now.astimezone(zone).date()
    for day in (today, today - timedelta(days=1)):  # yesterday's may run past midnight
        window = window_on(rules, day, zone)
        if window is not None and window.start <= now < window.end:
            return window
    return None


def next_window_start(rules: Rules, after: datetime, zone: tzinfo) -> datetime | None:
    """The first working-hours start strictly after ``after`` (None when no day is a workday)."""
    today = after.astimezone(zone).date()
    for offset in range(9):
        window = window_on(rules, today + timedelta(days=offset), zone)
        if window is not None and window.start > after:
            return window.start
    return None


def next_midnight(now: datetime, zone: tzinfo) -> datetime:
    """The next local midnight after ``now``, as a UTC instant."""
    tomorrow = now.astimezone(zone).date() + timedelta(days=1)
    return _at(tomorrow, time(0, 0), zone)
