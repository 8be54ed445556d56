"""Preferences with the keyboard only, and as a screen reader reads them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLabel, QTimeEdit, QWidget
from pytestqt.qtbot import QtBot

from deskstretch.i18n import SHIPPED
from deskstretch.settings import schema
from deskstretch.settings.model import Preferences
from deskstretch.ui.preferences import PreferencesDialog

pytestmark = pytest.mark.gui

Make = Callable[..., PreferencesDialog]
ALT = Qt.KeyboardModifier.AltModifier


def _shown(qtbot: QtBot, make: Make, prefs: Preferences | None = None) -> PreferencesDialog:
    dialog = make(prefs)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
    return dialog


def _key(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """Press a key where the focus is, as a keyboard would."""
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


def test_general_page_offers_spoken_cues_and_the_languages_by_their_own_names(
    make: Make,
) -> None:
    prefs = schema.with_value(Preferences(), "general.language", "ja")
    dialog = make(prefs)
    cues = dialog.field("general.spoken_cues")
    assert isinstance(cues, QCheckBox)
    assert cues.isChecked()  # the default
    assert "Spoken cues" in cues.text().replace("&", "")
    language = dialog.field("general.language")
    assert isinstance(language, QComboBox)
    items = [language.itemText(i) for i in range(language.count())]
    assert items == ["System default", *SHIPPED.values()]
    assert language.currentText() == "日本語"
    notes = [label.text() for label in dialog.findChildren(QLabel)]
    assert "Takes effect when DeskStretch restarts." in notes
    assert dialog.preferences() == prefs


def test_spoken_cues_and_language_with_the_keyboard_only(qtbot: QtBot, make: Make) -> None:
    dialog = _shown(qtbot, make)
    _key(qtbot, Qt.Key.Key_G, ALT)  # the "&General" tab
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "&General"
    cues = dialog.field("general.spoken_cues")
    assert isinstance(cues, QCheckBox)
    _key(qtbot, Qt.Key.Key_V, ALT)  # "Spoken cues: ... &via a screen reader" toggles it
    qtbot.waitUntil(lambda: not cues.isChecked(), timeout=5000)  # Qt animates the click
    _key(qtbot, Qt.Key.Key_Y, ALT)  # "Displa&y language:" focuses the combo box
    assert QApplication.focusWidget() is dialog.field("general.language")
    _key(qtbot, Qt.Key.Key_Down)  # System default -> English
    _key(qtbot, Qt.Key.Key_Down)  # -> Deutsch
    _key(qtbot, Qt.Key.Key_Return)  # OK (the default button)
    chosen = dialog.chosen()
    assert chosen is not None
    assert chosen.general.spoken_cues is False
    assert chosen.general.language == "de"


def test_time_fields_tell_their_time_in_the_description(qtbot: QtBot, make: Make) -> None:
    prefs = schema.with_value(Preferences(), "schedule.start", "07:15")
    prefs = schema.with_value(prefs, "schedule.enabled", True)
    dialog = _shown(qtbot, make, prefs)
    start = dialog.field("schedule.start")
    assert isinstance(start, QTimeEdit)
    iface = QAccessible.queryAccessibleInterface(start)
    assert iface is not None
    assert iface.text(QAccessible.Text.Name) == "Day starts at"
    assert iface.text(QAccessible.Text.Description).startswith("07:15. ")
    _key(qtbot, Qt.Key.Key_H, ALT)  # "Sc&hedule"
    for _ in range(12):  # Tab on to the field (Alt+S is shared with other fields)
        if QApplication.focusWidget() is start:
            break
        _key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is start
    _key(qtbot, Qt.Key.Key_Up)  # the hour section: one hour later
    assert start.time().toString("HH:mm") == "08:15"
    assert iface.text(QAccessible.Text.Description).startswith("08:15. ")


def _focused_items(dialog: PreferencesDialog) -> list[tuple[str, bool]]:
    """Every list item the accessibility tree reports focused, with whether its list has the
    keyboard focus (what a screen reader is told, walked as AT-SPI walks it)."""
    found: list[tuple[str, bool]] = []

    def walk(iface: QAccessibleInterface | None, depth: int) -> None:
        if iface is None or not iface.isValid() or depth > 16:
            return
        if iface.role() == QAccessible.Role.ListItem and iface.state().focused:
            view = iface.parent().object() if iface.parent() is not None else None
            has_focus = isinstance(view, QWidget) and view.hasFocus()
            found.append((iface.text(QAccessible.Text.Name), has_focus))
        for index in range(iface.childCount()):
            walk(iface.child(index), depth + 1)

    walk(QAccessible.queryAccessibleInterface(dialog), 0)
    return found


def test_only_the_widget_with_the_focus_reports_focus(qtbot: QtBot, make: Make) -> None:
    dialog = _shown(qtbot, make)
    for index in range(dialog.tabs.count()):  # the tab row has the focus: no list item claims it
        dialog.tabs.setCurrentIndex(index)
        qtbot.waitUntil(lambda: not _focused_items(dialog), timeout=2000)
    dialog.tabs.setCurrentIndex(2)
    dialog.stretch_list.setFocus()
    qtbot.waitUntil(dialog.stretch_list.hasFocus, timeout=2000)
    assert [has_focus for _name, has_focus in _focused_items(dialog)] == [True]
    _key(qtbot, Qt.Key.Key_Down)  # the arrow keys go on from the selected stretch
    second = dialog.stretch_list.item(1).text()
    assert _focused_items(dialog) == [(second, True)]
    dialog.down_button.setFocus()
    qtbot.waitUntil(lambda: not _focused_items(dialog), timeout=2000)
    _key(qtbot, Qt.Key.Key_Space)  # "Move down" acts on the stretch still selected
    assert dialog.stretch_list.item(2).text() == second
    assert dialog.stretch_list.selectedItems()[0].text() == second
