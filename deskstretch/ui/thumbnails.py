"""Small pictures of each stretch's key pose, for the Preferences list."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap

from deskstretch.catalogue.model import Stretch
from deskstretch.pose import frame_for
from deskstretch.ui.figure import paint_figure

_cache: dict[tuple[str, int, bool, float], QImage] = {}


def _render(stretch: Stretch, size: int, dark: bool, ratio: float) -> QImage:
    px = max(1, round(size * ratio))
    image = QImage(px, px, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    frame = frame_for(stretch, "hold", 1.0, stretch.side_list[0], 0.0, True)
    paint_figure(painter, QRectF(0, 0, px, px), frame, dark)
    painter.end()
    image.setDevicePixelRatio(ratio)
    return image


def stretch_thumbnail(
    stretch: Stretch, size: int = 72, dark: bool = False, ratio: float = 1.0
) -> QPixmap:
    """The stretch's hold pose, ``size`` logical pixels square (cached)."""
    key = (stretch.id, size, dark, ratio)
    image = _cache.get(key)
    if image is None:
        image = _cache[key] = _render(stretch, size, dark, ratio)
    return QPixmap.fromImage(image)
