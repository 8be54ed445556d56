from collections.abc import Iterator

import pytest

from tests.helpers.wait import wait_until


def _counter(values: list[int]) -> Iterator[int]:
    yield from values
    while True:
        yield values[-1]


def test_returns_the_first_value_that_meets_the_condition() -> None:
    values = _counter([0, 0, 3, 5])
    got = wait_until(lambda: next(values), 5, what="a count of 3", until=lambda n: n >= 3)
    assert got == 3


def test_a_plain_condition_waits_for_a_truthy_value_and_pumps_between_calls() -> None:
    values = _counter([0, 0, 7])
    pumped: list[None] = []
    assert (
        wait_until(
            lambda: next(values), 5, what="x", interval=0.001, pump=lambda: pumped.append(None)
        )
        == 7
    )
    assert len(pumped) == 2  # between the calls, not after the last one


def test_timeout_says_what_was_awaited_and_the_last_value() -> None:
    values = _counter([1, 2])
    with pytest.raises(AssertionError) as failure:
        wait_until(
            lambda: next(values),
            0.05,
            what="the count to reach 9",
            until=lambda n: n == 9,
            interval=0.001,
            details=lambda: "log tail",
        )
    message = str(failure.value)
    assert "timed out after 0.05s waiting for the count to reach 9" in message
    assert "last value: 2" in message
    assert message.endswith("\nlog tail")


def test_a_zero_timeout_is_one_check() -> None:
    calls: list[int] = []

    def probe() -> bool:
        calls.append(1)
        return False

    with pytest.raises(AssertionError, match="last value: False"):
        wait_until(probe, 0, what="nothing")
    assert calls == [1]


def test_the_error_can_be_the_callers_own_type() -> None:
    with pytest.raises(RuntimeError, match="waiting for the server"):
        wait_until(lambda: None, 0, what="the server", error=RuntimeError)


def test_an_exception_from_the_probe_ends_the_wait_at_once() -> None:
    def probe() -> bool:
        raise AssertionError("the process died")

    with pytest.raises(AssertionError, match="the process died"):
        wait_until(probe, 60, what="never")
