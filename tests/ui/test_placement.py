"""Where the status window opens when the tray icon is clicked: by the pointer, whole on screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSize

from deskstretch.ui.placement import near_point

SCREEN = QRect(0, 0, 1280, 800)
PANEL_ABOVE = QRect(0, 30, 1280, 770)  # a top panel takes 30 px
SIZE = QSize(400, 200)


@pytest.mark.parametrize(
    ("pointer", "area"),
    [
        (QPoint(1270, 790), SCREEN),  # a tray in a bottom-right panel
        (QPoint(1270, 10), PANEL_ABOVE),  # a tray in a top panel
        (QPoint(5, 5), SCREEN),
        (QPoint(640, 400), SCREEN),
        (QPoint(2000, 2000), SCREEN),  # a pointer off this screen still gives a place on it
    ],
)
def test_the_window_opens_next_to_the_pointer_and_whole_on_screen(
    pointer: QPoint, area: QRect
) -> None:
    window = QRect(near_point(SIZE, pointer, area), SIZE)
    assert area.contains(window)
    assert not window.contains(pointer)  # it does not open under the pointer's click
    clamped = QPoint(
        min(max(pointer.x(), area.left()), area.right()),
        min(max(pointer.y(), area.top()), area.bottom()),
    )
    # within a window's size of the pointer, on the side with room
    assert abs(window.center().x() - clamped.x()) <= SIZE.width()
    assert abs(window.center().y() - clamped.y()) <= SIZE.height()
