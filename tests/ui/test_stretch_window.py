"""The stretch window, driven by a fake clock: every refresh shows the clock's moment.

make_stretch (tests/helpers/stretches.py): 2 reps, sides, move 2, hold 10, release 2,
rest 3; with ready 5, switch 3 and finish 5 the phases are ready 0-5, move 5-7,
hold 7-17, release 17-19, switch 19-22, ..., rest 36-39, ..., finish 70-75.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from deskstretch.catalogue.model import Stretch
from deskstretch.ui.focusguard import KEY_GRACE_SECONDS
from deskstretch.ui.stretch_window import StretchWindow
from tests.helpers.fakes import FakeClock
from tests.helpers.stretches import RecordingSound, make_stretch

pytestmark = pytest.mark.gui

Factory = Callable[..., tuple[StretchWindow, FakeClock, list[str]]]


@pytest.fixture
def open_window(qtbot: QtBot) -> Factory:
    """Create and start a window; return it, its clock and the outcomes it emitted."""

    def factory(
        stretches: Sequence[Stretch] | None = None,
        *,
        click: bool = True,
        **kwargs: Any,
    ) -> tuple[StretchWindow, FakeClock, list[str]]:
        clock = FakeClock()
        window = StretchWindow(stretches or [make_stretch()], clock, **kwargs)
        qtbot.addWidget(window)
        outcomes: list[str] = []
        window.finished.connect(outcomes.append)
        window.start()
        if click:  # the user clicked the window: keys work at once
            qtbot.mouseClick(window, Qt.MouseButton.LeftButton)
        return window, clock, outcomes

    return factory


# Read the state afresh: after `assert not window.keys_ready` mypy would take the attribute to stay
# False through the key presses that change it (and call the rest of the test unreachable).
def _keys_ready(window: StretchWindow) -> bool:
    return window.keys_ready


def _paused(window: StretchWindow) -> bool:
    return window.session.paused


def _ticking(window: StretchWindow) -> bool:
    return window.is_ticking


def _at(window: StretchWindow, clock: FakeClock, seconds: float) -> None:
    """Move the fake clock to ``seconds`` after start and refresh (no waiting)."""
    elapsed = clock.monotonic() - 1000.0
    clock.advance(seconds - elapsed)
    window.refresh()


def test_ready_phase_shows_the_stretch_what_you_need_and_the_cautions(
    open_window: Factory,
) -> None:
    stretch = make_stretch(name="Half-kneeling hip flexor", position="kneeling", equipment=("mat",))
    window, _clock, _ = open_window([stretch])
    assert window.windowTitle() == "Stretch break"  # Qt adds " — DeskStretch"
    assert window.isVisible()
    assert window.name_label.text() == "Half-kneeling hip flexor"
    assert window.phase_label.text() == "Get ready"
    assert window.ring.label == "5"
    assert window.ready_info.isVisible()
    assert "a mat" in window.needs_label.text()
    assert "kneeling" in window.needs_label.text()
    assert "Never push into pain." in window.cautions_label.text()
    assert window.step_label.text() == "Stand tall with your feet apart."
    assert window.total_label.text() == "1:10 left"


def test_rep_side_switch_and_rest_are_shown_as_the_routine_runs(open_window: Factory) -> None:
    window, clock, _ = open_window()
    _at(window, clock, 9.5)  # 2.5 s into the first hold
    assert window.phase_label.text() == "Hold"
    assert window.rep_label.text() == "Rep 1 of 2 – left side"
    assert window.ring.label == "8"
    assert window.ring.fraction_left == pytest.approx(0.75)
    assert window.step_label.text() == "Hold and breathe."
    assert not window.ready_info.isVisible()
    assert not window.switch_label.isVisible()
    _at(window, clock, 20)
    assert window.switch_label.isVisible()
    assert window.switch_label.text() == "Now the right side"
    assert window.rep_label.text() == "Rep 1 of 2 – right side next"
    _at(window, clock, 25)
    assert window.rep_label.text() == "Rep 1 of 2 – right side"
    assert not window.switch_label.isVisible()
    _at(window, clock, 37)
    assert window.phase_label.text() == "Rest"
    assert window.rep_label.text() == "Rep 2 of 2 – left side next"
    _at(window, clock, 45)
    assert window.rep_label.text() == "Rep 2 of 2 – left side"
    assert window.total_label.text() == "0:25 left"


def test_space_pauses_so_time_left_stops_and_resumes_from_there(
    open_window: Factory, qtbot: QtBot
) -> None:
    window, clock, _ = open_window()
    _at(window, clock, 10)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert window.session.paused
    assert window.pause_button.text() == "Resume"
    assert window.phase_label.text() == "Paused"
    left = window.total_label.text()
    clock.advance(30)
    window.refresh()
    assert window.total_label.text() == left == "1:00 left"
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert window.pause_button.text() == "Pause"
    clock.advance(5)
    window.refresh()
    assert window.total_label.text() == "0:55 left"


def test_pause_button_pauses_and_resumes(open_window: Factory, qtbot: QtBot) -> None:
    window, clock, _ = open_window()
    qtbot.mouseClick(window.pause_button, Qt.MouseButton.LeftButton)
    clock.advance(20)
    window.refresh()
    assert window.ring.label == "5"  # still the full ready countdown
    qtbot.mouseClick(window.pause_button, Qt.MouseButton.LeftButton)
    clock.advance(1)
    window.refresh()
    assert window.ring.label == "4"


def test_escape_closes_the_window_as_skipped(open_window: Factory, qtbot: QtBot) -> None:
    window, clock, outcomes = open_window()
    _at(window, clock, 12)
    with qtbot.waitSignal(window.finished, timeout=1000) as blocker:
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert blocker.args == ["skipped"]
    assert outcomes == ["skipped"]
    assert not window.isVisible()


def test_skip_button_and_closing_the_window_report_skipped_once(
    open_window: Factory, qtbot: QtBot
) -> None:
    window, _clock, outcomes = open_window()
    qtbot.mouseClick(window.skip_button, Qt.MouseButton.LeftButton)
    assert outcomes == ["skipped"]
    window2, _clock2, outcomes2 = open_window()
    window2.close()
    window2.close()
    assert outcomes2 == ["skipped"]
    assert outcomes == ["skipped"]


def test_this_hurts_shows_the_safety_note_before_reporting_stopped(
    open_window: Factory, qtbot: QtBot
) -> None:
    window, clock, outcomes = open_window()
    _at(window, clock, 10)
    qtbot.mouseClick(window.stop_button, Qt.MouseButton.LeftButton)
    assert window.stop_note.isVisible()
    assert "pain" in window.stop_note.text()
    assert "physiotherapist" in window.stop_note.text()
    assert not window.controls.isVisible()
    assert not window.total_label.isVisible()  # no clock ticking behind the note
    assert outcomes == []  # the note comes first
    clock.advance(120)  # the routine does not go on behind the note
    window.refresh()
    assert window.stop_note.isVisible()
    assert outcomes == []
    qtbot.mouseClick(window.stop_close_button, Qt.MouseButton.LeftButton)
    assert outcomes == ["stopped"]
    assert not window.isVisible()


def test_escape_on_the_safety_note_still_reports_stopped(
    open_window: Factory, qtbot: QtBot
) -> None:
    window, _clock, outcomes = open_window()
    window.stop_for_pain()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert outcomes == ["stopped"]


def test_finish_screen_shows_the_next_break_then_closes_itself_as_completed(
    open_window: Factory,
) -> None:
    window, clock, outcomes = open_window(next_break_text=lambda: "Next break at 15:00")
    _at(window, clock, 71)
    assert window.finish_title.isVisible()
    assert window.next_break_label.text() == "Next break at 15:00"
    assert window.closing_label.text() == "This window closes in 4 s"
    assert not window.controls.isVisible()
    assert outcomes == []
    _at(window, clock, 75)
    assert outcomes == ["completed"]
    assert not window.isVisible()


def test_closing_the_finish_screen_early_counts_as_completed(
    open_window: Factory, qtbot: QtBot
) -> None:
    window, clock, outcomes = open_window()
    _at(window, clock, 72)
    qtbot.mouseClick(window.done_button, Qt.MouseButton.LeftButton)
    assert outcomes == ["completed"]
    other, clock2, outcomes2 = open_window()
    _at(other, clock2, 72)
    qtbot.keyClick(other, Qt.Key.Key_Escape)
    assert outcomes2 == ["completed"]


def test_keys_are_ignored_until_the_user_stops_typing_for_the_grace_period(
    open_window: Factory, qtbot: QtBot
) -> None:
    window, clock, outcomes = open_window(click=False)
    assert not _keys_ready(window)
    clock.advance(KEY_GRACE_SECONDS - 0.5)
    qtbot.keyClick(window, Qt.Key.Key_Space)  # typing meant for another program
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not _paused(window)
    assert outcomes == []
    clock.advance(KEY_GRACE_SECONDS - 0.5)  # the grace restarted at the last key
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert not _paused(window)
    clock.advance(KEY_GRACE_SECONDS)  # now a quiet grace period has passed
    window.refresh()
    assert _keys_ready(window)
    assert window.accepts_focus
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert _paused(window)


def test_a_click_makes_keys_work_at_once(open_window: Factory, qtbot: QtBot) -> None:
    window, _clock, _ = open_window(click=False)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert not window.session.paused
    qtbot.mouseClick(window, Qt.MouseButton.LeftButton)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert window.session.paused


def test_start_shows_without_activating_or_taking_focus(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = StretchWindow([make_stretch()], FakeClock())
    qtbot.addWidget(window)
    activations: list[str] = []
    monkeypatch.setattr(window, "activateWindow", lambda: activations.append("activate"))
    window.start()
    assert window.isVisible()
    assert window.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    handle = window.windowHandle()
    assert handle is not None
    assert handle.flags() & Qt.WindowType.WindowDoesNotAcceptFocus
    assert not window.accepts_focus
    assert activations == []
    qtbot.mouseClick(window, Qt.MouseButton.LeftButton)  # the user asks for it
    assert activations == ["activate"]
    assert not handle.flags() & Qt.WindowType.WindowDoesNotAcceptFocus


def test_window_opens_centred_on_a_screen(open_window: Factory) -> None:
    window, _clock, _ = open_window()
    screen = window.screen()
    area = screen.availableGeometry()
    assert area.contains(window.geometry())
    # Within a few pixels: the window frame's size is not known before the first show.
    assert abs(window.geometry().center().x() - area.center().x()) <= 8
    assert abs(window.geometry().center().y() - area.center().y()) <= 8


def test_on_wayland_the_compositor_places_the_window(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Wayland clients cannot place their windows: the window leaves it to the compositor
    (GNOME opened it at the top-left corner when the app asked for the centre)."""
    monkeypatch.setattr(QGuiApplication, "platformName", staticmethod(lambda: "wayland"))
    window = StretchWindow([make_stretch()], FakeClock())
    qtbot.addWidget(window)
    moves: list[QPoint] = []
    monkeypatch.setattr(window, "move", lambda *where: moves.append(QPoint(*where)))
    window.start()
    assert window.isVisible()
    assert moves == []
    area = window.screen().availableGeometry()
    assert window.width() <= area.width()
    assert window.height() <= area.height()


