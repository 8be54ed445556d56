"""The finish page of the toe-touch check asks "How far did you reach?"; what the window reports.

The check here is make_stretch("toe-touch-check", sides=False): ready 0-5; rep 1 move
5-7, hold 7-17, release 17-19, rest 19-22; rep 2 move 22-24, hold 24-34, release
34-36; finish 36-41.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from deskstretch.catalogue.loader import load_catalogue
from deskstretch.catalogue.model import Stretch
from deskstretch.core.history import FLEX_LEVELS, StretchDone
from deskstretch.ui.stretch_window import QUESTION_SECONDS, StretchWindow
from tests.helpers.fakes import FakeClock
from tests.helpers.stretches import make_stretch

pytestmark = pytest.mark.gui

OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "flexcheck"
CHECK = make_stretch("toe-touch-check", sides=False, camera="three-quarter")
FINISH = 36.0

Opened = tuple[StretchWindow, FakeClock, list[str], list[str]]
Factory = Callable[..., Opened]


@pytest.fixture
def open_window(qtbot: QtBot) -> Factory:
    """Start a window; return it, its clock, the outcomes and the flexibility answers."""

    def factory(stretches: Sequence[Stretch] | None = None, **kwargs: Any) -> Opened:
        clock = FakeClock()
        window = StretchWindow(stretches or [CHECK], clock, **kwargs)
        qtbot.addWidget(window)
        outcomes: list[str] = []
        answers: list[str] = []
        window.finished.connect(outcomes.append)
        window.flex_answered.connect(answers.append)
        window.start()
        qtbot.mouseClick(window, Qt.MouseButton.LeftButton)  # keys work at once
        return window, clock, outcomes, answers

    return factory


def _at(window: StretchWindow, clock: FakeClock, seconds: float) -> None:
    """Move the clock forward by ``seconds`` of routine time and refresh."""
    clock.advance(seconds - window.session.elapsed())
    window.refresh()


def _later(window: StretchWindow, clock: FakeClock, seconds: float) -> None:
    clock.advance(seconds)
    window.refresh()


def _question_open(window: StretchWindow) -> bool:
    return window.question_open


def test_the_finish_of_the_check_asks_with_six_pictures_and_skip(open_window: Factory) -> None:
    window, clock, outcomes, answers = open_window()
    assert window.reach is not None
    assert not window.reach.isVisible()
    _at(window, clock, FINISH + 0.5)
    assert window.reach.isVisible()
    assert window.reach.title.text() == "How far did you reach?"
    words = [b.text() for b in window.reach.choices.values()]
    assert words == ["Thighs", "Knees", "Mid-shin", "Ankles", "Toes", "Floor"]
    for button in window.reach.choices.values():
        assert not button.icon().isNull()
        assert button.accessibleName().startswith("Reached ")
    assert window.reach.skip_button.isVisible()
    assert window.reach.skip_button.accessibleName() == "Skip the question"
    # Nothing counts down while it waits.
    assert not window.finish_ring.isVisible()
    assert not window.done_button.isVisible()
    assert "closes" not in window.closing_label.text()
    assert (outcomes, answers) == ([], [])


def test_the_window_waits_for_the_answer_past_the_finish_then_counts_down_again(
    open_window: Factory, qtbot: QtBot
) -> None:
    window, clock, outcomes, answers = open_window()
    _at(window, clock, FINISH + 0.5)
    _later(window, clock, 60)  # long past the usual 5 s
    assert outcomes == []
    assert window.isVisible()
    assert window.reach is not None
    qtbot.mouseClick(window.reach.choices["ankles"], Qt.MouseButton.LeftButton)
    assert answers == ["ankles"]
    assert window.reach_answer_label.text() == "Noted: your hands reached your ankles."
    assert not window.reach.isVisible()
    assert window.finish_ring.isVisible()
    assert window.closing_label.text() == "This window closes in 5 s"
    _later(window, clock, 2)
    assert outcomes == []
    _later(window, clock, 3)
    assert outcomes == ["completed"]
    assert answers == ["ankles"]  # once


def test_skip_answers_nothing_and_the_window_finishes_as_usual(
    open_window: Factory, qtbot: QtBot
) -> None:
    window, clock, outcomes, answers = open_window()
    _at(window, clock, FINISH + 1)
    assert window.reach is not None
    qtbot.mouseClick(window.reach.skip_button, Qt.MouseButton.LeftButton)
    assert answers == []
    assert not window.reach_answer_label.isVisible()
    _later(window, clock, 5)
    assert outcomes == ["completed"]


def test_without_an_answer_it_closes_after_the_generous_limit(open_window: Factory) -> None:
    window, clock, outcomes, answers = open_window()
    _at(window, clock, FINISH + 1)
    _later(window, clock, QUESTION_SECONDS - 2)
    assert outcomes == []
    _later(window, clock, 2)
    assert (outcomes, answers) == (["completed"], [])


def test_digits_choose_and_a_second_answer_is_ignored(open_window: Factory, qtbot: QtBot) -> None:
    window, clock, _outcomes, answers = open_window()
    _at(window, clock, FINISH + 1)
    qtbot.keyClick(window, Qt.Key.Key_2)
    qtbot.keyClick(window, Qt.Key.Key_5)
    assert answers == ["knees"]
    assert window.reach is not None
    window.reach.choose("floor")
    assert answers == ["knees"]


@pytest.mark.parametrize(("digit", "level"), list(enumerate(FLEX_LEVELS, start=1)))
def test_each_digit_is_the_shortcut_of_its_answer(
    open_window: Factory, qtbot: QtBot, digit: int, level: str
) -> None:
    window, clock, _outcomes, answers = open_window()
    _at(window, clock, FINISH + 1)
    qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + digit))
    assert answers == [level]


def test_arrows_move_between_the_choices_and_return_or_space_chooses(
    open_window: Factory, qtbot: QtBot
) -> None:
    window, clock, _outcomes, answers = open_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    _at(window, clock, FINISH + 1)
    reach = window.reach
    assert reach is not None
    reach.choices["thighs"].setFocus()
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Right)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Right)
    assert reach.choices["mid-shin"].hasFocus()
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Left)
    assert reach.choices["knees"].hasFocus()
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Space)
    assert answers == ["knees"]

    other, clock2, _o2, answers2 = open_window()
    other.activateWindow()
    qtbot.waitUntil(other.isActiveWindow, timeout=5000)
    _at(other, clock2, FINISH + 1)
    assert other.reach is not None
    other.reach.choices["floor"].setFocus()
    qtbot.keyClick(other.reach.choices["floor"], Qt.Key.Key_Left)
    qtbot.keyClick(QApplication.focusWidget() or other, Qt.Key.Key_Return)
    assert answers2 == ["toes"]


def test_tab_goes_along_the_choices_to_skip(open_window: Factory) -> None:
    window, clock, _o, _a = open_window()
    _at(window, clock, FINISH + 1)
    reach = window.reach
    assert reach is not None
    buttons = reach.buttons
    for first, second in itertools.pairwise(buttons):
        assert first.nextInFocusChain() is second
    assert all(b.focusPolicy() & Qt.FocusPolicy.TabFocus for b in buttons)


def test_keys_are_held_back_while_the_user_is_typing_elsewhere(
    qtbot: QtBot,
) -> None:
    clock = FakeClock()
    window = StretchWindow([CHECK], clock)
    qtbot.addWidget(window)
    answers: list[str] = []
    window.flex_answered.connect(answers.append)
    window.start()  # not clicked: keys wait for a pause in typing
    while window.session.elapsed() < FINISH + 1:
        # The user types on into another window: each key is swallowed and restarts the wait.
        clock.advance(1.0)
        window.refresh()
        qtbot.keyClick(window, Qt.Key.Key_A)
    assert window.question_open
    assert window.reach is not None
    qtbot.keyClick(window.reach.choices["knees"], Qt.Key.Key_3)
    qtbot.keyClick(window.reach.choices["knees"], Qt.Key.Key_Space)
    assert answers == []
    assert not window.keys_ready


def test_no_question_after_this_hurts_skip_or_when_the_check_was_never_done(
    open_window: Factory, qtbot: QtBot
) -> None:
    stopped, clock, outcomes, answers = open_window()
    _at(stopped, clock, 10)
    stopped.stop_for_pain()
    qtbot.mouseClick(stopped.stop_close_button, Qt.MouseButton.LeftButton)
    assert (outcomes, answers) == (["stopped"], [])

    skipped, clock2, outcomes2, _a2 = open_window()
    _at(skipped, clock2, 10)
    qtbot.mouseClick(skipped.skip_button, Qt.MouseButton.LeftButton)
    assert outcomes2 == ["skipped"]
    assert not _question_open(skipped)

    # "Next" past the check before a single fold: the finish does not ask.
    passed, clock3, outcomes3, _a3 = open_window([CHECK, make_stretch("other")])
    _at(passed, clock3, 3)
    passed.next_stretch()
    _later(passed, clock3, 200)
    assert outcomes3 == ["completed"]
    assert not _question_open(passed)


def test_a_routine_without_the_check_never_asks(open_window: Factory) -> None:
    window, clock, outcomes, _a = open_window([make_stretch("other", sides=False)])
    assert window.reach is None
    _at(window, clock, FINISH + 5)
    assert outcomes == ["completed"]


def test_the_finish_note_shows_one_line_and_a_failing_note_shows_nothing(
    open_window: Factory,
) -> None:
    window, clock, _o, _a = open_window(
        [make_stretch("other", sides=False)], finish_note=lambda: "3rd break today, 5-day streak"
    )
    _at(window, clock, FINISH + 1)
    assert window.finish_note_label.isVisible()
    assert window.finish_note_label.text() == "3rd break today, 5-day streak"

    def broken() -> str:
        raise RuntimeError("no record")

    other, clock2, _o2, _a2 = open_window([make_stretch("other", sides=False)], finish_note=broken)
    _at(other, clock2, FINISH + 1)
    assert other.finish_title.isVisible()
    assert not other.finish_note_label.isVisible()


def test_progress_reports_each_stretch_and_closed_early(open_window: Factory) -> None:
    five = make_stretch("five", sides=False, reps=5)
    window, clock, outcomes, _a = open_window([five, make_stretch("sided")])
    _at(window, clock, 45)  # rep 3 of 5 under way
    window.close()
    assert outcomes == ["skipped"]
    assert window.closed_early
    assert window.progress() == (
        StretchDone("five", 2, 5, 0, "hold", "skipped"),
        StretchDone("sided", 0, 2, 0, "ready", "skipped"),
    )


def test_skip_and_this_hurts_are_not_closed_early(open_window: Factory, qtbot: QtBot) -> None:
    skipped, clock, _o, _a = open_window()
    _at(skipped, clock, 20)
    qtbot.keyClick(skipped, Qt.Key.Key_Escape)
    assert not skipped.closed_early
    assert skipped.progress() == (StretchDone("toe-touch-check", 1, 2, 0, "rest", "skipped"),)

    hurt, clock2, outcomes2, _a2 = open_window()
    _at(hurt, clock2, 10)
    hurt.stop_for_pain()
    hurt.close()
    assert outcomes2 == ["stopped"]
    assert not hurt.closed_early
    assert hurt.progress() == (StretchDone("toe-touch-check", 0, 2, 0, "hold", "stopped"),)

    done, clock3, outcomes3, _a3 = open_window()
    _at(done, clock3, FINISH + 1)
    done.close()
    assert outcomes3 == ["completed"]
    assert not done.closed_early
    assert done.progress() == (StretchDone("toe-touch-check", 2, 2, 0, "release", "completed"),)


# ------------------------------------------------------------------ pictures to look at


@pytest.fixture
def dark_desktop(qapp: QApplication) -> Iterator[None]:
    original = QPalette(qapp.palette())
    dark = QPalette(original)
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#eeeeee"))
    qapp.setPalette(dark)
    QCoreApplication.processEvents()
    yield
    qapp.setPalette(original)
    QCoreApplication.processEvents()


def _render(open_window: Factory, size: QSize, theme: str) -> QImage:
    check = load_catalogue().get("toe-touch-check")
    assert check is not None
    window, clock, _o, _a = open_window(
        [check],
        next_break_text=lambda: "Next break at 15:40",
        finish_note=lambda: "3rd break today, 5-day streak",
    )
    window.resize(size)
    _at(window, clock, window.session.timeline.finish.start + 0.5)
    assert window.question_open
    QApplication.processEvents()
    image = window.grab().toImage()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    assert image.save(str(OUTPUT / f"question-{size.width()}x{size.height()}-{theme}.png"))
    # Every choice is on screen, whole, and none overlaps the next.
    reach = window.reach
    assert reach is not None
    for button in reach.buttons:
        top_left = button.mapTo(window, button.rect().topLeft())
        bottom_right = button.mapTo(window, button.rect().bottomRight())
        assert window.rect().contains(top_left)
        assert window.rect().contains(bottom_right)
    lefts = [b.mapTo(window, b.rect().topLeft()).x() for b in reach.choices.values()]
    assert lefts == sorted(lefts)
    return image


@pytest.mark.parametrize("size", [QSize(640, 480), QSize(1280, 800)])
def test_render_the_question_light(open_window: Factory, size: QSize) -> None:
    image = _render(open_window, size, "light")
    assert image.pixelColor(3, 3).lightness() > 180


@pytest.mark.usefixtures("dark_desktop")
@pytest.mark.parametrize("size", [QSize(640, 480), QSize(1280, 800)])
def test_render_the_question_dark(open_window: Factory, size: QSize) -> None:
    image = _render(open_window, size, "dark")
    assert image.pixelColor(3, 3).lightness() < 80


def test_render_the_answer_at_the_smallest_size(open_window: Factory, qtbot: QtBot) -> None:
    check = load_catalogue().get("toe-touch-check")
    assert check is not None
    window, clock, _o, answers = open_window(
        [check],
        next_break_text=lambda: "Next break at 15:40",
        finish_note=lambda: "3rd break today, 5-day streak",
    )
    window.resize(QSize(640, 480))
    _at(window, clock, window.session.timeline.finish.start + 0.5)
    assert window.reach is not None
    qtbot.mouseClick(window.reach.choices["mid-shin"], Qt.MouseButton.LeftButton)
    assert answers == ["mid-shin"]
    QApplication.processEvents()
    image = window.grab().toImage()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    assert image.save(str(OUTPUT / "answered-640x480-light.png"))
    bottom = window.done_button.mapTo(window, window.done_button.rect().bottomRight())
    assert window.rect().contains(bottom)
    assert window.reach_answer_label.isVisible()
