"""Safety from the record: two "This hurts" stops within 14 days bench a stretch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from deskstretch.core.history import (
    BreakEnd,
    BreakRecord,
    FlexCheck,
    Record,
    Restored,
    SnoozeRecord,
    StretchDone,
)
from deskstretch.core.safety import benched, benches

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _brk(at: datetime, *outcomes: tuple[str, str]) -> BreakRecord:
    done = tuple(
        StretchDone(sid, 1, 3, 0, "hold", "stopped" if out == "stopped" else "completed")
        for sid, out in outcomes
    )
    end: BreakEnd = "stopped" if any(out == "stopped" for _, out in outcomes) else "completed"
    return BreakRecord(at, at.date(), at, at + timedelta(minutes=2), "scheduled", end, False, done)


def stop(days: float, sid: str = "hip-flexor") -> BreakRecord:
    return _brk(T0 + timedelta(days=days), (sid, "stopped"))


def done(days: float, sid: str = "hip-flexor") -> BreakRecord:
    return _brk(T0 + timedelta(days=days), (sid, "completed"))


def restore(days: float, sid: str = "hip-flexor") -> Restored:
    at = T0 + timedelta(days=days)
    return Restored(at, at.date(), sid)


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def test_one_stop_benches_nothing() -> None:
    assert benched([stop(0), done(1)], at(2)) == {}


def test_two_stops_within_14_days_bench_the_stretch_from_the_second_stop() -> None:
    records: list[Record] = [stop(0), done(3), stop(10)]
    assert benched(records, at(11)) == {"hip-flexor": at(10)}
    # Before the second stop it was still in the rotation.
    assert benched(records, at(9)) == {}


def test_exactly_14_days_apart_counts_but_15_does_not() -> None:
    assert benched([stop(0), stop(14)], at(20)) == {"hip-flexor": at(14)}
    assert benched([stop(0), stop(15)], at(20)) == {}


def test_it_stays_benched_long_after_until_put_back() -> None:
    assert benched([stop(0), stop(2)], at(400)) == {"hip-flexor": at(2)}
    assert benched([stop(0), stop(2), restore(5)], at(400)) == {}


def test_a_restore_before_the_second_stop_does_not_undo_it() -> None:
    # Restoring clears the slate: the stop before it no longer counts, so one more stop
    # after it is not enough.
    assert benched([stop(0), restore(1), stop(2)], at(3)) == {}


def test_restored_then_stopped_twice_again_is_benched_again() -> None:
    records: list[Record] = [stop(0), stop(1), restore(2), stop(3), stop(4)]
    assert benched(records, at(5)) == {"hip-flexor": at(4)}
    why = benches(records, at(5))["hip-flexor"]
    assert (why.first, why.since) == (at(3), at(4))


def test_restored_then_stopped_once_stays_in_the_rotation() -> None:
    assert benched([stop(0), stop(1), restore(2), stop(3)], at(5)) == {}


def test_three_stops_spread_out_bench_at_the_first_close_pair() -> None:
    records: list[Record] = [stop(0), stop(20), stop(30), stop(31)]
    assert benched(records, at(40)) == {"hip-flexor": at(30)}


def test_stretches_are_counted_apart_and_order_of_records_does_not_matter() -> None:
    records: list[Record] = [
        stop(5, "camel"),
        stop(1, "hip-flexor"),
        stop(0, "camel"),
        _brk(at(2), ("hip-flexor", "completed"), ("camel", "completed")),
        restore(6, "camel"),
        stop(9, "hip-flexor"),
    ]
    assert benched(records, at(10)) == {"hip-flexor": at(9)}


def test_a_restore_for_another_stretch_changes_nothing() -> None:
    assert benched([stop(0), stop(1), restore(2, "camel")], at(3)) == {"hip-flexor": at(1)}


def test_records_after_now_and_other_kinds_are_ignored() -> None:
    snooze = SnoozeRecord(at(0), at(0).date(), at(0) + timedelta(minutes=5))
    check = FlexCheck(at(0), at(0).date(), "knees")
    assert benched([snooze, check, stop(0), stop(1)], at(0.5)) == {}
    assert benched([stop(0), stop(1), restore(3)], at(2)) == {"hip-flexor": at(1)}
