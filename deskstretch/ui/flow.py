"""A layout that places its widgets in a row and starts a new row when the width runs out.

Buttons in a narrow window, with long translations or with large text go on a second row
instead of being squeezed until their labels are cut off (the layout Qt's own "Flow
Layout" example shows, with right alignment for dialog-style button rows).
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    """Rows of widgets at their preferred size, wrapped to the width available.

    Args:
        parent: The widget the layout manages, if any.
        spacing: Space between widgets and between rows, in pixels.
        align_right: Push each row to the right edge (a dialog's button row).
    """

    def __init__(
        self, parent: QWidget | None = None, *, spacing: int = 8, align_right: bool = False
    ) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._align_right = align_right
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def spacing(self) -> int:
        return self._spacing

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        """One row of everything."""
        shown = self._shown()
        width = sum(i.sizeHint().width() for i in shown) + self._spacing * max(0, len(shown) - 1)
        height = max((i.sizeHint().height() for i in shown), default=0)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        """The widest widget: every other one can go on a row of its own."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _shown(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def _place(self, rect: QRect, *, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        rows: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        used = 0
        for item in self._shown():
            size = item.sizeHint().boundedTo(QSize(area.width(), 1 << 20))
            size = size.expandedTo(item.minimumSize())
            needed = size.width() if not rows[-1] else used + self._spacing + size.width()
            if rows[-1] and needed > area.width():
                rows.append([])
                needed = size.width()
            rows[-1].append((item, size))
            used = needed
        y = area.top()
        for row in rows:
            if not row:
                continue
            height = max(size.height() for _item, size in row)
            width = sum(size.width() for _item, size in row) + self._spacing * (len(row) - 1)
            x = area.left() + (area.width() - width if self._align_right else 0)
            for item, size in row:
                if move:
                    item.setGeometry(QRect(QPoint(x, y + (height - size.height()) // 2), size))
                x += size.width() + self._spacing
            y += height + self._spacing
        return y - self._spacing - area.top() + m.top() + m.bottom() if y > area.top() else 0
