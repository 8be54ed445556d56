"""The settings store: round trips, bad files, migrations, locks, saves that cannot lose data."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tomllib
from pathlib import Path

import pytest

from deskstretch.settings import schema
from deskstretch.settings.model import DESK_SET, SCHEMA_VERSION, Preferences
from deskstretch.settings.store import SettingsStore
from tests.helpers.settings_doubles import FailingReplace, all_changed, files_in, non_default_value

SCHEMAS = Path(__file__).parent / "schemas"


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "deskstretch" / "settings.toml"


def test_missing_file_gives_defaults_without_writing(settings_path: Path) -> None:
    result = SettingsStore(settings_path).load()
    assert result.prefs == Preferences()
    assert result.problems == ()
    assert not result.read_only
    assert not settings_path.parent.exists()  # loading has no side effects


def test_every_key_round_trips_through_the_file(settings_path: Path) -> None:
    store = SettingsStore(settings_path)
    changed = all_changed()
    assert store.save(changed).ok
    result = store.load()
    assert result.problems == ()
    for spec in schema.KEYS:
        assert schema.get_value(result.prefs, spec.key) == non_default_value(spec), spec.key
    assert result.prefs == changed


@pytest.mark.parametrize("spec", schema.KEYS, ids=lambda s: s.key)
def test_each_key_alone_round_trips_and_only_it_is_written(
    settings_path: Path, spec: schema.KeySpec
) -> None:
    store = SettingsStore(settings_path)
    prefs = schema.with_value(Preferences(), spec.key, non_default_value(spec))
    assert store.save(prefs).ok
    doc = tomllib.loads(settings_path.read_text())
    assert doc["schema_version"] == SCHEMA_VERSION
    assert list(doc[spec.section]) == [spec.name]
    assert store.load().prefs == prefs


def test_saved_file_is_private_and_tidy(settings_path: Path) -> None:
    store = SettingsStore(settings_path)
    prefs = schema.with_value(Preferences(), "general.sound", True)
    prefs = schema.with_value(prefs, "breaks.interval_minutes", 45)
    assert store.save(prefs).ok
    assert stat.S_IMODE(settings_path.stat().st_mode) == 0o600
    text = settings_path.read_text()
    assert text.index("schema_version") < text.index("[breaks]") < text.index("[general]")
    assert [p.name for p in settings_path.parent.iterdir()] == ["settings.toml"]  # no temp left


def test_unparsable_file_is_kept_aside_and_defaults_used(settings_path: Path) -> None:
    settings_path.parent.mkdir(parents=True)
    broken = b"[breaks\ninterval_minutes = 45\n"
    settings_path.write_bytes(broken)
    result = SettingsStore(settings_path).load()
    assert result.prefs == Preferences()
    assert not settings_path.exists()
    (aside,) = settings_path.parent.glob("settings.toml.broken-*")
    assert aside.read_bytes() == broken
    (problem,) = result.problems
    assert aside.name in problem.message
    assert "defaults" in problem.message


def test_unparsable_edit_while_running_keeps_previous_settings_in_place(
    settings_path: Path,
) -> None:
    settings_path.parent.mkdir(parents=True)
    settings_path.write_bytes(b"schema_version = 1\n[breaks]\ninterval_minutes = = 3\n")
    previous = schema.with_value(Preferences(), "breaks.interval_minutes", 40)
    result = SettingsStore(settings_path).load(fallback=previous)
    assert result.prefs == previous
    assert settings_path.exists()  # the user is still editing it
    assert "previous settings stay in use" in result.problems[0].message


def test_bad_value_falls_back_for_that_key_only(settings_path: Path) -> None:
    settings_path.parent.mkdir(parents=True)
    settings_path.write_text(
        "schema_version = 1\n[breaks]\ninterval_minutes = 500\nsnooze_minutes = 9\n"
        '[general]\nsound = "loud"\n'
    )
    result = SettingsStore(settings_path).load()
    assert result.prefs.breaks.interval_minutes == 30
    assert result.prefs.breaks.snooze_minutes == 9
    assert result.prefs.general.sound is False
    messages = {p.key: p.message for p in result.problems}
    assert "from 1 to 240" in messages["breaks.interval_minutes"]
    assert "Using 30 instead" in messages["breaks.interval_minutes"]
    assert "true or false" in messages["general.sound"]


def test_bad_value_on_reload_keeps_the_previous_value(settings_path: Path) -> None:
    settings_path.parent.mkdir(parents=True)
    settings_path.write_text("[breaks]\ninterval_minutes = 0\n")
    previous = schema.with_value(Preferences(), "breaks.interval_minutes", 40)
    result = SettingsStore(settings_path).load(fallback=previous)
    assert result.prefs.breaks.interval_minutes == 40


def test_unknown_stretch_is_left_out_and_the_rest_kept(settings_path: Path) -> None:
    settings_path.parent.mkdir(parents=True)
    settings_path.write_text('[stretches]\nenabled = ["camel", "handstand", "hip-flexor"]\n')
    result = SettingsStore(settings_path).load()
    assert result.prefs.stretches.enabled == ("camel", "hip-flexor")
    (problem,) = result.problems
    assert problem.key == "stretches.enabled"
    assert "handstand" in problem.message


def test_unknown_keys_are_reported_and_kept_on_save(settings_path: Path) -> None:
    settings_path.parent.mkdir(parents=True)
    shutil.copy(SCHEMAS / "v1-sections.toml", settings_path)
    store = SettingsStore(settings_path)
    result = store.load()
    assert result.unknown == {
        "general.window_corner": "top-left",
        "plugins": {"pomodoro": {"length": 25}},
    }
    assert {p.key for p in result.problems} == {"general.window_corner", "plugins"}
    assert store.save(schema.with_value(result.prefs, "general.sound", False)).ok
    doc = tomllib.loads(settings_path.read_text())
    assert doc["general"] == {"window_corner": "top-left"}
    assert doc["plugins"] == {"pomodoro": {"length": 25}}
    assert doc["breaks"] == {"interval_minutes": 50, "long_every": 4}


def test_v1_hand_written_file_reads_as_written(settings_path: Path) -> None:
    settings_path.parent.mkdir(parents=True)
    shutil.copy(SCHEMAS / "v1-sections.toml", settings_path)
    prefs = SettingsStore(settings_path).load().prefs
    assert prefs.schedule.start == "07:45"  # a TOML time is accepted
    assert prefs.schedule.days == ("mon", "tue", "thu")
    # Version 1: the desk set (new in version 2) comes in front of the user's own order.
    assert prefs.stretches.order == (*DESK_SET, "camel", "trunk-rotation")


def test_v0_flat_file_migrates_and_keeps_a_copy(settings_path: Path) -> None:
    settings_path.parent.mkdir(parents=True)
    original = (SCHEMAS / "v0-flat.toml").read_bytes()
    settings_path.write_bytes(original)
    store = SettingsStore(settings_path)
    result = store.load()
    prefs = result.prefs
    assert prefs.breaks.interval_minutes == 45
    assert prefs.breaks.snooze_minutes == 10
    assert prefs.notifications.enabled is False
    assert prefs.notifications.lead_seconds == 30
    assert prefs.schedule.enabled is True
    assert prefs.schedule.days == ("mon", "wed", "fri")
    assert (prefs.schedule.start, prefs.schedule.end) == ("08:30", "16:00")
    assert prefs.idle.natural_break_minutes == 7
    assert prefs.stretches.enabled == (*DESK_SET, "camel", "hip-flexor")
    assert prefs.general.autostart is True
    assert prefs.general.reduced_motion is True
    assert result.unknown == {"theme": "dark"}
    assert settings_path.read_bytes() == original  # loading alone changes nothing
    assert store.save(prefs).ok
    assert (settings_path.parent / "settings.toml.v0.bak").read_bytes() == original
    doc = tomllib.loads(settings_path.read_text())
    assert doc["schema_version"] == SCHEMA_VERSION
    assert doc["theme"] == "dark"
    assert store.load().prefs == prefs


def test_newer_file_is_read_but_never_overwritten(settings_path: Path) -> None:
    settings_path.parent.mkdir(parents=True)
    newer = b'schema_version = 99\n[breaks]\ninterval_minutes = 20\n[hologram]\nmode = "on"\n'
    settings_path.write_bytes(newer)
    store = SettingsStore(settings_path)
    result = store.load()
    assert result.read_only
    assert result.prefs.breaks.interval_minutes == 20
    assert "newer DeskStretch" in result.problems[0].message
    saved = store.save(schema.with_value(result.prefs, "general.sound", True))
    assert not saved.ok
    assert "newer DeskStretch" in saved.message
    assert settings_path.read_bytes() == newer


def test_unreadable_path_is_read_only_and_not_replaced(settings_path: Path) -> None:
    settings_path.mkdir(parents=True)  # a folder where the file should be: cannot be read
    store = SettingsStore(settings_path)
    result = store.load()
    assert result.read_only
    assert result.prefs == Preferences()
    assert not store.save(Preferences()).ok
    assert settings_path.is_dir()


def test_folder_that_cannot_exist_refuses_the_save_without_raising(tmp_path: Path) -> None:
    # Tests run as root, where chmod does not stop writes: a "folder" that is a regular file does.
    blocker = tmp_path / "deskstretch"
    blocker.write_text("not a folder")
    store = SettingsStore(blocker / "settings.toml")
    result = store.save(schema.with_value(Preferences(), "breaks.interval_minutes", 45))
    assert not result.ok
    assert "could not be saved" in result.message
    assert "a file is in the way of its folder" in result.message
    assert blocker.read_text() == "not a folder"


@pytest.mark.parametrize(
    ("code", "reason"), [(errno.ENOSPC, "the disk is full"), (errno.EROFS, "read-only")]
)
def test_failed_replace_keeps_old_file_and_leaves_no_temp(
    settings_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, reason: str
) -> None:
    store = SettingsStore(settings_path)
    old = schema.with_value(Preferences(), "breaks.interval_minutes", 45)
    assert store.save(old).ok
    before = files_in(settings_path.parent)
    replace = FailingReplace(code)
    # The error is injected at the os.replace boundary (the last step of an atomic save).
    monkeypatch.setattr("deskstretch.settings.store.os.replace", replace)
    result = store.save(schema.with_value(old, "breaks.interval_minutes", 60))
    monkeypatch.undo()
    assert not result.ok
    assert reason in result.message
    assert replace.calls
    assert files_in(settings_path.parent) == before
    assert store.load().prefs == old


def test_site_defaults_apply_under_the_users_file(tmp_path: Path, settings_path: Path) -> None:
    site = tmp_path / "etc" / "settings.toml"
    site.parent.mkdir()
    site.write_text("[breaks]\ninterval_minutes = 50\nsnooze_minutes = 2\n")
    settings_path.parent.mkdir(parents=True)
    settings_path.write_text("[breaks]\nsnooze_minutes = 7\n")
    store = SettingsStore(settings_path, [site])
    result = store.load()
    assert result.prefs.breaks.interval_minutes == 50
    assert result.prefs.breaks.snooze_minutes == 7
    assert result.defaults.breaks.interval_minutes == 50
    assert result.locked == {}
    # Saving the organisation's value does not pin it into the user's file.
    assert store.save(result.prefs).ok
    assert tomllib.loads(settings_path.read_text())["breaks"] == {"snooze_minutes": 7}


def test_locked_site_keys_win_and_are_never_written(tmp_path: Path, settings_path: Path) -> None:
    main_site = tmp_path / "etc1" / "settings.toml"
    other_site = tmp_path / "etc2" / "settings.toml"
    for path in (main_site, other_site):
        path.parent.mkdir()
    main_site.write_text('locked = ["general.autostart"]\n[general]\nautostart = true\n')
    other_site.write_text(
        '[breaks]\ninterval_minutes = 20\n[locked]\n"breaks.interval_minutes" = "agreed with IT"\n'
    )
    settings_path.parent.mkdir(parents=True)
    settings_path.write_text("[general]\nautostart = false\n[breaks]\ninterval_minutes = 90\n")
    store = SettingsStore(settings_path, [main_site, other_site])
    result = store.load()
    assert result.prefs.general.autostart is True
    assert result.prefs.breaks.interval_minutes == 20
    assert result.locked == {
        "general.autostart": "set by your organisation",
        "breaks.interval_minutes": "agreed with IT",
    }
    assert store.save(schema.with_value(result.prefs, "general.sound", True)).ok
    doc = tomllib.loads(settings_path.read_text())
    # The user's own values of locked keys stay in the file, for the day they are unlocked.
    assert doc["general"] == {"autostart": False, "sound": True}
    assert doc["breaks"] == {"interval_minutes": 90}
    assert store.load().unknown == {}


def test_broken_site_file_is_ignored(tmp_path: Path, settings_path: Path) -> None:
    site = tmp_path / "etc" / "settings.toml"
    site.parent.mkdir()
    site.write_text("[breaks\n")
    result = SettingsStore(settings_path, [site]).load()
    assert result.prefs == Preferences()
    assert site.read_text() == "[breaks\n"  # not ours to move


def test_save_over_a_broken_file_keeps_it_aside(settings_path: Path) -> None:
    settings_path.parent.mkdir(parents=True)
    settings_path.write_bytes(b"\xff\xfe not text")
    assert SettingsStore(settings_path).save(Preferences()).ok
    (aside,) = settings_path.parent.glob("settings.toml.broken-*")
    assert aside.read_bytes() == b"\xff\xfe not text"


def test_byte_order_mark_from_windows_editors_is_accepted(settings_path: Path) -> None:
    settings_path.parent.mkdir(parents=True)
    settings_path.write_bytes(b"\xef\xbb\xbf[breaks]\ninterval_minutes = 25\n")
    result = SettingsStore(settings_path).load()
    assert result.prefs.breaks.interval_minutes == 25
    assert result.problems == ()


def test_section_that_is_not_a_table_is_reported(settings_path: Path) -> None:
    settings_path.parent.mkdir(parents=True)
    settings_path.write_text("breaks = 5\n[general]\nsound = true\n")
    result = SettingsStore(settings_path).load()
    assert result.prefs.general.sound is True
    assert result.problems[0].key == "breaks"


def test_save_creates_a_private_folder(settings_path: Path) -> None:
    assert SettingsStore(settings_path).save(Preferences()).ok
    assert stat.S_IMODE(settings_path.parent.stat().st_mode) == 0o700 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_symlinked_file_stays_a_symlink(tmp_path: Path, settings_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles" / "deskstretch.toml"
    dotfiles.parent.mkdir()
    dotfiles.write_text("[general]\nsound = true\n")
    settings_path.parent.mkdir(parents=True)
    settings_path.symlink_to(dotfiles)
    store = SettingsStore(settings_path)
    prefs = schema.with_value(store.load().prefs, "breaks.interval_minutes", 45)
    assert store.save(prefs).ok
    assert settings_path.is_symlink()
    assert tomllib.loads(dotfiles.read_text()) == {
        "schema_version": SCHEMA_VERSION,
        "breaks": {"interval_minutes": 45},
        "general": {"sound": True},
    }


def test_a_save_clears_the_leftovers_of_saves_that_never_finished(settings_path: Path) -> None:
    store = SettingsStore(settings_path)
    assert store.save(schema.with_value(Preferences(), "breaks.interval_minutes", 40)).ok
    folder = settings_path.parent
    old = folder / ".settings.toml.k3j2h1.tmp"  # a save killed an hour ago
    old.write_text("[breaks]\ninterval_minutes = 4")
    hour_ago = os.stat(settings_path).st_mtime - 3600
    os.utime(old, (hour_ago, hour_ago))
    running = folder / ".settings.toml.q9w8e7.tmp"  # another process saving right now
    running.write_text("[breaks]\n")
    notes = folder / "notes.tmp"  # not ours
    notes.write_text("keep me")
    os.utime(notes, (hour_ago, hour_ago))

    assert store.save(schema.with_value(Preferences(), "breaks.interval_minutes", 50)).ok

    assert not old.exists()
    assert running.exists()
    assert notes.read_text() == "keep me"
    assert store.load().prefs.breaks.interval_minutes == 50
