"""The Preferences dialog: values in and out, inline validation, locks, buttons, keyboard."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QDialogButtonBox,
    QLabel,
    QSpinBox,
    QTimeEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from deskstretch.settings import schema
from deskstretch.settings.model import DEFAULT_ORDER, Preferences
from deskstretch.ui.preferences import PreferencesDialog

Ok = QDialogButtonBox.StandardButton.Ok
Apply = QDialogButtonBox.StandardButton.Apply
Restore = QDialogButtonBox.StandardButton.RestoreDefaults
Cancel = QDialogButtonBox.StandardButton.Cancel


def _click(qtbot: QtBot, dialog: PreferencesDialog, which: QDialogButtonBox.StandardButton) -> None:
    qtbot.mouseClick(dialog.buttons.button(which), Qt.MouseButton.LeftButton)


def _spin(dialog: PreferencesDialog, key: str) -> QSpinBox:
    widget = dialog.field(key)
    assert isinstance(widget, QSpinBox)
    return widget


def _check(dialog: PreferencesDialog, key: str) -> QCheckBox:
    widget = dialog.field(key)
    assert isinstance(widget, QCheckBox)
    return widget


def test_title_and_sections(make: Callable[..., PreferencesDialog]) -> None:
    dialog = make()
    assert dialog.windowTitle() == "Preferences"  # Qt adds " — DeskStretch"
    tabs = [dialog.tabs.tabText(i).replace("&", "") for i in range(dialog.tabs.count())]
    assert tabs == ["Breaks", "Schedule", "Stretches", "Notifications", "General", "Reminders"]


def test_shows_the_given_preferences(make: Callable[..., PreferencesDialog]) -> None:
    prefs = schema.with_value(Preferences(), "breaks.interval_minutes", 50)
    prefs = schema.with_value(prefs, "schedule.days", ("sat", "sun"))
    prefs = schema.with_value(prefs, "schedule.start", "07:15")
    prefs = schema.with_value(prefs, "general.reduced_motion", True)
    dialog = make(prefs)
    assert _spin(dialog, "breaks.interval_minutes").value() == 50
    start = dialog.field("schedule.start")
    assert isinstance(start, QTimeEdit)
    assert start.time().toString("HH:mm") == "07:15"
    assert _check(dialog, "general.reduced_motion").isChecked()
    assert dialog.preferences() == prefs  # nothing edited: the same preferences come back


def test_ok_returns_the_edits(qtbot: QtBot, make: Callable[..., PreferencesDialog]) -> None:
    dialog = make()
    spin = _spin(dialog, "breaks.snooze_minutes")
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "12")
    qtbot.keyClick(_check(dialog, "general.sound"), Qt.Key.Key_Space)
    _click(qtbot, dialog, Ok)
    chosen = dialog.chosen()
    assert chosen is not None
    assert chosen.breaks.snooze_minutes == 12
    assert chosen.general.sound is True
    assert chosen.breaks.interval_minutes == 30


def test_ask_returns_none_on_cancel_and_prefs_on_ok(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cancel(self: PreferencesDialog) -> int:
        qtbot.mouseClick(self.buttons.button(Cancel), Qt.MouseButton.LeftButton)
        return self.result()

    monkeypatch.setattr(PreferencesDialog, "exec", cancel)
    assert PreferencesDialog.ask(Preferences(), stretch_details={}) is None

    def edit_and_ok(self: PreferencesDialog) -> int:
        _spin(self, "breaks.interval_minutes").setValue(90)
        qtbot.mouseClick(self.buttons.button(Ok), Qt.MouseButton.LeftButton)
        return self.result()

    monkeypatch.setattr(PreferencesDialog, "exec", edit_and_ok)
    chosen = PreferencesDialog.ask(Preferences(), stretch_details={})
    assert chosen is not None
    assert chosen.breaks.interval_minutes == 90


def test_number_out_of_range_shows_the_reason_and_blocks_ok(
    qtbot: QtBot, make: Callable[..., PreferencesDialog]
) -> None:
    dialog = make()
    spin = _spin(dialog, "breaks.interval_minutes")
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "0")  # below the minimum of 1: the user is told right there
    assert dialog.error_text("breaks.interval_minutes") == "Enter a whole number from 1 to 240."
    assert not dialog.buttons.button(Ok).isEnabled()
    assert dialog.preferences() is None
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "25")
    assert dialog.error_text("breaks.interval_minutes") == ""
    assert dialog.buttons.button(Ok).isEnabled()
    chosen = dialog.preferences()
    assert chosen is not None
    assert chosen.breaks.interval_minutes == 25


def test_no_working_day_is_explained(make: Callable[..., PreferencesDialog]) -> None:
    dialog = make(schema.with_value(Preferences(), "schedule.enabled", True))
    for day in ("mon", "tue", "wed", "thu", "fri"):
        dialog._day_boxes[day].setChecked(False)
    assert dialog.error_text("schedule.days") == "Choose at least one working day."
    assert not dialog.buttons.button(Ok).isEnabled()
    dialog._day_boxes["sun"].setChecked(True)
    assert dialog.error_text("schedule.days") == ""
    chosen = dialog.preferences()
    assert chosen is not None
    assert chosen.schedule.days == ("sun",)


def test_schedule_fields_follow_their_switch(make: Callable[..., PreferencesDialog]) -> None:
    dialog = make()
    assert not dialog.field("schedule.start").isEnabled()
    _check(dialog, "schedule.enabled").setChecked(True)
    assert dialog.field("schedule.start").isEnabled()
    assert dialog.field("schedule.days").isEnabled()
    _check(dialog, "notifications.enabled").setChecked(False)
    assert not dialog.field("notifications.lead_seconds").isEnabled()


def test_stretch_list_enables_and_reorders(
    qtbot: QtBot, make: Callable[..., PreferencesDialog]
) -> None:
    dialog = make(stretch_names={"desk-hip-flexor": "Hip flexor stretch at the desk"})
    items = dialog.stretch_list
    assert items.count() == len(DEFAULT_ORDER)
    assert items.item(0).text() == "Hip flexor stretch at the desk"
    items.setCurrentRow(0)
    qtbot.mouseClick(dialog.down_button, Qt.MouseButton.LeftButton)
    items.item(items.count() - 1).setCheckState(Qt.CheckState.Checked)  # active-hang on
    chosen = dialog.preferences()
    assert chosen is not None
    assert chosen.stretches.order[:2] == ("seated-trunk-rotation", "desk-hip-flexor")
    assert "active-hang" in chosen.stretches.enabled
    assert items.currentRow() == 1  # the moved stretch stays selected for the next move
    assert dialog.up_button.isEnabled()


def test_turning_every_stretch_off_is_explained(make: Callable[..., PreferencesDialog]) -> None:
    dialog = make()
    for row in range(dialog.stretch_list.count()):
        dialog.stretch_list.item(row).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.stretch_error.text() == "Turn on at least one stretch."
    assert not dialog.stretch_error.isHidden()
    assert not dialog.buttons.button(Ok).isEnabled()


def test_thumbnails_come_from_the_callable_or_a_placeholder(
    make: Callable[..., PreferencesDialog],
) -> None:
    asked: list[str] = []

    def thumb(stretch_id: str) -> QPixmap | None:
        asked.append(stretch_id)
        if stretch_id != "camel":
            return None
        pixmap = QPixmap(64, 48)
        pixmap.fill(QColor("red"))
        return pixmap

    dialog = make(thumbnails=thumb)
    dialog.load_thumbnails()  # the open dialog draws them one by one; here all at once
    assert asked == list(DEFAULT_ORDER)
    for row in range(dialog.stretch_list.count()):
        icon = dialog.stretch_list.item(row).icon()
        assert not icon.isNull()  # a placeholder where the renderer had nothing
        image = icon.pixmap(64, 48).toImage()
        is_camel = dialog.stretch_list.item(row).data(Qt.ItemDataRole.UserRole) == "camel"
        assert (image.pixelColor(32, 24) == QColor("red")) == is_camel


def test_locked_keys_are_disabled_with_the_reason(
    qtbot: QtBot, make: Callable[..., PreferencesDialog]
) -> None:
    prefs = schema.with_value(Preferences(), "general.autostart", True)
    dialog = make(prefs, locked={"general.autostart": "set by your organisation"})
    box = _check(dialog, "general.autostart")
    assert not box.isEnabled()
    notes = [w.text() for w in dialog.findChildren(QLabel) if w.objectName() == "locked"]
    assert notes == ["Locked: set by your organisation."]
    _click(qtbot, dialog, Restore)
    chosen = dialog.preferences()
    assert chosen is not None
    assert chosen.general.autostart is True  # restoring defaults leaves locked keys alone


def test_locked_stretch_list_cannot_be_changed(make: Callable[..., PreferencesDialog]) -> None:
    dialog = make(locked={"stretches.enabled": "chosen by IT", "stretches.order": "chosen by IT"})
    item = dialog.stretch_list.item(0)
    assert not item.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert not dialog.down_button.isEnabled()
    assert "chosen by IT" in dialog.stretch_lock.text()


def test_apply_hands_over_the_edits_and_then_waits_for_more(
    qtbot: QtBot, make: Callable[..., PreferencesDialog]
) -> None:
    applied: list[Preferences] = []
    dialog = make(apply=applied.append)
    dialog.show()
    apply = dialog.buttons.button(Apply)
    assert not apply.isEnabled()  # nothing changed yet
    _check(dialog, "dnd.camera").setChecked(False)
    assert apply.isEnabled()
    _click(qtbot, dialog, Apply)
    assert [p.dnd.camera for p in applied] == [False]
    assert not apply.isEnabled()
    assert dialog.isVisible()  # Apply keeps the dialog open
    assert dialog.chosen() is None


def test_restore_defaults_uses_the_given_defaults(
    qtbot: QtBot, make: Callable[..., PreferencesDialog]
) -> None:
    org = schema.with_value(Preferences(), "breaks.interval_minutes", 45)
    mine = schema.with_value(Preferences(), "breaks.interval_minutes", 20)
    mine = schema.with_value(mine, "general.sound", True)
    dialog = make(mine, defaults=org)
    _click(qtbot, dialog, Restore)
    assert dialog.preferences() == org


def test_every_field_has_an_accessible_name_and_a_description(
    make: Callable[..., PreferencesDialog],
) -> None:
    dialog = make()
    for spec in schema.KEYS:
        if spec.kind == "stretches":
            widget: QWidget = dialog.stretch_list
        else:
            widget = dialog.field(spec.key)
        assert widget.accessibleName(), spec.key
        assert widget.accessibleDescription() or widget.toolTip(), spec.key
    for box in dialog._day_boxes.values():
        assert box.accessibleName().startswith("Work on ")


def test_every_form_label_leads_to_its_field_by_keyboard(
    make: Callable[..., PreferencesDialog],
) -> None:
    dialog = make()
    labels = [lb for lb in dialog.findChildren(QLabel) if "&" in lb.text()]
    assert len(labels) >= 8
    for label in labels:
        assert label.buddy() is not None, label.text()


def _mnemonic(text: str) -> str:
    return text.split("&", 1)[1][0].lower() if "&" in text else ""


def test_no_two_alt_keys_clash_on_a_page(make: Callable[..., PreferencesDialog]) -> None:
    dialog = make()
    tab_keys = [_mnemonic(dialog.tabs.tabText(i)) for i in range(dialog.tabs.count())]
    assert all(tab_keys)
    assert len(set(tab_keys)) == len(tab_keys)
    for i in range(dialog.tabs.count()):
        page = dialog.tabs.widget(i)
        assert page is not None
        texts = [w.text() for w in page.findChildren(QLabel) + page.findChildren(QAbstractButton)]
        keys = [k for k in map(_mnemonic, texts) if k]
        clashes = {k for k in keys if keys.count(k) > 1 or k in tab_keys}
        assert not clashes, f"{dialog.tabs.tabText(i)}: Alt+{clashes} is used twice"


def test_the_schedule_note_says_what_the_hours_mean(
    qtbot: QtBot, make: Callable[..., PreferencesDialog]
) -> None:
    from PySide6.QtCore import QTime

    dialog = make()
    start, end = dialog.field("schedule.start"), dialog.field("schedule.end")
    assert isinstance(start, QTimeEdit)
    assert isinstance(end, QTimeEdit)
    assert dialog.hours_note.text() == "Outside these hours DeskStretch stays quiet."

    start.setTime(QTime(22, 0))  # a night shift
    end.setTime(QTime(6, 30))
    assert "past midnight" in dialog.hours_note.text()
    assert "from 22:00 until 06:30 the next morning" in dialog.hours_note.text()
    chosen = dialog.preferences()
    assert chosen is not None  # allowed on purpose
    assert (chosen.schedule.start, chosen.schedule.end) == ("22:00", "06:30")

    end.setTime(QTime(22, 0))
    assert "around the clock" in dialog.hours_note.text()
