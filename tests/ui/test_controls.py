"""The tray menu and the no-tray status window: what they show and what they ask for."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from deskstretch.ui.controls import ControlsMenu
from deskstretch.ui.status_window import StatusWindow
from deskstretch.ui.tray import TrayIcon
from deskstretch.ui.viewstate import ControlsState

STRETCHES = (("hip-flexor", "Hip flexor stretch"), ("trunk-rotation", "Trunk rotation"))


def state(**kw: Any) -> ControlsState:
    base: dict[str, Any] = {
        "tooltip": "DeskStretch: Next break at 14:32",
        "next_line": "Next break at 14:32",
        "stretches": STRETCHES,
        "next_stretch_name": "Hip flexor stretch",
    }
    base.update(kw)
    return ControlsState(**base)


def test_menu_shows_the_next_break_and_every_stretch(qtbot: QtBot) -> None:
    menu = ControlsMenu()
    qtbot.addWidget(menu)
    menu.show_state(state())
    assert menu.next_action.text() == "Next break at 14:32"
    assert not menu.next_action.isEnabled()
    names = [a.text() for a in menu.stretch_menu.actions() if a.text()]
    assert names == ["Next in rotation: Hip flexor stretch", "Hip flexor stretch", "Trunk rotation"]
    texts = [a.text() for a in menu.actions()]
    for wanted in (
        "Stretch now",
        "Pause",
        "Skip next break",
        "Preferences…",
        "About DeskStretch",
        "Quit DeskStretch",
    ):
        assert wanted in texts


def test_menu_stretch_entries_ask_for_that_stretch(qtbot: QtBot) -> None:
    menu = ControlsMenu()
    qtbot.addWidget(menu)
    menu.show_state(state())
    with qtbot.waitSignal(menu.stretch_requested) as blocker:
        action = menu.stretch_action("trunk-rotation")
        assert action is not None
        action.trigger()
    assert blocker.args == ["trunk-rotation"]
    with qtbot.waitSignal(menu.stretch_requested) as blocker:
        menu.stretch_next_action.trigger()
    assert blocker.args == [""]


def test_pause_choices_and_resume_swap_when_paused(qtbot: QtBot) -> None:
    menu = ControlsMenu()
    qtbot.addWidget(menu)
    menu.show_state(state())
    labels = [a.text() for a in menu.pause_actions]
    assert labels == [
        "For 30 minutes",
        "For 1 hour",
        "For 2 hours",
        "Until tomorrow",
        "Until I resume",
    ]
    assert menu.pause_menu.menuAction().isVisible()
    assert not menu.resume_action.isVisible()
    with qtbot.waitSignal(menu.pause_requested) as blocker:
        menu.pause_actions[1].trigger()
    assert blocker.args == ["duration", 3600]
    with qtbot.waitSignal(menu.pause_requested) as blocker:
        menu.pause_actions[3].trigger()
    assert blocker.args == ["until-tomorrow", 0]
    menu.show_state(state(paused=True, next_line="Paused until 15:00"))
    assert not menu.pause_menu.menuAction().isVisible()
    assert menu.resume_action.isVisible()


def test_during_a_break_skip_ends_it_and_stretch_now_is_off(qtbot: QtBot) -> None:
    menu = ControlsMenu()
    qtbot.addWidget(menu)
    menu.show_state(state(in_break=True, can_skip=True, skip_label="Skip this break"))
    assert menu.skip_action.isEnabled()
    assert menu.skip_action.text() == "Skip this break"
    assert not menu.stretch_menu.isEnabled()
    menu.show_state(state(can_skip=False))
    assert not menu.skip_action.isEnabled()
    assert menu.skip_action.text() == "Skip next break"


def test_status_window_explains_itself_and_offers_the_controls(qtbot: QtBot) -> None:
    menu = ControlsMenu()
    qtbot.addWidget(menu)
    window = StatusWindow(menu, "No system tray was found on this desktop.")
    qtbot.addWidget(window)
    window.show_state(state())
    window.show()
    assert "DeskStretch" in window.windowTitle()
    assert window.state_label.text() == "Next break at 14:32"
    assert "No system tray" in window.reason_label.text()
    with qtbot.waitSignal(menu.stretch_requested):
        qtbot.mouseClick(window.stretch_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(menu.pause_requested) as blocker:
        qtbot.mouseClick(window.pause_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["duration", 1800]
    with qtbot.waitSignal(menu.quit_requested):
        qtbot.mouseClick(window.quit_button, Qt.MouseButton.LeftButton)
    for button in window.findChildren(type(window.quit_button)):
        assert button.accessibleName(), button.text()


class SpontaneousClose(QCloseEvent):
    """A close event as the window system sends it (Qt sets ``spontaneous`` only then)."""

    def spontaneous(self) -> bool:
        return True


def test_status_window_close_minimises_instead_of_vanishing(qtbot: QtBot) -> None:
    menu = ControlsMenu()
    qtbot.addWidget(menu)
    window = StatusWindow(menu, "no tray")
    qtbot.addWidget(window)
    window.show()
    # the user clicking the title bar's close button: a spontaneous close event
    event = SpontaneousClose()
    window.closeEvent(event)
    assert not event.isAccepted()
    assert window.isVisible()
    assert window.windowState() & Qt.WindowState.WindowMinimized
    # the app quitting closes it for real
    assert window.close()
    assert not window.isVisible()


def test_status_window_shows_resume_when_paused(qtbot: QtBot) -> None:
    menu = ControlsMenu()
    qtbot.addWidget(menu)
    window = StatusWindow(menu, "no tray")
    qtbot.addWidget(window)
    window.show()
    window.show_state(state(paused=True, next_line="Paused until you resume"))
    assert window.resume_button.isVisible()
    assert not window.pause_button.isVisible()


def test_tray_icon_renders_tooltip_and_falls_back_when_no_tray(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    menu = ControlsMenu()
    qtbot.addWidget(menu)
    tray = TrayIcon(menu, parent)
    tray.show_state(state(tooltip="DeskStretch: paused until 15:00", icon="paused", paused=True))
    assert tray.icon.toolTip() == "DeskStretch: paused until 15:00"
    assert not tray.icon.icon().isNull()
    # offscreen has no tray: a balloon cannot be shown, and the caller is told so
    assert TrayIcon.available() is False
    assert tray.show_message("t", "b", 1000) is False


def test_status_window_has_a_fixed_size_that_fits_its_text_so_tilers_float_it(
    qtbot: QtBot,
) -> None:
    """sway and i3 float a window whose smallest and largest sizes agree; tiled, the small
    panel would be stretched across half the screen."""
    from tests.helpers.fit import clipped_texts

    menu = ControlsMenu()
    qtbot.addWidget(menu)
    window = StatusWindow(menu, "")
    qtbot.addWidget(window)
    window.show_state(state())
    window.show()
    assert window.minimumSize() == window.maximumSize()
    short = window.height()
    long_line = "Next break at 14:32 " + "and a much longer line that must wrap " * 4
    window.show_state(state(next_line=long_line, micro_line="Next micro-break at 14:10"))
    qtbot.waitUntil(lambda: window.height() > short)
    assert window.minimumSize() == window.maximumSize()
    assert clipped_texts(window) == []


def test_status_window_makes_way_for_the_stretch_window_and_comes_back_after(
    qtbot: QtBot,
) -> None:
    """GNOME places a new window where it overlaps nothing: a status window left in the centre
    would push the stretch window into a corner."""
    menu = ControlsMenu()
    qtbot.addWidget(menu)
    window = StatusWindow(menu, "No system tray was found on this desktop.")
    qtbot.addWidget(window)
    window.show_state(state())
    window.show()
    window.show_state(state(in_break=True))
    assert not window.isVisible()
    window.show_state(state())
    assert window.isVisible()


def test_a_put_away_status_window_stays_away_after_a_break(qtbot: QtBot) -> None:
    menu = ControlsMenu()
    qtbot.addWidget(menu)
    window = StatusWindow(menu, "")
    qtbot.addWidget(window)
    window.show_state(state())
    window.show_state(state(in_break=True))
    window.show_state(state())
    assert not window.isVisible()
