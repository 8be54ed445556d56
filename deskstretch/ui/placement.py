"""Where DeskStretch's own windows go, on platforms that let an app say so."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication


def app_can_place_windows() -> bool:
    """Whether ``move()`` places a top-level window on this platform.

    Wayland gives clients no say over where their windows go: Qt keeps the position to
    itself and the compositor places the window (GNOME centres it when its "center new
    windows" setting is on, tiling compositors tile it). Moving there only fights the
    compositor, so the app does not.
    """
    return not QGuiApplication.platformName().startswith("wayland")


def near_point(size: QSize, point: QPoint, area: QRect, gap: int = 8) -> QPoint:
    """Top-left corner for a window of ``size`` next to ``point`` (a click on the tray icon),
    kept whole inside ``area`` (the screen's available geometry).

    The window opens below and to the right of the point; where that leaves the screen it
    flips above or to the left, as a popup menu does.
    """
    x = point.x() + gap
    y = point.y() + gap
    if x + size.width() > area.right() + 1:
        x = point.x() - gap - size.width()
    if y + size.height() > area.bottom() + 1:
        y = point.y() - gap - size.height()
    x = max(area.left(), min(x, area.right() + 1 - size.width()))
    y = max(area.top(), min(y, area.bottom() + 1 - size.height()))
    return QPoint(x, y)
