"""Tabs that move to the side when the window is too narrow for them in a row.

A tab widget shows every section's name: in a row above the pages while they fit, and in
a column on the left (with the names written across, not turned on their side) when a
narrow window, a long translation or large text would push the last tabs out of sight.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionTab,
    QTabBar,
    QTabWidget,
    QWidget,
)

_SIDE = (QTabBar.Shape.RoundedWest, QTabBar.Shape.TriangularWest)


class _AcrossStyle(QProxyStyle):
    """Draws the labels of tabs on the left across, like a list, instead of turned."""

    def sizeFromContents(  # type: ignore[override]  # PySide's stubs disagree among themselves
        self,
        kind: QStyle.ContentsType,
        option: QStyleOption,
        size: QSize,
        widget: QWidget,
    ) -> QSize:
        result = super().sizeFromContents(kind, option, size, widget)
        if (
            kind == QStyle.ContentsType.CT_TabBarTab
            and isinstance(option, QStyleOptionTab)
            and option.shape in _SIDE
        ):
            result.transpose()
        return result

    def drawControl(  # type: ignore[override]  # PySide's stubs disagree among themselves
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget,
    ) -> None:
        if (
            element == QStyle.ControlElement.CE_TabBarTabLabel
            and isinstance(option, QStyleOptionTab)
            and option.shape in _SIDE
        ):
            across = QStyleOptionTab(option)
            across.shape = QTabBar.Shape.RoundedNorth
            super().drawControl(element, across, painter, widget)
            return
        super().drawControl(element, option, painter, widget)


class SideTabs(QObject):
    """Keeps ``tabs`` on top while its tab bar fits its width, on the left otherwise.

    Args:
        tabs: The tab widget; this object becomes its child and watches its resizes.
    """

    def __init__(self, tabs: QTabWidget) -> None:
        super().__init__(tabs)
        self._tabs = tabs
        self._style = _AcrossStyle()
        self._style.setParent(self)
        tabs.tabBar().setStyle(self._style)
        tabs.installEventFilter(self)

    def _row_width(self) -> int:
        bar = self._tabs.tabBar()
        style = bar.style()
        space = style.pixelMetric(QStyle.PixelMetric.PM_TabBarTabHSpace, None, bar)
        metrics = bar.fontMetrics()
        texts = (bar.tabText(i).replace("&", "") for i in range(bar.count()))
        return sum(metrics.horizontalAdvance(t) + space + 2 for t in texts) + 8

    def fit(self) -> None:
        """Put the tabs where they fit."""
        on_side = self._row_width() > self._tabs.width()
        wanted = QTabWidget.TabPosition.West if on_side else QTabWidget.TabPosition.North
        if self._tabs.tabPosition() != wanted:
            self._tabs.setTabPosition(wanted)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._tabs and event.type() in (
            QEvent.Type.Resize,
            QEvent.Type.FontChange,
            QEvent.Type.Show,
        ):
            self.fit()
        return False
