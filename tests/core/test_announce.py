"""What a screen reader is told during a stretch, driven by a fake clock (pure: no Qt)."""

from __future__ import annotations

from deskstretch.core.announce import Announcement, AnnouncementPlan, whole_seconds
from deskstretch.core.session import Session, build_timeline
from tests.helpers.fakes import FakeClock
from tests.helpers.stretches import make_stretch

TICK = 0.1  # a refresh every 100 ms, as the window's reduced-motion timer


def _play(
    plan: AnnouncementPlan, *, hold: float = 10.0, ticks: int | None = None
) -> list[tuple[float, Announcement]]:
    """Run a whole routine tick by tick; the announcements with the elapsed time of each."""
    clock = FakeClock()
    session = Session(build_timeline([make_stretch("s", hold_seconds=hold)]), clock)
    heard: list[tuple[float, Announcement]] = []
    count = ticks if ticks is not None else int(session.timeline.duration / TICK) + 1
    for _ in range(count):
        state = session.state()
        said = plan.observe(state.phase_index, state.kind, whole_seconds(state.phase_left))
        if said is not None:
            heard.append((round(session.elapsed(), 3), said))
        clock.advance(TICK)
    return heard


def test_each_phase_is_announced_once_and_the_first_as_the_break_start() -> None:
    heard = [a for _, a in _play(AnnouncementPlan())]
    starts = [(a.kind, a.phase) for a in heard if a.kind != "countdown"]
    # make_stretch: 2 reps, sides: ready, then move/hold/release per side, switch between sides,
    # rest between reps, finish.
    assert starts[0] == ("break-start", "ready")
    assert starts[-1] == ("phase", "finish")
    phases = [p for _, p in starts]
    timeline = build_timeline([make_stretch("s")])
    assert phases == [p.kind for p in timeline], "each phase exactly once, in order"


def test_the_countdown_is_told_at_10_and_5_seconds_only() -> None:
    heard = _play(AnnouncementPlan(), hold=20.0)
    countdowns = [a for _, a in heard if a.kind == "countdown"]
    # Four holds of 20 s (two reps, two sides) each say 10 and then 5; shorter phases say none.
    assert [a.seconds for a in countdowns] == [10, 5] * 4
    assert {a.phase for a in countdowns} == {"hold"}
    # Never twice in one second, never each second.
    times = [t for t, _ in heard]
    assert len(times) == len(set(times))


def test_a_phase_that_starts_below_a_mark_says_its_time_at_its_start_only() -> None:
    heard = [a for _, a in _play(AnnouncementPlan(), hold=8.0)]
    holds = [a for a in heard if a.phase == "hold"]
    # An 8 s hold: "Hold, 8 seconds" at its start, "5 seconds" later, never "10".
    assert [(a.kind, a.seconds) for a in holds[:2]] == [("phase", 8), ("countdown", 5)]


def test_nothing_on_other_ticks() -> None:
    plan = AnnouncementPlan()
    assert plan.observe(0, "hold", 30) is not None
    for seconds in (30, 29, 20, 12, 11, 11):
        assert plan.observe(0, "hold", seconds) is None
    assert plan.observe(0, "hold", 10) == Announcement("countdown", "hold", 10)
    for seconds in (10, 9, 8, 7, 6):
        assert plan.observe(0, "hold", seconds) is None
    assert plan.observe(0, "hold", 5) == Announcement("countdown", "hold", 5)
    for seconds in (5, 4, 3, 2, 1, 0):
        assert plan.observe(0, "hold", seconds) is None


def test_a_late_tick_past_both_marks_says_the_time_once() -> None:
    plan = AnnouncementPlan()
    plan.observe(0, "hold", 30)
    assert plan.observe(0, "hold", 4) == Announcement("countdown", "hold", 4)
    assert plan.observe(0, "hold", 3) is None


def test_going_back_announces_the_phase_again() -> None:
    plan = AnnouncementPlan()
    plan.observe(0, "ready", 5)
    plan.observe(1, "move", 2)
    assert plan.observe(0, "ready", 5) == Announcement("phase", "ready", 5)


def test_the_finish_counts_down_silently() -> None:
    plan = AnnouncementPlan()
    plan.observe(0, "hold", 3)
    assert plan.observe(1, "finish", 12) == Announcement("phase", "finish", 12)
    assert [plan.observe(1, "finish", s) for s in (10, 5)] == [None, None]


def test_spoken_cues_off_announces_nothing() -> None:
    assert _play(AnnouncementPlan(enabled=False), hold=20.0) == []
