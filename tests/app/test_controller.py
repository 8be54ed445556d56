"""The controller wires planner, notifications, the stretch window and the tray together.

Driven by a FakeClock and FakeWakeup: no real waiting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot

from deskstretch.app.controller import Controller, Services
from deskstretch.app.protocol import ProtocolError, Request
from deskstretch.catalogue.loader import load_catalogue
from deskstretch.core.history import BreakRecord, FlexCheck, StretchDone
from deskstretch.settings.model import (
    V1_DEFAULT_ENABLED,
    V1_DEFAULT_ORDER,
    Breaks,
    Idle,
    Micro,
    Preferences,
    Stretches,
)
from deskstretch.ui.controls import ControlsMenu
from deskstretch.ui.viewstate import ControlsState
from tests.helpers.fake_wakeup import FakeWakeup
from tests.helpers.fakes import FakeClock
from tests.helpers.recording import (
    FakeDnd,
    FakeIdle,
    MemoryHistory,
    MicroRecorder,
    RecordingNotifier,
    WindowRecorder,
)


class View:
    def __init__(self) -> None:
        self.states: list[ControlsState] = []

    def show_state(self, state: ControlsState) -> None:
        self.states.append(state)


# The stretch-break tests run without micro-breaks (they are on by default); #17's tests turn
# them on with MICRO.
# Their breaks go through the article's stretches (hip flexor first) wherever they are done;
# tests/app/test_controller_routines.py covers the desk set and stretches.place.
ARTICLE = Stretches(enabled=V1_DEFAULT_ENABLED, order=V1_DEFAULT_ORDER, place="anywhere")
STRETCH_ONLY = Preferences(micro=Micro(enabled=False), stretches=ARTICLE)
MICRO = Preferences(stretches=ARTICLE)


class Rig:
    def __init__(
        self,
        qtbot: QtBot,
        prefs: Preferences | None = None,
        history: MemoryHistory | None = None,
        idle: FakeIdle | None = None,
    ) -> None:
        self.clock = FakeClock()
        self.wakeup = FakeWakeup(self.clock)
        self.notifier = RecordingNotifier()
        self.windows = WindowRecorder()
        self.micro = MicroRecorder()
        self.dnd = FakeDnd()
        self.view = View()
        self.menu = ControlsMenu()
        qtbot.addWidget(self.menu)
        services = Services(
            clock=self.clock,
            wakeup=self.wakeup,
            notifier=self.notifier,
            dnd=self.dnd,
            idle=idle,
            window_factory=self.windows,
            micro_factory=self.micro,
            open_history=history.open if history is not None else None,
        )
        self.controller = Controller(services, prefs or STRETCH_ONLY, load_catalogue(), self.menu)
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
    # A clock time, not a countdown: the tooltip does not change (and wake the tray host) every
    # minute.
    due = (rig.clock.now() + timedelta(minutes=30)).astimezone(rig.clock.local_zone())
    assert rig.state.tooltip == "DeskStretch: Next break at " + f"{due:%H:%M}"
    assert rig.state.micro_line == ""
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
    assert status["today"] == {
        "taken": 0,
        "skipped": 0,
        "snoozed": 0,
        "micro_done": 0,
        "micro_skipped": 0,
    }
    with pytest.raises(ProtocolError, match="unknown stretch"):
        rig.controller.handle_request(Request("stretch", {"id": "cartwheel"}))
    rig.controller.handle_request(Request("pause", {"mode": "duration", "seconds": 1800}))
    paused = rig.controller.handle_request(Request("status"))
    assert paused["state"] == "paused"
    assert paused["paused_until"] is not None
    rig.controller.handle_request(Request("resume"))
    reply = rig.controller.handle_request(Request("skip"))
    assert reply["done"]
    assert reply["message"].startswith("Skipped the next break. Next break at ")
    assert rig.controller.status().today.skipped == 1


def test_ipc_skip_during_a_break_ends_it_as_skipped(rig: Rig) -> None:
    rig.controller.handle_request(Request("stretch"))
    window = rig.windows.windows[-1]
    assert rig.controller.status().state == "in-break"
    reply = rig.controller.handle_request(Request("skip"))
    assert reply["done"]
    assert reply["message"].startswith("The break on screen ended, counted as skipped. Next break")
    assert window.closed
    status = rig.controller.status()
    assert status.state == "active"
    assert (status.today.taken, status.today.skipped) == (0, 1)
    assert status.next_break == rig.clock.now() + timedelta(minutes=30)
    assert not rig.state.in_break
    assert rig.state.skip_label == "Skip next break"
    assert rig.notifier.notices == []  # the CLI prints the answer; no notice on top


def test_ipc_pause_during_a_break_ends_it_and_pauses(rig: Rig) -> None:
    rig.controller.handle_request(Request("stretch"))
    window = rig.windows.windows[-1]
    reply = rig.controller.handle_request(Request("pause", {"mode": "duration", "seconds": 1800}))
    assert reply["done"]
    assert reply["message"].startswith(
        "The break on screen ended, counted as skipped. Paused until"
    )
    assert window.closed
    status = rig.controller.status()
    assert status.state == "paused"
    assert status.today.skipped == 1


def test_ipc_refusals_say_why_and_are_not_done(rig: Rig) -> None:
    rig.controller.handle_request(Request("pause", {"mode": "indefinitely"}))
    for cmd in ("skip", "snooze"):
        reply = rig.controller.handle_request(Request(cmd))
        assert not reply["done"]
        assert reply["message"] == f"Breaks are paused, so there is no break to {cmd}."
    assert rig.controller.status().today.skipped == 0
    rig.controller.handle_request(Request("resume"))
    rig.controller.handle_request(Request("stretch"))
    reply = rig.controller.handle_request(Request("stretch"))
    assert (reply["done"], reply["message"]) == (False, "A stretch is already on screen.")
    assert len(rig.windows.windows) == 1
    assert rig.notifier.notices == []


def test_tray_skip_during_a_break_ends_it_and_a_refusal_is_told(rig: Rig) -> None:
    rig.menu.stretch_next_action.trigger()
    window = rig.windows.windows[-1]
    assert rig.state.can_skip
    assert rig.menu.skip_action.text() == "Skip this break"
    rig.menu.skip_action.trigger()
    assert window.closed
    assert rig.controller.status().today.skipped == 1
    rig.menu.pause_actions[-1].trigger()  # until I resume
    assert not rig.menu.skip_action.isEnabled()
    rig.controller.on_notification_action("snooze")  # an old notice's button, used late
    assert rig.notifier.notices[-1].body == "Breaks are paused, so there is no break to snooze."


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
    # not at once: a short grace first, so the break does not land on the user's last click
    assert rig.windows.windows == []
    assert rig.wakeup.armed_at == rig.clock.now() + timedelta(seconds=10)
    rig.wakeup.fire()
    assert rig.windows.windows, "the held break must not be dropped"
    assert rig.controller.status().state == "in-break"


def test_do_not_disturb_on_at_the_warning_time_means_no_notice(qtbot: QtBot) -> None:
    # With idle detection on, the wake-up reads the idle time, which lets the planner's time
    # pass: the warning went out before the desktop's do-not-disturb was asked (issue 13).
    rig = Rig(qtbot, idle=FakeIdle(1.0))
    rig.dnd.reasons = ("desktop do-not-disturb",)
    rig.wakeup.fire()  # the warning's time
    assert rig.notifier.notices == []
    assert rig.controller.status().hold_reasons == ("desktop do-not-disturb",)
    rig.wakeup.fire()  # the break's time: held, no window either
    assert rig.notifier.notices == []
    assert rig.windows.windows == []
    assert rig.controller.status().state == "held"


def test_an_idle_reading_after_a_late_wakeup_asks_do_not_disturb_first(qtbot: QtBot) -> None:
    rig = Rig(qtbot, idle=FakeIdle(1.0))
    warning_at = rig.wakeup.armed_at
    assert warning_at is not None
    rig.dnd.reasons = ("fullscreen window",)
    rig.clock.advance(warning_at - rig.clock.now() + timedelta(seconds=1))
    rig.controller._on_idle_poll_timeout()  # the idle poll comes before the late wake-up
    assert rig.notifier.notices == []
    assert rig.controller.status().hold_reasons == ("fullscreen window",)


# ---------------------------------------------------------------- a warning that no longer holds
def test_the_warning_is_withdrawn_when_the_break_starts(rig: Rig) -> None:
    rig.wakeup.fire()
    assert rig.notifier.notices[-1].summary == "Stretch break in 1 min"
    assert rig.notifier.withdrawn == []  # it still holds until the break
    rig.wakeup.fire()
    assert rig.windows.windows
    assert rig.notifier.withdrawn == ["break"]
    assert rig.notifier.notices[-1].tag == "break"


@pytest.mark.parametrize(
    "act",
    [
        lambda c: c.snooze(),
        lambda c: c.skip(),
        lambda c: c.on_notification_action("snooze"),
        lambda c: c.on_notification_action("start"),
        lambda c: c.pause("indefinitely"),
        lambda c: c.pause("duration", 600),
    ],
    ids=["snooze", "skip", "snooze-button", "start-button", "pause", "pause-10-min"],
)
def test_the_warning_is_withdrawn_when_the_user_acts_before_the_break(
    rig: Rig, act: Callable[[Controller], object]
) -> None:
    rig.wakeup.fire()
    assert rig.notifier.withdrawn == []
    act(rig.controller)
    assert rig.notifier.withdrawn == ["break"]


def test_the_warning_is_withdrawn_when_do_not_disturb_holds_the_break(rig: Rig) -> None:
    rig.wakeup.fire()
    rig.dnd.reasons = ("fullscreen window",)
    rig.controller._on_hold_poll_timeout()  # before the break's time
    assert rig.notifier.withdrawn == ["break"]
    rig.wakeup.fire()
    assert rig.windows.windows == []


def test_nothing_is_withdrawn_without_a_warning_and_only_once(rig: Rig) -> None:
    rig.controller.snooze()
    rig.controller.skip()
    assert rig.notifier.withdrawn == []
    rig.wakeup.fire()
    rig.controller.snooze()
    rig.controller.pause("indefinitely")
    assert rig.notifier.withdrawn == ["break"]


def test_quitting_withdraws_the_warning(rig: Rig) -> None:
    rig.wakeup.fire()
    rig.controller.shutdown()
    assert rig.notifier.withdrawn == ["break"]


def test_new_preferences_apply_at_once(rig: Rig) -> None:
    prefs = replace(MICRO, breaks=Breaks(interval_minutes=10))
    rig.controller.apply_preferences(prefs)
    assert rig.controller.status().seconds_to_next_break == 10 * 60
    due = (rig.clock.now() + timedelta(minutes=10)).astimezone(rig.clock.local_zone())
    assert rig.state.tooltip == "DeskStretch: Next break at " + f"{due:%H:%M}"


def test_shutdown_stops_the_wakeup(rig: Rig) -> None:
    rig.controller.shutdown()
    assert rig.wakeup.is_shut_down


def test_after_a_resume_the_wakeup_is_armed_afresh(qtbot: QtBot) -> None:
    # A timer armed before a suspend does not count the time asleep (monotonic clocks stop),
    # so the controller must arm again even when the planner's deadline did not move.
    prefs = replace(MICRO, idle=Idle(natural_break_minutes=0))  # sleep credits nothing
    rig = Rig(qtbot, prefs)
    armed, count = rig.wakeup.armed_at, rig.wakeup.arm_count
    rig.clock.advance(5)
    rig.controller.on_resumed_from_sleep(5)
    assert rig.wakeup.armed_at == armed  # the same deadline...
    assert rig.wakeup.arm_count == count + 1  # ...armed again


# ---------------------------------------------------------------- micro-breaks and reminders (#17)
@pytest.fixture
def micro_rig(qtbot: QtBot) -> Rig:
    return Rig(qtbot, MICRO)


def test_tray_names_the_next_micro_break_too(micro_rig: Rig) -> None:
    state = micro_rig.state
    assert state.tooltip == f"DeskStretch: {state.next_line}\n{state.micro_line}"
    assert micro_rig.state.micro_line.startswith("Next micro-break at ")
    assert micro_rig.menu.micro_line_action.isVisible()
    assert micro_rig.state.skip_label == "Skip next micro-break"


def test_a_micro_break_shows_the_panel_and_its_end_is_counted(micro_rig: Rig) -> None:
    micro_rig.wakeup.fire()  # 20 minutes in: the first micro-break
    assert micro_rig.controller.status().micro_on_screen
    panel = micro_rig.micro.panels[-1]
    assert panel.cue_id == "look-far"
    assert panel.seconds == pytest.approx(20)
    assert micro_rig.windows.windows == []  # not the stretch window
    assert micro_rig.state.skip_label == "Skip this micro-break"
    micro_rig.clock.advance(20)
    panel.end("done")
    status = micro_rig.controller.status()
    assert not status.micro_on_screen
    assert status.today.micro_done == 1
    # The stretch break still comes on time, 30 minutes after the start.
    assert status.next_break is not None
    assert status.next_break == micro_rig.clock.now() + timedelta(minutes=10) - timedelta(
        seconds=20
    )


def test_clicking_the_panel_away_counts_as_skipped(micro_rig: Rig) -> None:
    micro_rig.wakeup.fire()
    micro_rig.clock.advance(3)
    micro_rig.micro.panels[-1].end("skipped")
    assert micro_rig.controller.status().today.micro_skipped == 1


def test_a_stretch_break_closes_the_micro_panel(micro_rig: Rig) -> None:
    micro_rig.wakeup.fire()
    panel = micro_rig.micro.panels[-1]
    micro_rig.controller.stretch_now()
    assert panel.closed
    assert micro_rig.windows.windows[-1].started
    assert micro_rig.controller.micro_panel is None


def test_micro_ipc_now_and_skip_say_what_happened(micro_rig: Rig) -> None:
    reply = micro_rig.controller.handle_request(Request("micro", {"action": "now"}))
    assert reply == {"message": "Micro-break started on screen: Look far away.", "done": True}
    refused = micro_rig.controller.handle_request(Request("micro", {"action": "now"}))
    assert refused["done"] is False
    reply = micro_rig.controller.handle_request(Request("micro", {"action": "skip"}))
    assert reply["message"].startswith("The micro-break on screen ended, counted as skipped.")
    assert micro_rig.micro.panels[-1].closed
    reply = micro_rig.controller.handle_request(Request("micro", {"action": "skip"}))
    assert reply["message"].startswith("Skipped the next micro-break. Next micro-break at ")


def test_status_json_reports_the_next_micro_break_and_how_it_shows(micro_rig: Rig) -> None:
    data = micro_rig.controller.status_json()
    assert data["seconds_to_next_micro_break"] == 20 * 60
    assert data["next_micro_break"] is not None
    assert data["micro_shown_as"] == "panel"


def test_where_a_panel_would_take_focus_the_cue_is_a_notification(qtbot: QtBot) -> None:
    clock = FakeClock()
    wakeup = FakeWakeup(clock)
    notifier = RecordingNotifier()
    micro = MicroRecorder()
    menu = ControlsMenu()
    qtbot.addWidget(menu)
    services = Services(
        clock=clock,
        wakeup=wakeup,
        notifier=notifier,
        micro_factory=micro,
        micro_as_notification=True,
    )
    controller = Controller(services, Preferences(), load_catalogue(), menu)
    controller.start()
    wakeup.fire()
    assert micro.panels == []
    notice = notifier.notices[-1]
    assert notice.summary == "Look far away"
    assert "6 m" in notice.body or "20 feet" in notice.body
    assert notice.timeout_ms == 20_000
    assert controller.status_json()["micro_shown_as"] == "notification"


def test_a_reminder_goes_out_as_a_notification(qtbot: QtBot) -> None:
    from deskstretch.settings.model import Reminder

    prefs = Preferences(micro=Micro(enabled=False), reminders=(Reminder("Drink some water", 10),))
    rig = Rig(qtbot, prefs)
    started = rig.clock.now()
    rig.wakeup.fire()
    assert rig.clock.now() - started == timedelta(minutes=10)
    notice = rig.notifier.notices[-1]
    assert (notice.summary, notice.body) == ("Reminder", "Drink some water")


# ---------------------------------------------------------------- the record (#15)
def history_rig(qtbot: QtBot, history: MemoryHistory | None = None) -> tuple[Rig, MemoryHistory]:
    history = history or MemoryHistory()
    return Rig(qtbot, STRETCH_ONLY, history), history


def breaks(history: MemoryHistory) -> list[BreakRecord]:
    return [r for r in history.kept if isinstance(r, BreakRecord)]


def test_a_finished_break_is_recorded_with_its_stretches(qtbot: QtBot) -> None:
    rig, history = history_rig(qtbot)
    rig.wakeup.fire()  # the warning
    assert history.opened == 0  # not opened at start, nor for a warning
    rig.wakeup.fire()  # the break
    assert history.opened == 1
    due = rig.clock.now()
    rig.clock.advance(190)
    rig.windows.windows[-1].finish("completed")
    (record,) = breaks(history)
    assert (record.due, record.end, record.reason) == (due, "completed", "scheduled")
    assert [s.stretch_id for s in record.stretches] == ["hip-flexor"]
    assert record.ended == rig.clock.now()
    rig.controller.shutdown()
    assert history.closed


def test_a_window_closed_early_is_recorded_as_closed_and_a_cli_skip_as_skipped(
    qtbot: QtBot,
) -> None:
    rig, history = history_rig(qtbot)
    rig.controller.stretch_now("camel")
    window = rig.windows.windows[-1]
    window.early = True
    window.finish("skipped")
    rig.controller.stretch_now("camel")
    rig.controller.skip()
    assert [r.end for r in breaks(history)] == ["closed", "skipped"]


def test_a_stretch_that_hurt_twice_leaves_the_rotation_and_the_user_is_told(qtbot: QtBot) -> None:
    rig, _ = history_rig(qtbot)
    hurt = StretchDone("hip-flexor", 1, 5, 2, "hold", "stopped")
    for _ in range(2):
        rig.controller.stretch_now("hip-flexor")
        window = rig.windows.windows[-1]
        window.done = (hurt,)
        window.finish("stopped")
    assert "hip-flexor" in rig.controller.current_benched()
    told = rig.notifier.notices[-1].body
    assert told.startswith("Hip flexor stretch is out of your breaks for now")
    assert "Preferences" in told
    assert "hip-flexor" not in rig.controller.planner.rules.stretch_order
    # Put back: it returns to the rotation.
    rig.clock.advance(60)
    rig.controller.restore_stretch("hip-flexor")
    assert rig.controller.current_benched() == {}
    assert rig.controller.planner.rules.stretch_order[0] == "hip-flexor"


def test_a_stretch_benched_long_ago_stays_out_until_it_is_put_back(qtbot: QtBot) -> None:
    history = MemoryHistory()
    long_ago = FakeClock().now() - timedelta(days=40)
    hurt = StretchDone("hip-flexor", 1, 5, 2, "hold", "stopped")
    for days in (0, 3):  # two stops three days apart, five weeks ago
        at = long_ago + timedelta(days=days)
        day = at.astimezone(FakeClock().local_zone()).date()
        history.kept.append(BreakRecord(at, day, None, at, "user", "stopped", False, (hurt,)))
    rig, _ = history_rig(qtbot, history)
    rig.wakeup.fire()
    rig.wakeup.fire()  # the first scheduled break: hip flexor in rotation, but benched
    assert "hip-flexor" not in [s.id for s in rig.windows.windows[-1].stretches]
    assert "hip-flexor" in rig.controller.current_benched()


def test_the_flexibility_check_is_offered_every_fourteen_days_once(qtbot: QtBot) -> None:
    history = MemoryHistory()
    clock_day = FakeClock().local().date()
    history.kept.append(FlexCheck(FakeClock().now(), clock_day - timedelta(days=20), "knees"))
    rig, _ = history_rig(qtbot, history)
    rig.wakeup.fire()
    rig.wakeup.fire()
    window = rig.windows.windows[-1]
    assert [s.id for s in window.stretches] == ["toe-touch-check"]
    rig.clock.advance(70)
    window.finish("completed")
    rig.wakeup.fire()
    rig.wakeup.fire()
    # Once: the next break is from the rotation again.
    assert [s.id for s in rig.windows.windows[-1].stretches] != ["toe-touch-check"]


def test_a_new_user_gets_the_stretches_first_not_the_check(qtbot: QtBot) -> None:
    rig, _ = history_rig(qtbot)
    rig.wakeup.fire()
    rig.wakeup.fire()
    assert [s.id for s in rig.windows.windows[-1].stretches] == ["hip-flexor"]


def test_the_finish_note_counts_the_break_on_screen(qtbot: QtBot) -> None:
    rig, _ = history_rig(qtbot)
    rig.controller.stretch_now("camel")
    rig.windows.windows[-1].finish("completed")
    rig.controller.stretch_now("camel")
    assert rig.controller._finish_note() == "Break 2 today."


def test_the_flexibility_answer_is_recorded(qtbot: QtBot) -> None:
    rig, history = history_rig(qtbot)
    rig.controller.on_flex_answered("ankles")
    rig.controller.on_flex_answered("elbows")  # not a level: ignored
    assert [r.level for r in history.kept if isinstance(r, FlexCheck)] == ["ankles"]
