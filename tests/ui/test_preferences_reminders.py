"""The Preferences dialog's micro-breaks and Reminders tab, and the reminder editor."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QLabel, QSpinBox, QWidget
from pytestqt.qtbot import QtBot

from deskstretch.settings import schema
from deskstretch.settings.model import MAX_REMINDERS, Preferences, Reminder
from deskstretch.ui.preferences import PreferencesDialog, ReminderDialog

Ok = QDialogButtonBox.StandardButton.Ok
WATER = Reminder("Drink some water", 60)
POSTURE = Reminder("Check your posture", 45, ("mon", "fri"), "09:00", "17:00")


def _with(*items: Reminder) -> Preferences:
    return Preferences(reminders=tuple(items))


def _ok(qtbot: QtBot, dialog: ReminderDialog | PreferencesDialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(Ok), Qt.MouseButton.LeftButton)


def _editor_does(
    monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, edit: Callable[[ReminderDialog], None]
) -> list[ReminderDialog]:
    """Let the reminder editor run ``edit`` and press OK instead of waiting for a user."""
    opened: list[ReminderDialog] = []

    def run(self: ReminderDialog) -> int:
        opened.append(self)
        edit(self)
        _ok(qtbot, self)
        return self.result()

    monkeypatch.setattr(ReminderDialog, "exec", run)
    return opened


def test_micro_break_fields_show_return_and_follow_their_switch(
    qtbot: QtBot, make: Callable[..., PreferencesDialog]
) -> None:
    dialog = make(schema.with_value(Preferences(), "micro.interval_minutes", 25))
    every = dialog.field("micro.interval_minutes")
    seconds = dialog.field("micro.seconds")
    assert isinstance(every, QSpinBox)
    assert isinstance(seconds, QSpinBox)
    assert every.value() == 25
    seconds.setValue(40)
    switch = dialog.field("micro.enabled")
    assert isinstance(switch, QCheckBox)
    qtbot.keyClick(switch, Qt.Key.Key_Space)
    assert not every.isEnabled()
    assert not seconds.isEnabled()
    chosen = dialog.preferences()
    assert chosen is not None
    assert (chosen.micro.enabled, chosen.micro.interval_minutes, chosen.micro.seconds) == (
        False,
        25,
        40,
    )


def test_reminders_are_listed_with_what_they_do(make: Callable[..., PreferencesDialog]) -> None:
    dialog = make(_with(WATER, Reminder("Stand up", 90, enabled=False), POSTURE))
    items = dialog.reminder_list
    assert [items.item(i).text() for i in range(items.count())] == [
        "Drink some water\nevery 60 min · every day",
        "Stand up\nevery 90 min · every day · off",
        "Check your posture\nevery 45 min · Mon, Fri · 09:00–17:00",
    ]
    states = [items.item(i).checkState() for i in range(items.count())]
    assert states == [Qt.CheckState.Checked, Qt.CheckState.Unchecked, Qt.CheckState.Checked]
    assert dialog.preferences() == _with(WATER, Reminder("Stand up", 90, enabled=False), POSTURE)


def test_add_a_reminder(
    qtbot: QtBot, make: Callable[..., PreferencesDialog], monkeypatch: pytest.MonkeyPatch
) -> None:
    def fill(editor: ReminderDialog) -> None:
        qtbot.keyClicks(editor.text_edit, "Check your posture")
        editor.every_spin.setValue(45)
        for day in ("tue", "wed", "thu", "sat", "sun"):
            editor.day_boxes[day].setChecked(False)
        editor.window_check.setChecked(True)
        editor.start_edit.setTime(QTime(9, 0))
        editor.end_edit.setTime(QTime(17, 0))

    opened = _editor_does(monkeypatch, qtbot, fill)
    dialog = make(_with(WATER))
    qtbot.mouseClick(dialog.add_reminder_button, Qt.MouseButton.LeftButton)
    assert opened[0].windowTitle() == "Add Reminder"
    chosen = dialog.preferences()
    assert chosen is not None
    assert chosen.reminders == (WATER, POSTURE)
    assert dialog.reminder_list.currentRow() == 1  # the new one is selected


def test_edit_a_reminder_by_button_or_enter(
    qtbot: QtBot, make: Callable[..., PreferencesDialog], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []

    def change(editor: ReminderDialog) -> None:
        shown.append(editor.text_edit.text())
        editor.text_edit.selectAll()
        qtbot.keyClicks(editor.text_edit, "Drink some tea")
        editor.window_check.setChecked(False)

    opened = _editor_does(monkeypatch, qtbot, change)
    dialog = make(_with(WATER, POSTURE))
    dialog.reminder_list.setCurrentRow(1)
    qtbot.mouseClick(dialog.edit_reminder_button, Qt.MouseButton.LeftButton)
    assert opened[0].windowTitle() == "Edit Reminder"
    assert shown == ["Check your posture"]  # it opened on the selected one
    changed = Reminder("Drink some tea", 45, ("mon", "fri"))
    assert dialog.reminder_list_values() == (WATER, changed)
    dialog.reminder_list.setCurrentRow(0)
    qtbot.keyClick(dialog.reminder_list, Qt.Key.Key_Return)  # Enter edits too
    assert shown == ["Check your posture", "Drink some water"]
    assert dialog.reminder_list_values()[0] == Reminder("Drink some tea", 60)


def test_cancelled_editor_changes_nothing(
    qtbot: QtBot, make: Callable[..., PreferencesDialog], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ReminderDialog, "exec", lambda self: 0)
    dialog = make(_with(WATER))
    qtbot.mouseClick(dialog.add_reminder_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.edit_reminder_button, Qt.MouseButton.LeftButton)
    assert dialog.preferences() == _with(WATER)


def test_remove_and_switch_off_a_reminder(
    qtbot: QtBot, make: Callable[..., PreferencesDialog]
) -> None:
    dialog = make(_with(WATER, POSTURE))
    dialog.show()
    dialog.tabs.setCurrentIndex(dialog.tabs.count() - 1)
    dialog.reminder_list.setCurrentRow(0)
    qtbot.mouseClick(dialog.remove_reminder_button, Qt.MouseButton.LeftButton)
    assert dialog.reminder_list_values() == (POSTURE,)
    dialog.reminder_list.setFocus()
    dialog.reminder_list.setCurrentRow(0)
    qtbot.keyClick(dialog.reminder_list, Qt.Key.Key_Space)  # the tick works by keyboard
    chosen = dialog.preferences()
    assert chosen is not None
    assert chosen.reminders == (
        Reminder("Check your posture", 45, ("mon", "fri"), "09:00", "17:00", enabled=False),
    )
    qtbot.mouseClick(dialog.remove_reminder_button, Qt.MouseButton.LeftButton)
    assert not dialog.edit_reminder_button.isEnabled()
    assert not dialog.remove_reminder_button.isEnabled()
    assert dialog.reminder_note.text() == "No reminders yet. Press Add to make one."
    _ok(qtbot, dialog)
    assert dialog.chosen() == Preferences()


def test_add_is_disabled_at_the_limit(make: Callable[..., PreferencesDialog]) -> None:
    full = _with(*(Reminder(f"R{n}") for n in range(MAX_REMINDERS)))
    dialog = make(full)
    assert not dialog.add_reminder_button.isEnabled()
    assert "8 reminders, the most there can be" in dialog.reminder_note.text()
    dialog.reminder_list.setCurrentRow(3)
    dialog.remove_reminder_button.click()
    assert dialog.add_reminder_button.isEnabled()


def test_ask_returns_the_reminders(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    def remove_first_and_ok(self: PreferencesDialog) -> int:
        self.reminder_list.setCurrentRow(0)
        self.remove_reminder_button.click()
        _ok(qtbot, self)
        return self.result()

    monkeypatch.setattr(PreferencesDialog, "exec", remove_first_and_ok)
    chosen = PreferencesDialog.ask(_with(WATER, POSTURE), stretch_details={})
    assert chosen is not None
    assert chosen.reminders == (POSTURE,)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("   ", "The text is empty; write what to remind you of."),
        ("x" * 121, "The text is 121 characters long; at most 120 fit."),
    ],
)
def test_the_editor_refuses_wrong_text_and_says_why(qtbot: QtBot, text: str, says: str) -> None:
    editor = ReminderDialog(WATER)
    qtbot.addWidget(editor)
    editor.text_edit.selectAll()
    qtbot.keyClicks(editor.text_edit, text)
    assert editor.error.text() == says
    assert not editor.error.isHidden()
    assert not editor.buttons.button(Ok).isEnabled()
    editor.buttons.accepted.emit()  # even if OK were pressed somehow: refused
    assert editor.chosen() is None
    editor.text_edit.selectAll()
    qtbot.keyClicks(editor.text_edit, "Water")
    assert editor.error.isHidden()
    _ok(qtbot, editor)
    assert editor.chosen() == Reminder("Water", 60)


def test_the_editor_needs_a_day_and_a_whole_number(qtbot: QtBot) -> None:
    editor = ReminderDialog(POSTURE)
    qtbot.addWidget(editor)
    for box in editor.day_boxes.values():
        box.setChecked(False)
    assert editor.error.text() == "Choose at least one day (all of them: every day)."
    assert not editor.buttons.button(Ok).isEnabled()
    editor.day_boxes["sun"].setChecked(True)
    editor.every_spin.lineEdit().selectAll()
    qtbot.keyClicks(editor.every_spin, "3")  # under the 5 minutes a reminder needs
    assert editor.error.text() == "Enter a whole number of minutes from 5 to 1440."
    assert not editor.buttons.button(Ok).isEnabled()


def test_a_new_reminder_starts_without_a_scolding(qtbot: QtBot) -> None:
    editor = ReminderDialog()
    qtbot.addWidget(editor)
    assert editor.error.isHidden()  # nothing typed yet is not a mistake
    assert not editor.buttons.button(Ok).isEnabled()
    assert not editor.start_edit.isEnabled()  # all day until "Only between" is ticked


def test_every_editor_field_has_an_accessible_name_and_description(qtbot: QtBot) -> None:
    editor = ReminderDialog(POSTURE)
    qtbot.addWidget(editor)
    fields: list[QWidget] = [
        editor.text_edit,
        editor.every_spin,
        editor.window_check,
        editor.start_edit,
        editor.end_edit,
        *editor.day_boxes.values(),
    ]
    for widget in fields:
        assert widget.accessibleName(), widget.objectName()
        assert widget.accessibleDescription(), widget.objectName()
    labels = [lb for lb in editor.findChildren(QLabel) if "&" in lb.text()]
    assert len(labels) == 3
    for label in labels:  # Alt+T, Alt+E and Alt+D lead to their fields
        assert label.buddy() is not None, label.text()
