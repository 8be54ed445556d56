"""The settings watcher notices real edits (also atomic replaces) and ignores non-changes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from deskstretch.platform.settings_watch import SettingsWatcher
from deskstretch.settings.model import Preferences
from deskstretch.settings.schema import with_value
from deskstretch.settings.store import SettingsStore

DEBOUNCE = 40
QUIET = 400  # how long "no signal" is checked for: ten debounce periods


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "deskstretch" / "settings.toml"
    path.parent.mkdir()
    path.write_text("[breaks]\ninterval_minutes = 30\n")
    return path


def _watcher(qtbot: QtBot, path: Path) -> SettingsWatcher:
    # qtbot is asked for so that a QApplication exists; the watcher dies with the test.
    assert qtbot is not None
    return SettingsWatcher(path, debounce_ms=DEBOUNCE)


def test_hand_edit_is_reported(qtbot: QtBot, path: Path) -> None:
    watcher = _watcher(qtbot, path)
    with qtbot.waitSignal(watcher.changed, timeout=3000):
        path.write_text("[breaks]\ninterval_minutes = 45\n")


def test_every_atomic_replace_is_reported(qtbot: QtBot, path: Path) -> None:
    watcher = _watcher(qtbot, path)
    for minutes in (
        40,
        50,
        60,
    ):  # the file watch is lost at each replace; the folder brings it back
        tmp = path.with_name("edit.tmp")
        tmp.write_text(f"[breaks]\ninterval_minutes = {minutes}\n")
        with qtbot.waitSignal(watcher.changed, timeout=3000):
            os.replace(tmp, path)
    assert str(path) in watcher.watched()


def test_a_burst_of_writes_is_one_change(qtbot: QtBot, path: Path) -> None:
    watcher = _watcher(qtbot, path)
    seen: list[int] = []
    watcher.changed.connect(lambda: seen.append(1))
    with qtbot.waitSignal(watcher.changed, timeout=3000):
        for minutes in (41, 42, 43):
            path.write_text(f"[breaks]\ninterval_minutes = {minutes}\n")
    qtbot.wait(QUIET)
    assert seen == [1]


def test_touching_without_changing_is_not_a_change(qtbot: QtBot, path: Path) -> None:
    watcher = _watcher(qtbot, path)
    with qtbot.assertNotEmitted(watcher.changed, wait=QUIET):
        path.write_text(path.read_text())


def test_own_save_announced_is_not_reported_but_the_next_edit_is(qtbot: QtBot, path: Path) -> None:
    watcher = _watcher(qtbot, path)
    store = SettingsStore(path)
    with qtbot.assertNotEmitted(watcher.changed, wait=QUIET):
        watcher.ignore_next_change()
        assert store.save(with_value(Preferences(), "general.sound", True)).ok
    with qtbot.waitSignal(watcher.changed, timeout=3000):
        path.write_text("[general]\nsound = false\n")


def test_file_created_later_in_a_folder_created_later(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "config" / "deskstretch" / "settings.toml"
    watcher = _watcher(qtbot, path)
    with qtbot.waitSignal(watcher.changed, timeout=3000):
        assert SettingsStore(path).save(with_value(Preferences(), "general.sound", True)).ok
    with qtbot.waitSignal(watcher.changed, timeout=3000):
        path.write_text("[general]\nsound = false\n")


def test_deleting_the_file_is_a_change(qtbot: QtBot, path: Path) -> None:
    watcher = _watcher(qtbot, path)
    with qtbot.waitSignal(watcher.changed, timeout=3000):
        path.unlink()


def test_timers_belong_to_the_watcher(qtbot: QtBot, path: Path) -> None:
    from PySide6.QtCore import QTimer

    watcher = _watcher(qtbot, path)
    timers = watcher.findChildren(QTimer)
    assert len(timers) == 2
    assert all(t.isSingleShot() for t in timers)


def test_edits_while_running_apply_and_a_bad_one_keeps_what_was_there(
    qtbot: QtBot, path: Path
) -> None:
    # What the app does on `changed`: re-read with the settings in use as the fallback.
    store = SettingsStore(path)
    watcher = _watcher(qtbot, path)
    current = store.load().prefs
    with qtbot.waitSignal(watcher.changed, timeout=3000):
        path.write_text("[breaks]\ninterval_minutes = 55\n")
    current = store.load(fallback=current).prefs
    assert current.breaks.interval_minutes == 55
    with qtbot.waitSignal(watcher.changed, timeout=3000):
        path.write_text("[breaks]\ninterval_minutes = 55\nsnooze_minutes = \n")
    result = store.load(fallback=current)
    assert result.prefs == current
    assert "not valid TOML" in result.problems[0].message
    assert path.read_text().endswith("snooze_minutes = \n")  # left for the user to fix
