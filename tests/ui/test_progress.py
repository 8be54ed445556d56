"""The Progress window with a seeded year: it says the numbers, fits small screens, reads aloud."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from deskstretch.catalogue.loader import load_catalogue
from deskstretch.core.history import FLEX_LEVELS
from deskstretch.core.stats import Summary, summarize
from deskstretch.ui.progress import ProgressWindow, chart_colors, day_description
from deskstretch.ui.reach_choices import level_word
from deskstretch.ui.style import DARK, LIGHT
from tests.helpers.history_fixtures import BERLIN, seeded_year

pytestmark = pytest.mark.gui

OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "progress"
TODAY = date(2026, 11, 27)  # a Friday


@pytest.fixture(scope="module")
def year() -> Summary:
    return summarize(seeded_year(TODAY), TODAY, zone=BERLIN)


@pytest.fixture(scope="module")
def names() -> dict[str, str]:
    catalogue = load_catalogue()
    out: dict[str, str] = {}
    for stretch_id in catalogue.ids:
        stretch = catalogue.get(stretch_id)
        assert stretch is not None
        out[stretch_id] = stretch.name
    return out


Opener = Callable[..., ProgressWindow]


@pytest.fixture
def open_window(qtbot: QtBot, names: dict[str, str]) -> Opener:
    def factory(
        summary: Summary, *, dark: bool = False, size: tuple[int, int] = (900, 640)
    ) -> ProgressWindow:
        window = ProgressWindow(summary, names, dark=dark)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        QApplication.processEvents()
        return window

    return factory


def test_the_window_shows_the_summary_numbers(open_window: Opener, year: Summary) -> None:
    window = open_window(year)
    totals = year.totals
    assert year.adherence is not None
    assert window.adherence.value.text() == f"{round(year.adherence * 100)}%"
    assert f"{totals.taken} of {totals.due} breaks due" in window.adherence.caption.text()
    assert window.streak.value.text() == f"{year.streak} days"
    assert f"at least {year.streak_breaks} breaks" in window.streak.caption.text()
    assert window.longest.value.text().endswith("min")
    hours, minutes = divmod(round(totals.longest_work_seconds / 60), 60)
    assert window.longest.value.text() == f"{hours} h {minutes:02d} min"
    week = year.days[-5:]  # Monday to Friday
    assert window.week_label.text() == (
        f"This week so far: {sum(d.taken for d in week)} taken, "
        f"{sum(d.skipped for d in week)} skipped, {sum(d.snoozed for d in week)} snoozed."
    )
    # the table: one row per stretch, catalogue names, the counts
    table = window.table
    assert table.rowCount() == len(year.stretches)
    first = year.stretches[0]
    cells = [table.item(0, c) for c in range(4)]
    texts = [cell.text() if cell is not None else "" for cell in cells]
    assert texts[0] == "Hip flexor stretch" == window.stretch_names[first.stretch_id]
    assert texts[1:] == [
        str(first.done),
        str(first.skipped),
        str(first.stopped),
    ]
    # flexibility: the change since the first check, in words and in the chart's description
    assert year.flex_change is not None
    assert year.flex_change > 0
    assert "further than on" in window.flex_label.text()
    first_check = year.flex[0].day
    assert f"{first_check.day} {first_check.strftime('%B')} {first_check.year}" in (
        window.flex_label.text()
    )
    assert window.flex_chart.points == year.flex


def test_charts_say_their_numbers_to_a_screen_reader(open_window: Opener, year: Summary) -> None:
    window = open_window(year)
    bars = window.bars
    assert bars.accessibleName() == "Breaks per day"
    friday = year.days[-1]
    text = (
        f"Friday 27 November: {friday.taken} taken, {friday.skipped} skipped, "
        f"{friday.snoozed} snoozed"
    )
    assert day_description(friday) == text
    assert text in bars.accessibleDescription()
    assert "Sunday 22 November: no breaks due" in bars.accessibleDescription()
    assert window.flex_chart.accessibleName() == "Flexibility over time"
    described = window.flex_chart.accessibleDescription()
    assert window.flex_label.text() in described
    # Each check with its level as the toe-touch screen names it.
    assert f": {level_word(FLEX_LEVELS[year.flex[-1].level])}" in described
    assert "from your knees to your toes" in window.flex_label.text()
    first = year.stretches[0]
    assert (
        f"Hip flexor stretch: {first.done} done, {first.skipped} skipped, {first.stopped} stopped"
        in window.table.accessibleDescription()
    )
    assert window.adherence.accessibleDescription().startswith(window.adherence.value.text())


def _elided(label: QLabel) -> bool:
    """Whether a label's text does not fit the space it was given."""
    if not label.text():
        return False
    inner = label.contentsRect()
    if label.wordWrap():
        return label.heightForWidth(inner.width()) > inner.height() + 1
    return label.fontMetrics().horizontalAdvance(label.text()) > inner.width() + 1


