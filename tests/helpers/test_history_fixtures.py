"""The seeded year is the same for the same seed, ordered, and looks like a working year."""

from __future__ import annotations

from datetime import date

from deskstretch.core.history import BreakRecord, FlexCheck, Span
from tests.helpers.history_fixtures import BERLIN, STRETCH_IDS, seeded_year

TODAY = date(2026, 11, 27)


def test_same_seed_same_records_other_seed_other_records() -> None:
    assert seeded_year(TODAY, days=30) == seeded_year(TODAY, days=30)
    assert seeded_year(TODAY, days=30) != seeded_year(TODAY, days=30, seed=16)


def test_a_year_of_workdays_in_order() -> None:
    records = seeded_year(TODAY)
    starts = [r.start if isinstance(r, Span) else r.at for r in records]
    assert starts == sorted(starts)
    breaks = [r for r in records if isinstance(r, BreakRecord)]
    workdays = {r.day for r in breaks}
    assert all(day.weekday() < 5 for day in workdays)
    assert 200 < len(workdays) < 262  # weekdays minus three holiday weeks
    assert all(sum(1 for r in breaks if r.day == d) == 16 for d in list(workdays)[:20])
    assert all(r.day == r.at.astimezone(BERLIN).date() for r in breaks)
    assert {s.stretch_id for r in breaks for s in r.stretches} == set(STRETCH_IDS)
    assert {r.end for r in breaks} == {"completed", "skipped", "missed", "closed", "stopped"}
    assert len([r for r in records if isinstance(r, FlexCheck)]) >= 20
