"""``[[reminders]]`` in the settings file: round trips, wrong entries, the limit, newer files."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from deskstretch.settings import reminders, schema
from deskstretch.settings.model import MAX_REMINDERS, Preferences, Reminder
from deskstretch.settings.reminders import ReminderError, make_reminder
from deskstretch.settings.store import SettingsStore

WATER = Reminder("Drink some water", 60)
POSTURE = Reminder("Check your posture", 45, ("mon", "fri"), "09:00", "17:00", enabled=False)


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "settings.toml"


def _with(*items: Reminder) -> Preferences:
    return Preferences(reminders=tuple(items))


def _doc(path: Path) -> dict[str, object]:
    return tomllib.loads(path.read_text())


def test_reminders_round_trip_through_the_file(settings_path: Path) -> None:
    store = SettingsStore(settings_path)
    prefs = schema.with_value(_with(WATER, POSTURE), "breaks.interval_minutes", 45)
    assert store.save(prefs).ok
    # Written the way the README shows them, so that editing by hand looks familiar.
    assert settings_path.read_text().count("\n[[reminders]]\n") == 2
    assert _doc(settings_path)["reminders"] == [
        {"text": "Drink some water", "interval_minutes": 60},
        {
            "text": "Check your posture",
            "interval_minutes": 45,
            "days": ["mon", "fri"],
            "start": "09:00",
            "end": "17:00",
            "enabled": False,
        },
    ]
    result = store.load()
    assert result.problems == ()
    assert result.prefs == prefs


def test_no_reminders_writes_none_and_removing_the_last_one_sticks(settings_path: Path) -> None:
    store = SettingsStore(settings_path)
    assert store.save(Preferences()).ok
    assert "reminders" not in _doc(settings_path)
    assert store.save(_with(WATER)).ok
    assert store.save(Preferences()).ok
    assert store.load().prefs.reminders == ()


def test_hand_written_reminders_are_read_in_canonical_form(settings_path: Path) -> None:
    settings_path.parent.mkdir(parents=True)
    settings_path.write_text(
        "[[reminders]]\n"
        'text = "  Stand up  "\n'
        "interval_minutes = 90\n"
        'days = ["FRI", "mon", "mon"]\n'
        "start = 08:30:00\n"
        'end = "9:05"\n'
    )
    result = SettingsStore(settings_path).load()
    assert result.problems == ()
    assert result.prefs.reminders == (Reminder("Stand up", 90, ("mon", "fri"), "08:30", "09:05"),)


def test_a_file_with_only_reminders_is_not_taken_for_an_old_one(settings_path: Path) -> None:
    settings_path.parent.mkdir(parents=True)
    settings_path.write_text('[[reminders]]\ntext = "Water"\n')
    store = SettingsStore(settings_path)
    assert store.load().prefs.reminders == (Reminder("Water"),)
    assert store.save(store.load().prefs).ok
    assert sorted(p.name for p in settings_path.parent.iterdir()) == ["settings.toml"]


BAD_ENTRIES = [
    ("interval_minutes = 30", "reminders[2] has no text", "write what to remind"),
    ('text = ""', "reminders[2].text", "is empty"),
    ('text = "a\\nb"', "reminders[2].text", "one line"),
    (f'text = "{"x" * 121}"', "reminders[2].text", "at most 120"),
    ("text = 5", "reminders[2].text", "one line of 1 to 120 characters"),
    ('text = "t"\ninterval_minutes = 4', "reminders[2].interval_minutes", "from 5 to 1440"),
    ('text = "t"\ninterval_minutes = 1441', "reminders[2].interval_minutes", "from 5 to 1440"),
    ('text = "t"\ninterval_minutes = "60"', "reminders[2].interval_minutes", "whole number"),
    ('text = "t"\ndays = ["mon", "funday"]', "reminders[2].days", "funday is not a day"),
    ('text = "t"\ndays = "mon"', "reminders[2].days", "a list of mon, tue"),
    ('text = "t"\nstart = "25:00"\nend = "10:00"', "reminders[2].start", "HH:MM"),
    ('text = "t"\nstart = "09:00"', "reminders[2] has a start time but no end", "give both"),
    ('text = "t"\nend = "09:00"', "reminders[2] has an end time but no start", "give both"),
    ('text = "t"\nenabled = "yes"', "reminders[2].enabled", "true or false"),
    ('text = "t"\nintervall_minutes = 30', "reminders[2].intervall_minutes", "is not a reminder"),
]


@pytest.mark.parametrize(("entry", "names", "says"), BAD_ENTRIES)
def test_a_wrong_entry_is_reported_not_used_and_kept_on_save(
    settings_path: Path, entry: str, names: str, says: str
) -> None:
    settings_path.parent.mkdir(parents=True)
    text = (
        f'[[reminders]]\ntext = "Water"\n\n[[reminders]]\n{entry}\n\n'
        '[[reminders]]\ntext = "Stretch"\ninterval_minutes = 30\n'
    )
    settings_path.write_text(text)
    store = SettingsStore(settings_path)
    result = store.load()
    # The others work; the wrong one is named with its key and what is allowed.
    assert result.prefs.reminders == (Reminder("Water"), Reminder("Stretch", 30))
    assert [p.key for p in result.problems] == ["reminders[2]"]
    message = result.problems[0].message
    assert names in message
    assert says in message
    assert "stays in the file" in message
    assert result.unknown == {}
    # A save (from the dialog or the CLI) keeps the entry exactly as the user wrote it.
    wrong = tomllib.loads(text)["reminders"][1]
    assert store.save(result.prefs).ok
    assert _doc(settings_path)["reminders"] == [
        {"text": "Water", "interval_minutes": 60},
        {"text": "Stretch", "interval_minutes": 30},
        wrong,
    ]
    # Fixed by hand later, it counts again.
    again = store.load()
    assert again.prefs.reminders == result.prefs.reminders
    assert [p.key for p in again.problems] == ["reminders[3]"]


def test_reminders_that_are_not_tables_are_reported_and_kept(settings_path: Path) -> None:
    settings_path.parent.mkdir(parents=True)
    settings_path.write_text('reminders = "drink water"\n')
    store = SettingsStore(settings_path)
    result = store.load()
    assert result.prefs.reminders == ()
    assert "[[reminders]] tables" in result.problems[0].message
    assert store.save(_with(WATER)).ok
    assert "drink water" in settings_path.read_text()
    assert store.load().prefs.reminders == (WATER,)


def test_more_than_the_limit_uses_the_first_and_keeps_the_rest(settings_path: Path) -> None:
    settings_path.parent.mkdir(parents=True)
    settings_path.write_text(
        "".join(f'[[reminders]]\ntext = "R{n}"\n' for n in range(1, MAX_REMINDERS + 3))
    )
    store = SettingsStore(settings_path)
    result = store.load()
    assert [r.text for r in result.prefs.reminders] == [f"R{n}" for n in range(1, 9)]
    assert [p.key for p in result.problems] == ["reminders"]
    assert "the first 8 are; the other 2 stay in the file" in result.problems[0].message
    # Removing one in DeskStretch lets the ninth in; nothing the user wrote is lost.
    assert store.save(_with(*result.prefs.reminders[1:])).ok
    again = store.load()
    assert [r.text for r in again.prefs.reminders] == [f"R{n}" for n in range(2, 10)]
    saved = _doc(settings_path)["reminders"]
    assert isinstance(saved, list)
    assert [t["text"] for t in saved] == [f"R{n}" for n in range(2, 11)]


def test_a_newer_file_with_reminders_is_used_and_never_overwritten(settings_path: Path) -> None:
    settings_path.parent.mkdir(parents=True)
    newer = (
        b"schema_version = 99\n\n[[reminders]]\n"
        b'text = "Water"\ninterval_minutes = 30\nsound = "drip"\n\n'
        b'[[reminders]]\nkind = "calendar"\n'
    )
    settings_path.write_bytes(newer)
    store = SettingsStore(settings_path)
    result = store.load()
    assert result.read_only
    # The keys this version knows are used; a newer key of its own does not stop the reminder.
    assert result.prefs.reminders == (Reminder("Water", 30),)
    assert [p.key for p in result.problems] == [None, "reminders[2]"]
    saved = store.save(_with())
    assert not saved.ok
    assert settings_path.read_bytes() == newer


def test_organisation_reminders_are_defaults_the_user_can_replace(
    tmp_path: Path, settings_path: Path
) -> None:
    site = tmp_path / "site.toml"
    site.write_text('[[reminders]]\ntext = "Team stand-up"\ninterval_minutes = 1440\n')
    store = SettingsStore(settings_path, [site])
    assert store.load().prefs.reminders == (Reminder("Team stand-up", 1440),)
    assert store.save(store.load().prefs).ok
    assert "reminders" not in _doc(settings_path)  # the organisation's default is not copied
    # Removing it is the user's choice, and it sticks beside the other settings.
    mine = schema.with_value(_with(), "dnd.camera", False)
    assert store.save(mine).ok
    assert store.load().prefs == mine


def test_a_bad_entry_on_reload_is_reported_and_the_rest_applied(settings_path: Path) -> None:
    store = SettingsStore(settings_path)
    assert store.save(_with(WATER)).ok
    settings_path.write_text(
        settings_path.read_text() + '\n[[reminders]]\ntext = "x"\ninterval_minutes = 0\n'
    )
    result = store.load(fallback=_with(WATER, POSTURE))
    assert result.prefs.reminders == (WATER,)
    assert [p.key for p in result.problems] == ["reminders[2]"]


def test_make_reminder_checks_like_the_file() -> None:
    assert make_reminder(" Water ", 5, ["sun", "MON"], "9:00", "17:00") == Reminder(
        "Water", 5, ("mon", "sun"), "09:00", "17:00"
    )
    with pytest.raises(ReminderError) as caught:
        make_reminder("Water", 2)
    assert caught.value.field == "interval_minutes"
    assert str(caught.value) == (
        "reminder.interval_minutes must be a whole number from 5 to 1440 minutes, not 2."
    )
    every_day = make_reminder("Water", days=["sun", "sat", "fri", "thu", "wed", "tue", "mon"])
    assert every_day == Reminder("Water")  # every day has one form, so nothing looks edited
    for reminder in (WATER, POSTURE):
        assert reminders.from_table(reminders.to_table(reminder), "r") == reminder
