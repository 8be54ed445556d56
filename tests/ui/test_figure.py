"""The figure view and renderer: paints a visible figure in both themes, only on request."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from deskstretch.catalogue.loader import load_catalogue
from deskstretch.catalogue.model import Stretch
from deskstretch.pose import frame_for
from deskstretch.ui.figure import FigureView, figure_palette
from tests.helpers.figure_render import (
    contact_sheet,
    render_frame,
    render_key_moments,
    render_png,
)

pytestmark = pytest.mark.gui


def stretch(stretch_id: str) -> Stretch:
    found = load_catalogue().get(stretch_id)
    assert found is not None
    return found


def figure_pixels(image: QImage, dark: bool) -> int:
    """Pixels that are clearly not background (sampled on a grid)."""
    bg = figure_palette(dark).background
    count = 0
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            c = QColor(image.pixel(x, y))
            diff = abs(c.red() - bg.red()) + abs(c.green() - bg.green()) + abs(c.blue() - bg.blue())
            if diff > 60:
                count += 1
    return count


def luminance(c: QColor) -> float:
    return 0.2126 * c.red() + 0.7152 * c.green() + 0.0722 * c.blue()


def shown(qtbot: QtBot, dark: bool, stretch_id: str = "hip-flexor") -> tuple[FigureView, QImage]:
    view = FigureView()
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.set_dark(dark)
    view.set_state(stretch(stretch_id), "hold", 0.5, "left", 2.0)
    view.show()
    qtbot.waitExposed(view)
    return view, view.grab().toImage()


@pytest.mark.parametrize("dark", [False, True])
def test_the_view_paints_a_figure_in_light_and_dark(qtbot: QtBot, dark: bool) -> None:
    _, image = shown(qtbot, dark)
    corner = QColor(image.pixel(2, 2))
    if dark:
        assert luminance(corner) < 60
    else:
        assert luminance(corner) > 200
    # The figure covers a good part of the picture (not a blank or a speck).
    assert figure_pixels(image, dark) > 0.04 * (image.width() * image.height() / 9)


def test_far_limbs_are_a_different_shade_from_near_ones(qtbot: QtBot) -> None:
    _, image = shown(qtbot, dark=False)
    pal = figure_palette(False)
    colours = {
        image.pixel(x, y) for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
    }
    assert pal.near.rgb() in colours
    assert pal.far.rgb() in colours


def test_the_picture_follows_the_state(qtbot: QtBot) -> None:
    view, hold = shown(qtbot, dark=False, stretch_id="camel")
    view.set_state(stretch("camel"), "ready", 0.0, None, 0.0)
    start = view.grab().toImage()
    assert start != hold


def test_the_view_has_no_timer_of_its_own(qtbot: QtBot) -> None:
    view, _ = shown(qtbot, dark=False)
    assert view.findChildren(QTimer) == []


def test_the_view_describes_the_pose_in_words(qtbot: QtBot) -> None:
    view, _ = shown(qtbot, dark=False)
    assert view.accessibleName()
    text = view.accessibleDescription()
    assert "Hip flexor" in text
    assert "left side" in text
    assert "holding" in text
    view.set_state(stretch("camel"), "move", 0.2, None, 0.5)
    assert "Camel" in view.accessibleDescription()
    assert "moving into" in view.accessibleDescription()


def test_reduced_motion_shows_the_start_pose_until_halfway(qtbot: QtBot) -> None:
    view = FigureView()
    qtbot.addWidget(view)
    camel = stretch("camel")
    view.set_state(camel, "move", 0.3, None, 0.9)
    tweened = view.frame()
    view.set_reduced_motion(True)
    reduced = view.frame()
    assert tweened is not None
    assert reduced is not None
    assert reduced.angles != tweened.angles
    assert dict(reduced.angles) == dict(frame_for(camel, "ready", 0.0, None, 0.0).angles)


def test_render_helper_writes_key_moments(tmp_path: Path) -> None:
    paths = render_key_moments(stretch("deep-squat-reach"), tmp_path, size=(160, 120))
    assert len(paths) == 6  # start, mid-move and hold for both sides
    image = QImage(str(paths[-1]))
    assert (image.width(), image.height()) == (160, 120)
    assert figure_pixels(image, dark=False) > 20
    sheet = QImage(str(contact_sheet(paths, tmp_path / "sheet.png", columns=3)))
    assert (sheet.width(), sheet.height()) == (480, 240)


def test_render_helper_is_crisp_on_hidpi(tmp_path: Path) -> None:
    frame = frame_for(stretch("passive-hang"), "hold", 0.5, None, 1.0)
    image = render_frame(frame, (200, 150), dark=True, dpr=2.0)
    assert (image.width(), image.height()) == (400, 300)
    assert figure_pixels(image, dark=True) > 0.03 * (400 * 300 / 9)
    out = render_png(frame, tmp_path / "hang.png", (200, 150), dark=True)
    assert out.exists()
    assert out.stat().st_size > 500
