"""The in-app toast: the last way to reach the user when no notification channel works."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from deskstretch.ui import toast as toast_module
from deskstretch.ui.toast import Toast, close_toast, corner_position, current_toast, show_toast

pytestmark = pytest.mark.gui

ACTIONS = [("start", "Start now"), ("snooze", "Snooze 5 min")]


def _show(
    chosen: list[str], summary: str = "Stretch break in 1 min", timeout_ms: int = 8000
) -> Toast:
    assert show_toast(summary, "Next: Camel <b>", ACTIONS, timeout_ms, chosen.append)
    toast = current_toast()
    assert toast is not None
    return toast


def test_toast_shows_the_text_and_a_button_per_action(qtbot: QtBot) -> None:
    chosen: list[str] = []
    toast = _show(chosen)
    assert toast.isVisible()
    assert toast.summary_label.text() == "Stretch break in 1 min"
    assert toast.body_label.text() == "Next: Camel <b>"
    assert toast.body_label.textFormat() == Qt.TextFormat.PlainText  # shown as typed
    assert [b.text() for b in toast.buttons.values()] == ["Start now", "Snooze 5 min"]
    assert toast.windowTitle() == "Notice"  # Qt adds " — DeskStretch"
    toast.close()


def test_clicking_a_button_reports_its_key_and_closes_the_toast(qtbot: QtBot) -> None:
    chosen: list[str] = []
    toast = _show(chosen)
    qtbot.mouseClick(toast.buttons["snooze"], Qt.MouseButton.LeftButton)
    assert chosen == ["snooze"]
    assert not toast.isVisible()
    assert current_toast() is None


def test_a_toast_whose_notice_no_longer_holds_is_closed(qtbot: QtBot) -> None:
    toast = _show([], timeout_ms=0)  # would stay until answered
    close_toast()
    assert not toast.isVisible()
    assert current_toast() is None
    close_toast()  # none on screen: nothing happens


def test_toast_closes_itself_when_its_timer_runs_out(qtbot: QtBot) -> None:
    toast = _show([], timeout_ms=8000)
    assert toast.timer.parent() is toast
    assert toast.timer.isSingleShot()
    assert toast.timer.interval() == 8000
    assert toast.timer.isActive()
    toast.timer.timeout.emit()  # no real waiting: the timer "runs out" now
    assert not toast.isVisible()
    assert current_toast() is None


def test_timeout_zero_keeps_it_until_answered_and_minus_one_uses_the_default(
    qtbot: QtBot,
) -> None:
    forever = _show([], timeout_ms=0)
    assert not forever.timer.isActive()
    default = _show([], timeout_ms=-1)
    assert default.timer.interval() == toast_module.DEFAULT_TIMEOUT_MS
    default.close()


def test_toast_does_not_take_the_focus_from_what_the_user_types_in(qtbot: QtBot) -> None:
    editor = QLineEdit()
    qtbot.addWidget(editor)
    editor.show()
    editor.activateWindow()
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    toast = _show([])
    flags = toast.windowFlags()
    assert flags & Qt.WindowType.WindowDoesNotAcceptFocus
    assert flags & Qt.WindowType.WindowStaysOnTopHint
    assert toast.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    qtbot.mouseClick(toast.dismiss_button, Qt.MouseButton.LeftButton)
    assert editor.hasFocus()


def test_a_new_toast_replaces_the_old_one(qtbot: QtBot) -> None:
    first = _show([], summary="first")
    second = _show([], summary="second")
    assert not first.isVisible()
    assert second.isVisible()
    assert current_toast() is second
    second.close()


def test_toast_sits_in_the_corner_beside_the_panel() -> None:
    screen = QRect(0, 0, 1280, 800)
    top_panel = QRect(0, 32, 1280, 768)
    bottom_panel = QRect(0, 0, 1280, 760)
    assert corner_position(300, 100, screen, top_panel) == QPoint(1280 - 300 - 12, 32 + 12)
    assert corner_position(300, 100, screen, bottom_panel) == QPoint(
        1280 - 300 - 12, 760 - 100 - 12
    )
