"""Unit tests for each planner rule (issue 3), on a fake clock and a fake wake-up."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from deskstretch.core.events import (
    BreakEnded,
    BreakSkipped,
    BreakStarted,
    BreakWarning,
    Refused,
    Snoozed,
    StateChanged,
)
from deskstretch.core.outcome import as_outcome
from deskstretch.core.planner import Planner
from deskstretch.core.rules import Rules
from tests.helpers.fake_wakeup import PlannerRig

BERLIN = ZoneInfo("Europe/Berlin")
MON_9 = datetime(2026, 3, 2, 9, 0, tzinfo=BERLIN)  # a Monday
RULES = Rules(stretch_order=("a", "b", "c", "d"))
MIN = timedelta(minutes=1)


def rig(rules: Rules = RULES, start: datetime = MON_9, **kw: Any) -> PlannerRig:
    return PlannerRig(rules, start, **kw)


def hm(r: PlannerRig, hour: int, minute: int, second: int = 0, day: int = 2) -> datetime:
    return r.local(2026, 3, day, hour, minute, second)


# ---------------------------------------------------------------- interval, warning, long breaks
def test_first_break_comes_one_interval_after_start_with_a_warning_at_lead_time() -> None:
    r = rig()
    r.run_until(hm(r, 9, 31))
    warnings = r.events_of(BreakWarning)
    assert [t for t, _ in warnings] == [hm(r, 9, 29)]
    assert warnings[0][1].break_at == hm(r, 9, 30)
    assert r.starts() == [hm(r, 9, 30)]
    assert r.planner.status(r.clock.now()).state == "in-break"


def test_the_interval_counts_from_the_end_of_the_last_break() -> None:
    r = rig(break_length=timedelta(minutes=7))
    r.run_until(hm(r, 10, 10))
    assert r.local_starts(MON_9.date()) == ["09:30", "10:07"]


def test_nothing_else_is_due_while_a_break_window_is_open() -> None:
    r = rig(auto_finish=False)
    r.run_until(hm(r, 12, 0))
    assert r.starts() == [hm(r, 9, 30)]
    assert r.planner.next_deadline() is None
    events = r.do("break_finished", "stopped")
    assert BreakEnded("stopped") in events
    assert r.planner.status(r.clock.now()).next_break == hm(r, 12, 30)


def test_every_third_break_is_long_and_stretches_rotate_round_robin() -> None:
    r = rig(replace(RULES, long_count=3))
    r.run_until(hm(r, 11, 10))
    started = [e for _, e in r.events_of(BreakStarted)]
    assert [e.long for e in started] == [False, False, True, False]
    assert [e.stretch_ids for e in started] == [
        ("a",),
        ("b",),
        ("c", "d", "a"),
        ("b",),
    ]


def test_long_every_zero_means_never_long() -> None:
    r = rig(replace(RULES, long_every=0))
    r.run_until(hm(r, 13, 0))
    assert not any(e.long for _, e in r.events_of(BreakStarted))


def test_no_warning_when_lead_is_zero() -> None:
    r = rig(replace(RULES, lead=timedelta(0)))
    r.run_until(hm(r, 9, 31))
    assert r.events_of(BreakWarning) == []
    assert r.starts() == [hm(r, 9, 30)]


# ---------------------------------------------------------------- snooze and skip
def test_snooze_puts_the_break_off_and_runs_out_after_max_snoozes() -> None:
    r = rig(replace(RULES, max_snoozes=2))
    r.run_until(hm(r, 9, 29))
    events = r.do("snooze")
    assert Snoozed(hm(r, 9, 35), 1) in events
    r.run_until(hm(r, 9, 34))
    assert r.events_of(BreakWarning)[-1][1].can_snooze
    assert Snoozed(hm(r, 9, 40), 0) in r.do("snooze")
    r.run_until(hm(r, 9, 39))
    assert not r.events_of(BreakWarning)[-1][1].can_snooze
    refused = [e for e in r.do("snooze") if isinstance(e, Refused)]
    assert refused
    assert "No snoozes left" in refused[0].reason
    r.run_until(hm(r, 9, 41))
    assert r.starts() == [hm(r, 9, 40)]
    assert r.planner.status(r.clock.now()).today.snoozed == 2
    # a new break gets a fresh set of snoozes
    r.run_until(hm(r, 9, 45))
    assert r.planner.status(r.clock.now()).snoozes_left == 2


def test_skip_counts_as_skipped_and_restarts_the_interval() -> None:
    r = rig()
    r.run_until(hm(r, 9, 29))
    events = r.do("skip")
    assert BreakSkipped() in events
    status = r.planner.status(r.clock.now())
    assert status.today.skipped == 1
    assert status.next_break == hm(r, 9, 59)
    r.run_until(hm(r, 10, 0))
    assert r.starts() == [hm(r, 9, 59)]


def test_skip_during_a_break_ends_it_as_skipped_and_restarts_the_interval() -> None:
    r = rig(auto_finish=False)
    r.run_until(hm(r, 9, 32))
    assert r.planner.status(r.clock.now()).state == "in-break"
    events = r.do("skip")
    assert BreakEnded("skipped") in events
    status = r.planner.status(r.clock.now())
    assert status.state == "active"
    assert (status.today.taken, status.today.skipped) == (0, 1)
    assert status.next_break == hm(r, 10, 2)
    # the window's own report that follows changes nothing
    assert BreakEnded("skipped") not in r.do("break_finished", "skipped")
    assert r.planner.status(r.clock.now()).today.skipped == 1


def test_pause_during_a_break_ends_it_as_skipped_and_pauses() -> None:
    r = rig(auto_finish=False)
    r.run_until(hm(r, 9, 31))
    events = r.do("pause", hm(r, 10, 1))
    assert BreakEnded("skipped") in events
    status = r.planner.status(r.clock.now())
    assert status.state == "paused"
    assert status.paused_until == hm(r, 10, 1)
    assert status.today.skipped == 1
    r.run_until(hm(r, 10, 30))
    assert r.starts() == [hm(r, 9, 30)]  # nothing while paused, and the interval restarts at 10:01
    r.run_until(hm(r, 10, 32))
    assert r.starts() == [hm(r, 9, 30), hm(r, 10, 31)]


def test_snooze_during_a_break_is_refused_with_a_reason() -> None:
    r = rig(auto_finish=False)
    r.run_until(hm(r, 9, 31))
    refused = [e for e in r.do("snooze") if isinstance(e, Refused)]
    assert refused
    assert "on screen" in refused[0].reason
    assert r.planner.status(r.clock.now()).state == "in-break"


def test_snooze_and_skip_are_refused_with_a_reason_while_paused() -> None:
    r = rig()
    r.do("pause", None)
    for intent in ("snooze", "skip"):
        refused = [e for e in r.do(intent) if isinstance(e, Refused)]
        assert refused
        assert "paused" in refused[0].reason


# ---------------------------------------------------------------- user-started stretches
def test_a_stretch_started_by_the_user_resets_the_timer() -> None:
    r = rig()
    r.run_until(hm(r, 9, 20))
    events = r.do("take_break_now")
    assert BreakStarted(False, ("a",), "user") in events
    r.run_until(hm(r, 9, 55))
    assert r.starts() == [hm(r, 9, 20), hm(r, 9, 52)]  # 30 min after the 9:22 end


def test_a_chosen_stretch_does_not_move_the_rotation() -> None:
    r = rig()
    r.do("take_break_now", ("d",))
    r.run_until(hm(r, 9, 33))
    r.run_until(hm(r, 9, 33))
    ids = [e.stretch_ids for _, e in r.events_of(BreakStarted)]
    assert ids == [("d",), ("a",)]


def test_taking_a_break_while_one_is_on_screen_is_refused() -> None:
    r = rig(auto_finish=False)
    r.do("take_break_now")
    assert any(isinstance(e, Refused) for e in r.do("take_break_now"))


# ---------------------------------------------------------------- pauses
def test_pause_for_a_duration_holds_breaks_and_resumes_with_a_fresh_interval() -> None:
    r = rig()
    r.run_until(hm(r, 9, 10))
    events = r.do("pause", hm(r, 10, 0))
    status = r.planner.status(r.clock.now())
    assert status.state == "paused"
    assert status.paused_until == hm(r, 10, 0)
    assert any(isinstance(e, StateChanged) for e in events)
    r.run_until(hm(r, 10, 29))
    assert r.starts() == []
    assert r.planner.status(r.clock.now()).state == "active"
    r.run_until(hm(r, 10, 31))
    assert r.starts() == [hm(r, 10, 30)]


def test_pause_until_resumed_has_no_deadline_and_resume_restarts_the_interval() -> None:
    r = rig()
    r.do("pause", None)
    assert r.planner.next_deadline() is None
    assert r.planner.status(r.clock.now()).paused_indefinitely
    r.run_until(hm(r, 14, 0))
    r.do("resume")
    assert r.planner.status(r.clock.now()).next_break == hm(r, 14, 30)


def test_pause_until_tomorrow_without_schedule_ends_at_local_midnight() -> None:
    r = rig()
    r.do("pause_until_tomorrow")
    assert r.planner.status(r.clock.now()).paused_until == r.local(2026, 3, 3, 0, 0)


def test_pause_until_tomorrow_with_schedule_ends_at_the_next_workday_start() -> None:
    friday = datetime(2026, 3, 6, 15, 0, tzinfo=BERLIN)
    r = rig(replace(RULES, schedule_enabled=True), start=friday)
    r.do("pause_until_tomorrow")
    assert r.planner.status(r.clock.now()).paused_until == r.local(2026, 3, 9, 9, 0)
    r.run_until(r.local(2026, 3, 9, 9, 31))
    assert r.starts() == [r.local(2026, 3, 9, 9, 30)]


def test_a_pause_that_is_already_over_is_refused() -> None:
    r = rig()
    assert any(isinstance(e, Refused) for e in r.do("pause", hm(r, 8, 0)))
    assert r.planner.status(r.clock.now()).state == "active"


# ---------------------------------------------------------------- working hours
def test_no_break_outside_working_hours_and_the_first_is_one_interval_after_start() -> None:
    early = datetime(2026, 3, 2, 7, 0, tzinfo=BERLIN)
    r = rig(replace(RULES, schedule_enabled=True), start=early)
    status = r.planner.status(r.clock.now())
    assert status.state == "off-hours"
    assert status.off_until == r.local(2026, 3, 2, 9, 0)
    assert status.next_break == r.local(2026, 3, 2, 9, 30)
    r.run_until(r.local(2026, 3, 2, 9, 31))
    assert r.starts() == [r.local(2026, 3, 2, 9, 30)]


def test_a_break_due_after_the_end_of_working_hours_is_dropped() -> None:
    r = rig(replace(RULES, schedule_enabled=True, end=time(10, 0)))
    r.run_until(r.local(2026, 3, 3, 9, 0))
    # 9:30 (ends 9:32), the next would be 10:02: after the end, so dropped
    assert r.local_starts(MON_9.date()) == ["09:30"]
    status = r.planner.status(hm(r, 10, 30))
    assert status.state == "off-hours"


def test_off_hours_over_the_weekend_says_off_until_monday_9() -> None:
    friday_evening = datetime(2026, 3, 6, 18, 0, tzinfo=BERLIN)
    r = rig(replace(RULES, schedule_enabled=True), start=friday_evening)
    status = r.planner.status(r.clock.now())
    assert status.off_until == r.local(2026, 3, 9, 9, 0)
    assert status.to_json()["state"] == "off-hours"
    r.run_until(r.local(2026, 3, 9, 9, 0))
    assert r.starts() == []


def test_working_hours_stay_local_across_the_dst_change() -> None:
    # Europe/Berlin springs forward on Sunday 2026-03-29.
    friday = datetime(2026, 3, 27, 8, 0, tzinfo=BERLIN)
    r = rig(replace(RULES, schedule_enabled=True), start=friday)
    r.run_until(r.local(2026, 3, 30, 9, 31))
    assert r.local_starts(friday.date())[0] == "09:30"
    assert r.local_starts(datetime(2026, 3, 30).date()) == ["09:30"]
    utc_starts = [t.astimezone(UTC).hour for t in r.starts()]
    assert utc_starts[0] == 8  # CET
    assert utc_starts[-1] == 7  # CEST


def test_working_hours_may_run_past_midnight() -> None:
    evening = datetime(2026, 3, 2, 21, 0, tzinfo=BERLIN)
    rules = replace(RULES, schedule_enabled=True, start=time(22, 0), end=time(2, 0))
    r = rig(rules, start=evening)
    r.run_until(r.local(2026, 3, 3, 3, 0))
    assert r.local_starts(datetime(2026, 3, 3).date())[-1] == "01:42"
    assert r.planner.status(r.clock.now()).state == "off-hours"


# ---------------------------------------------------------------- idle and natural breaks
def test_an_absence_of_natural_break_length_restarts_the_interval_on_return() -> None:
    r = rig()
    r.run_until(hm(r, 9, 20))
    r.away(hm(r, 9, 40))
    assert r.starts() == []
    assert r.planner.status(r.clock.now()).next_break == hm(r, 10, 10)
    r.run_until(hm(r, 10, 11))
    assert r.starts() == [hm(r, 10, 10)]


def test_a_short_absence_does_not_count_toward_the_interval() -> None:
    r = rig()
    r.run_until(hm(r, 9, 10))
    r.away(hm(r, 9, 13))  # three minutes: less than a natural break
    assert r.planner.status(r.clock.now()).next_break == hm(r, 9, 33)
    r.run_until(hm(r, 9, 34))
    assert r.starts() == [hm(r, 9, 33)]


def test_unreadable_idle_time_falls_back_to_wall_clock_and_says_so() -> None:
    r = rig()
    r.do("user_idle", 30.0)
    assert r.planner.status(r.clock.now()).idle_aware
    r.do("user_idle", None)
    assert not r.planner.status(r.clock.now()).idle_aware
    assert r.planner.status(r.clock.now()).to_json()["idle_aware"] is False


def test_natural_breaks_off_means_no_idle_polling() -> None:
    planner = Planner(replace(RULES, natural_break=timedelta(0)), MON_9, BERLIN)
    assert planner.idle_poll_interval() is None
    assert Planner(RULES, MON_9, BERLIN).idle_poll_interval() == timedelta(seconds=20)


# ---------------------------------------------------------------- sleep and clock jumps
def test_a_long_suspend_counts_as_a_break_and_nothing_comes_in_the_first_minute() -> None:
    r = rig()
    r.run_until(hm(r, 9, 20))
    r.sleep(hm(r, 11, 0))
    r.run_until(hm(r, 11, 31))
    assert r.starts() == [hm(r, 11, 30)]


def test_after_a_short_suspend_with_an_overdue_break_only_one_comes_a_minute_later() -> None:
    r = rig(replace(RULES, natural_break=timedelta(0)))
    r.run_until(hm(r, 9, 20))
    r.sleep(hm(r, 11, 0))
    r.run_until(hm(r, 11, 5))
    assert r.starts() == [hm(r, 11, 1)]


def test_a_wakeup_that_fires_late_before_anyone_reports_the_suspend_waits_a_minute() -> None:
    r = rig()
    r.run_until(hm(r, 9, 20))
    r.sleep(hm(r, 11, 0), tell=False)
    r.wakeup.fire()  # the timer catches up before the sleep watch reports
    assert r.starts() == []
    r.run_until(hm(r, 11, 0, 30))
    r.do("resumed_from_sleep", timedelta(minutes=100))
    r.run_until(hm(r, 11, 35))
    assert r.starts() == [hm(r, 11, 30, 30)]


def test_a_clock_set_forward_brings_at_most_one_break_not_in_the_first_minute() -> None:
    r = rig(replace(RULES, natural_break=timedelta(0)))
    r.run_until(hm(r, 9, 10))
    r.clock.jump(timedelta(hours=3))
    r.do("clock_jumped", timedelta(hours=3))
    r.run_until(hm(r, 12, 30))
    # time at the computer did not change: the break is still 20 min away
    assert r.starts() == [hm(r, 12, 30)]


def test_a_clock_set_back_does_not_delay_the_break() -> None:
    r = rig()
    r.run_until(hm(r, 9, 10))
    r.clock.jump(timedelta(hours=-1))
    r.do("clock_jumped", timedelta(hours=-1))
    r.run_until(hm(r, 8, 31))
    assert r.starts() == [hm(r, 8, 30)]


# ---------------------------------------------------------------- holds
def test_a_break_due_during_a_hold_waits_and_starts_shortly_after_release() -> None:
    r = rig()
    r.run_until(hm(r, 9, 0, 30))
    r.do("hold", "fullscreen")
    r.run_until(hm(r, 9, 45))
    assert r.starts() == []
    assert r.events_of(BreakWarning) == []
    status = r.planner.status(r.clock.now())
    assert status.state == "held"
    assert status.to_json()["hold_reason"] == "fullscreen"
    r.do("release", "fullscreen")
    r.run_until(hm(r, 9, 46))
    assert r.starts() == [hm(r, 9, 45, 10)]
    assert r.events_of(BreakStarted)[0][1].reason == "after-hold"


def test_a_break_waits_until_the_last_of_several_holds_is_released() -> None:
    r = rig()
    r.do("hold", "meeting")
    r.do("hold", "fullscreen")
    r.run_until(hm(r, 9, 40))
    r.do("release", "meeting")
    r.run_until(hm(r, 9, 50))
    assert r.starts() == []
    r.do("release", "fullscreen")
    r.run_until(hm(r, 9, 51))
    assert r.starts() == [hm(r, 9, 50, 10)]


def test_a_hold_that_ends_before_the_break_is_due_changes_nothing() -> None:
    r = rig()
    r.do("hold", "meeting")
    r.run_until(hm(r, 9, 15))
    r.do("release", "meeting")
    r.run_until(hm(r, 9, 31))
    assert r.starts() == [hm(r, 9, 30)]


# ---------------------------------------------------------------- status and rules
def test_status_json_has_the_documented_keys_with_local_offsets() -> None:
    r = rig()
    data = r.planner.status(r.clock.now()).to_json()
    for key in ("state", "next_break", "seconds_to_next_break", "paused_until", "hold_reason"):
        assert key in data
    assert data["next_break"] == "2026-03-02T09:30:00+01:00"
    assert data["seconds_to_next_break"] == 1800
    assert data["today"] == {
        "taken": 0,
        "skipped": 0,
        "snoozed": 0,
        "micro_done": 0,
        "micro_skipped": 0,
    }
    # Micro-breaks are off in these rules: none planned.
    assert data["next_micro_break"] is None
    assert data["seconds_to_next_micro_break"] is None


def test_todays_tally_counts_and_resets_at_local_midnight() -> None:
    r = rig()
    r.run_until(hm(r, 10, 5))
    r.do("skip")
    today = r.planner.status(r.clock.now()).today
    assert (today.taken, today.skipped) == (2, 1)
    assert r.planner.status(r.local(2026, 3, 3, 0, 1)).today.taken == 0


def test_new_rules_apply_to_the_running_interval() -> None:
    r = rig()
    r.run_until(hm(r, 9, 5))
    r.do("set_rules", replace(RULES, interval=timedelta(minutes=10)))
    r.run_until(hm(r, 9, 11))
    assert r.starts() == [hm(r, 9, 10)]


def test_next_deadline_is_never_in_the_past_after_advance() -> None:
    r = rig()
    r.run_until(hm(r, 11, 0))
    deadline = r.planner.next_deadline()
    assert deadline is not None
    assert deadline > r.clock.now()


def test_an_odd_outcome_from_the_window_still_ends_the_break() -> None:
    r = rig(auto_finish=False)
    r.do("take_break_now")
    events = r.do("break_finished", as_outcome("closed-by-window-manager"))
    assert BreakEnded("stopped") in events
    assert r.planner.status(r.clock.now()).state == "active"


def test_the_end_of_a_pause_is_reported_as_a_state_change() -> None:
    r = rig()
    r.do("pause", hm(r, 9, 30))
    r.run_until(hm(r, 9, 30))
    changed = [e for t, e in r.log if t == hm(r, 9, 30) and isinstance(e, StateChanged)]
    assert changed
    assert changed[-1].status.state == "active"
    assert changed[-1].status.next_break == hm(r, 10, 0)


def test_working_hours_stay_local_when_the_clocks_go_back() -> None:
    # Europe/Berlin falls back on Sunday 2026-10-25.
    friday = datetime(2026, 10, 23, 8, 0, tzinfo=BERLIN)
    r = rig(replace(RULES, schedule_enabled=True), start=friday)
    r.run_until(r.local(2026, 10, 24, 12, 0))
    status = r.planner.status(r.clock.now())
    assert status.to_json()["off_until"] == "2026-10-26T09:00:00+01:00"
    r.run_until(r.local(2026, 10, 26, 9, 31))
    assert r.local_starts(friday.date())[0] == "09:30"
    assert r.local_starts(datetime(2026, 10, 26).date()) == ["09:30"]
