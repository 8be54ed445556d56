"""The small status window: the app's handle when the desktop has no system tray, and the
panel a left click on the tray icon opens.

Without a tray the app would otherwise run invisibly (GNOME without an AppIndicator
extension, for example); then the window says why it is there. It offers the same controls
as the tray menu.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QCloseEvent, QCursor, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from deskstretch.i18n import N_, _
from deskstretch.ui import a11y
from deskstretch.ui.controls import ControlsMenu
from deskstretch.ui.flow import FlowLayout
from deskstretch.ui.icons import app_icon, render_icon
from deskstretch.ui.placement import app_can_place_windows, near_point
from deskstretch.ui.viewstate import ControlsState


class StatusWindow(QWidget):
    """Status and controls in a window: for desktops without a tray (``reason`` says why it
    shows), and opened from the tray icon (no reason)."""

    def __init__(self, menu: ControlsMenu, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.menu = menu
        self.setWindowTitle(_("DeskStretch"))
        self.setWindowIcon(app_icon("active"))
        self.setObjectName("StatusWindow")
        a11y.set_role(self, QAccessible.Role.Window)  # a frame, not a "filler"

        logo = QLabel()
        logo.setPixmap(render_icon("active", 48, self.devicePixelRatioF()))
        self.state_label = QLabel()
        self.state_label.setObjectName("state")
        self.state_label.setWordWrap(True)
        font = self.state_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.state_label.setFont(font)
        self.state_label.setAccessibleDescription(_("Status"))
        self.reason_label = QLabel(reason)
        self.reason_label.setWordWrap(True)
        self.reason_label.setObjectName("reason")
        self.reason_label.setAccessibleDescription(_("Why this window is shown"))
        self.reason_label.setVisible(bool(reason))

        self.stretch_button = QPushButton(_("Stretch now"))
        self.stretch_button.clicked.connect(lambda: menu.stretch_requested.emit(""))
        self.pause_button = QPushButton(_("Pause 30 min"))
        self.pause_button.clicked.connect(lambda: menu.pause_requested.emit("duration", 1800))
        self.resume_button = QPushButton(_("Resume"))
        self.resume_button.clicked.connect(menu.resume_requested)
        self.skip_button = QPushButton(_("Skip next break"))
        self.skip_button.clicked.connect(menu.skip_requested)
        self.more_button = QPushButton(_("More"))
        self.more_button.setMenu(menu)
        self.quit_button = QPushButton(_("Quit"))
        self.quit_button.clicked.connect(menu.quit_requested)
        for button, name in (
            (self.stretch_button, N_("Stretch now")),
            (self.pause_button, N_("Pause for 30 minutes")),
            (self.resume_button, N_("Resume reminders")),
            (self.skip_button, N_("Skip the next break")),
            (self.more_button, N_("More actions")),
            (self.quit_button, N_("Quit DeskStretch")),
        ):
            button.setAccessibleName(_(name))

        top = QHBoxLayout()
        top.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.addWidget(self.state_label)
        text.addWidget(self.reason_label)
        top.addLayout(text, 1)
        # A row of buttons that wraps: long translations and large text take two rows
        # rather than squeezing the labels.
        buttons = FlowLayout()
        for button in (
            self.stretch_button,
            self.pause_button,
            self.resume_button,
            self.skip_button,
            self.more_button,
            self.quit_button,
        ):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        self._width = max(320, min(560, 40 * self.fontMetrics().averageCharWidth()))
        self._fit()

    def _fit(self) -> None:
        """A fixed size that fits the content: tiling compositors (sway, i3) float a window
        whose smallest and largest sizes are the same instead of tiling it across the screen."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        height = layout.totalHeightForWidth(self._width)
        if height <= 0:
            height = layout.totalSizeHint().height()
        self.setFixedSize(self._width, height)

    def show_state(self, state: ControlsState) -> None:
        """Show ``state``."""
        lines = [state.next_line] + ([state.micro_line] if state.micro_line else [])
        self.state_label.setText("\n".join(lines))
        self.setToolTip(state.tooltip)
        self.pause_button.setVisible(not state.paused)
        self.resume_button.setVisible(state.paused)
        self.skip_button.setText(state.skip_label)
        self.skip_button.setAccessibleName(state.skip_label)
        self.skip_button.setEnabled(state.can_skip)
        self.stretch_button.setEnabled(not state.in_break)
        self.menu.show_state(state)
        self._fit()  # the text may take another line now

    @property
    def only_handle(self) -> bool:
        """True when there is no tray: closing the window would leave the app out of reach."""
        return bool(self.reason_label.text())

    def set_reason(self, reason: str) -> None:
        """Say why the window shows; "" once a tray icon is there to open it from."""
        self.reason_label.setText(reason)
        self.reason_label.setVisible(bool(reason))

    def toggle_near_pointer(self) -> None:
        """A click on the tray icon: show the window by the pointer, or hide it when it shows.

        A second click hides it, as a tray icon's popover does (if it is behind other
        windows, a third click brings it back on top). Where the desktop does not let apps
        place windows (Wayland) the compositor places it.
        """
        if self.isVisible() and not self.isMinimized():
            self.hide()
            return
        if app_can_place_windows():
            pointer = QCursor.pos()
            screen = QGuiApplication.screenAt(pointer) or QGuiApplication.primaryScreen()
            if screen is not None:
                self.move(near_point(self.size(), pointer, screen.availableGeometry()))
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc puts the window away when the tray icon can bring it back."""
        if event.key() == Qt.Key.Key_Escape and not self.only_handle:
            self.hide()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closed from the tray icon's panel it hides. With no tray, the user closing it
        minimises it instead: it is the app's only handle.

        Closes the app itself asks for (Quit) are not spontaneous and go through: Qt 6 aborts
        ``quit()`` when a window refuses to close.
        """
        if event.spontaneous() and self.only_handle:
            event.ignore()
            self.showMinimized()
        else:
            event.accept()
