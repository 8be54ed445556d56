"""The app's icons.

The SVG masters in ``data/icons`` are rendered once, at build time, into PNGs of the usual
sizes (``tools/render_icons.py``; a test keeps them in step). At run time only the PNGs are
read: loading QtSvg would cost the start-up path ~20 ms before the tray icon can appear.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QPixmap

from deskstretch import data_file

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from PySide6.QtGui import QImage

ICON_FILES = {"active": "deskstretch.svg", "paused": "deskstretch-paused.svg"}
SIZES = (16, 22, 24, 32, 48, 64, 128, 256)


def _icons_dir() -> Path | Traversable:
    return data_file("icons")


def icon_bytes(kind: str = "active") -> bytes:
    """The SVG source of an icon."""
    return (_icons_dir() / ICON_FILES[kind]).read_bytes()


def png_name(kind: str, size: int) -> str:
    """File name of a pre-rendered icon in ``data/icons/png``."""
    return f"{kind}-{size}.png"


def icon_path(kind: str = "active") -> str:
    """A filesystem path to the SVG icon, for notification servers (empty if not on disk)."""
    ref = _icons_dir() / ICON_FILES[kind]
    return str(ref) if ref.is_file() else ""


def render_svg(kind: str, size: int, ratio: float = 1.0) -> QImage:
    """Render the SVG master at ``size`` logical pixels (build tool and tests; loads QtSvg)."""
    from PySide6.QtCore import QByteArray, QRectF, Qt  # Qt: ~15 ms to set up, not at start-up
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(icon_bytes(kind)))
    px = max(1, round(size * ratio))
    image = QImage(px, px, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, px, px))
    painter.end()
    return image


@cache
def app_icon(kind: str = "active") -> QIcon:
    """A QIcon with every pre-rendered size (tray hosts pick the one that fits)."""
    icon = QIcon()
    folder = _icons_dir() / "png"
    for size in SIZES:
        ref = folder / png_name(kind, size)
        if isinstance(ref, Path):  # on disk (wheel, bundle, checkout): Qt reads it when needed
            icon.addFile(str(ref), QSize(size, size))
        else:
            pixmap = QPixmap()
            pixmap.loadFromData(ref.read_bytes(), "PNG")
            icon.addPixmap(pixmap)
    return icon


def render_icon(kind: str, size: int, ratio: float = 1.0) -> QPixmap:
    """The icon at ``size`` logical pixels, crisp on HiDPI screens."""
    pixmap = app_icon(kind).pixmap(size, size)
    if ratio != 1.0:
        pixmap = app_icon(kind).pixmap(round(size * ratio), round(size * ratio))
        pixmap.setDevicePixelRatio(ratio)
    return pixmap
