"""The settings test doubles behave as the tests relying on them assume."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from deskstretch.settings import schema
from deskstretch.settings.model import Preferences
from tests.helpers.settings_doubles import (
    FailingReplace,
    FakeRunKey,
    RecordingAutostart,
    all_changed,
    files_in,
    non_default_value,
)


def test_non_default_values_are_valid_and_differ_for_every_key() -> None:
    for spec in schema.KEYS:
        value = non_default_value(spec)
        assert schema.check_value(spec.key, value) == value
        assert value != spec.default, spec.key


def test_all_changed_differs_from_defaults_in_every_key() -> None:
    changed = all_changed()
    for spec in schema.KEYS:
        assert schema.get_value(changed, spec.key) != schema.get_value(Preferences(), spec.key)


def test_failing_replace_raises_the_chosen_error_and_records_the_call() -> None:
    replace = FailingReplace(errno.EROFS)
    with pytest.raises(OSError) as info:
        replace("a", "b")
    assert info.value.errno == errno.EROFS
    assert replace.calls == [("a", "b")]


def test_fake_run_key_stores_and_deletes() -> None:
    key = FakeRunKey()
    key.set("DeskStretch", "deskstretch")
    assert key.get("DeskStretch") == "deskstretch"
    key.delete("DeskStretch")
    key.delete("DeskStretch")  # deleting twice is fine, as with the real adapter
    assert key.get("DeskStretch") is None


def test_recording_autostart_records_and_flips() -> None:
    auto = RecordingAutostart()
    auto.enable()
    assert auto.is_enabled()
    auto.disable()
    assert auto.calls == ["enable", "disable"]
    assert not auto.is_enabled()


def test_files_in_reads_every_file(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"1")
    (tmp_path / "sub").mkdir()
    assert files_in(tmp_path) == {"a": b"1"}
