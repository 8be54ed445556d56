"""The icons: SVG masters, the PNGs rendered from them, and how they read on panels."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from deskstretch.ui.icons import (
    ICON_FILES,
    RENDER_TOLERANCE,
    SIZES,
    app_icon,
    png_name,
    render_difference,
    render_icon,
    render_svg,
)

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "deskstretch" / "data" / "icons"


def test_resources_keep_the_same_svg_masters_as_the_package() -> None:
    for name in ICON_FILES.values():
        assert (ROOT / "resources" / "icons" / name).read_bytes() == (ICONS / name).read_bytes()


def committed_png(kind: str, size: int) -> QImage:
    png = QImage(str(ICONS / "png" / png_name(kind, size)))
    assert not png.isNull(), png_name(kind, size)
    return png


@pytest.mark.parametrize("kind", sorted(ICON_FILES))
def test_pngs_are_current_renders_of_the_svg(qtbot: QtBot, kind: str) -> None:
    for size in SIZES:
        png = committed_png(kind, size)
        assert png.size() == QSize(size, size)
        difference = render_difference(png, render_svg(kind, size))
        assert difference <= RENDER_TOLERANCE, (
            f"{kind}-{size}.png is stale (a channel is {difference} levels off; "
            f"at most {RENDER_TOLERANCE} is rendering noise): run tools/render_icons.py"
        )


@pytest.mark.parametrize(("old", "new"), [("#17a391", "#17a395"), ("#0a4f47", "#0a4f4b")])
def test_a_slightly_changed_svg_is_caught_as_stale(qtbot: QtBot, old: str, new: str) -> None:
    # the smallest edit worth catching: one colour of the master moved by 4 levels in one channel
    master = (ICONS / ICON_FILES["active"]).read_bytes()
    assert old.encode() in master
    changed = master.replace(old.encode(), new.encode())
    for size in (16, 128):
        assert render_difference(committed_png("active", size), render_svg("active", size)) <= (
            RENDER_TOLERANCE
        )
        edited = render_svg("active", size, svg=changed)
        assert render_difference(committed_png("active", size), edited) > RENDER_TOLERANCE


def test_render_difference_compares_channels_premultiplied(qtbot: QtBot) -> None:
    def image(argb: int) -> QImage:
        img = QImage(2, 2, QImage.Format.Format_ARGB32)
        img.fill(argb)
        return img

    assert render_difference(image(0xFF102030), image(0xFF102030)) == 0
    assert render_difference(image(0xFF102030), image(0xFF102033)) == 3
    assert render_difference(image(0xFF102030), image(0xFE102030)) == 1
    # colour under a fully transparent pixel is invisible: no difference
    assert render_difference(image(0x00FF0000), image(0x0000FF00)) == 0
    assert render_difference(image(0xFF102030), QImage(3, 3, QImage.Format.Format_ARGB32)) == 255


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
