"""The micro-break panel, on a fake clock: it shows a cue, counts down and gets out of the way."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from deskstretch.catalogue.micro import MICRO_CATALOGUE
from deskstretch.core.rules import MICRO_CUES
from deskstretch.ui.micro_panel import MARGIN, MicroPanel, panel_position
from deskstretch.ui.style import DARK, LIGHT
from tests.helpers.fakes import FakeClock

pytestmark = pytest.mark.gui

OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "micro-panel"

Factory = Callable[..., tuple[MicroPanel, FakeClock, list[str]]]


@pytest.fixture
def open_panel(qtbot: QtBot) -> Factory:
    """Show a cue; return the panel, its clock and what it emitted."""

    def factory(
        cue_id: str = "blink", seconds: float = 20.0, *, dark: bool = False, reduced: bool = False
    ) -> tuple[MicroPanel, FakeClock, list[str]]:
        clock = FakeClock()
        panel = MicroPanel(clock)
        qtbot.addWidget(panel)
        emitted: list[str] = []
        panel.finished.connect(lambda: emitted.append("finished"))
        panel.skipped.connect(lambda: emitted.append("skipped"))
        panel.show_cue(cue_id, seconds, dark=dark, reduced_motion=reduced)
        return panel, clock, emitted

    return factory


def _visible(widget: QWidget) -> bool:
    return widget.isVisible()


def _figure_image(panel: MicroPanel) -> QImage:
    return panel.figure.grab().toImage()


def _share_different(a: QImage, b: QImage) -> float:
    """Share of pixels that differ clearly (tolerant of antialiasing noise)."""
    assert a.size() == b.size()
    step, total, changed = 2, 0, 0
    for y in range(0, a.height(), step):
        for x in range(0, a.width(), step):
            p, q = QColor(a.pixel(x, y)), QColor(b.pixel(x, y))
            total += 1
            diff = abs(p.red() - q.red()) + abs(p.green() - q.green()) + abs(p.blue() - q.blue())
            changed += diff > 60
    return changed / total


def test_the_panel_shows_the_cue_its_words_and_the_seconds_left(open_panel: Factory) -> None:
    panel, clock, emitted = open_panel("look-far", 20.0)
    cue = MICRO_CATALOGUE["look-far"]
    assert panel.isVisible()
    assert panel.cue_id == "look-far"
    assert panel.name_label.text() == cue.name
    assert panel.instruction_label.text() == cue.instruction
    assert panel.ring.label == "20"
    assert panel.remaining() == pytest.approx(20.0)
    clock.advance(5.5)
    panel.refresh()
    assert panel.ring.label == "15"  # whole seconds, rounded up
    assert panel.ring.fraction_left == pytest.approx(14.5 / 20.0)
    assert panel.remaining() == pytest.approx(14.5)
    assert emitted == []
    assert cue.name in panel.accessibleName()
    assert panel.accessibleDescription() == cue.instruction
    assert panel.figure.accessibleDescription() == cue.instruction


def test_a_late_repaint_does_not_shift_the_time(open_panel: Factory) -> None:
    panel, clock, _ = open_panel("blink", 20.0)
    for _ in range(10):  # many timer ticks with no time passing
        panel.refresh()
    assert panel.ring.label == "20"
    clock.advance(12.2)  # one tick, long after the last
    panel.refresh()
    assert panel.ring.label == "8"


def test_it_closes_by_itself_and_reports_finished_once_the_time_is_up(
    open_panel: Factory,
) -> None:
    panel, clock, emitted = open_panel("shoulder-roll", 10.0)
    clock.advance(9.9)
    panel.refresh()
    assert panel.isVisible()
    assert emitted == []
    clock.advance(0.2)
    panel.refresh()
    assert not panel.isVisible()
    assert emitted == ["finished"]
    assert not panel.is_ticking  # no CPU when it is gone
    panel.refresh()
    clock.advance(30)
    panel.refresh()
    assert emitted == ["finished"]


def test_a_cue_without_time_finishes_at_once_and_never_shows(open_panel: Factory) -> None:
    panel, _, emitted = open_panel("blink", 0.0)
    assert emitted == ["finished"]
    assert not panel.isVisible()
    assert not panel.is_ticking


def test_the_repaint_timer_runs_only_while_the_panel_shows(open_panel: Factory) -> None:
    panel, clock, _ = open_panel("blink", 20.0)
    timer = panel._timer
    assert timer.parent() is panel
    assert panel.is_ticking
    assert 40 <= timer.interval() <= 100  # 10-25 frames a second
    clock.advance(3.0)
    timer.timeout.emit()  # a tick reads the clock
    assert panel.ring.label == "17"
    panel.hide()
    assert not panel.is_ticking


def test_a_click_anywhere_skips_and_closes(open_panel: Factory, qtbot: QtBot) -> None:
    for target in ("panel", "figure", "instruction"):
        panel, _, emitted = open_panel("look-far")
        widget: QWidget = {
            "panel": panel,
            "figure": panel.figure,
            "instruction": panel.instruction_label,
        }[target]
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
        assert emitted == ["skipped"], target
        assert not panel.isVisible()
        assert not panel.is_ticking


def test_escape_skips(open_panel: Factory, qtbot: QtBot) -> None:
    panel, clock, emitted = open_panel("blink")
    qtbot.keyClick(panel, Qt.Key.Key_Escape)
    assert emitted == ["skipped"]
    assert not panel.isVisible()
    clock.advance(60)
    panel.refresh()
    assert emitted == ["skipped"]  # no "finished" after a skip


def test_the_panel_never_takes_the_focus_from_what_the_user_types_in(
    open_panel: Factory, qtbot: QtBot
) -> None:
    editor = QLineEdit()
    qtbot.addWidget(editor)
    editor.show()
    editor.activateWindow()
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    panel, clock, _ = open_panel("shoulder-roll")
    flags = panel.windowFlags()
    assert flags & Qt.WindowType.WindowDoesNotAcceptFocus
    assert flags & Qt.WindowType.WindowStaysOnTopHint
    assert flags & Qt.WindowType.FramelessWindowHint
    assert flags & Qt.WindowType.Tool
    assert panel.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert panel.isVisible()
    QApplication.processEvents()  # let any activation the panel asked for happen
    qtbot.keyClicks(editor, "typing on")
    clock.advance(1.0)
    panel.refresh()
    assert editor.hasFocus()
    assert editor.text() == "typing on"
    assert QApplication.focusWidget() is editor
    assert not panel.isActiveWindow()
    for widget in [panel, *panel.findChildren(QWidget)]:
        assert widget.focusPolicy() == Qt.FocusPolicy.NoFocus, widget.objectName()
        assert not widget.hasFocus()
    # A new cue replacing this one does not take it either.
    panel.show_cue("blink", 20.0, dark=False, reduced_motion=False)
    QApplication.processEvents()
    qtbot.keyClicks(editor, "!")
    assert editor.hasFocus()
    assert editor.text() == "typing on!"


def test_it_sits_in_the_bottom_right_corner_of_the_screen_with_the_pointer(
    open_panel: Factory,
) -> None:
    panel, _, _ = open_panel("blink")
    screen = QGuiApplication.screenAt(panel.geometry().center())
    assert screen is not None
    area = screen.availableGeometry()
    frame = panel.geometry()
    assert area.contains(frame)
    assert area.right() - frame.right() == MARGIN
    assert area.bottom() - frame.bottom() == MARGIN
    assert frame.size() == QSize(300, 160)


def test_panel_position_keeps_to_the_given_screen_area() -> None:
    second = QRect(1920, 0, 1280, 1000)  # a screen right of the first
    assert panel_position(QSize(300, 160), second) == QPoint(
        1920 + 1280 - 300 - MARGIN, 1000 - 160 - MARGIN
    )
    tiny = QRect(0, 0, 200, 100)  # never off the top-left edge
    assert panel_position(QSize(300, 160), tiny) == QPoint(0, 0)


@pytest.mark.parametrize("cue_id", MICRO_CUES)
def test_no_text_is_cut_off_at_the_panel_size(open_panel: Factory, cue_id: str) -> None:
    panel, _, _ = open_panel(cue_id)
    layout = panel.layout()
    assert layout is not None
    layout.activate()
    labels: list[QLabel] = [panel.name_label, panel.instruction_label, panel.hint_label]
    for label in labels:
        box = label.contentsRect()
        assert box.width() > 0, label.objectName()
        needed = (
            label.heightForWidth(box.width()) if label.wordWrap() else label.sizeHint().height()
        )
        assert needed <= box.height(), (label.objectName(), label.text(), needed, box.height())
        if not label.wordWrap():
            width = label.fontMetrics().horizontalAdvance(label.text())
            assert width <= box.width(), label.objectName()
        # Inside the panel and not under the ring.
        top_left = label.mapTo(panel, box.topLeft())
        assert panel.rect().contains(QRect(top_left, box.size()))
    ring = QRect(panel.ring.mapTo(panel, QPoint(0, 0)), panel.ring.size())
    for label in (panel.name_label, panel.instruction_label):
        where = QRect(label.mapTo(panel, QPoint(0, 0)), label.size())
        assert not where.intersects(ring), label.objectName()
    assert panel.rect().contains(ring)


@pytest.mark.parametrize("cue_id", MICRO_CUES)
def test_the_figure_moves_between_two_moments_of_the_cue(open_panel: Factory, cue_id: str) -> None:
    panel, clock, _ = open_panel(cue_id)
    cue = MICRO_CATALOGUE[cue_id]
    first = panel.figure.frame()
    before = _figure_image(panel)
    clock.advance(cue.intro_seconds + cue.cycle_seconds * 0.45)
    panel.refresh()
    second = panel.figure.frame()
    after = _figure_image(panel)
    assert first is not None
    assert second is not None
    assert first != second
    assert _share_different(before, after) > 0.003


def test_reduced_motion_shows_a_still_figure_while_the_ring_counts(open_panel: Factory) -> None:
    panel, clock, _ = open_panel("shoulder-roll", reduced=True)
    before = panel.figure.frame()
    assert panel._timer.interval() >= 200  # fewer repaints when nothing moves
    clock.advance(2.5)
    panel.refresh()
    assert panel.figure.frame() == before
    assert panel.ring.label == "18"


def test_a_new_cue_replaces_the_one_showing(open_panel: Factory) -> None:
    panel, clock, emitted = open_panel("blink", 20.0)
    clock.advance(12.0)
    panel.refresh()
    panel.show_cue("shoulder-roll", 30.0, dark=False, reduced_motion=False)
    assert panel.cue_id == "shoulder-roll"
    assert panel.name_label.text() == MICRO_CATALOGUE["shoulder-roll"].name
    assert panel.remaining() == pytest.approx(30.0)
    assert panel.ring.label == "30"
    assert panel.isVisible()
    assert emitted == []


def test_unknown_cue_is_an_error(open_panel: Factory) -> None:
    panel, _, _ = open_panel("blink")
    with pytest.raises(KeyError):
        panel.show_cue("juggling", 20.0, dark=False, reduced_motion=False)


def _card_color(panel: MicroPanel) -> QColor:
    image = panel.grab().toImage()
    return QColor(image.pixel(image.width() - 4, 4))  # the card's corner, right of the text


def _text_is_readable(panel: MicroPanel, background: str) -> bool:
    text = panel.name_label.palette().color(panel.name_label.foregroundRole())
    return abs(text.lightness() - QColor(background).lightness()) > 100


def test_light_and_dark_palettes(open_panel: Factory) -> None:
    panel, _, _ = open_panel("blink", dark=False)
    assert _card_color(panel) == QColor(LIGHT.card)
    assert _text_is_readable(panel, LIGHT.card)
    # The same panel switched to dark for the next cue: the card and the words follow.
    panel.show_cue("blink", 20.0, dark=True, reduced_motion=False)
    QApplication.processEvents()
    assert _card_color(panel) == QColor(DARK.card)
    assert _text_is_readable(panel, DARK.card)
    dark_first, _, _ = open_panel("look-far", dark=True)
    QApplication.processEvents()
    assert _card_color(dark_first) == QColor(DARK.card)
    assert _text_is_readable(dark_first, DARK.card)


def test_render_each_cue_for_people_to_look_at(open_panel: Factory) -> None:
    """Saves PNGs of each cue at three moments, light and dark, into test-output/micro-panel."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for cue_id in MICRO_CUES:
        for dark in (False, True):
            panel, clock, _ = open_panel(cue_id, dark=dark)
            cue = MICRO_CATALOGUE[cue_id]
            images: list[QImage] = []
            for n, fraction in enumerate((0.0, 0.35, 0.6)):
                target = cue.intro_seconds * (n > 0) + fraction * cue.cycle_seconds
                clock.advance(max(0.0, target - panel.elapsed()))
                panel.refresh()
                image = panel.grab().toImage()
                assert image.size() == QSize(300, 160)
                theme = "dark" if dark else "light"
                assert image.save(str(OUTPUT / f"{cue_id}-{theme}-{n}.png"))
                images.append(image)
            assert _share_different(images[0], images[1]) > 0.002
            panel.close()