def test_next_and_previous_move_between_stretches(open_window: Factory, qtbot: QtBot) -> None:
    first = make_stretch("a", name="First stretch")
    second = make_stretch("b", name="Second stretch")
    window, _clock, _ = open_window([first, second])
    assert window.count_label.text() == "Stretch 1 of 2"
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    assert window.name_label.text() == "Second stretch"
    assert window.count_label.text() == "Stretch 2 of 2"
    assert window.phase_label.text() == "Get ready"
    qtbot.mouseClick(window.previous_button, Qt.MouseButton.LeftButton)
    assert window.name_label.text() == "First stretch"
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.name_label.text() == "Second stretch"
    qtbot.keyClick(window, Qt.Key.Key_Right)  # past the last stretch: the finish
    assert window.finish_title.isVisible()


def test_controls_have_accessible_names_and_a_left_to_right_focus_order(
    open_window: Factory,
) -> None:
    window, _clock, _ = open_window()
    buttons = window.controls.findChildren(QPushButton)
    assert len(buttons) == 5
    assert all(b.accessibleName() for b in buttons)
    assert window.stop_button.accessibleName().startswith("This hurts")
    order: list[QWidget] = []
    widget: QWidget | None = window.previous_button
    for _ in range(50):
        assert widget is not None  # the focus chain is a ring
        if widget in buttons and widget not in order:
            order.append(widget)
        widget = widget.nextInFocusChain()
    assert order == [
        window.previous_button,
        window.pause_button,
        window.next_button,
        window.stop_button,
        window.skip_button,
    ]


