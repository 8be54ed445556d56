from datetime import timedelta

import pytest

from tests.helpers.fake_wakeup import FakeWakeup
from tests.helpers.fakes import FakeClock


def test_fire_moves_the_clock_to_the_armed_time_and_runs_the_callback() -> None:
    clock = FakeClock()
    wakeup = FakeWakeup(clock)
    seen = []
    at = clock.now() + timedelta(minutes=30)
    wakeup.arm(at, lambda: seen.append(clock.now()))
    assert wakeup.fire() == at
    assert seen == [at]
    assert wakeup.armed_at is None


def test_arming_replaces_the_pending_call() -> None:
    clock = FakeClock()
    wakeup = FakeWakeup(clock)
    seen = []
    wakeup.arm(clock.now() + timedelta(minutes=5), lambda: seen.append("first"))
    wakeup.arm(clock.now() + timedelta(minutes=9), lambda: seen.append("second"))
    wakeup.fire()
    assert seen == ["second"]
    assert wakeup.arm_count == 2


def test_arming_in_the_past_fires_without_moving_the_clock_back() -> None:
    clock = FakeClock()
    wakeup = FakeWakeup(clock)
    before = clock.now()
    wakeup.arm(before - timedelta(minutes=1), lambda: None)
    wakeup.fire()
    assert clock.now() == before


def test_nothing_fires_after_cancel_or_shutdown() -> None:
    clock = FakeClock()
    wakeup = FakeWakeup(clock)
    wakeup.arm(clock.now() + timedelta(minutes=1), lambda: None)
    wakeup.cancel()
    with pytest.raises(RuntimeError):
        wakeup.fire()
    wakeup.shutdown()
    wakeup.arm(clock.now() + timedelta(minutes=1), lambda: None)
    assert wakeup.armed_at is None
