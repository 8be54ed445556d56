"""Window titles name the window, not the app: Qt adds the app's name for the window manager.

With an application display name set (the app sets "DeskStretch"), Qt hands the window
manager ``title + " — DeskStretch"`` on X11 and Wayland alike unless the title already ends
with the name (QPlatformWindow::formatWindowTitle; seen with xprop as ``_NET_WM_NAME``).
A title that starts with "DeskStretch" then reads "DeskStretch - stretch break — DeskStretch"
in the title bar and the task switcher. tests/e2e/test_app_e2e.py checks the real title under
a real X server.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.helpers import windows

APP = "DeskStretch"
SEPARATOR = " \u2014 "


def title_for_window_manager(title: str) -> str:
    """What Qt sends the window manager for ``title`` when the display name is :data:`APP`."""
    return title if title.endswith(APP) else f"{title}{SEPARATOR}{APP}" if title else APP


@pytest.mark.parametrize("name", [s.name for s in windows.scenes()])
def test_every_window_names_the_app_once_in_its_title(qtbot: QtBot, name: str) -> None:
    widget: QWidget = windows.build(windows.scene(name))
    try:
        shown = title_for_window_manager(widget.windowTitle())
        assert shown.count(APP) == 1, shown
        assert widget.windowTitle(), "an empty title leaves the window manager only the app name"
    finally:
        widget.close()
        widget.deleteLater()
        QApplication.processEvents()