def test_reduced_motion_steps_the_ring_and_the_figure_shows_key_poses(
    open_window: Factory,
) -> None:
    smooth, clock, _ = open_window()
    _at(smooth, clock, 9.5)
    assert smooth.ring.fraction_left == pytest.approx(0.75)
    still, clock2, _ = open_window(reduced_motion=True)
    assert still.figure.reduced_motion()
    _at(still, clock2, 9.5)
    assert still.ring.fraction_left == pytest.approx(0.8)  # whole seconds: 8 of 10
    _at(still, clock2, 9.9)
    assert still.ring.fraction_left == pytest.approx(0.8)  # no sweep between seconds


def test_the_refresh_timer_runs_only_while_visible_and_playing(
    open_window: Factory, qtbot: QtBot
) -> None:
    window, _clock, _ = open_window()
    assert _ticking(window)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert not _ticking(window)  # paused: nothing ticks
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert _ticking(window)
    window.hide()
    assert not _ticking(window)  # hidden: nothing ticks
    window.show()
    assert _ticking(window)
    window.close()
    assert not _ticking(window)


def test_time_stands_still_while_the_window_is_hidden(open_window: Factory) -> None:
    window, clock, outcomes = open_window()
    _at(window, clock, 10)
    window.hide()  # e.g. minimised
    clock.advance(600)
    window.show()
    window.refresh()
    assert window.total_label.text() == "1:00 left"
    assert not window.session.paused
    assert outcomes == []
    window.close()
    assert not window.is_ticking


