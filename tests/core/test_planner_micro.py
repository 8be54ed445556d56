"""Micro-breaks and the user's reminders on the planner (issue 17), on a fake clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from deskstretch.core.events import (
    BreakSkipped,
    BreakStarted,
    MicroBreakEnded,
    MicroBreakSkipped,
    MicroBreakStarted,
    Refused,
    ReminderDue,
    Snoozed,
)
from deskstretch.core.planner import MICRO_GAP, REMINDER_GAP
from deskstretch.core.rules import MICRO_CUES, ReminderRule, Rules
from tests.helpers.fake_wakeup import PlannerRig

BERLIN = ZoneInfo("Europe/Berlin")
MON_9 = datetime(2026, 3, 2, 9, 0, tzinfo=BERLIN)  # a Monday
MIN = timedelta(minutes=1)
# Stretch breaks every 60 minutes, micro-breaks every 20 (20 s each).
RULES = Rules(
    interval=timedelta(minutes=60),
    stretch_order=("a", "b"),
    micro_interval=timedelta(minutes=20),
    lead=timedelta(0),
)
WATER = ReminderRule("Drink some water", timedelta(minutes=45))


def rig(rules: Rules = RULES, **kw: Any) -> PlannerRig:
    return PlannerRig(rules, MON_9, **kw)


def hm(r: PlannerRig, hour: int, minute: int, second: int = 0) -> datetime:
    return r.local(2026, 3, 2, hour, minute, second)


def micro_times(r: PlannerRig) -> list[str]:
    return [t.astimezone(r.zone).strftime("%H:%M:%S") for t, _ in r.events_of(MicroBreakStarted)]


def reminder_times(r: PlannerRig) -> list[str]:
    return [t.astimezone(r.zone).strftime("%H:%M:%S") for t, _ in r.events_of(ReminderDue)]


# ---------------------------------------------------------------- the rhythm
def test_micro_breaks_come_every_interval_and_rotate_through_the_cues() -> None:
    r = rig()
    r.run_until(hm(r, 9, 55))
    assert micro_times(r) == ["09:20:00", "09:40:20"]
    cues = [e.cue_id for _, e in r.events_of(MicroBreakStarted)]
    assert cues == list(MICRO_CUES[:2])
    first = r.events_of(MicroBreakStarted)[0][1]
    assert first.until == hm(r, 9, 20, 20)
    # The cue closed by itself: counted as done, and the next one counts from its end.
    assert r.planner.status(r.clock.now()).today.micro_done == 2


def test_no_micro_break_within_three_minutes_before_or_after_a_stretch_break() -> None:
    # Micro every 19 minutes would land at 09:57, three minutes before the 10:00 stretch break.
    r = rig(replace(RULES, micro_interval=timedelta(minutes=19)))
    r.run_until(hm(r, 10, 30))
    starts = r.starts()
    assert starts == [hm(r, 10, 0)]
    stretch_end = hm(r, 10, 2)  # the rig's break lasts two minutes
    for t, _ in r.events_of(MicroBreakStarted):
        assert abs(t - starts[0]) >= MICRO_GAP
        assert t < starts[0] or t - stretch_end >= MICRO_GAP
    # The stretch break counted for both: the next micro counts from its end.
    assert micro_times(r)[-1] == "10:21:00"


def test_a_short_micro_interval_still_keeps_three_minutes_after_a_stretch_break() -> None:
    r = rig(replace(RULES, interval=timedelta(minutes=10), micro_interval=MIN))
    r.run_until(hm(r, 9, 20))
    end_of_break = hm(r, 9, 12)
    after = [t for t, _ in r.events_of(MicroBreakStarted) if t > end_of_break]
    assert after
    assert after[0] == end_of_break + MICRO_GAP


def test_snoozing_the_stretch_break_does_not_let_a_held_back_micro_break_through() -> None:
    # Micro every minute: the one due at 09:58:20 waits, the 10:00 stretch break counts for
    # both. Snoozed two minutes, to 10:02, the stretch break is still near: no micro-break
    # yet (going by its due time, 09:58:20 is more than three minutes before 10:02).
    r = rig(replace(RULES, micro_interval=MIN, snooze=2 * MIN))
    r.run_until(hm(r, 10, 0) - timedelta(seconds=1))
    before = micro_times(r)
    assert before[-1] <= "09:57:00"
    assert [e for e in r.do("snooze", "stretch") if isinstance(e, Snoozed)]
    r.run_until(hm(r, 10, 20))
    stretch = r.starts()[0]
    assert stretch == hm(r, 10, 2)
    for t, _ in r.events_of(MicroBreakStarted):
        assert not stretch - MICRO_GAP < t < stretch, t


def test_a_micro_break_due_just_outside_the_gap_shows_when_the_timer_fires_late() -> None:
    # Due at 09:57:00, three minutes before the 10:00 stretch break; the timer fires a
    # second late (a busy machine): it still shows rather than waiting for the break.
    r = rig(replace(RULES, micro_interval=timedelta(minutes=28, seconds=20)))
    r.run_until(hm(r, 9, 57) - timedelta(seconds=1))
    assert micro_times(r) == ["09:28:20"]
    r.clock.advance(timedelta(seconds=2))
    r.apply(r.planner.advance(r.clock.now()))
    assert micro_times(r) == ["09:28:20", "09:57:01"]


def test_micro_breaks_are_off_when_the_interval_is_zero() -> None:
    r = rig(replace(RULES, micro_interval=timedelta(0)))
    r.run_until(hm(r, 12, 0))
    assert r.events_of(MicroBreakStarted) == []
    assert r.planner.status(r.clock.now()).next_micro_break is None
    refused = [e for e in r.do("skip", "micro") if isinstance(e, Refused)]
    assert refused
    assert "Micro-breaks are off" in refused[0].reason
    # The user may still ask for one.
    assert any(isinstance(e, MicroBreakStarted) for e in r.do("take_micro_break_now"))


def test_status_names_the_next_micro_break() -> None:
    r = rig()
    status = r.planner.status(r.clock.now())
    assert status.next_micro_break == hm(r, 9, 20)
    assert status.seconds_to_next_micro_break == 20 * 60
    data = status.to_json()
    assert data["seconds_to_next_micro_break"] == 1200
    assert data["next_micro_break"] == "2026-03-02T09:20:00+01:00"
    r.run_until(hm(r, 9, 20, 5))
    assert r.planner.status(r.clock.now()).micro_on_screen


# ---------------------------------------------------------------- user at the computer
def test_no_micro_break_while_the_user_is_away_and_a_long_absence_restarts_it() -> None:
    r = rig()
    r.run_until(hm(r, 9, 10))
    r.away(hm(r, 9, 35))  # 25 minutes away: longer than the micro interval
    assert micro_times(r) == []
    r.run_until(hm(r, 9, 58))
    assert micro_times(r) == ["09:55:00"]


def test_a_short_absence_does_not_count_toward_the_micro_interval() -> None:
    r = rig(replace(RULES, natural_break=timedelta(minutes=30)))
    r.run_until(hm(r, 9, 10))
    r.away(hm(r, 9, 13))  # three minutes away
    r.run_until(hm(r, 9, 30))
    assert len(micro_times(r)) == 1
    first = r.events_of(MicroBreakStarted)[0][0]
    assert hm(r, 9, 22, 30) <= first <= hm(r, 9, 23)


# ---------------------------------------------------------------- pause, hours, holds, sleep
def test_nothing_while_paused_and_the_interval_restarts_on_resume() -> None:
    r = rig(replace(RULES, reminders=(WATER,)))
    r.run_until(hm(r, 9, 5))
    r.do("pause", None)
    r.run_until(hm(r, 11, 0))
    assert micro_times(r) == []
    assert reminder_times(r) == []
    r.do("resume")
    r.run_until(hm(r, 11, 21))
    assert micro_times(r) == ["11:20:00"]
    r.run_until(hm(r, 11, 46))
    assert reminder_times(r) == ["11:45:00"]


def test_pausing_during_a_micro_break_closes_it() -> None:
    r = rig()
    r.run_until(hm(r, 9, 20, 5))
    events = r.do("pause", None)
    assert MicroBreakEnded("skipped") in events
    assert not r.planner.status(r.clock.now()).micro_on_screen


def test_nothing_outside_working_hours() -> None:
    rules = replace(
        RULES,
        schedule_enabled=True,
        start=time(9, 0),
        end=time(10, 0),
        reminders=(WATER,),
    )
    r = rig(rules)
    r.run_until(r.local(2026, 3, 3, 8, 59))
    for t, _ in r.events_of(MicroBreakStarted) + r.events_of(ReminderDue):
        local = t.astimezone(r.zone)
        assert time(9, 0) <= local.time() < time(10, 0)
    assert micro_times(r) == ["09:20:00", "09:40:20"]


def test_a_micro_break_due_during_a_hold_waits_for_the_release() -> None:
    r = rig(replace(RULES, reminders=(WATER,)))
    r.run_until(hm(r, 9, 10))
    r.do("hold", "camera")
    r.run_until(hm(r, 9, 50))
    assert micro_times(r) == []
    assert reminder_times(r) == []
    assert r.planner.status(r.clock.now()).state == "active"  # the stretch break is not due yet
    r.do("release", "camera")
    r.run_until(hm(r, 9, 52))
    assert micro_times(r) == ["09:50:10"]
    # The reminder, due meanwhile, keeps a minute away from the micro-break.
    assert reminder_times(r) == ["09:51:30"]


def test_after_a_wake_up_at_most_one_of_each_and_none_in_the_first_minute() -> None:
    # Four hours asleep (not counted as a break here): a micro-break and a reminder are overdue.
    rules = replace(
        RULES, interval=timedelta(hours=5), natural_break=timedelta(0), reminders=(WATER,)
    )
    r = rig(rules)
    r.run_until(hm(r, 9, 5))
    r.sleep(hm(r, 13, 0))
    r.run_until(hm(r, 13, 15))
    assert micro_times(r) == ["13:01:00"]
    assert reminder_times(r) == ["13:02:20"]  # one, a minute clear of the micro-break
    r.run_until(hm(r, 13, 30))
    assert micro_times(r) == ["13:01:00", "13:21:20"]


def test_after_a_wake_up_the_overdue_stretch_break_counts_for_the_micro_break() -> None:
    r = rig(replace(RULES, natural_break=timedelta(0), reminders=(WATER,)))
    r.run_until(hm(r, 9, 5))
    r.sleep(hm(r, 13, 0))
    r.run_until(hm(r, 13, 10))
    assert r.starts() == [hm(r, 13, 1)]
    assert micro_times(r) == []
    assert reminder_times(r) == ["13:04:00"]  # a minute after the break ended


# ---------------------------------------------------------------- intents
def test_skip_and_snooze_act_on_the_kind_that_is_next() -> None:
    r = rig()
    r.run_until(hm(r, 9, 19))
    assert MicroBreakSkipped() in r.do("skip")
    assert r.planner.status(r.clock.now()).today.micro_skipped == 1
    assert r.planner.status(r.clock.now()).today.skipped == 0
    assert r.planner.status(r.clock.now()).next_micro_break == hm(r, 9, 39)
    snoozed = [e for e in r.do("snooze") if isinstance(e, Snoozed)]
    assert snoozed == [Snoozed(hm(r, 9, 44), 3, kind="micro")]
    # With the micro-break further away than the stretch break, skip acts on the stretch.
    r.run_until(hm(r, 9, 40))
    r.do("skip", "micro")
    r.run_until(hm(r, 9, 58))
    assert BreakSkipped() in r.do("skip")


def test_while_paused_skip_and_snooze_speak_of_breaks() -> None:
    r = rig()
    r.run_until(hm(r, 9, 19))  # a micro-break is the next thing due
    r.do("pause", None)
    for intent in ("skip", "snooze"):
        refused = [e for e in r.do(intent) if isinstance(e, Refused)]
        assert refused[0].reason == f"Breaks are paused, so there is no break to {intent}."


def test_a_micro_break_skip_that_cannot_be_done_says_why_in_its_own_words() -> None:
    r = rig(auto_finish=False)
    r.do("take_break_now")
    refused = [e for e in r.do("skip", "micro") if isinstance(e, Refused)]
    assert refused[0].reason == (
        "A stretch is on screen now; there is no upcoming micro-break to skip."
    )
    r.do("pause", None)
    refused = [e for e in r.do("skip", "micro") if isinstance(e, Refused)]
    assert refused[0].reason == "Breaks are paused, so there is no micro-break to skip."


def test_skip_during_a_micro_break_ends_it() -> None:
    r = rig()
    r.run_until(hm(r, 9, 20, 5))
    assert MicroBreakEnded("skipped") in r.do("skip")
    today = r.planner.status(r.clock.now()).today
    assert (today.micro_done, today.micro_skipped) == (0, 1)
    r.run_until(hm(r, 9, 41))
    assert micro_times(r) == ["09:20:00", "09:40:05"]


def test_micro_now_shows_one_and_refuses_a_second() -> None:
    r = rig()
    r.run_until(hm(r, 9, 3))
    assert any(isinstance(e, MicroBreakStarted) for e in r.do("take_micro_break_now"))
    assert any(isinstance(e, Refused) for e in r.do("take_micro_break_now"))
    # The panel reports it closed early; the interval counts from then.
    r.do("micro_finished", "skipped")
    assert r.planner.status(r.clock.now()).next_micro_break == hm(r, 9, 23)


def test_a_stretch_break_takes_over_from_a_micro_break_on_screen() -> None:
    r = rig()
    r.run_until(hm(r, 9, 20, 5))
    events = r.do("take_break_now")
    assert any(isinstance(e, BreakStarted) for e in events)
    assert not r.planner.status(r.clock.now()).micro_on_screen


# ---------------------------------------------------------------- reminders
def test_a_reminder_comes_every_interval() -> None:
    r = rig(replace(RULES, micro_interval=timedelta(0), reminders=(WATER,)))
    r.run_until(hm(r, 10, 40))
    # 09:45, then 10:30 ... but the stretch break at 10:00-10:02 is not in the way.
    assert reminder_times(r) == ["09:45:00", "10:30:00"]
    assert [e.text for _, e in r.events_of(ReminderDue)] == ["Drink some water"] * 2


def test_a_reminder_never_lands_within_a_minute_of_a_break() -> None:
    rule = ReminderRule("Check your posture", timedelta(minutes=59, seconds=30))
    r = rig(replace(RULES, micro_interval=timedelta(0), reminders=(rule,)))
    r.run_until(hm(r, 10, 10))
    # Due at 09:59:30, thirty seconds before the stretch break: it waits until a minute after.
    assert reminder_times(r) == ["10:03:00"]
    end = hm(r, 10, 2)
    assert r.events_of(ReminderDue)[0][0] - end >= REMINDER_GAP


def test_a_reminder_keeps_to_its_own_days_and_hours() -> None:
    rule = ReminderRule(
        "Stand up for the stand-up",
        timedelta(minutes=30),
        days=frozenset({1}),  # Tuesday only
        start=time(10, 0),
        end=time(11, 0),
    )
    r = rig(replace(RULES, micro_interval=timedelta(0), reminders=(rule,)))
    r.run_until(r.local(2026, 3, 3, 12, 0))
    days = {t.astimezone(r.zone).date().isoformat() for t, _ in r.events_of(ReminderDue)}
    assert days == {"2026-03-03"}
    for t, _ in r.events_of(ReminderDue):
        assert time(10, 0) <= t.astimezone(r.zone).time() < time(11, 0)


def test_changing_the_rules_keeps_the_reminders_that_did_not_change() -> None:
    tea = ReminderRule("Tea", timedelta(minutes=50))
    r = rig(replace(RULES, micro_interval=timedelta(0), reminders=(WATER,)))
    r.run_until(hm(r, 9, 30))
    r.do("set_rules", replace(RULES, micro_interval=timedelta(0), reminders=(tea, WATER)))
    r.run_until(hm(r, 9, 46))
    # Water still counts from 09:00; the new one from when it was added.
    assert [e.text for _, e in r.events_of(ReminderDue)] == ["Drink some water"]
    r.run_until(hm(r, 10, 21))
    assert [e.text for _, e in r.events_of(ReminderDue)][-1] == "Tea"
