"""One focus at a time for screen readers: an item view's current item only while it has focus.

Qt's accessibility bridge reports the current item of every list as ``focused``, whether the
list has the keyboard focus or not, and a combo box's hidden pop-up list has a current item too.
A screen reader then hears several things "focused" at once. Here a view keeps its current item
only while it has the focus; what is *selected* stays (the row a button acts on), and the focus
coming back puts the current item on the selection again, so the arrow keys go on from there.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView, QWidget


class _CurrentFollowsFocus(QObject):
    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view
        view.installEventFilter(self)
        model = view.selectionModel()
        if model is not None:
            model.currentChanged.connect(self._on_current_changed)
        self._clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.FocusIn:
            self._restore()
        elif kind in (QEvent.Type.FocusOut, QEvent.Type.Hide):
            self._clear()
        return False

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self._view.hasFocus():
            # Not now: the code that set it may read it back before the event loop turns.
            QTimer.singleShot(0, self, self._clear)

    def _clear(self) -> None:
        model = self._view.selectionModel()
        if model is not None and not self._view.hasFocus() and model.currentIndex().isValid():
            model.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)

    def _restore(self) -> None:
        model = self._view.selectionModel()
        if model is None or model.currentIndex().isValid():
            return
        selected = model.selectedIndexes()
        if selected:
            model.setCurrentIndex(selected[0], QItemSelectionModel.SelectionFlag.NoUpdate)


def current_only_with_focus(root: QWidget) -> None:
    """Apply it to every item view under ``root`` (lists, and the pop-up lists of combo boxes)."""
    for view in root.findChildren(QAbstractItemView):
        if view.findChild(_CurrentFollowsFocus) is None:
            _CurrentFollowsFocus(view)


def selected_row(view: QAbstractItemView) -> int:
    """The selected row of a single-selection view (-1: none), whether it has focus or not."""
    model = view.selectionModel()
    rows = sorted({index.row() for index in model.selectedIndexes()}) if model else []
    return rows[0] if rows else -1
