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

# How far a committed PNG may be from a fresh render of its SVG and still count as current, in
# levels of 255 per premultiplied channel. The same SVG rendered by the same Qt is not
# bit-identical on every machine: antialiased edge coverage comes from CPU-specific code paths
# and library builds (one level off in a few edge pixels, measured on a second machine), and a
# PNG stores unpremultiplied colour, so reading it back can move an edge pixel by one more.
# A real change to a master moves many pixels by far more: tests/ui/test_icons.py shows that a
# colour change of 4 levels is caught.
RENDER_TOLERANCE = 2


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


def render_svg(kind: str, size: int, ratio: float = 1.0, svg: bytes | None = None) -> QImage:
    """Render the SVG master (or ``svg``) at ``size`` logical pixels (build tool and tests)."""
    from PySide6.QtCore import QByteArray, QRectF, Qt  # QtSvg: ~15 ms to set up, not at start-up
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(icon_bytes(kind) if svg is None else svg))
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


def render_difference(a: QImage, b: QImage) -> int:
    """The largest difference of one channel between two images, compared premultiplied (what a
    panel composites: colour under a transparent pixel does not count), in levels of 255;
    255 when their sizes differ. See :data:`RENDER_TOLERANCE`."""
    from PySide6.QtGui import QImage

    if a.size() != b.size():
        return 255
    fmt = QImage.Format.Format_RGBA8888_Premultiplied
    ca, cb = a.convertToFormat(fmt), b.convertToFormat(fmt)  # kept: the views below read them
    da, db = bytes(ca.constBits()), bytes(cb.constBits())
    return max(map(abs, map(int.__sub__, da, db)), default=0)
