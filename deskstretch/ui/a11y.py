"""What assistive technology (a screen reader through AT-SPI) is told about our windows.

- :func:`set_role`: a top-level ``QWidget`` is a "filler" to AT-SPI (Qt gives plain widgets
  the role ``Client``); a screen reader then does not treat it as a window. Qt picks the role
  in its accessible interface, so a small interface factory gives the widgets marked here the
  role asked for (``Window`` is AT-SPI's "frame", ``Notification`` its "notification").
  Checked against the real AT-SPI registry by tests/e2e/test_accessibility_e2e.py.
- :func:`announce`: a polite ``QAccessibleAnnouncementEvent`` (Qt >= 6.8), which AT-SPI
  delivers as ``object:announcement`` (measured with pyatspi on Debian 12's at-spi2-core).
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleInterface
from PySide6.QtWidgets import QAccessibleWidget, QWidget

_ROLE_PROPERTY = "deskstretch_a11y_role"
_installed: list[bool] = []


def _factory(key: str, obj: QObject) -> QAccessibleInterface | None:
    if not isinstance(obj, QWidget):
        return None
    role = obj.property(_ROLE_PROPERTY)
    if role is None:
        return None
    return QAccessibleWidget(obj, QAccessible.Role(role))


def set_role(widget: QWidget, role: QAccessible.Role) -> None:
    """Give ``widget`` the accessible ``role``; call before the widget is first shown."""
    if not _installed:
        QAccessible.installFactory(_factory)
        _installed.append(True)
    widget.setProperty(_ROLE_PROPERTY, role.value)


def announce(widget: QWidget, message: str) -> None:
    """Ask a screen reader to say ``message`` when it is free (polite), from ``widget``."""
    if not message:
        return
    event = QAccessibleAnnouncementEvent(widget, message)
    event.setPoliteness(QAccessible.AnnouncementPoliteness.Polite)
    QAccessible.updateAccessibility(event)
