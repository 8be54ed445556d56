"""Breaks never take the keyboard mid-sentence, and idle time comes as events (issue 13).

A scheduled break that falls due while the user types waits for the first pause in typing
(at most a minute); a break the user asks for opens at once. Where the desktop reports idle
time as events, nothing polls it. Fake clock and wake-up; the idle time is set by the test.
"""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from deskstretch.core.opening import LONGEST_WAIT, PAUSE_BEFORE_OPENING
from deskstretch.core.planner import AWAY_AT_DUE, MIN_ABSENCE
from tests.app.test_controller import Rig
from tests.helpers.recording import FakeIdle, FakeIdleEvents

LOOK_TIMEOUT_MS = 10_000  # the waiting window looks again after at most PAUSE_BEFORE_OPENING


def fire_to_the_break(rig: Rig) -> None:
    rig.wakeup.fire()  # the warning
    rig.wakeup.fire()  # the break falls due


def test_a_break_due_while_the_user_types_opens_at_the_first_pause(qtbot: QtBot) -> None:
    idle = FakeIdle(0.3)
    rig = Rig(qtbot, idle=idle)
    fire_to_the_break(rig)
    assert rig.windows.windows == []  # keys are flowing: nothing pops up under them
    assert rig.controller.status_json()["window_waits_for_pause"] is True
    waiting = rig.notifier.notices[-1]
    assert "pause typing" in waiting.body
    rig.clock.advance(5)
    idle.seconds = PAUSE_BEFORE_OPENING + 0.2  # the user stops typing
    qtbot.waitUntil(lambda: bool(rig.windows.windows), timeout=LOOK_TIMEOUT_MS)
    assert rig.windows.windows[-1].started
    assert rig.controller.status_json()["window_waits_for_pause"] is False
    assert "break" in rig.notifier.withdrawn  # the "opens when you pause" notice is gone


def test_a_user_who_never_stops_typing_gets_the_window_after_a_minute(qtbot: QtBot) -> None:
    idle = FakeIdle(0.0)
    rig = Rig(qtbot, idle=idle)
    fire_to_the_break(rig)
    assert rig.windows.windows == []
    rig.clock.advance(LONGEST_WAIT + 1)
    qtbot.waitUntil(lambda: bool(rig.windows.windows), timeout=LOOK_TIMEOUT_MS)
    assert rig.windows.windows[-1].started


def test_a_break_due_during_a_pause_opens_at_once(qtbot: QtBot) -> None:
    rig = Rig(qtbot, idle=FakeIdle(PAUSE_BEFORE_OPENING + 1))
    fire_to_the_break(rig)
    assert rig.windows.windows
    assert rig.windows.windows[-1].started


def test_stretch_now_opens_at_once_even_while_typing(qtbot: QtBot) -> None:
    rig = Rig(qtbot, idle=FakeIdle(0.0))
    rig.controller.stretch_now()
    assert rig.windows.windows
    assert rig.windows.windows[-1].started


def test_skipping_a_waiting_break_means_its_window_never_opens(qtbot: QtBot) -> None:
    idle = FakeIdle(0.0)
    rig = Rig(qtbot, idle=idle)
    fire_to_the_break(rig)
    rig.controller.skip()
    assert rig.controller.status().state == "active"
    idle.seconds = 10.0
    rig.clock.advance(LONGEST_WAIT + 1)
    qtbot.wait(int(PAUSE_BEFORE_OPENING * 1000) + 300)  # past the time it would look again
    assert rig.windows.windows == []
    assert rig.controller.status().today.skipped == 1


def test_idle_events_replace_polling_with_the_thresholds_that_matter(qtbot: QtBot) -> None:
    idle = FakeIdleEvents(0.0)
    rig = Rig(qtbot, idle=idle)
    natural = rig.controller.prefs.idle.natural_break_minutes * 60.0
    assert idle.thresholds == tuple(
        sorted({AWAY_AT_DUE.total_seconds(), MIN_ABSENCE.total_seconds(), natural})
    )
    assert not rig.controller._idle_poll.isActive()
    assert rig.controller.status_json()["idle_events"] is True
    # While a break waits for a pause in typing, a short threshold is asked for, then dropped.
    fire_to_the_break(rig)
    assert idle.thresholds is not None
    assert PAUSE_BEFORE_OPENING in idle.thresholds
    rig.clock.advance(3)
    idle.changed(PAUSE_BEFORE_OPENING)  # the desktop reports the pause
    assert rig.windows.windows  # opened on the event, no polling needed
    assert PAUSE_BEFORE_OPENING not in idle.thresholds


def test_an_idle_event_tells_the_planner_the_user_went_away_and_came_back(qtbot: QtBot) -> None:
    idle = FakeIdleEvents(0.0)
    rig = Rig(qtbot, idle=idle)
    due = rig.controller.status().next_break
    assert due is not None
    rig.clock.advance(5 * 60)
    idle.changed(MIN_ABSENCE.total_seconds())  # away for a minute: the break moves on with it
    rig.clock.advance(4 * 60)
    idle.changed(0.0)  # back after five minutes: a natural break
    status = rig.controller.status()
    assert status.next_break == rig.clock.now() + timedelta(minutes=30)


def test_where_events_cannot_be_had_the_idle_time_is_polled(qtbot: QtBot) -> None:
    idle = FakeIdleEvents(0.0, works=False)
    rig = Rig(qtbot, idle=idle)
    assert idle.watch_calls >= 1
    assert rig.controller._idle_poll.isActive()
    assert rig.controller.status_json()["idle_events"] is False


def test_quitting_stops_the_idle_events(qtbot: QtBot) -> None:
    idle = FakeIdleEvents(0.0)
    rig = Rig(qtbot, idle=idle)
    rig.controller.shutdown()
    assert idle.thresholds is None


def test_with_an_outside_minute_the_controller_keeps_no_minute_timer(qtbot: QtBot) -> None:
    from dataclasses import replace as replace_services

    rig = Rig(qtbot)
    assert rig.controller._minute.isActive()
    services = replace_services(rig.controller.services, minute_from_outside=True)
    from deskstretch.app.controller import Controller
    from deskstretch.catalogue.loader import load_catalogue

    outside = Controller(services, rig.controller.prefs, load_catalogue(), rig.menu)
    view = type(rig.view)()
    outside.add_view(view)
    outside.start()
    assert not outside._minute.isActive()
    with qtbot.waitSignal(outside.rendered, timeout=1000):
        outside.on_minute()  # the heartbeat: times shown relative to today move on
    assert view.states[-1].next_line.startswith("Next break at ")
    outside.shutdown()
