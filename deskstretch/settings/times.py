"""Times of day as the settings file writes them ("HH:MM"), for the keys and the reminders."""

from __future__ import annotations

import datetime as _dt
import re

_TIME_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def canonical_time(value: object) -> str | None:
    """A time of day as ``"HH:MM"``, or None if ``value`` is not one.

    A hand-edited file may hold a TOML local time (09:00:00) instead of a string.
    """
    if (
        isinstance(value, _dt.time)
        and value.tzinfo is None
        and value.second == 0
        and value.microsecond == 0
    ):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, str):
        match = _TIME_RE.match(value.strip())
        if match:
            return f"{int(match.group(1)):02d}:{match.group(2)}"
    return None
