"""Key metadata: every key validates, parses and prints the same way everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskstretch.settings import schema
from deskstretch.settings.model import Preferences
from deskstretch.settings.store import SettingsStore
from tests.helpers.settings_doubles import non_default_value


@pytest.mark.parametrize("spec", schema.KEYS, ids=lambda s: s.key)
def test_every_key_round_trips_through_cli_text(spec: schema.KeySpec) -> None:
    value = non_default_value(spec)
    text = schema.format_value(spec.key, value)
    assert schema.parse_value(spec.key, text) == value
    prefs = schema.with_value(Preferences(), spec.key, schema.parse_value(spec.key, text))
    assert schema.get_value(prefs, spec.key) == value


def test_every_model_field_has_a_documented_key() -> None:
    import dataclasses

    fields = {
        f"{section.name}.{f.name}"
        for section in dataclasses.fields(Preferences)
        if section.name in schema.SECTIONS
        for f in dataclasses.fields(getattr(Preferences(), section.name))
    }
    # Every field but the reminders (an array of tables) is a section of keys.
    assert {f.name for f in dataclasses.fields(Preferences)} - set(schema.SECTIONS) == {"reminders"}
    assert fields == {spec.key for spec in schema.KEYS}
    for spec in schema.KEYS:
        assert spec.description.endswith(".")
        assert "\n" not in spec.description
        assert spec.default == schema.get_value(Preferences(), spec.key)


def test_out_of_range_number_names_the_range() -> None:
    with pytest.raises(ValueError, match="from 1 to 240 minutes") as info:
        schema.with_value(Preferences(), "breaks.interval_minutes", 500)
    assert "500" in str(info.value)


def test_a_bool_is_not_accepted_as_a_number() -> None:
    with pytest.raises(ValueError, match="whole number"):
        schema.with_value(Preferences(), "breaks.snooze_minutes", True)


@pytest.mark.parametrize(
    ("key", "text", "expected"),
    [
        ("general.sound", "yes", True),
        ("general.sound", "OFF", False),
        ("schedule.start", "7:05", "07:05"),
        ("schedule.days", "fri, mon,mon", ("mon", "fri")),
        ("stretches.order", "camel,hip-flexor", ("camel", "hip-flexor")),
    ],
)
def test_cli_text_is_normalised(key: str, text: str, expected: object) -> None:
    assert schema.parse_value(key, text) == expected


@pytest.mark.parametrize(
    ("key", "text", "fragment"),
    [
        ("general.sound", "maybe", "true or false"),
        ("breaks.interval_minutes", "half an hour", "from 1 to 240"),
        ("schedule.end", "25:00", "HH:MM"),
        ("schedule.days", "mon,someday", "someday is not a day"),
        ("schedule.days", "", "one or more of mon"),
        ("stretches.enabled", "handstand", "unknown stretch handstand"),
        ("stretches.enabled", "", "at least one"),
    ],
)
def test_bad_cli_text_explains_what_is_allowed(key: str, text: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        schema.parse_value(key, text)


def test_unknown_key_suggests_the_close_one() -> None:
    with pytest.raises(KeyError, match=r"Did you mean breaks\.interval_minutes"):
        schema.spec_for("breaks.interval_minute")


def test_reference_table_has_a_row_per_key_with_default_and_range() -> None:
    table = schema.settings_reference_markdown()
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert len(rows) == len(schema.KEYS)
    assert "| `breaks.interval_minutes` | `30` | a whole number from 1 to 240 minutes |" in table
    assert "| `schedule.days` | `mon,tue,wed,thu,fri` |" in table


def test_stretch_lists_are_checked_against_the_ids_the_caller_gives() -> None:
    given = ("new-stretch", "camel")
    assert schema.check_value("stretches.order", ["new-stretch"], given) == ("new-stretch",)
    with pytest.raises(ValueError, match="unknown stretch hip-flexor"):
        schema.with_value(Preferences(), "stretches.enabled", ("hip-flexor",), given)
    assert schema.parse_value("stretches.enabled", "camel,new-stretch", given) == given[::-1]


def test_a_store_checks_its_stretch_lists_against_the_ids_it_is_given(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('[stretches]\nenabled = ["new-stretch", "camel", "gone"]\n')
    asked: list[int] = []

    def ids() -> tuple[str, ...]:
        asked.append(1)
        return ("new-stretch", "camel")

    result = SettingsStore(path, stretch_ids=ids).load()
    assert result.prefs.stretches.enabled == ("new-stretch", "camel")
    assert [p.key for p in result.problems] == ["stretches.enabled"]
    assert asked == [1]


def test_reference_fills_the_readme_block_and_is_stable() -> None:
    readme = (
        "# Title\n\n<!-- settings-reference:start -->\nstale table\n"
        "<!-- settings-reference:end -->\nTail\n"
    )
    filled = schema.with_reference(readme)
    assert filled.startswith("# Title\n\n<!-- settings-reference:start -->\n| Key |")
    assert filled.endswith("|\n<!-- settings-reference:end -->\nTail\n")
    assert "stale table" not in filled
    assert schema.with_reference(filled) == filled  # running it twice changes nothing
    with pytest.raises(ValueError, match="settings-reference"):
        schema.with_reference("# no markers\n")
