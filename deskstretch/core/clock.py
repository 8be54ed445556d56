"""The one place that reads the clock.

Everything else receives a :class:`Clock` and asks it for the time, so tests can
drive the whole break domain with a fake clock and never wait on real time.
Internally all instants are timezone-aware UTC; local time is used only at the
edges (working hours, strings shown to the user) through :meth:`Clock.local_zone`.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class Clock(Protocol):
    """A source of time."""

    def now(self) -> datetime:
        """Return the current wall-clock time, timezone-aware, in UTC."""
        ...

    def monotonic(self) -> float:
        """Return seconds on a clock that never jumps (does not count suspend)."""
        ...

    def local_zone(self) -> tzinfo:
        """Return the user's local time zone, with its DST rules where known."""
        ...


def _system_zone() -> tzinfo:
    """Find the system time zone with its rules (so local-time maths survive DST)."""
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    localtime = Path("/etc/localtime")
    try:
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            return ZoneInfo(target.split("zoneinfo/", 1)[1])
        with localtime.open("rb") as fh:
            return ZoneInfo.from_file(fh, key="localtime")
    except (OSError, ZoneInfoNotFoundError, ValueError):
        pass
    # Windows and exotic systems: the current fixed offset (DST changes are then
    # picked up at the next start, which is the best we can do without tzdata).
    zone = datetime.now().astimezone().tzinfo
    return zone if zone is not None else UTC


class SystemClock:
    """The real clock."""

    def __init__(self) -> None:
        self._zone: tzinfo | None = None

    def now(self) -> datetime:
        """Return the current time in UTC."""
        return datetime.now(UTC)

    def monotonic(self) -> float:
        """Return :func:`time.monotonic`."""
        return time.monotonic()

    def local_zone(self) -> tzinfo:
        """Return the system time zone (looked up once)."""
        if self._zone is None:
            self._zone = _system_zone()
        return self._zone


def wall_time() -> float:
    """Seconds since the epoch, for log records, file names and file ages only."""
    return time.time()
