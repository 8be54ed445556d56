"""Turn the user's preferences into the planner's rules."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time, timedelta

from deskstretch.core.rules import Rules
from deskstretch.settings.model import WEEKDAYS, Preferences


def _hhmm(text: str, fallback: time) -> time:
    try:
        hours, minutes = (int(part) for part in text.split(":"))
        return time(hours, minutes)
    except ValueError:
        return fallback


def stretch_rotation(prefs: Preferences, available: Iterable[str]) -> tuple[str, ...]:
    """Enabled stretches that exist, in the user's order (enabled ones missing from it last)."""
    known = set(available)
    enabled = [s for s in prefs.stretches.enabled if s in known]
    ordered = [s for s in prefs.stretches.order if s in enabled]
    ordered += [s for s in enabled if s not in ordered]
    return tuple(dict.fromkeys(ordered))


def rules_from_preferences(prefs: Preferences, available: Iterable[str]) -> Rules:
    """The planner's view of the preferences."""
    order = stretch_rotation(prefs, available)
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
        start=_hhmm(prefs.schedule.start, time(9, 0)),
        end=_hhmm(prefs.schedule.end, time(17, 30)),
        natural_break=timedelta(minutes=prefs.idle.natural_break_minutes),
        stretch_order=order or ("hip-flexor", "trunk-rotation"),
    )
