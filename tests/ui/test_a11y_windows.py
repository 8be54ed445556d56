"""The small windows as a screen reader meets them: every text readable, the right roles."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from deskstretch.ui.controls import ControlsMenu
from deskstretch.ui.micro_panel import MicroPanel
from deskstretch.ui.status_window import StatusWindow
from deskstretch.ui.toast import Toast
from deskstretch.ui.viewstate import ControlsState
from tests.helpers.fakes import FakeClock

pytestmark = pytest.mark.gui


def _iface(widget: QWidget) -> QAccessibleInterface:
    iface = QAccessible.queryAccessibleInterface(widget)
    assert iface is not None
    return iface


def _labels_read_their_text(window: QWidget) -> list[str]:
    read = []
    for label in window.findChildren(QLabel):
        if label.isVisible() and label.text():
            name = _iface(label).text(QAccessible.Text.Name)
            assert name == label.text(), f"{label.objectName()} reads {name!r}"
            read.append(name)
    return read


def test_status_window_is_a_frame_and_its_lines_are_read(qtbot: QtBot) -> None:
    menu = ControlsMenu()
    qtbot.addWidget(menu)
    window = StatusWindow(menu, "No system tray was found on this desktop.")
    qtbot.addWidget(window)
    window.show_state(
        ControlsState(
            tooltip="DeskStretch: Next break at 14:32",
            next_line="Next break at 14:32",
            stretches=(),
            next_stretch_name="",
        )
    )
    window.show()
    assert _iface(window).role() == QAccessible.Role.Window  # AT-SPI "frame"
    read = _labels_read_their_text(window)
    assert "Next break at 14:32" in read
    assert "No system tray was found on this desktop." in read
    assert _iface(window.state_label).text(QAccessible.Text.Description) == "Status"


def test_toast_is_a_notification_named_by_its_summary(qtbot: QtBot) -> None:
    toast = Toast("Break in 1 minute", "Hip flexor stretch is next.", [("snooze", "Snooze")], 0)
    qtbot.addWidget(toast)
    toast.show()
    iface = _iface(toast)
    assert iface.role() == QAccessible.Role.Notification
    assert iface.text(QAccessible.Text.Name) == "Break in 1 minute"
    assert iface.text(QAccessible.Text.Description) == "Hip flexor stretch is next."
    assert set(_labels_read_their_text(toast)) == {
        "Break in 1 minute",
        "Hip flexor stretch is next.",
    }


def test_micro_panel_is_a_notification_with_its_cue_and_seconds_in_words(qtbot: QtBot) -> None:
    panel = MicroPanel(FakeClock())
    qtbot.addWidget(panel)
    panel.show_cue("blink", 20.0, dark=False, reduced_motion=False)
    iface = _iface(panel)
    assert iface.role() == QAccessible.Role.Notification
    assert iface.text(QAccessible.Text.Name).startswith("Micro-break: ")
    assert len(_labels_read_their_text(panel)) == 3  # name, instruction, "Click to skip"
    assert _iface(panel.ring).text(QAccessible.Text.Description) == "20 seconds"
