"""``stretches.place``: scheduled breaks use the stretches that fit where the user is.

Also the move to settings version 2 (the desk set), for users whose file lists stretches.
"""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest

from deskstretch.settings import schema
from deskstretch.settings.migrations import migrate
from deskstretch.settings.model import (
    DEFAULT_ENABLED,
    DEFAULT_ORDER,
    DESK_SET,
    V1_DEFAULT_ENABLED,
    V1_DEFAULT_ORDER,
    Preferences,
    Stretches,
)
from deskstretch.settings.rules import place_falls_back, rules_from_preferences, stretch_rotation
from deskstretch.settings.store import SettingsStore

PLACES = {
    "desk-hip-flexor": "desk",
    "seated-trunk-rotation": "desk",
    "neck-side-bend": "desk",
    "hip-flexor": "floor",
    "camel": "floor",
    "passive-hang": "bar",
    "my-wall-stretch": "desk",
}


def _prefs(place: str, enabled: tuple[str, ...], order: tuple[str, ...] = ()) -> Preferences:
    return dataclasses.replace(
        Preferences(), stretches=Stretches(enabled=enabled, order=order, place=place)
    )


def test_new_defaults_start_with_the_desk_set_and_leave_the_hangs_off() -> None:
    assert DEFAULT_ORDER[:2] == ("desk-hip-flexor", "seated-trunk-rotation")
    assert DEFAULT_ORDER[: len(DESK_SET)] == DESK_SET
    assert DEFAULT_ORDER[len(DESK_SET) :] == V1_DEFAULT_ORDER
    assert set(DEFAULT_ORDER) - set(DEFAULT_ENABLED) == {"passive-hang", "active-hang"}
    assert Preferences().stretches.place == "desk"


def test_desk_breaks_use_only_desk_stretches_in_the_users_order() -> None:
    prefs = _prefs("desk", ("camel", "neck-side-bend", "hip-flexor", "desk-hip-flexor"))
    assert stretch_rotation(prefs, PLACES, PLACES) == ("neck-side-bend", "desk-hip-flexor")
    rules = rules_from_preferences(prefs, PLACES, PLACES)
    assert rules.stretch_order == ("neck-side-bend", "desk-hip-flexor")


def test_anywhere_uses_every_enabled_stretch() -> None:
    enabled = ("camel", "neck-side-bend", "passive-hang")
    assert stretch_rotation(_prefs("anywhere", enabled), PLACES, PLACES) == enabled


def test_a_users_routine_for_the_desk_joins_desk_breaks() -> None:
    prefs = _prefs("desk", ("camel", "my-wall-stretch"))
    assert stretch_rotation(prefs, PLACES, PLACES) == ("my-wall-stretch",)


def test_when_no_enabled_stretch_fits_every_enabled_one_is_used_and_flagged() -> None:
    prefs = _prefs("desk", ("camel", "hip-flexor"))
    assert stretch_rotation(prefs, PLACES, PLACES) == ("camel", "hip-flexor")
    assert place_falls_back(prefs, PLACES, PLACES)
    assert not place_falls_back(_prefs("desk", ("camel", "neck-side-bend")), PLACES, PLACES)
    assert not place_falls_back(_prefs("anywhere", ("camel",)), PLACES, PLACES)


def test_without_place_tags_nothing_is_filtered() -> None:
    prefs = _prefs("desk", ("camel", "hip-flexor"))
    assert stretch_rotation(prefs, PLACES) == ("camel", "hip-flexor")


def test_place_is_checked_like_the_other_keys() -> None:
    assert schema.parse_value("stretches.place", " Anywhere ") == "anywhere"
    with pytest.raises(ValueError, match="one of desk, anywhere"):
        schema.parse_value("stretches.place", "floor")
    with pytest.raises(ValueError, match=r"stretches\.place"):
        schema.check_value("stretches.place", 3)
    assert "desk" in schema.spec_for("stretches.place").description


def test_a_bad_place_in_the_file_falls_back_to_desk_with_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('schema_version = 2\n[stretches]\nplace = "garden"\n')
    result = SettingsStore(path).load()
    assert result.prefs.stretches.place == "desk"
    assert [p.key for p in result.problems] == ["stretches.place"]


def test_place_anywhere_is_saved_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    store = SettingsStore(path)
    prefs = schema.with_value(Preferences(), "stretches.place", "anywhere")
    assert store.save(prefs).ok
    assert tomllib.loads(path.read_text())["stretches"] == {"place": "anywhere"}
    assert store.load().prefs.stretches.place == "anywhere"


def test_a_version_1_file_with_the_old_default_lists_gets_the_desk_set(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        "schema_version = 1\n[stretches]\n"
        f"enabled = {list(V1_DEFAULT_ENABLED)!r}\norder = {list(V1_DEFAULT_ORDER)!r}\n".replace(
            "'", '"'
        )
    )
    prefs = SettingsStore(path).load().prefs
    assert prefs.stretches.enabled == DEFAULT_ENABLED
    assert prefs.stretches.order == DEFAULT_ORDER
    rotation = stretch_rotation(prefs, [*DEFAULT_ORDER], dict.fromkeys(DESK_SET, "desk"))
    assert rotation == DESK_SET


def test_a_version_1_file_with_changed_lists_keeps_the_users_choice_after_the_desk_set(
    tmp_path: Path,
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('schema_version = 1\n[stretches]\nenabled = ["camel", "desk-hip-flexor"]\n')
    prefs = SettingsStore(path).load().prefs
    assert prefs.stretches.enabled == (*DESK_SET[1:], "camel", "desk-hip-flexor")


def test_the_migration_leaves_odd_values_for_the_checks_to_report() -> None:
    doc = {"schema_version": 1, "stretches": {"enabled": "camel", "interval": 3}}
    assert migrate(doc, 1) == {
        "schema_version": 2,
        "stretches": {"enabled": "camel", "interval": 3},
    }
    assert migrate({"schema_version": 1, "breaks": {}}, 1) == {
        "schema_version": 2,
        "breaks": {},
    }
