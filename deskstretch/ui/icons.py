"""The app's icons, loaded from the package data (SVG, so they are crisp at any size)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

ICON_FILES = {"active": "deskstretch.svg", "paused": "deskstretch-paused.svg"}
SIZES = (16, 22, 24, 32, 48, 64, 128, 256)


def icon_bytes(kind: str = "active") -> bytes:
    """The SVG source of an icon."""
    return (resources.files("deskstretch") / "data" / "icons" / ICON_FILES[kind]).read_bytes()


def icon_path(kind: str = "active") -> str:
    """A filesystem path to the icon, for notification servers (empty if not on disk)."""
    ref = resources.files("deskstretch") / "data" / "icons" / ICON_FILES[kind]
    return str(ref) if hasattr(ref, "is_file") and ref.is_file() else ""


def render_icon(kind: str, size: int, ratio: float = 1.0) -> QPixmap:
    """Render the SVG at ``size`` logical pixels (HiDPI aware)."""
    renderer = QSvgRenderer(QByteArray(icon_bytes(kind)))
    px = max(1, round(size * ratio))
    image = QImage(px, px, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, px, px))
    painter.end()
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


@cache
def app_icon(kind: str = "active") -> QIcon:
    """A QIcon with pre-rendered sizes (tray hosts pick the one that fits)."""
    icon = QIcon()
    for size in SIZES:
        icon.addPixmap(render_icon(kind, size))
    return icon
