"""Every window, in every state, fits 640x480 with nothing cut off: in English, in the
pseudo-locale (about 40 % longer, accented), in German and Japanese (English until their
translations land: then these tests check them), with text at 200 % and at high contrast.

The checker (tests/helpers/fit.py) measures with whatever fonts this machine has, so the
tests hold whatever those are; tools/render_windows.py writes the same windows to PNGs for
people to look at.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from deskstretch.ui import figure, style
from tests.helpers import windows
from tests.helpers.fit import clipped_texts

SCENES = [s.name for s in windows.scenes()]
STRETCH_SCENES = [n for n in SCENES if n.startswith("stretch-")]


@pytest.fixture
def shown(qtbot: QtBot) -> Iterator[list[QWidget]]:
    """Windows the test built; closed afterwards."""
    built: list[QWidget] = []
    yield built
    for widget in built:
        widget.close()
        widget.deleteLater()
    QApplication.processEvents()


def show(scene: str, shown: list[QWidget], size: QSize = windows.SMALL) -> QWidget:
    item = windows.scene(scene)
    widget = windows.build(item, size)
    shown.append(widget)
    if item.resizable:  # it takes the size a small screen or a tiling desktop gives it
        assert widget.size() == size, f"{scene} will not be {size.width()}x{size.height()}"
    return widget


@pytest.mark.parametrize("mode", [*windows.LANGUAGES, *windows.MODES])
@pytest.mark.parametrize("scene", SCENES)
def test_no_text_is_cut_off_at_640x480(scene: str, mode: str, shown: list[QWidget]) -> None:
    with windows.desktop_mode(mode):
        window = show(scene, shown)
        clips = clipped_texts(window)
    assert not clips, "\n".join(str(c) for c in clips)


@pytest.mark.parametrize("mode", ["en", "pseudo"])
@pytest.mark.parametrize("scene", STRETCH_SCENES)
def test_the_stretch_window_also_fits_a_full_hd_screen(
    scene: str, mode: str, shown: list[QWidget]
) -> None:
    with windows.desktop_mode(mode):
        window = show(scene, shown, windows.LARGE)
        clips = clipped_texts(window)
    assert not clips, "\n".join(str(c) for c in clips)


def test_no_button_of_the_stretch_window_is_elided_at_640x480(shown: list[QWidget]) -> None:
    """Issue 13: "ıis hurts – ste" on the safety button of a 640 px tile."""
    window = show("stretch-hold", shown)
    buttons = [b for b in window.findChildren(QAbstractButton) if b.isVisible()]
    assert len(buttons) == 5
    for button in buttons:
        needed = button.fontMetrics().horizontalAdvance(button.text())
        assert button.contentsRect().width() >= needed, button.text()


def test_the_pseudo_locale_reaches_the_windows(shown: list[QWidget]) -> None:
    """The checks above see the longer texts, not English ones (a hard-coded string would)."""
    with windows.desktop_mode("pseudo"):
        window = show("stretch-ready", shown)
        labels = [w for w in window.findChildren(QLabel) if w.isVisible() and w.text()]
        texts = [w.text().lstrip("• ") for w in labels]  # the cautions are a bulleted list
    assert len(texts) >= 6
    assert all(t.startswith("[") for t in texts if not t[0].isdigit()), texts


def test_large_text_doubles_the_text(shown: list[QWidget]) -> None:
    normal = show("stretch-hold", shown).findChild(QLabel, "phase")
    assert isinstance(normal, QLabel)
    with windows.desktop_mode("large-text"):
        large = show("stretch-hold", shown).findChild(QLabel, "phase")
        assert isinstance(large, QLabel)
        assert large.fontMetrics().height() >= 1.8 * normal.fontMetrics().height()


# ------------------------------------------------------------------------ high contrast
def _background(image: QImage, rect: QRect) -> QColor:
    """The colour most of ``rect`` has in ``image`` (what a text there stands on).

    The edge is left out (a button's outline is one colour all round, while its face may be
    a gradient) and near colours count together (a gradient's rows differ a little).
    """
    buckets: dict[tuple[int, int, int], list[int]] = {}
    inner = rect.adjusted(3, 3, -3, -3).intersected(image.rect())
    if inner.isEmpty():
        inner = rect.intersected(image.rect())
    for y in range(inner.top(), inner.bottom() + 1, 2):
        for x in range(inner.left(), inner.right() + 1, 2):
            color = QColor.fromRgb(image.pixel(x, y))
            key = (color.red() >> 4, color.green() >> 4, color.blue() >> 4)
            buckets.setdefault(key, []).append(color.rgb())
    assert buckets, f"nothing to sample in {rect}"
    members = max(buckets.values(), key=len)
    colors = [QColor.fromRgb(m) for m in members]
    return QColor(
        round(sum(c.red() for c in colors) / len(colors)),
        round(sum(c.green() for c in colors) / len(colors)),
        round(sum(c.blue() for c in colors) / len(colors)),
    )


def low_contrast(window: QWidget) -> list[str]:
    """Every visible, enabled text in ``window`` below 7:1 against what it stands on: its
    colour from the palette role the widget draws it with, the background as drawn."""
    image = window.grab().toImage()
    ratio = window.devicePixelRatioF()
    low = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, (QLabel, QAbstractButton)):
            continue
        if not widget.isVisible() or not widget.isEnabled() or not widget.text():
            continue  # WCAG leaves out inactive controls
        if isinstance(widget, QLabel) and not widget.pixmap().isNull():
            continue
        seen = widget.visibleRegion().boundingRect().intersected(widget.contentsRect())
        if seen.isEmpty():  # scrolled out of sight
            continue
        text = widget.palette().color(widget.foregroundRole())
        origin = widget.mapTo(window, seen.topLeft())
        back = _background(image, QRect(origin * ratio, seen.size() * ratio))
        contrast = style.contrast_ratio(text, back)
        if contrast < 7.0:
            low.append(f"{widget.text()!r}: {text.name()} on {back.name()} = {contrast:.1f}")
    return low


@pytest.mark.parametrize("mode", ["high-contrast", "high-contrast-dark"])
@pytest.mark.parametrize("scene", SCENES)
def test_at_high_contrast_every_text_reaches_7_to_1(
    scene: str, mode: str, shown: list[QWidget]
) -> None:
    with windows.desktop_mode(mode):
        low = low_contrast(show(scene, shown))
    assert not low, "\n".join(low)


@pytest.mark.parametrize("scene", ["stretch-ready", "micro-panel", "progress"])
def test_the_contrast_check_finds_the_everyday_greys(scene: str, shown: list[QWidget]) -> None:
    """Without high contrast the muted texts are below 7:1: the check above can fail."""
    assert low_contrast(show(scene, shown))


@pytest.mark.parametrize("dark", [False, True])
def test_at_high_contrast_the_figure_and_the_ring_stand_out(dark: bool) -> None:
    style.force_high_contrast(True)
    try:
        colors = style.palette(dark)
        stage = figure.figure_palette(dark)
        assert colors.high_contrast
        for limb in (stage.torso, stage.near, stage.far, stage.floor, stage.bar):
            assert style.contrast_ratio(limb, stage.background) >= 3.0  # WCAG 1.4.11
        for kind in style.PHASE_COLORS:
            arc = style.phase_color(kind, dark)
            assert style.contrast_ratio(arc, colors.background) >= 7.0
            assert style.contrast_ratio(arc, colors.track) >= 3.0  # the arc on its track
        pairs = [
            (colors.text, colors.background),
            (colors.muted, colors.background),
            (colors.text, colors.card),
            (colors.text, colors.info),
            (colors.danger, colors.danger_background),
            (colors.on_accent, colors.accent),
            (colors.accent, colors.background),
            (colors.switch_text, colors.switch_background),
        ]
        for fore, back in pairs:
            assert style.contrast_ratio(fore, back) >= 7.0, (fore, back)
    finally:
        style.force_high_contrast(None)


def test_the_everyday_palettes_are_not_high_contrast(qtbot: QtBot) -> None:
    """The check above can fail: the usual colours do not all reach 7:1."""
    style.force_high_contrast(False)
    try:
        light = style.palette(False)
        assert not light.high_contrast
        assert style.contrast_ratio(light.muted, light.background) < 7.0
        assert style.contrast_ratio(light.switch_text, light.switch_background) < 7.0
    finally:
        style.force_high_contrast(None)


def test_high_contrast_follows_a_black_and_white_application_palette(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    try:
        assert not style.high_contrast()
        app.setPalette(style.qt_palette(style.HIGH_CONTRAST_DARK))
        assert style.high_contrast()
        assert style.palette(True) is style.HIGH_CONTRAST_DARK
        assert figure.figure_palette(False) is figure.HIGH_CONTRAST_LIGHT
    finally:
        app.setPalette(before)
    assert not style.high_contrast()


def test_gnomes_ordinary_palette_is_not_taken_for_high_contrast(qtbot: QtBot) -> None:
    """Qt's GNOME theme gives black text on #faf9f8 (seen under a headless GNOME Shell 43):
    20.1:1, nearly pure, yet the ordinary Adwaita look, not a high-contrast theme."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    try:
        adwaita = QPalette(before)
        for role, color in (
            (QPalette.ColorRole.Window, "#faf9f8"),
            (QPalette.ColorRole.WindowText, "#000000"),
            (QPalette.ColorRole.Base, "#faf9f8"),
            (QPalette.ColorRole.Text, "#000000"),
        ):
            adwaita.setColor(role, QColor(color))
        app.setPalette(adwaita)
        assert not style.high_contrast()
        assert style.palette(False) is style.LIGHT
    finally:
        app.setPalette(before)


def test_the_render_tool_draws_the_stretch_window_at_2x_with_nothing_cut_off(
    tmp_path: Path,
) -> None:
    """tools/render_windows.py in a process of its own (the scale is set before Qt starts):
    the stretch window at device pixel ratio 2, at 640x480 and full HD, passes the check."""
    tool = Path(__file__).resolve().parents[2] / "tools" / "render_windows.py"
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    done = subprocess.run(
        [
            sys.executable,
            str(tool),
            *("--scale", "2", "--only", "stretch-hold", "--size", "1920x1080"),
            *("--out", str(tmp_path)),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    small = QImage(str(tmp_path / "en" / "stretch-hold.png"))
    large = QImage(str(tmp_path / "en" / "stretch-hold-1920x1080.png"))
    assert (small.width(), small.height()) == (1280, 960)
    assert (large.width(), large.height()) == (3840, 2160)


def test_qt_widgets_follow_the_desktop_contrast_when_the_first_window_opens(
    qapp: QApplication,
) -> None:
    from deskstretch.app.instance import InstanceLock
    from deskstretch.app.shell import Shell

    before = QPalette(qapp.palette())
    grey = QPalette(before)  # a Qt theme with no high-contrast palette of its own
    grey.setColor(QPalette.ColorRole.Window, QColor("#e8e8e8"))
    grey.setColor(QPalette.ColorRole.WindowText, QColor("#808080"))

    def ratio() -> float:
        now = qapp.palette()
        return style.contrast_ratio(
            now.color(QPalette.ColorRole.Window), now.color(QPalette.ColorRole.WindowText)
        )

    qapp.setPalette(grey)
    style.force_high_contrast(True)  # the desktop asks for high contrast
    try:
        shell = Shell(qapp, InstanceLock())
        assert ratio() < 7.0  # start-up leaves the palette alone (the idle app stays light)
        shell.follow_desktop_contrast()  # a window opens
        assert ratio() >= 7.0
        qapp.setPalette(grey)
        shell.follow_desktop_contrast()  # once only: a palette changed later stays
        assert ratio() < 7.0
    finally:
        style.force_high_contrast(None)
        qapp.setPalette(before)
