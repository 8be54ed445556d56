"""A running app picks up reminders changed in the file (by hand or by `config reminders`)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from deskstretch.platform.settings_watch import SettingsWatcher
from deskstretch.settings.model import Reminder
from deskstretch.settings.store import SettingsStore


def test_reminder_edits_are_noticed_and_applied(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "deskstretch" / "settings.toml"
    path.parent.mkdir()
    path.write_text("[breaks]\ninterval_minutes = 30\n")
    store = SettingsStore(path)
    watcher = SettingsWatcher(path, debounce_ms=40)
    current = store.load().prefs
    # `deskstretch config reminders add` saves atomically, as the CLI does.
    with qtbot.waitSignal(watcher.changed, timeout=3000):
        assert store.save(type(current)(reminders=(Reminder("Water", 30),))).ok
    current = store.load(fallback=current).prefs
    assert current.reminders == (Reminder("Water", 30),)
    # A hand-added wrong entry: the running app keeps the good one and says what is wrong.
    with qtbot.waitSignal(watcher.changed, timeout=3000):
        path.write_text(path.read_text() + '\n[[reminders]]\ntext = ""\n')
    result = store.load(fallback=current)
    assert result.prefs.reminders == (Reminder("Water", 30),)
    assert [p.key for p in result.problems] == ["reminders[2]"]