def test_sound_cue_plays_at_each_phase_change(open_window: Factory) -> None:
    sound = RecordingSound()
    window, clock, _ = open_window(sound=sound)
    assert sound.played == ["ready"]
    _at(window, clock, 2)
    assert sound.played == ["ready"]
    _at(window, clock, 5)
    _at(window, clock, 8)
    _at(window, clock, 18)
    assert sound.played == ["ready", "move", "hold", "release"]


def test_a_failing_sound_cue_does_not_break_the_window(open_window: Factory) -> None:
    def broken(_kind: object) -> None:
        raise RuntimeError("no speakers")

    window, clock, _ = open_window(sound=broken)
    _at(window, clock, 8)
    assert window.phase_label.text() == "Hold"


def _stretch_windows() -> int:
    return sum(isinstance(w, StretchWindow) for w in QApplication.topLevelWidgets())


def test_a_hundred_open_close_cycles_leave_no_window_behind(qtbot: QtBot) -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    before = _stretch_windows()
    clock = FakeClock()
    for _ in range(100):
        window = StretchWindow([make_stretch()], clock)
        window.start()
        clock.advance(1)
        window.refresh()
        window.close()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert _stretch_windows() == before


# Runs in its own process on a real X server with a window manager: the user types into
# an editor while the stretch window appears.
_FOCUS_PROBE = """
import json, subprocess, sys
from PySide6.QtCore import QEventLoop
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit
from deskstretch.core.clock import SystemClock
from deskstretch.ui.stretch_window import StretchWindow
from tests.helpers.stretches import make_stretch
from tests.helpers.wait import wait_until

app = QApplication(sys.argv[:1])

def pump():
    app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

editor = QLineEdit()
editor.setWindowTitle("Editor")
editor.show()
editor.activateWindow()
wait_until(
    lambda: editor.isActiveWindow() and editor.hasFocus(), 10,
    what="the editor to have the focus", interval=0.01, pump=pump,
)
before = editor.isActiveWindow()
window = StretchWindow([make_stretch()], SystemClock())
window.start()
wait_until(
    lambda: window.windowHandle() is not None and window.windowHandle().isExposed(), 10,
    what="the stretch window to be exposed", interval=0.01, pump=pump,
)
QTest.qWait(500)
typing = subprocess.Popen(["xdotool", "type", "--delay", "30", "hi there"])
wait_until(
    lambda: typing.poll() is not None, 10,
    what="xdotool to finish typing", interval=0.01, pump=pump,
)
QTest.qWait(500)
seen = {
    "editor_active_before": before,
    "editor_text": editor.text(),
    "stretch_visible": window.isVisible(),
    "stretch_active": window.isActiveWindow(),
    "paused": window.session.paused,
}
# Now the user clicks the stretch window and presses Space: that must pause it.
centre = window.figure.mapToGlobal(window.figure.rect().center())
subprocess.run(["xdotool", "mousemove", str(centre.x()), str(centre.y()), "click", "1"])
wait_until(
    window.isActiveWindow, 5,
    what="the clicked stretch window to be active", interval=0.01, pump=pump,
)
subprocess.run(["xdotool", "key", "space"])
wait_until(
    lambda: window.session.paused, 5,
    what="Space to pause the stretch", interval=0.01, pump=pump,
)
seen.update(active_after_click=window.isActiveWindow(), paused_by_space=window.session.paused)
print(json.dumps(seen))
"""


