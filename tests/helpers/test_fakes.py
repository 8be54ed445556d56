from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.helpers.fakes import FakeClock


def test_fake_clock_advance_moves_both_clocks() -> None:
    clock = FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), zone="UTC")
    mono = clock.monotonic()
    clock.advance(90)
    assert clock.now() == datetime(2026, 3, 2, 9, 1, 30, tzinfo=UTC)
    assert clock.monotonic() == mono + 90


def test_fake_clock_jump_moves_only_the_wall_clock() -> None:
    clock = FakeClock()
    mono = clock.monotonic()
    before = clock.now()
    clock.jump(timedelta(hours=3))
    assert clock.now() - before == timedelta(hours=3)
    assert clock.monotonic() == mono


def test_fake_clock_refuses_naive_start_and_backwards_time() -> None:
    with pytest.raises(ValueError, match="aware"):
        FakeClock(datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="backwards"):
        FakeClock().advance(-1)


def test_fake_clock_local_time_follows_dst() -> None:
    # Europe/Berlin switches to summer time on 2026-03-29 at 02:00 local.
    clock = FakeClock(datetime(2026, 3, 28, 12, 0, tzinfo=ZoneInfo("Europe/Berlin")))
    clock.advance(timedelta(hours=24))
    assert clock.local().hour == 13