@pytest.mark.parametrize("size", [(640, 480), (1920, 1080)])
@pytest.mark.parametrize("dark", [False, True])
def test_nothing_is_cut_off_at_small_and_large_sizes(
    open_window: Opener, year: Summary, size: tuple[int, int], dark: bool
) -> None:
    window = open_window(year, dark=dark, size=size)
    assert (window.width(), window.height()) == size
    labels = [w for w in window.findChildren(QLabel) if w.isVisibleTo(window)]
    assert len(labels) > 10
    assert [label.text() for label in labels if _elided(label)] == []
    # nothing runs off to the right (the window scrolls down only)
    assert window.content.width() <= window.scroll_area.viewport().width()
    assert window.bars.width() >= 400
    OUTPUT.mkdir(parents=True, exist_ok=True)
    theme = "dark" if dark else "light"
    assert window.grab().save(str(OUTPUT / f"year-{theme}-{size[0]}x{size[1]}.png"))


@pytest.mark.parametrize("dark", [False, True])
def test_an_empty_history_says_so(open_window: Opener, dark: bool) -> None:
    window = open_window(summarize([], TODAY, zone=BERLIN), dark=dark, size=(640, 480))
    assert window.stack.currentWidget() is window.empty_page
    assert window.empty_title.isVisible()
    assert window.empty_title.text() == "No breaks recorded yet"
    assert "When your first break falls due" in window.empty_label.text()
    assert not window.bars.isVisible()
    assert not _elided(window.empty_label)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    theme = "dark" if dark else "light"
    assert window.grab().save(str(OUTPUT / f"empty-{theme}-640x480.png"))


def test_render_moves_from_empty_to_figures(open_window: Opener, year: Summary) -> None:
    window = open_window(summarize([], TODAY, zone=BERLIN))
    window.render(year)
    assert window.stack.currentWidget() is window.scroll_area
    assert window.bars.isVisible()
    assert window.bars.days == year.days


def test_esc_closes(open_window: Opener, year: Summary, qtbot: QtBot) -> None:
    window = open_window(year)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_tab_reaches_the_charts_the_table_and_close(
    open_window: Opener, year: Summary, qtbot: QtBot
) -> None:
    window = open_window(year)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert QApplication.focusWidget() is window.close_button  # Enter or Space closes at once
    seen: list[QWidget | None] = []
    for _ in range(6):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen[:4] == [window.bars, window.table, window.flex_chart, window.close_button]


def test_the_dark_palette_is_applied(open_window: Opener, year: Summary) -> None:
    light = open_window(year).grab().toImage()
    window = open_window(year, dark=True)
    image = window.grab().toImage()
    assert window.colors is DARK
    assert window.bars.colors == chart_colors(DARK)
    assert QColor(image.pixel(4, 4)) == QColor(DARK.background)
    assert QColor(light.pixel(4, 4)) == QColor(LIGHT.background)
    assert window.adherence.value.palette().color(
        window.adherence.value.foregroundRole()
    ) == QColor(DARK.accent)
    window.set_dark(False)
    assert QColor(window.grab().toImage().pixel(4, 4)) == QColor(LIGHT.background)
