"""Turn the user's preferences into the planner's rules (pure: no Qt, no I/O)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import time, timedelta

from deskstretch.core.rules import ReminderRule, Rules
from deskstretch.settings.model import DEFAULT_ORDER, WEEKDAYS, Preferences, Reminder, Schedule

_DEFAULT_SCHEDULE = Schedule()

# When none of the enabled stretches exists: the first two of the built-in rotation.
_FALLBACK_ORDER = DEFAULT_ORDER[:2]


def _parse_hhmm(text: str) -> time:
    hours, minutes = (int(part) for part in text.split(":"))
    return time(hours, minutes)


def _hhmm(text: str, default: str) -> time:
    """``"HH:MM"`` as a time; the ``default`` (the model's, always valid) if unreadable."""
    try:
        return _parse_hhmm(text)
    except ValueError:
        return _parse_hhmm(default)


def _enabled_in_order(prefs: Preferences, available: Iterable[str]) -> tuple[str, ...]:
    known = set(available)
    enabled = [s for s in prefs.stretches.enabled if s in known]
    ordered = [s for s in prefs.stretches.order if s in enabled]
    ordered += [s for s in enabled if s not in ordered]
    return tuple(dict.fromkeys(ordered))


def fits_place(setting: str, stretch_place: str | None) -> bool:
    """Whether a stretch tagged ``stretch_place`` (desk, floor, bar; None: unknown) suits
    scheduled breaks under ``stretches.place`` = ``setting`` (desk or anywhere)."""
    if setting == "anywhere":
        return True
    return stretch_place == setting


def stretch_rotation(
    prefs: Preferences,
    available: Iterable[str],
    places: Mapping[str, str] | None = None,
) -> tuple[str, ...]:
    """Enabled stretches that exist and fit ``stretches.place``, in the user's order
    (enabled ones missing from the order last).

    Args:
        prefs: The user's preferences.
        available: The stretch ids the catalogue has.
        places: Each available stretch's place tag (desk, floor, bar), from the catalogue;
            None: no filtering by place.

    Returns:
        The rotation, without repeats; empty if no enabled stretch exists. When no enabled
        stretch fits the place, every enabled one (see :func:`place_falls_back`).
    """
    enabled = _enabled_in_order(prefs, available)
    if places is None:
        return enabled
    fitting = tuple(s for s in enabled if fits_place(prefs.stretches.place, places.get(s)))
    return fitting or enabled


def place_falls_back(
    prefs: Preferences, available: Iterable[str], places: Mapping[str, str]
) -> bool:
    """True when stretches are enabled but none fits ``stretches.place``, so the rotation
    uses every enabled stretch instead (the caller says so in the log)."""
    enabled = _enabled_in_order(prefs, available)
    return bool(enabled) and not any(
        fits_place(prefs.stretches.place, places.get(s)) for s in enabled
    )


def _optional_hhmm(text: str) -> time | None:
    try:
        return _parse_hhmm(text) if text else None
    except ValueError:
        return None


def reminder_rule(reminder: Reminder) -> ReminderRule:
    """The planner's view of one reminder (no days means every day; an unreadable time, all day)."""
    days = frozenset(WEEKDAYS.index(d) for d in reminder.days if d in WEEKDAYS)
    start, end = _optional_hhmm(reminder.start), _optional_hhmm(reminder.end)
    if start is None or end is None:
        start = end = None
    return ReminderRule(
        text=reminder.text,
        interval=timedelta(minutes=max(1, reminder.interval_minutes)),
        days=days or frozenset(range(7)),
        start=start,
        end=end,
    )


def rules_from_preferences(
    prefs: Preferences,
    available: Iterable[str],
    places: Mapping[str, str] | None = None,
) -> Rules:
    """The planner's view of the preferences.

    Args:
        prefs: The user's preferences.
        available: The stretch ids the catalogue has.
        places: Each stretch's place tag, for ``stretches.place`` (None: not filtered).

    Returns:
        The rules; an unreadable working-hours time counts as the model's default.
    """
    order = stretch_rotation(prefs, available, places)
    return Rules(
        interval=timedelta(minutes=prefs.breaks.interval_minutes),
        long_every=prefs.breaks.long_every,
        long_count=prefs.breaks.long_count,
        snooze=timedelta(minutes=prefs.breaks.snooze_minutes),
        max_snoozes=prefs.breaks.max_snoozes,
        lead=timedelta(
            seconds=prefs.notifications.lead_seconds if prefs.notifications.enabled else 0
        ),
        schedule_enabled=prefs.schedule.enabled,
        days=frozenset(WEEKDAYS.index(d) for d in prefs.schedule.days if d in WEEKDAYS),
        start=_hhmm(prefs.schedule.start, _DEFAULT_SCHEDULE.start),
        end=_hhmm(prefs.schedule.end, _DEFAULT_SCHEDULE.end),
        natural_break=timedelta(minutes=prefs.idle.natural_break_minutes),
        stretch_order=order or _FALLBACK_ORDER,
        micro_interval=(
            timedelta(minutes=prefs.micro.interval_minutes) if prefs.micro.enabled else timedelta(0)
        ),
        micro_duration=timedelta(seconds=prefs.micro.seconds),
        reminders=tuple(reminder_rule(r) for r in prefs.reminders if r.enabled and r.text.strip()),
    )
