"""The controller wires planner, notifications, the stretch window and the tray together.

Driven by a FakeClock and FakeWakeup: no real waiting.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot

from deskstretch.app.controller import Controller, Services
from deskstretch.app.protocol import ProtocolError, Request
from deskstretch.catalogue.loader import load_catalogue
from deskstretch.settings.model import Breaks, Preferences
from deskstretch.ui.controls import ControlsMenu
from deskstretch.ui.viewstate import ControlsState
from tests.helpers.fake_wakeup import FakeWakeup
from tests.helpers.fakes import FakeClock
from tests.helpers.recording import FakeDnd, RecordingNotifier, WindowRecorder


class View:
    def __init__(self) -> None:
        self.states: list[ControlsState] = []

    def show_state(self, state: ControlsState) -> None:
        self.states.append(state)


class Rig:
    def __init__(self, qtbot: QtBot, prefs: Preferences | None = None) -> None:
        self.clock = FakeClock()
        self.wakeup = FakeWakeup(self.clock)
        self.notifier = RecordingNotifier()
        self.windows = WindowRecorder()
        self.dnd = FakeDnd()
        self.view = View()
        self.menu = ControlsMenu()
        qtbot.addWidget(self.menu)
        services = Services(
            clock=self.clock,
            wakeup=self.wakeup,
            notifier=self.notifier,
            dnd=self.dnd,
            window_factory=self.windows,
        )
        self.controller = Controller(services, prefs or Preferences(), load_catalogue(), self.menu)
        self.controller.add_view(self.view)
        self.controller.add_view(self.menu)
        self.controller.start()

    @property
    def state(self) -> ControlsState:
        return self.view.states[-1]


@pytest.fixture
def rig(qtbot: QtBot) -> Rig:
    return Rig(qtbot)


def test_tray_says_when_the_next_stretch_comes(rig: Rig) -> None:
    assert rig.state.tooltip == "DeskStretch: Next stretch in 30 min"
    assert rig.state.next_line.startswith("Next break at ")
    assert rig.state.next_stretch_name  # the first stretch in rotation, by name
    assert rig.wakeup.armed_at is not None


def test_warning_notification_then_the_stretch_window(rig: Rig) -> None:
    rig.wakeup.fire()  # lead time before the break
    notice = rig.notifier.notices[-1]
    assert notice.summary == "Stretch break in 1 min"
    assert "Hip flexor" in notice.body
    assert [key for key, _ in notice.actions] == ["start", "snooze"]
    assert rig.windows.windows == []
    rig.wakeup.fire()  # the break
    window = rig.windows.windows[-1]
    assert window.started
    assert [s.id for s in window.stretches] == ["hip-flexor"]
    assert rig.controller.status().state == "in-break"
    assert rig.state.in_break
    rig.clock.advance(120)
    window.finish("completed")
    status = rig.controller.status()
    assert status.state == "active"
    assert status.today.taken == 1
    assert status.next_break == rig.clock.now() + timedelta(minutes=30)


def test_notification_buttons_start_or_snooze(rig: Rig) -> None:
    rig.wakeup.fire()
    due = rig.controller.status().next_break
    assert due is not None
    rig.controller.on_notification_action("snooze")
    status = rig.controller.status()
    assert status.next_break == due + timedelta(minutes=5)
    assert status.today.snoozed == 1
    rig.controller.on_notification_action("start")
    assert rig.windows.windows
    assert rig.windows.windows[-1].started


def test_menu_stretch_now_opens_the_chosen_stretch_and_resets_the_interval(rig: Rig) -> None:
    rig.clock.advance(600)
    action = rig.menu.stretch_action("trunk-rotation")
    assert action is not None
    action.trigger()
    assert [s.id for s in rig.windows.windows[-1].stretches] == ["trunk-rotation"]
    rig.windows.windows[-1].finish("skipped")
    assert rig.controller.status().next_break == rig.clock.now() + timedelta(minutes=30)


def test_pause_and_resume_from_the_menu(rig: Rig) -> None:
    rig.menu.pause_actions[0].trigger()  # 30 minutes
    assert rig.state.paused
    assert rig.state.tooltip.startswith("DeskStretch: paused until ")
    assert rig.controller.status().state == "paused"
    rig.menu.resume_action.trigger()
    assert rig.controller.status().state == "active"
    assert not rig.state.paused


def test_ipc_requests(rig: Rig) -> None:
    status = rig.controller.handle_request(Request("status"))
    assert status["state"] == "active"
    assert status["seconds_to_next_break"] == 30 * 60
    assert status["today"] == {"taken": 0, "skipped": 0, "snoozed": 0}
    with pytest.raises(ProtocolError, match="unknown stretch"):
        rig.controller.handle_request(Request("stretch", {"id": "cartwheel"}))
    rig.controller.handle_request(Request("pause", {"mode": "duration", "seconds": 1800}))
    paused = rig.controller.handle_request(Request("status"))
    assert paused["state"] == "paused"
    assert paused["paused_until"] is not None
    rig.controller.handle_request(Request("resume"))
    reply = rig.controller.handle_request(Request("skip"))
    assert "Skipped" in reply["message"]
    assert rig.controller.status().today.skipped == 1


def test_a_fullscreen_window_holds_the_break_until_it_goes(rig: Rig) -> None:
    rig.wakeup.fire()  # warning
    rig.dnd.reasons = ("fullscreen window",)
    rig.wakeup.fire()  # the break is due, but the user presents
    assert rig.windows.windows == []
    status = rig.controller.status()
    assert status.state == "held"
    assert status.hold_reasons == ("fullscreen window",)
    assert "fullscreen window" in rig.state.tooltip
    rig.clock.advance(60)
    rig.dnd.reasons = ()
    rig.controller._on_hold_poll_timeout()  # the 15 s poll notices the release
    if not rig.windows.windows:
        rig.wakeup.fire()  # the break comes shortly after the release
    assert rig.windows.windows, "the held break must not be dropped"
    assert rig.controller.status().state == "in-break"


def test_new_preferences_apply_at_once(rig: Rig) -> None:
    prefs = replace(Preferences(), breaks=Breaks(interval_minutes=10))
    rig.controller.apply_preferences(prefs)
    assert rig.controller.status().seconds_to_next_break == 10 * 60
    assert rig.state.tooltip == "DeskStretch: Next stretch in 10 min"


def test_shutdown_stops_the_wakeup(rig: Rig) -> None:
    rig.controller.shutdown()
    assert rig.wakeup.is_shut_down
