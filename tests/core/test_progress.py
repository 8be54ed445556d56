"""How far the user got through each stretch, from the session's played time (fake clock)."""

from __future__ import annotations

from deskstretch.core.history import StretchDone
from deskstretch.core.progress import stretches_done
from deskstretch.core.session import Session, build_timeline
from tests.helpers.fakes import FakeClock
from tests.helpers.stretches import make_stretch

# Five symmetric reps: ready 0-5, then per rep k (from 5 + 17 (k-1)): move 2, hold 10,
# release 2, rest 3. Rep 3: move 39-41, hold 41-51, release 51-53.
FIVE = make_stretch("five", sides=False, reps=5)
# make_stretch's default: 2 reps, left and right; holds 7-17, 24-34, 41-51, 58-68; finish 70.
SIDED = make_stretch("sided")


def test_skipping_at_rep_3_of_5_counts_2_reps_done() -> None:
    clock = FakeClock()
    session = Session(build_timeline([FIVE]), clock)
    clock.advance(45)  # in rep 3's hold
    (done,) = stretches_done(session.timeline, session.played())
    assert done == StretchDone("five", 2, 5, 0, "hold", "skipped")


def test_a_routine_played_to_the_end_completes_every_stretch() -> None:
    clock = FakeClock()
    session = Session(build_timeline([FIVE, SIDED]), clock)
    clock.advance(session.timeline.duration + 10)
    assert stretches_done(session.timeline, session.played()) == (
        StretchDone("five", 5, 5, 0, "release", "completed"),
        StretchDone("sided", 2, 2, 4, "release", "completed"),
    )


def test_a_rep_counts_only_when_its_last_side_was_held_to_the_end() -> None:
    clock = FakeClock()
    session = Session(build_timeline([SIDED]), clock)
    clock.advance(30)  # rep 1: left held (7-17), right hold 24-34 under way
    (done,) = stretches_done(session.timeline, session.played())
    assert (done.reps_done, done.sides_done, done.phase) == (0, 1, "hold")
    clock.advance(4)  # 34: the right hold has just ended
    (done,) = stretches_done(session.timeline, session.played())
    assert (done.reps_done, done.sides_done, done.phase) == (1, 2, "hold")


def test_next_skips_a_stretch_and_the_rest_of_the_routine_still_counts() -> None:
    clock = FakeClock()
    session = Session(build_timeline([FIVE, SIDED]), clock)
    clock.advance(20)  # rep 1 of "five" held (7-17)
    session.skip_stretch()
    clock.advance(session.timeline.duration)  # "sided" played to the end
    first, second = stretches_done(session.timeline, session.played())
    assert first == StretchDone("five", 1, 5, 0, "rest", "skipped")
    assert second.outcome == "completed"


def test_a_stretch_passed_over_with_next_before_it_began_stays_at_ready() -> None:
    clock = FakeClock()
    session = Session(build_timeline([FIVE, SIDED]), clock)
    clock.advance(3)
    session.skip_stretch()  # to "sided"
    session.skip_stretch()  # to the finish
    first, second = stretches_done(session.timeline, session.played())
    assert (first.reps_done, first.phase, first.outcome) == (0, "ready", "skipped")
    assert (second.reps_done, second.phase, second.outcome) == (0, "ready", "skipped")


def test_previous_replays_a_stretch_and_a_hold_interrupted_by_it_does_not_count() -> None:
    clock = FakeClock()
    session = Session(build_timeline([FIVE]), clock)
    clock.advance(12)  # half-way through rep 1's hold
    session.previous_stretch()  # back to the start
    clock.advance(4)
    (done,) = stretches_done(session.timeline, session.played())
    assert (done.reps_done, done.phase) == (0, "hold")  # reached 12 s before, never more


def test_this_hurts_stops_the_stretch_running_and_the_next_ones_are_skipped() -> None:
    clock = FakeClock()
    session = Session(build_timeline([FIVE, SIDED]), clock)
    clock.advance(60)  # "five": reps 1 to 3 held, in rep 4's hold (58-68)
    first, second = stretches_done(session.timeline, session.played(), stopped_at=60)
    assert first == StretchDone("five", 3, 5, 0, "hold", "stopped")
    assert second == StretchDone("sided", 0, 2, 0, "ready", "skipped")


def test_a_pause_does_not_count_as_played_time() -> None:
    clock = FakeClock()
    session = Session(build_timeline([FIVE]), clock)
    clock.advance(10)
    session.pause()
    clock.advance(100)
    (done,) = stretches_done(session.timeline, session.played())
    assert (done.reps_done, done.phase) == (0, "hold")
    assert session.played() == ((0.0, 10.0),)
