"""Contact sheets of the desk set, to look at: ``.venv/bin/python tools/desk_sheets.py [ID...]``.

For each desk stretch, one picture ``test-output/desk-set/<id>.png``: the start pose, half-way
into the stretch and the hold, for the left and the right side, with reduced motion off and on
(a row each). The figure is drawn as the stretch window draws it, chair and desk included.
``sheet`` is also what tools/readme_images.py uses for docs/images/desk-set.png.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QGuiApplication, QImage, QPainter, QPainterPath, QPen

from deskstretch.app.preview import theme_colors
from deskstretch.catalogue.model import PhaseKind, Side, Stretch
from deskstretch.catalogue.routine import read_routine
from deskstretch.pose import frame_for
from deskstretch.settings.model import DESK_SET
from deskstretch.ui.figure import figure_palette, paint_figure

STRETCHES = ROOT / "deskstretch" / "data" / "stretches"
OUT = ROOT / "test-output" / "desk-set"
#: The moments shown in each row: (label, phase, progress).
MOMENTS: tuple[tuple[str, PhaseKind, float], ...] = (
    ("start", "ready", 0.0),
    ("half-way", "move", 0.5),
    ("hold", "hold", 0.0),
)
CELL_W, CELL_H, LABEL_H, TITLE_H, GAP = 300, 260, 24, 40, 12


def load(stretch_id: str) -> Stretch:
    """A built-in routine file, read as the app reads it (a problem is an error here)."""
    check = read_routine((STRETCHES / f"{stretch_id}.toml").read_text(encoding="utf-8"))
    if check.stretch is None or check.problems:
        raise SystemExit(f"{stretch_id}.toml: {[p.format(stretch_id) for p in check.problems]}")
    return check.stretch


Row = tuple[Stretch, Side | None, bool]


def sheet(rows: Sequence[Row], title: str, path: Path, *, row_labels: bool = True) -> None:
    """Paint one row per (stretch, side, reduced motion) and one column per moment."""
    colors = theme_colors("light")
    width = GAP + len(MOMENTS) * (CELL_W + GAP)
    height = TITLE_H + len(rows) * (CELL_H + LABEL_H + GAP) + GAP
    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    try:
        painter.fillRect(image.rect(), colors.background)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        font = QFont(painter.font())
        font.setPixelSize(20)
        font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        painter.setPen(colors.text)
        painter.drawText(
            QRectF(GAP, 0, width - 2 * GAP, TITLE_H),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            title,
        )
        font.setPixelSize(13)
        font.setWeight(QFont.Weight.Normal)
        painter.setFont(font)
        for r, (stretch, side, reduced) in enumerate(rows):
            y = TITLE_H + r * (CELL_H + LABEL_H + GAP)
            for c, (label, phase, progress) in enumerate(MOMENTS):
                x = GAP + c * (CELL_W + GAP)
                cell = QRectF(x, y + LABEL_H, CELL_W, CELL_H)
                text = label if not row_labels else f"{label} · {side or 'both sides'}"
                if row_labels:
                    text += " · reduced motion" if reduced else ""
                else:
                    text = f"{stretch.name}: {label}"
                painter.setPen(colors.text)
                painter.drawText(
                    QRectF(x, y, CELL_W, LABEL_H),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    text,
                )
                path_ = QPainterPath()
                path_.addRoundedRect(cell, 10, 10)
                painter.fillPath(path_, figure_palette(False).background)
                painter.setPen(QPen(colors.line, 1))
                painter.drawPath(path_)
                frame = frame_for(stretch, phase, progress, side, 2.0, reduced_motion=reduced)
                paint_figure(painter, cell.adjusted(6, 6, -6, -6), frame, False)
    finally:
        painter.end()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path)):
        raise OSError(f"cannot write {path}")


def stretch_sheet(stretch_id: str, out: Path = OUT) -> Path:
    """The review sheet of one desk stretch: both sides, reduced motion off and on."""
    stretch = load(stretch_id)
    rows: list[Row] = [
        (stretch, side, reduced) for side in stretch.side_list for reduced in (False, True)
    ]
    path = out / f"{stretch_id}.png"
    sheet(rows, f"{stretch.name} ({stretch_id})", path)
    return path


def main(argv: Sequence[str]) -> int:
    app = QGuiApplication.instance() or QGuiApplication(["deskstretch"])
    for stretch_id in argv or DESK_SET:
        print(stretch_sheet(stretch_id))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
