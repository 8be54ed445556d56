"""Render figure frames to PNG offscreen, so tests and people can look at the poses."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QGuiApplication, QImage, QPainter

from deskstretch.catalogue.model import PhaseKind, Side, Stretch
from deskstretch.pose import Frame, frame_for
from deskstretch.ui.figure import figure_palette, paint_figure


def ensure_gui_app() -> QGuiApplication:
    """The running Qt application, or a new offscreen-capable one."""
    app = QGuiApplication.instance()
    if app is None:
        # No display is needed to render figures.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication([])
    assert isinstance(app, QGuiApplication)
    return app


def render_frame(
    frame: Frame, size: tuple[int, int] = (480, 360), dark: bool = False, dpr: float = 1.0
) -> QImage:
    """Paint ``frame`` on its palette's background into a new image."""
    ensure_gui_app()
    w, h = size
    image = QImage(round(w * dpr), round(h * dpr), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(dpr)
    image.fill(figure_palette(dark).background)
    painter = QPainter(image)
    paint_figure(painter, QRectF(0, 0, w, h), frame, dark)
    painter.end()
    return image


def render_png(
    frame: Frame, path: Path | str, size: tuple[int, int] = (480, 360), dark: bool = False
) -> Path:
    """Render ``frame`` to a PNG file and return its path."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not render_frame(frame, size, dark).save(str(out)):
        raise OSError(f"could not write {out}")
    return out


KEY_MOMENTS: tuple[tuple[str, PhaseKind, float], ...] = (
    ("start", "ready", 0.0),
    ("mid", "move", 0.5),
    ("hold", "hold", 0.0),
)


def render_key_moments(
    stretch: Stretch, out_dir: Path | str, size: tuple[int, int] = (480, 360), dark: bool = False
) -> list[Path]:
    """Render the start pose, mid-move and hold pose of ``stretch`` (both sides if sided)."""
    paths: list[Path] = []
    sides: tuple[Side | None, ...] = ("left", "right") if stretch.sides else (None,)
    for side in sides:
        for label, phase, progress in KEY_MOMENTS:
            frame = frame_for(stretch, phase, progress, side, 0.0)
            suffix = f"-{side}" if side else ""
            paths.append(
                render_png(frame, Path(out_dir) / f"{stretch.id}{suffix}-{label}.png", size, dark)
            )
    return paths


def contact_sheet(paths: list[Path], out: Path | str, columns: int = 3) -> Path:
    """Tile rendered PNGs into one image (for looking at many poses at once)."""
    ensure_gui_app()
    images = [QImage(str(p)) for p in paths]
    w = max(i.width() for i in images)
    h = max(i.height() for i in images)
    rows = (len(images) + columns - 1) // columns
    sheet = QImage(w * columns, h * rows, QImage.Format.Format_ARGB32_Premultiplied)
    sheet.fill(0xFFFFFFFF)
    painter = QPainter(sheet)
    for n, img in enumerate(images):
        painter.drawImage((n % columns) * w, (n // columns) * h, img)
    painter.end()
    target = Path(out)
    sheet.save(str(target))
    return target
