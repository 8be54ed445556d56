"""A click on the tray icon opens the status window, the same on every tray host.

A StatusNotifierItem host sends Activate for a left click (Qt: ``activated(Trigger)``), as
Qt's XEmbed icon does; a menu popped up from there fails on Wayland ("Failed to create
grabbing popup"), so the click opens the status window instead. The right click (Context)
keeps the menu, which the tray host shows itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from deskstretch.app.instance import InstanceLock
from deskstretch.app.shell import Shell
from deskstretch.ui.status_window import StatusWindow

Reason = QSystemTrayIcon.ActivationReason

# Offscreen has no tray and no window stacking; Qt says so when the icon shows and when the
# window is raised. Nothing else may warn.
pytestmark = pytest.mark.qt_log_ignore(
    r"No such signal QPlatformNativeInterface::systemTrayWindowChanged",
    r"This plugin does not support raise\(\)",
)


def opened(shell: Shell) -> StatusWindow | None:
    """The shell's status window, read afresh (mypy would keep an earlier narrowing)."""
    return shell.status_window


@pytest.fixture
def shell(qapp: QApplication, tmp_path: Path) -> Iterator[Shell]:
    shell = Shell(qapp, InstanceLock(tmp_path / "lock"))
    shell._show_tray()  # the icon, as show_first() puts it up when there is a tray
    yield shell
    if shell.status_window is not None:
        shell.status_window.close()
        shell.status_window.deleteLater()
    assert shell.tray is not None
    shell.tray.hide()
    shell.menu.deleteLater()


def test_a_left_click_on_the_tray_icon_opens_the_status_window(shell: Shell, qtbot: QtBot) -> None:
    assert shell.tray is not None
    assert shell.status_window is None  # not made until asked for
    shell.tray.icon.activated.emit(Reason.Trigger)
    window = opened(shell)
    assert window is not None
    qtbot.waitExposed(window)
    assert window.isVisible()
    assert not window.reason_label.isVisible()  # there is a tray: nothing to explain
    with qtbot.waitSignal(shell.menu.stretch_requested) as stretch:
        qtbot.mouseClick(window.stretch_button, Qt.MouseButton.LeftButton)
    assert stretch.args == [""]  # the next stretch in rotation
    with qtbot.waitSignal(shell.menu.pause_requested) as pause:
        qtbot.mouseClick(window.pause_button, Qt.MouseButton.LeftButton)
    assert pause.args == ["duration", 1800]


def test_a_second_click_hides_it_and_a_third_brings_it_back(shell: Shell, qtbot: QtBot) -> None:
    assert shell.tray is not None
    shell.tray.icon.activated.emit(Reason.Trigger)
    window = opened(shell)
    assert window is not None
    qtbot.waitExposed(window)
    shell.tray.icon.activated.emit(Reason.Trigger)
    assert not window.isVisible()
    shell.tray.icon.activated.emit(Reason.Trigger)
    assert window.isVisible()
    assert shell.status_window is window  # the same window, not another one


def test_closing_the_window_opened_from_the_tray_hides_it(shell: Shell, qtbot: QtBot) -> None:
    assert shell.tray is not None
    shell.tray.icon.activated.emit(Reason.Trigger)
    window = opened(shell)
    assert window is not None
    qtbot.waitExposed(window)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()
    shell.tray.icon.activated.emit(Reason.Trigger)
    assert window.isVisible()


def test_the_right_click_leaves_the_menu_to_the_tray_host(shell: Shell) -> None:
    assert shell.tray is not None
    assert shell.tray.icon.contextMenu() is shell.menu
    shell.tray.icon.activated.emit(Reason.Context)
    shell.tray.icon.activated.emit(Reason.DoubleClick)
    assert opened(shell) is None
    assert not shell.menu.isVisible()  # no popup() of our own (it fails on Wayland)
