"""The stretch window as a screen reader and a keyboard user meet it (fake clock, real widgets).

make_stretch: 2 reps, sides, move 2, hold 10, release 2, rest 3; ready 5, switch 3, finish 5:
ready 0-5, move 5-7, hold 7-17, release 17-19, switch 19-22, ..., finish 70-75.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from deskstretch.catalogue.model import Stretch
from deskstretch.ui.focusguard import KEY_GRACE_SECONDS
from deskstretch.ui.stretch_window import StretchWindow
from tests.helpers.fakes import FakeClock
from tests.helpers.stretches import make_stretch

pytestmark = pytest.mark.gui


def _open(
    qtbot: QtBot,
    stretches: Sequence[Stretch] | None = None,
    *,
    click: bool = True,
    **kwargs: Any,
) -> tuple[StretchWindow, FakeClock, list[str], list[str]]:
    clock = FakeClock()
    window = StretchWindow(stretches or [make_stretch()], clock, **kwargs)
    qtbot.addWidget(window)
    outcomes: list[str] = []
    heard: list[str] = []
    window.finished.connect(outcomes.append)
    window.announced.connect(heard.append)
    window.start()
    if click:  # keys work at once, and the window is activated (bounded wait, no timing)
        qtbot.mouseClick(window, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    return window, clock, outcomes, heard


def _run(window: StretchWindow, clock: FakeClock, until: float, step: float = 0.25) -> None:
    """Refresh tick by tick (every ``step`` s) up to ``until`` seconds after the start."""
    start = clock.monotonic() - window.session.elapsed()
    while clock.monotonic() - start < until - 1e-9:
        clock.advance(step)
        window.refresh()


def _read(widget: QWidget) -> tuple[str, str]:
    """What assistive technology gets: the accessible name and description."""
    iface = QAccessible.queryAccessibleInterface(widget)
    assert iface is not None
    return iface.text(QAccessible.Text.Name), iface.text(QAccessible.Text.Description)


def test_every_text_on_the_playing_page_is_readable_not_replaced_by_a_category(
    qtbot: QtBot,
) -> None:
    stretch = make_stretch(name="Half-kneeling hip flexor", equipment=("mat",))
    window, _clock, _, _ = _open(qtbot, [stretch])
    labels = [w for w in window.findChildren(QLabel) if w.isVisible() and w.text()]
    assert window.name_label in labels
    assert window.cautions_label in labels
    for label in labels:
        name, _description = _read(label)
        assert name == label.text(), f"{label.objectName()} reads {name!r}"
    assert _read(window.name_label) == ("Half-kneeling hip flexor", "Stretch")
    assert _read(window.total_label)[0] == "1:10 left"
    assert _read(window.phase_label)[0] == "Get ready"
    assert _read(window.figure)[0] == "Animated figure showing the stretch"


def test_the_window_is_a_frame_for_assistive_technology(qtbot: QtBot) -> None:
    window, _clock, _, _ = _open(qtbot)
    iface = QAccessible.queryAccessibleInterface(window)
    assert iface is not None
    assert iface.role() == QAccessible.Role.Window  # AT-SPI "frame"; a plain widget is "filler"


def test_the_safety_note_is_read_out_in_full(qtbot: QtBot) -> None:
    window, _clock, _, heard = _open(qtbot)
    window.stop_for_pain()
    name, _description = _read(window.stop_note)
    assert name.startswith("Good call.")
    assert "physiotherapist" in name
    assert heard[-1].startswith("Stretch stopped. Good call.")


def test_each_phase_is_announced_once_with_the_words_on_screen(qtbot: QtBot) -> None:
    window, clock, _, heard = _open(qtbot, [make_stretch(name="Hip flexor stretch")])
    assert heard == [
        "Hip flexor stretch. Get ready. 2 reps – starting on the left side. "
        "Stand tall with your feet apart. You need: no equipment · Position: standing. "
        "Move slowly. Never push into pain. 5 seconds."
    ]
    _run(window, clock, 9.0)
    assert heard[1].startswith("Move into the stretch. Rep 1 of 2 – left side.")
    assert heard[2] == "Hold. Rep 1 of 2 – left side. Hold and breathe. 10 seconds."
    _run(window, clock, 21.0)
    # the hold's 5 s mark, then release, switch
    assert heard[3:] == [
        "5 seconds",
        heard[4],
        heard[5],
    ]
    assert heard[4].startswith("Release.")
    assert heard[5].startswith("Switch sides. Rep 1 of 2 – right side next. Now the right side.")
    _run(window, clock, 72.0)
    assert heard[-1] == "Well done! You finished Hip flexor stretch."
    said = [h for h in heard if not h[0].isdigit()]
    phases = list(window.session.timeline)
    assert len(said) == len(phases), "one announcement per phase, none in between"


def test_no_announcements_when_spoken_cues_are_off(qtbot: QtBot) -> None:
    window, clock, _, heard = _open(qtbot, spoken_cues=False)
    _run(window, clock, 72.0, step=0.5)
    window.stop_for_pain()
    assert heard == []


def test_the_ring_describes_its_seconds_in_words_only_at_phase_starts_and_marks(
    qtbot: QtBot,
) -> None:
    window, clock, _, _ = _open(qtbot, [make_stretch(hold_seconds=12.0)])
    assert _read(window.ring) == ("Seconds left in this step", "5 seconds")
    _run(window, clock, 7.0)  # the hold starts: 12 seconds
    assert _read(window.ring)[1] == "12 seconds"
    _run(window, clock, 8.5)  # 10.5 s left: not a mark
    assert _read(window.ring)[1] == "12 seconds"
    _run(window, clock, 9.0)
    assert _read(window.ring)[1] == "10 seconds"
    _run(window, clock, 19.5)  # release: 2 s
    assert _read(window.ring)[1] == "2 seconds"


def test_one_second_is_singular(qtbot: QtBot) -> None:
    window, _clock, _, heard = _open(qtbot, [make_stretch(hold_seconds=1.0)])
    window.session.seek(7.0)  # the hold: 1 s long
    window.refresh()
    assert heard[-1].endswith(" 1 second.")


# ------------------------------------------------------------------ keyboard


def test_space_and_return_press_the_focused_button_instead_of_pausing(qtbot: QtBot) -> None:
    window, _clock, outcomes, _ = _open(qtbot, [make_stretch("a"), make_stretch("b")])
    window.next_button.setFocus()
    qtbot.keyClick(window.next_button, Qt.Key.Key_Space)
    assert not window.session.paused
    assert window.session.state().stretch.id == "b"  # "Next" was pressed
    window.previous_button.setFocus()
    qtbot.keyClick(window.previous_button, Qt.Key.Key_Return)
    assert window.session.state().stretch.id == "a"
    window.stop_button.setFocus()
    qtbot.keyClick(window.stop_button, Qt.Key.Key_Space)
    assert window.pages.currentWidget() is window.stop_page  # "This hurts – stop" was pressed
    assert window.stop_close_button.hasFocus()
    qtbot.keyClick(window.stop_close_button, Qt.Key.Key_Space)
    assert outcomes == ["stopped"]


def test_the_first_focus_is_pause_so_space_pauses_and_the_ring_is_visible(qtbot: QtBot) -> None:
    window, _clock, _, _ = _open(qtbot)
    assert window.focusWidget() is window.pause_button
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Space)
    assert window.session.paused
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Space)
    assert not window.session.paused


def test_tab_goes_through_the_buttons_in_visual_order(qtbot: QtBot) -> None:
    window, _clock, _, _ = _open(qtbot, [make_stretch("a"), make_stretch("b")])
    window.previous_button.setFocus()
    seen = [window.focusWidget()]
    for _ in range(4):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        seen.append(window.focusWidget())
    assert seen == [
        window.previous_button,
        window.pause_button,
        window.next_button,
        window.stop_button,
        window.skip_button,
    ]


def test_arrows_go_to_the_previous_and_next_stretch_and_esc_skips(qtbot: QtBot) -> None:
    window, _clock, outcomes, _ = _open(qtbot, [make_stretch("a"), make_stretch("b")])
    qtbot.keyClick(window.stop_button, Qt.Key.Key_Right)
    assert window.session.state().stretch.id == "b"
    qtbot.keyClick(window.stop_button, Qt.Key.Key_Left)
    assert window.session.state().stretch.id == "a"
    assert window.pages.currentWidget() is window.play_page  # arrows do not press a button
    qtbot.keyClick(window.pause_button, Qt.Key.Key_Escape)
    assert outcomes == ["skipped"]


def test_keys_on_a_focused_button_wait_for_the_grace_period_too(qtbot: QtBot) -> None:
    window, clock, outcomes, _ = _open(qtbot, click=False)
    window.stop_button.setFocus()
    qtbot.keyClick(window.stop_button, Qt.Key.Key_Space)
    qtbot.keyClick(window.stop_button, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.play_page  # typing meant elsewhere
    clock.advance(KEY_GRACE_SECONDS + 0.5)
    window.refresh()
    qtbot.keyClick(window.stop_button, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.stop_page
    assert outcomes == []


def test_the_window_lists_its_keys(qtbot: QtBot) -> None:
    window, _clock, _, _ = _open(qtbot)
    assert window.keys_label.isVisible()
    text = window.keys_label.text()
    for word in ("Space", "Esc", "←", "→", "Tab"):
        assert word in text


def _edge_contrast(button: QWidget) -> float:
    """How far the colour of the button's left edge is from its fill (0..441, RGB distance)."""
    image = button.grab().toImage()
    mid = image.height() // 2
    scale = image.devicePixelRatio()
    edge = image.pixelColor(round(1 * scale), mid)
    fill = image.pixelColor(round(6 * scale), mid)
    pairs = (
        (edge.red(), fill.red()),
        (edge.green(), fill.green()),
        (edge.blue(), fill.blue()),
    )
    return float(sum((a - b) ** 2 for a, b in pairs) ** 0.5)


def test_the_focused_button_has_a_ring_that_stands_out_from_its_fill(qtbot: QtBot) -> None:
    window, _clock, _, _ = _open(qtbot, [make_stretch("a"), make_stretch("b")])
    for button in (window.pause_button, window.stop_button, window.next_button):
        button.setFocus()
        qtbot.waitUntil(button.hasFocus, timeout=5000)
        focused = _edge_contrast(button)
        window.skip_button.setFocus()  # away
        qtbot.waitUntil(window.skip_button.hasFocus, timeout=5000)
        unfocused = _edge_contrast(button)
        assert focused > 100, f"{button.text()}: no visible focus ring"
        assert focused > unfocused + 40, f"{button.text()}: focus does not change the edge"


def test_the_reach_question_is_announced_with_the_finish(qtbot: QtBot) -> None:
    check = make_stretch("toe-touch-check", sides=False, camera="three-quarter")
    window, clock, _, heard = _open(qtbot, [check])
    _run(window, clock, 36.5)  # the finish (see tests/ui/test_flexcheck.py)
    assert window.question_open
    assert heard[-1].endswith("How far did you reach? Choose one, or Skip (keys 1 to 6).")
