"""A break that falls due while nobody is at the computer waits for them (issue 13).

Before, a user idle for about a minute when the break fell due got a whole break run for an
empty chair, counted as taken. Fake clock; the idle time is read at every wake-up as the
controller reads it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from deskstretch.core.events import BreakStarted, BreakWarning
from deskstretch.core.planner import AWAY_AT_DUE, AWAY_HOLD, MIN_ABSENCE
from deskstretch.core.rules import Rules
from tests.helpers.fake_wakeup import PlannerRig

BERLIN = ZoneInfo("Europe/Berlin")
MON_9 = datetime(2026, 3, 2, 9, 0, tzinfo=BERLIN)  # due at 9:30, warning at 9:29
RULES = Rules(stretch_order=("a", "b"))


class Desk:
    """Who is at the computer: the time of the last input, moved by the test."""

    def __init__(self, last_input: datetime) -> None:
        self.last_input = last_input

    def idle(self, now: datetime) -> float:
        return max(0.0, (now - self.last_input).total_seconds())


def rig_with(desk: Desk) -> PlannerRig:
    return PlannerRig(RULES, MON_9, auto_finish=False, idle=desk.idle)


def at(r: PlannerRig, minute: int, second: int = 0) -> datetime:
    return r.local(2026, 3, 2, 9, minute, second)


def test_someone_typing_at_due_time_gets_the_break_on_time() -> None:
    desk = Desk(MON_9)
    r = rig_with(desk)
    desk.last_input = at(r, 29, 59)
    r.run_until(at(r, 30, 1))
    assert r.starts() == [at(r, 30)]


def test_idle_for_forty_seconds_at_due_time_the_break_waits_and_says_why() -> None:
    desk = Desk(MON_9)
    r = rig_with(desk)
    desk.last_input = at(r, 29, 20)  # 40 s before the break is due
    r.run_until(at(r, 30, 30))
    assert r.starts() == []
    status = r.planner.status(r.clock.now())
    assert status.state == "held"
    assert status.hold_reasons == (AWAY_HOLD,)
    assert r.planner.waiting_for_user
    # Nothing is armed for the waiting break: it comes with the user, not on a timer.
    deadline = r.planner.next_deadline()
    assert deadline is None or deadline > r.clock.now() + timedelta(minutes=5)


def test_the_waiting_break_comes_shortly_after_the_user_is_back_with_a_fresh_notice() -> None:
    desk = Desk(MON_9)
    r = rig_with(desk)
    desk.last_input = at(r, 29, 20)
    r.run_until(at(r, 30, 20))  # idle 60 s: an absence has begun, the break still waits
    assert r.starts() == []
    desk.last_input = at(r, 30, 25)  # back at the keyboard
    r.clock.advance(timedelta(seconds=6))
    r.do("user_idle", desk.idle(r.clock.now()))
    assert not r.planner.waiting_for_user
    r.run_until(at(r, 32))
    starts = r.starts()
    assert len(starts) == 1
    assert at(r, 30, 25) < starts[0] <= at(r, 31, 30)
    warnings = [t for t, _e in r.events_of(BreakWarning)]
    assert warnings[-1] >= at(r, 30, 25)  # told again once they are back
    assert warnings[-1] <= starts[0]


def test_an_absence_that_grows_into_a_natural_break_replaces_the_waiting_break() -> None:
    desk = Desk(MON_9)
    r = rig_with(desk)
    desk.last_input = at(r, 29, 20)
    r.run_until(at(r, 30, 5))
    assert r.planner.waiting_for_user
    # Away for ten minutes (longer than a natural break), read every few seconds as the app does.
    while r.clock.now() < at(r, 40):
        r.clock.advance(r.planner.idle_poll_interval() or timedelta(seconds=20))
        r.do("user_idle", desk.idle(r.clock.now()))
    desk.last_input = at(r, 40)
    r.clock.advance(timedelta(seconds=2))
    r.do("user_idle", desk.idle(r.clock.now()))
    r.run_until(at(r, 45))
    assert r.starts() == []  # the time away was the break
    assert r.planner.status(r.clock.now()).state == "active"
    next_break = r.planner.status(r.clock.now()).next_break
    assert next_break is not None
    assert next_break >= at(r, 40) + RULES.interval


def test_unreadable_idle_time_does_not_keep_a_break_waiting_for_ever() -> None:
    desk = Desk(MON_9)
    r = rig_with(desk)
    desk.last_input = at(r, 29, 20)
    r.run_until(at(r, 30, 5))
    assert r.planner.waiting_for_user
    r.idle = None
    r.do("user_idle", None)
    r.run_until(at(r, 31))
    assert len(r.starts()) == 1


def test_a_waiting_break_is_polled_for_often_where_idle_time_is_not_an_event() -> None:
    desk = Desk(MON_9)
    r = rig_with(desk)
    before = r.planner.idle_poll_interval()
    desk.last_input = at(r, 29, 20)
    r.run_until(at(r, 30, 5))
    waiting = r.planner.idle_poll_interval()
    assert before is not None
    assert waiting is not None
    assert waiting < before


def test_thresholds_worth_an_event_cover_the_wait_the_absence_and_the_natural_break() -> None:
    desk = Desk(MON_9)
    r = rig_with(desk)
    marks = r.planner.idle_thresholds()
    assert marks == tuple(sorted({AWAY_AT_DUE, MIN_ABSENCE, RULES.natural_break}))


def test_a_started_break_clears_the_wait() -> None:
    desk = Desk(MON_9)
    r = rig_with(desk)
    desk.last_input = at(r, 29, 20)
    r.run_until(at(r, 30, 5))
    assert r.planner.waiting_for_user
    events = r.do("take_break_now")
    assert any(isinstance(e, BreakStarted) for e in events)
    assert not r.planner.waiting_for_user


def test_with_natural_breaks_off_idle_time_plays_no_part_and_the_break_comes_on_time() -> None:
    from dataclasses import replace

    desk = Desk(MON_9)
    r = PlannerRig(
        replace(RULES, natural_break=timedelta(0)), MON_9, auto_finish=False, idle=desk.idle
    )
    assert r.planner.idle_thresholds() == ()
    desk.last_input = at(r, 29, 20)
    r.run_until(at(r, 30, 1))
    assert r.starts() == [at(r, 30)]
