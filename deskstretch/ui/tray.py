"""The system-tray icon: shows what comes next and offers the controls menu."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QSystemTrayIcon

from deskstretch.ui.controls import ControlsMenu
from deskstretch.ui.icons import app_icon
from deskstretch.ui.viewstate import ControlsState


class TrayIcon(QObject):
    """A ``QSystemTrayIcon`` that renders :class:`ControlsState`.

    A right click opens the controls menu (the tray host shows it: XEmbed through Qt,
    StatusNotifierItem hosts through the exported D-Bus menu). A left click asks for the
    status window (:attr:`status_requested`), the same on every tray host: a
    StatusNotifierItem host sends Activate, and on Wayland Qt cannot pop a menu up there
    ("Failed to create grabbing popup": a popup needs a parent window the click does not
    give it).
    """

    message_clicked = Signal()
    #: The user clicked the icon (left or middle button): show or hide the status window.
    status_requested = Signal()

    def __init__(self, menu: ControlsMenu, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.menu = menu
        self._icon_kind = "active"
        self.icon = QSystemTrayIcon(app_icon("active"), self)
        self.icon.setContextMenu(menu)
        self.icon.setToolTip("DeskStretch")
        self.icon.activated.connect(self._on_icon_activated)
        self.icon.messageClicked.connect(self.message_clicked)

    @staticmethod
    def available() -> bool:
        """Whether the desktop has a system tray right now."""
        return QSystemTrayIcon.isSystemTrayAvailable()

    def show(self) -> None:
        """Put the icon in the tray."""
        self.icon.show()

    def hide(self) -> None:
        """Take the icon out of the tray (on quit)."""
        self.icon.hide()

    def is_embedded(self) -> bool:
        """True once the tray host has given the icon a place (X11: a real geometry)."""
        geometry = self.icon.geometry()
        return self.icon.isVisible() and geometry.width() > 0 and not geometry.topLeft().isNull()

    def show_state(self, state: ControlsState) -> None:
        """Show ``state`` in the tooltip, icon and menu."""
        self.icon.setToolTip(state.tooltip)
        if state.icon != self._icon_kind:
            self._icon_kind = state.icon
            self.icon.setIcon(app_icon(state.icon))
        self.menu.show_state(state)

    def show_message(self, title: str, body: str, timeout_ms: int) -> bool:
        """Show a balloon message; False when there is no tray to show it from."""
        if not (self.available() and self.icon.isVisible()):
            return False
        self.icon.showMessage(title, body, app_icon(self._icon_kind), timeout_ms)
        return True

    def _on_icon_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        # A double click arrives as Trigger, then DoubleClick: the first one has acted.
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.MiddleClick,
        ):
            self.status_requested.emit()
