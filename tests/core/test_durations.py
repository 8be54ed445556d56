from datetime import timedelta

import pytest

from deskstretch.core.durations import parse_duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90s", timedelta(seconds=90)),
        ("30m", timedelta(minutes=30)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        ("2h", timedelta(hours=2)),
        ("1H 5M 3S", timedelta(hours=1, minutes=5, seconds=3)),
        (" 45m ", timedelta(minutes=45)),
        ("168h", timedelta(days=7)),
    ],
)
def test_accepted_durations(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty duration"),
        ("30", "not a duration"),
        ("half an hour", "not a duration"),
        ("1.5h", "not a duration"),
        ("-5m", "not a duration"),
        ("30m1h", "in that order"),
        ("5m5m", "in that order"),
        ("0m", "longer than that"),
        ("169h", "maximum of 7 days"),
    ],
)
def test_rejected_durations_say_what_is_wrong_and_what_is_accepted(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as info:
        parse_duration(text)
    if "not a duration" in message or "empty" in message:
        assert "90s, 30m, 1h30m or 2h" in str(info.value)
