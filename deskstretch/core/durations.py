"""Parse the short durations the CLI and menus accept: "90s", "30m", "1h30m", "2h"."""

from __future__ import annotations

import re
from datetime import timedelta

from deskstretch.i18n import _

_PART = re.compile(r"(\d+)\s*([hms])")
_UNITS = {"h": 3600, "m": 60, "s": 1}
MAX_DURATION = timedelta(days=7)


def parse_duration(text: str) -> timedelta:
    """Turn text such as ``"1h30m"`` into a :class:`~datetime.timedelta`.

    Hours, minutes and seconds may each appear once, in that order, with optional
    spaces (``"1h 30m"``). Units are ``h``, ``m`` and ``s``; case does not matter.

    Args:
        text: The duration as typed by the user.

    Returns:
        The duration, longer than zero and at most seven days.

    Raises:
        ValueError: With a message that says what is wrong and what is accepted.
    """
    hint = _("use a number with h, m or s, for example 90s, 30m, 1h30m or 2h")
    cleaned = text.strip().lower()
    if not cleaned:
        raise ValueError(_("empty duration: {hint}").format(hint=hint))
    position = 0
    seconds = 0
    seen: list[str] = []
    for match in _PART.finditer(cleaned):
        if cleaned[position : match.start()].strip():
            break
        unit = match.group(2)
        if seen and "hms".index(unit) <= "hms".index(seen[-1]):
            raise ValueError(
                _("{text}: give hours, minutes and seconds once each, in that order").format(
                    text=repr(text)
                )
            )
        seen.append(unit)
        seconds += int(match.group(1)) * _UNITS[unit]
        position = match.end()
    if not seen or cleaned[position:].strip():
        raise ValueError(_("{text} is not a duration: {hint}").format(text=repr(text), hint=hint))
    if seconds == 0:
        raise ValueError(
            _("{text} is zero: a duration must be longer than that").format(text=repr(text))
        )
    duration = timedelta(seconds=seconds)
    if duration > MAX_DURATION:
        raise ValueError(
            _("{text} is longer than the maximum of 7 days (168h)").format(text=repr(text))
        )
    return duration
