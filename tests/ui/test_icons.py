"""The icons: SVG masters, the PNGs rendered from them, and how they read on panels."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from deskstretch.ui.icons import ICON_FILES, SIZES, app_icon, png_name, render_icon, render_svg

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "deskstretch" / "data" / "icons"


def test_resources_keep_the_same_svg_masters_as_the_package() -> None:
    for name in ICON_FILES.values():
        assert (ROOT / "resources" / "icons" / name).read_bytes() == (ICONS / name).read_bytes()


@pytest.mark.parametrize("kind", sorted(ICON_FILES))
def test_pngs_are_current_renders_of_the_svg(qtbot: QtBot, kind: str) -> None:
    for size in SIZES:
        png = QImage(str(ICONS / "png" / png_name(kind, size)))
        fresh = render_svg(kind, size).convertToFormat(png.format())
        assert png.size() == fresh.size(), size
        assert png == fresh, f"{kind}-{size}.png is stale: run tools/render_icons.py"


@pytest.mark.parametrize("kind", sorted(ICON_FILES))
def test_icon_reads_on_light_and_dark_panels(qtbot: QtBot, kind: str) -> None:
    image = render_icon(kind, 22).toImage()
    assert image.width() == 22
    rim = QColor(image.pixelColor(11, 1))  # the disc's rim at the top
    centre_light = [image.pixelColor(x, y).lightness() for x in range(22) for y in range(22)]
    # a dark rim for light panels, white strokes for dark ones
    assert rim.alpha() > 200
    assert rim.lightness() < 120
    assert max(centre_light) > 240
    assert not app_icon(kind).isNull()
