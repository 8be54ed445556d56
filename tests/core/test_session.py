"""The player's timeline and session, driven by a fake clock (pure: no Qt)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from deskstretch.catalogue.loader import load_catalogue
from deskstretch.core.session import (
    DEFAULT_STEP_TEXT,
    FINISH_SECONDS,
    READY_SECONDS,
    SWITCH_SECONDS,
    Session,
    build_timeline,
)
from tests.helpers.fakes import FakeClock
from tests.helpers.stretches import make_stretch


def _spans(
    stretch_id: str = "s", **changes: object
) -> list[tuple[float, float, str, int, str | None]]:
    timeline = build_timeline([make_stretch(stretch_id, **changes)])
    return [(p.start, p.end, p.kind, p.rep, p.side) for p in timeline]


def test_sided_stretch_has_exact_phase_boundaries_reps_and_sides() -> None:
    # make_stretch: 2 reps, sides, move 2, hold 10, release 2, rest 3; ready 5, switch 3, finish 5.
    assert _spans() == [
        (0, 5, "ready", 1, "left"),
        (5, 7, "move", 1, "left"),
        (7, 17, "hold", 1, "left"),
        (17, 19, "release", 1, "left"),
        (19, 22, "switch", 1, "right"),
        (22, 24, "move", 1, "right"),
        (24, 34, "hold", 1, "right"),
        (34, 36, "release", 1, "right"),
        (36, 39, "rest", 1, "left"),
        (39, 41, "move", 2, "left"),
        (41, 51, "hold", 2, "left"),
        (51, 53, "release", 2, "left"),
        (53, 56, "switch", 2, "right"),
        (56, 58, "move", 2, "right"),
        (58, 68, "hold", 2, "right"),
        (68, 70, "release", 2, "right"),
        (70, 75, "finish", 2, None),
    ]


def test_symmetric_stretch_without_rest_has_no_switch_and_no_rest() -> None:
    spans = _spans(sides=False, reps=3, rest_seconds=0.0, move_seconds=1.5, release_seconds=0.5)
    kinds = [kind for _start, _end, kind, _rep, _side in spans]
    assert kinds == ["ready"] + ["move", "hold", "release"] * 3 + ["finish"]
    assert {side for *_rest, side in spans} == {None}
    assert [rep for _s, _e, kind, rep, _side in spans if kind == "hold"] == [1, 2, 3]
    # 5 ready + 3 x (1.5 + 10 + 0.5) + 5 finish
    assert spans[-1][1] == 46.0


def test_zero_length_move_and_release_are_left_out() -> None:
    kinds = [span[2] for span in _spans(sides=False, reps=1, move_seconds=0, release_seconds=0)]
    assert kinds == ["ready", "hold", "finish"]


def test_phases_carry_the_catalogue_step_text_or_a_default() -> None:
    stretch = make_stretch(steps={"hold": "Keep the hips square."})
    timeline = build_timeline([stretch])
    by_kind = {p.kind: p.text for p in timeline}
    assert by_kind["hold"] == "Keep the hips square."
    assert by_kind["ready"] == DEFAULT_STEP_TEXT["ready"]
    assert by_kind["switch"] == DEFAULT_STEP_TEXT["switch"]


def test_a_long_break_plays_several_stretches_in_a_row_with_one_finish() -> None:
    first = make_stretch("a", sides=False, reps=1, rest_seconds=0)
    second = make_stretch("b", sides=False, reps=2, rest_seconds=0)
    timeline = build_timeline([first, second], ready_seconds=4)
    kinds = [(p.stretch_index, p.kind) for p in timeline]
    assert kinds == [
        (0, "ready"), (0, "move"), (0, "hold"), (0, "release"),
        (1, "ready"), (1, "move"), (1, "hold"), (1, "release"),
        (1, "move"), (1, "hold"), (1, "release"),
        (1, "finish"),
    ]  # fmt: skip
    assert timeline.stretch_start(1) == 4 + 14
    assert timeline.duration == 4 + 14 + 4 + 2 * 14 + FINISH_SECONDS


def test_build_timeline_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="at least one"):
        build_timeline([])
    with pytest.raises(ValueError, match="reps"):
        build_timeline([make_stretch(reps=0)])
    with pytest.raises(ValueError, match="positive"):
        build_timeline([make_stretch(hold_seconds=0)])
    with pytest.raises(ValueError, match="negative"):
        build_timeline([make_stretch()], ready_seconds=-1)


def _session(**changes: Any) -> tuple[Session, FakeClock]:
    clock = FakeClock()
    return Session(build_timeline([make_stretch(**changes)]), clock), clock


def test_session_state_follows_the_clock_through_phase_boundaries() -> None:
    session, clock = _session()
    state = session.state()
    assert (state.kind, state.rep, state.side) == ("ready", 1, "left")
    assert state.phase_left == READY_SECONDS
    assert state.total_left == 70.0
    clock.advance(4.999)
    assert session.state().kind == "ready"
    clock.advance(0.001)
    assert session.state().kind == "move"  # a boundary belongs to the next phase
    clock.advance(2 + 2.5)  # 2.5 s into the first hold
    state = session.state()
    assert (state.kind, state.rep, state.side) == ("hold", 1, "left")
    assert state.progress == pytest.approx(0.25)
    assert state.phase_left == pytest.approx(7.5)
    assert state.seconds_in_phase == pytest.approx(2.5)
    assert state.total_left == pytest.approx(70 - 9.5)
    clock.advance(9.5 + SWITCH_SECONDS)  # 22 s: the right side begins
    state = session.state()
    assert (state.kind, state.rep, state.side) == ("move", 1, "right")
    clock.advance(75 - 22)
    state = session.state()
    assert state.is_finished
    assert state.kind == "finish"
    assert state.total_left == 0
    clock.advance(100)  # beyond the end nothing moves further
    assert session.elapsed() == 75


def test_finish_phase_is_reported_before_the_routine_is_over() -> None:
    session, clock = _session()
    clock.advance(72)
    state = session.state()
    assert state.kind == "finish"
    assert not state.is_finished
    assert state.phase_left == pytest.approx(3)
    assert state.total_left == 0


def test_pause_freezes_the_time_left_and_resume_continues_from_there() -> None:
    session, clock = _session()
    clock.advance(8)
    session.pause()
    clock.advance(600)
    state = session.state()
    assert state.paused
    assert state.elapsed == 8
    assert state.kind == "hold"
    session.resume()
    clock.advance(1)
    assert session.elapsed() == 9
    assert not session.state().paused
    assert session.toggle_pause() is True
    assert session.toggle_pause() is False


def test_skip_goes_to_the_next_stretch_then_to_the_finish_then_ends() -> None:
    clock = FakeClock()
    a = make_stretch("a", sides=False, reps=1)
    b = make_stretch("b", sides=False, reps=1)
    session = Session(build_timeline([a, b]), clock)
    clock.advance(7)
    session.skip_stretch()
    state = session.state()
    assert (state.stretch.id, state.kind, state.seconds_in_phase) == ("b", "ready", 0)
    session.skip_stretch()
    assert session.state().kind == "finish"
    session.skip_stretch()
    assert session.state().is_finished


def test_previous_restarts_the_stretch_or_goes_back_near_its_start() -> None:
    clock = FakeClock()
    a = make_stretch("a", sides=False, reps=1)
    b = make_stretch("b", sides=False, reps=1)
    timeline = build_timeline([a, b])
    session = Session(timeline, clock)
    session.seek(timeline.stretch_start(1) + 10)
    session.previous_stretch()
    assert session.elapsed() == timeline.stretch_start(1)  # restart b
    session.previous_stretch()
    assert session.state().stretch.id == "a"  # right at b's start: back to a
    assert session.elapsed() == 0
    session.previous_stretch()
    assert session.elapsed() == 0  # nothing before the first stretch


def test_skip_while_paused_stays_paused() -> None:
    clock = FakeClock()
    session = Session(build_timeline([make_stretch("a"), make_stretch("b")]), clock)
    session.pause()
    session.skip_stretch()
    clock.advance(30)
    state = session.state()
    assert state.paused
    assert (state.stretch_index, state.kind, state.seconds_in_phase) == (1, "ready", 0)


CATALOGUE = load_catalogue()


@pytest.mark.parametrize("stretch_id", CATALOGUE.ids)
def test_each_shipped_stretch_plays_its_reps_and_sides_for_the_exact_duration(
    stretch_id: str,
) -> None:
    stretch = CATALOGUE.get(stretch_id)
    assert stretch is not None
    timeline = build_timeline([stretch])
    sides = stretch.side_list
    work = stretch.move_seconds + stretch.hold_seconds + stretch.release_seconds
    expected = (
        READY_SECONDS
        + stretch.reps * len(sides) * work
        + stretch.reps * (len(sides) - 1) * SWITCH_SECONDS
        + (stretch.reps - 1) * stretch.rest_seconds
        + FINISH_SECONDS
    )
    assert timeline.duration == pytest.approx(expected)
    # Contiguous from 0, one ready first, one finish last.
    assert timeline[0].start == 0
    assert all(a.end == b.start for a, b in itertools.pairwise(timeline))
    assert [p.kind for p in timeline].count("ready") == 1
    assert [p.kind for p in timeline].count("finish") == 1
    assert timeline[-1].kind == "finish"
    # Every rep holds once per side, for the stretch's hold time, sides alternating.
    holds = [p for p in timeline if p.kind == "hold"]
    assert [(p.rep, p.side) for p in holds] == [
        (rep, side) for rep in range(1, stretch.reps + 1) for side in sides
    ]
    assert all(p.duration == pytest.approx(stretch.hold_seconds) for p in holds)
    switches = [p for p in timeline if p.kind == "switch"]
    assert len(switches) == stretch.reps * (len(sides) - 1)
    # And a session walking the clock through the routine sees every phase in order.
    clock = FakeClock()
    session = Session(timeline, clock)
    for phase in timeline:
        clock.advance(phase.start + phase.duration / 2 - session.elapsed())
        state = session.state()
        assert (state.kind, state.rep, state.side) == (phase.kind, phase.rep, phase.side)
    clock.advance(timeline.duration)
    assert session.state().is_finished
