"""A small in-app notice, the last fallback when no desktop notification channel works.

It sits near the corner where the tray usually is, stays above other windows, never takes the
keyboard focus away from what the user is typing, offers the notice's buttons and closes itself
after the notice's timeout. Only one is shown at a time: a new one replaces the old.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QAccessible, QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget

from deskstretch.i18n import _
from deskstretch.ui import a11y
from deskstretch.ui.flow import FlowLayout

DEFAULT_TIMEOUT_MS = 10_000  # used when the notice leaves it to the "server" (-1)
MARGIN = 12


class Toast(QWidget):
    """A frameless, always-on-top notice with action buttons.

    ``timeout_ms`` > 0 closes it after that long, 0 keeps it until the user answers, < 0 uses
    :data:`DEFAULT_TIMEOUT_MS`.
    """

    action_chosen = Signal(str)

    def __init__(
        self,
        summary: str,
        body: str,
        actions: Sequence[tuple[str, str]] = (),
        timeout_ms: int = DEFAULT_TIMEOUT_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlags(
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.WindowDoesNotAcceptFocus
        )
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setObjectName("Toast")
        self.setWindowTitle(_("Notice"))
        # Never focused: as a "notification" a screen reader reads it when it appears.
        a11y.set_role(self, QAccessible.Role.Notification)
        self.setAccessibleName(summary)
        self.setAccessibleDescription(body)

        self.summary_label = QLabel(summary)
        self.summary_label.setObjectName("summary")
        font = self.summary_label.font()
        font.setBold(True)
        self.summary_label.setFont(font)
        self.summary_label.setWordWrap(True)
        self.body_label = QLabel(body)
        self.body_label.setObjectName("body")
        self.body_label.setWordWrap(True)
        self.body_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)

        self.buttons: dict[str, QPushButton] = {}
        # Right-aligned like a dialog's buttons, on two rows when one is not wide enough.
        row = FlowLayout(align_right=True)
        for key, label in actions:
            button = QPushButton(label)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _checked=False, k=key: self._choose(k))
            self.buttons[key] = button
            row.addWidget(button)
        self.dismiss_button = QPushButton(_("Dismiss"))
        self.dismiss_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.dismiss_button.setAccessibleName(_("Dismiss this notice"))
        self.dismiss_button.clicked.connect(self.close)
        row.addWidget(self.dismiss_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.body_label)
        layout.addLayout(row)
        # About 60 characters wide at most, whatever the font size (420 px at 7 px each).
        self.setMinimumWidth(300)
        self.setMaximumWidth(max(420, 60 * self.fontMetrics().averageCharWidth()))

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.close)
        interval = DEFAULT_TIMEOUT_MS if timeout_ms < 0 else timeout_ms
        self.timer.setInterval(interval)
        self._auto_close = interval > 0

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop the timer and leave the list of shown toasts."""
        self.timer.stop()
        _forget(self)
        super().closeEvent(event)

    def _choose(self, key: str) -> None:
        self.action_chosen.emit(key)
        self.close()

    def show_near_tray(self) -> None:
        """Show in the screen corner nearest the panel (top or bottom right) and start the timer."""
        self.adjustSize()
        self.move(corner_position(self.size().width(), self.size().height()))
        self.show()
        if self._auto_close:
            self.timer.start()


def corner_position(
    width: int, height: int, screen: QRect | None = None, available: QRect | None = None
) -> QPoint:
    """Top-left point for a ``width`` x ``height`` toast beside the panel's right end.

    A panel at the top of the screen (the available area starts lower than the screen) puts the
    toast top right; otherwise bottom right, where Windows, KDE and most docks keep the tray.
    """
    if screen is None or available is None:
        primary = QGuiApplication.primaryScreen()
        screen = primary.geometry() if primary is not None else QRect(0, 0, 1280, 800)
        available = primary.availableGeometry() if primary is not None else screen
    x = available.right() - width - MARGIN + 1
    if available.top() > screen.top():
        y = available.top() + MARGIN
    else:
        y = available.bottom() - height - MARGIN + 1
    return QPoint(max(available.left(), x), max(available.top(), y))


_current: list[Toast] = []


def current_toast() -> Toast | None:
    """The toast on screen, if any."""
    return _current[0] if _current else None


def close_toast() -> None:
    """Close the toast on screen, if any (its notice no longer holds)."""
    for toast in list(_current):
        toast.close()


def _forget(toast: Toast) -> None:
    if toast in _current:
        _current.remove(toast)


def show_toast(
    summary: str,
    body: str,
    actions: Sequence[tuple[str, str]],
    timeout_ms: int,
    on_action: Callable[[str], None],
) -> bool:
    """Show a toast (replacing the previous one); return whether it is on screen.

    ``on_action`` receives the key of the button the user clicked.
    """
    if not isinstance(QApplication.instance(), QApplication):
        return False
    for old in list(_current):
        old.close()
    toast = Toast(summary, body, actions, timeout_ms)
    toast.action_chosen.connect(on_action)
    _current.append(toast)
    toast.show_near_tray()
    return toast.isVisible()