@pytest.mark.slow
def test_on_a_real_desktop_typing_goes_on_into_the_focused_window(
    desktop_with_wm: Any,
) -> None:
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", _FOCUS_PROBE],
        env={**desktop_with_wm.env(), "PYTHONPATH": str(root)},
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["editor_active_before"]
    assert seen["stretch_visible"]
    assert seen["editor_text"] == "hi there"  # every key, the space too, reached the editor
    assert not seen["stretch_active"]
    assert not seen["paused"]
    assert seen["active_after_click"]
    assert seen["paused_by_space"]


def test_the_window_follows_the_desktop_switching_to_dark(
    open_window: Factory, qapp: QApplication
) -> None:
    window, _clock, _ = open_window()
    light = window.grab().toImage().pixelColor(3, 3)
    assert light.lightness() > 180
    original = QPalette(qapp.palette())
    dark = QPalette(original)
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#eeeeee"))
    try:
        qapp.setPalette(dark)
        QCoreApplication.processEvents()
        assert window.grab().toImage().pixelColor(3, 3).lightness() < 80
    finally:
        qapp.setPalette(original)
        QCoreApplication.processEvents()
    assert window.grab().toImage().pixelColor(3, 3).lightness() > 180


def test_ready_line_says_how_many_reps_in_good_english(open_window: Factory) -> None:
    one, _c1, _ = open_window([make_stretch("one", reps=1, sides=False)])
    assert one.rep_label.text() == "1 rep"
    many, _c2, _ = open_window([make_stretch("many", reps=5)])
    assert many.rep_label.text() == "5 reps – starting on the left side"


def test_the_ring_says_second_for_one_and_seconds_for_more(open_window: Factory) -> None:
    window, clock, _ = open_window()
    _at(window, clock, 9.5)  # 8 s of the hold left
    assert (window.ring.label, window.ring._caption) == ("8", "seconds")
    _at(window, clock, 16.5)  # the last second of the hold
    assert (window.ring.label, window.ring._caption) == ("1", "second")
