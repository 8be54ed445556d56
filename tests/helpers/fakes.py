"""Test doubles shared by the whole suite. They have tests of their own (test_fakes.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo


class FakeClock:
    """A clock that only moves when told to.

    ``monotonic`` advances with ``advance`` but not with ``jump`` (a suspend or a
    clock change moves the wall clock only), which is how the real clocks behave.
    """

    def __init__(
        self,
        start: datetime | None = None,
        zone: tzinfo | str = "Europe/Berlin",
    ) -> None:
        self._zone = ZoneInfo(zone) if isinstance(zone, str) else zone
        if start is None:
            start = datetime(2026, 3, 2, 9, 0, tzinfo=self._zone)  # a Monday
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware start time")
        self._now = start.astimezone(UTC)
        self._mono = 1000.0

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    def local_zone(self) -> tzinfo:
        return self._zone

    def local(self) -> datetime:
        """The current time in the fake local zone (for assertions)."""
        return self._now.astimezone(self._zone)

    def advance(self, seconds: float | timedelta) -> None:
        """Let time pass normally (both clocks move)."""
        delta = seconds if isinstance(seconds, timedelta) else timedelta(seconds=seconds)
        if delta < timedelta(0):
            raise ValueError("time does not run backwards; use jump()")
        self._now += delta
        self._mono += delta.total_seconds()

    def jump(self, seconds: float | timedelta) -> None:
        """Move the wall clock only (suspend, or the user setting the clock)."""
        delta = seconds if isinstance(seconds, timedelta) else timedelta(seconds=seconds)
        self._now += delta

    def set_local(self, when: datetime) -> None:
        """Advance normally to a local wall time (naive or aware)."""
        target = when if when.tzinfo else when.replace(tzinfo=self._zone)
        self.advance(target.astimezone(UTC) - self._now)
