"""Times and dates in the Qt layer follow the locale (QLocale), not English strftime."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QLocale

from deskstretch.ui.progress import day_text, long_day_text
from deskstretch.ui.texts import clock_time

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def locale() -> Iterator[None]:
    before = QLocale()
    yield
    QLocale.setDefault(before)


@pytest.mark.usefixtures("locale")
@pytest.mark.parametrize(
    ("name", "today", "tuesday"),
    [
        ("en_GB", "14:30", "Tue 14:30"),
        ("en_US", "2:30 PM", "Tue 2:30 PM"),
        ("de_DE", "14:30", "Di. 14:30"),
    ],
)
def test_clock_times_and_day_names_are_the_locales(name: str, today: str, tuesday: str) -> None:
    QLocale.setDefault(QLocale(name))
    at = NOW.replace(hour=14, minute=30)
    # CLDR puts a narrow no-break space before "PM": the same to the eye.
    assert clock_time(at, UTC, NOW).replace("\u202f", " ") == today
    assert clock_time(at + timedelta(days=1), UTC, NOW).replace("\u202f", " ") == tuesday


@pytest.mark.usefixtures("locale")
def test_a_far_time_has_the_locales_short_date() -> None:
    QLocale.setDefault(QLocale("de_DE"))
    assert clock_time(NOW + timedelta(days=9), UTC, NOW) == "11.03.26 09:00"


@pytest.mark.usefixtures("locale")
def test_progress_dates_use_the_locales_month_and_day_names() -> None:
    QLocale.setDefault(QLocale("de_DE"))
    assert day_text(date(2026, 3, 3)) == "3 März"  # the English pattern, German names
    assert day_text(date(2025, 3, 3), 2026) == "3 März 2025"
    assert long_day_text(date(2026, 3, 3)) == "Dienstag 3 März"
    QLocale.setDefault(QLocale("en_GB"))
    assert long_day_text(date(2026, 3, 3)) == "Tuesday 3 March"
