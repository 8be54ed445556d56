"""Record strategies (hypothesis) and hand-made records for the history store's tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import get_args

from hypothesis import strategies as st

from deskstretch.core.history import (
    FLEX_LEVELS,
    BreakEnd,
    BreakRecord,
    FlexCheck,
    MicroRecord,
    Record,
    Restored,
    SnoozeRecord,
    Span,
    SpanKind,
    StretchDone,
)

zones = st.one_of(
    st.just(UTC),
    st.builds(
        lambda minutes: timezone(timedelta(minutes=minutes)),
        st.integers(min_value=-14 * 60 + 1, max_value=14 * 60 - 1),
    ),
)
times = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=zones
)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))
texts = st.text(max_size=30)

stretches = st.builds(
    StretchDone,
    stretch_id=texts,
    reps_done=st.integers(0, 100),
    reps=st.integers(0, 100),
    sides_done=st.integers(0, 200),
    phase=texts,
    outcome=st.sampled_from(("completed", "skipped", "stopped")),
)

records: st.SearchStrategy[Record] = st.one_of(
    st.builds(
        BreakRecord,
        at=times,
        day=days,
        due=st.none() | times,
        ended=st.none() | times,
        reason=texts,
        end=st.sampled_from(get_args(BreakEnd)),
        long=st.booleans(),
        stretches=st.lists(stretches, max_size=4).map(tuple),
    ),
    st.builds(
        MicroRecord,
        at=times,
        day=days,
        cue_id=texts,
        end=st.sampled_from(("done", "skipped", "missed")),
    ),
    st.builds(
        SnoozeRecord,
        at=times,
        day=days,
        until=times,
        kind=st.sampled_from(("stretch", "micro")),
    ),
    st.builds(
        Span,
        kind=st.sampled_from(get_args(SpanKind)),
        start=times,
        end=times,
        day=days,
        reason=texts,
    ),
    st.builds(FlexCheck, at=times, day=days, level=st.sampled_from(FLEX_LEVELS)),
    st.builds(Restored, at=times, day=days, stretch_id=texts),
)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """An instant on ``day`` (UTC: the tests' local zone is UTC)."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def one_of_each(day: date) -> list[Record]:
    """One record of every type on ``day``, oldest first."""
    return [
        Span("active", at(day, 8), at(day, 9), day),
        BreakRecord(
            at(day, 9),
            day,
            at(day, 9),
            at(day, 9, 4),
            "scheduled",
            "completed",
            False,
            (
                StretchDone("neck-tilt", 2, 2, 4, "done", "completed"),
                StretchDone("wrist-flex", 0, 2, 0, "ready", "skipped"),
            ),
        ),
        MicroRecord(at(day, 9, 20), day, "look-away", "done"),
        SnoozeRecord(at(day, 9, 30), day, at(day, 9, 35), "stretch"),
        Span("hold", at(day, 10), at(day, 11), day, "camera"),
        FlexCheck(at(day, 11, 5), day, "mid-shin"),
        BreakRecord(at(day, 11, 10), day, None, None, "user", "missed", True),
        Restored(at(day, 12), day, "neck-tilt"),
    ]
