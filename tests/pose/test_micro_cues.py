"""The micro-break cues' animations: each moves the way its instruction says (pure maths)."""

from __future__ import annotations

import pytest

from deskstretch.catalogue.micro import MICRO_CATALOGUE, MicroCue, micro_cue
from deskstretch.core.rules import MICRO_CUES
from deskstretch.pose.micro import FACE_CHANNELS, MicroFrame, cue_moment, micro_frame
from deskstretch.pose.skeleton import HEAD_RADIUS, JOINTS


def _moments(cue: MicroCue) -> list[float]:
    """Seconds covering the lead-in and two loops, 1/10 s apart."""
    end = cue.intro_seconds + 2 * cue.cycle_seconds
    return [i / 10.0 for i in range(int(end * 10) + 1)]


def _at_loop(cue: MicroCue, fraction: float) -> MicroFrame:
    """The frame at ``fraction`` of the first loop (after the lead-in)."""
    return micro_frame(cue, cue.intro_seconds + fraction * cue.cycle_seconds)


def test_there_is_a_cue_for_every_id_the_planner_can_ask_for() -> None:
    assert set(MICRO_CATALOGUE) == set(MICRO_CUES)
    for cue_id in MICRO_CUES:
        cue = micro_cue(cue_id)
        assert cue.id == cue_id
        assert cue.name
        assert cue.instruction.endswith(".")
    with pytest.raises(KeyError):
        micro_cue("juggling")


@pytest.mark.parametrize("cue", list(MICRO_CATALOGUE.values()), ids=lambda c: c.id)
def test_every_pose_of_a_cue_stays_within_the_joint_limits(cue: MicroCue) -> None:
    for seconds in [*_moments(cue), 0.0]:
        for reduced in (False, True):
            angles = micro_frame(cue, seconds, reduced).frame.angles
            for name, value in angles.items():
                low, high = (
                    FACE_CHANNELS[name]
                    if name in FACE_CHANNELS
                    else (JOINTS[name].low, JOINTS[name].high)
                )
                assert low - 1e-9 <= value <= high + 1e-9, (cue.id, seconds, name, value)


@pytest.mark.parametrize("cue", list(MICRO_CATALOGUE.values()), ids=lambda c: c.id)
def test_the_loop_has_no_jump_where_it_starts_again(cue: MicroCue) -> None:
    assert cue.loop[0].joints == cue.loop[-1].joints
    wrap = cue.intro_seconds + cue.cycle_seconds
    before, after = micro_frame(cue, wrap - 0.01), micro_frame(cue, wrap + 0.01)
    for name in ("head", "left_shoulder", "right_shoulder", "left_elbow"):
        b, a = before.frame.joints[name], after.frame.joints[name]
        assert max(abs(p - q) for p, q in zip(b, a, strict=True)) < 0.005, name
    assert abs(before.lid - after.lid) < 0.05


@pytest.mark.parametrize("cue", list(MICRO_CATALOGUE.values()), ids=lambda c: c.id)
def test_the_animation_moves_and_reduced_motion_holds_still(cue: MicroCue) -> None:
    frames = [micro_frame(cue, s) for s in _moments(cue)]
    assert len({f.frame.segments for f in frames}) > 5
    still = {micro_frame(cue, s, reduced_motion=True).frame.segments for s in _moments(cue)}
    assert len(still) == 1


@pytest.mark.parametrize("cue", list(MICRO_CATALOGUE.values()), ids=lambda c: c.id)
def test_the_head_and_eyes_stay_inside_the_crop(cue: MicroCue) -> None:
    for seconds in _moments(cue):
        shown = micro_frame(cue, seconds)
        x0, y0, x1, y1 = shown.frame.bounds
        head = next(s for s in shown.frame.segments if s.part == "head")
        hx, hy = head.start
        assert x0 <= hx - HEAD_RADIUS
        assert hx + HEAD_RADIUS <= x1
        assert y0 <= hy - HEAD_RADIUS
        assert hy + HEAD_RADIUS <= y1
        for eye in shown.eyes:
            assert x0 <= eye.center[0] <= x1
            assert y0 <= eye.center[1] <= y1
        assert shown.frame.props == ()  # no floor in a close-up


def test_look_far_turns_the_head_and_eyes_towards_the_distant_point() -> None:
    cue = micro_cue("look-far")
    start = micro_frame(cue, 0.0)
    assert abs(start.frame.angles["neck_rot"]) < 1.0  # still looking at the screen
    assert start.sight is not None
    eyes_at, far = start.sight
    towards = 1.0 if far[0] > eyes_at[0] else -1.0
    assert abs(far[0] - eyes_at[0]) > 0.15  # the point is well off to the side
    nose_start = start.frame.joints["nose"]
    for seconds in (cue.intro_seconds, cue.intro_seconds + 2.0, 15.0, 19.9):
        shown = micro_frame(cue, seconds)
        assert shown.frame.angles["neck_rot"] >= 30.0
        assert shown.frame.angles["head_flex"] <= 0.0  # chin level or up, not down to a screen
        # The face (and the pupils) turned towards the side the distant point is drawn on.
        head = next(s for s in shown.frame.segments if s.part == "head")
        nose = next(s for s in shown.frame.segments if s.part == "nose")
        assert (nose.start[0] - head.start[0]) * towards > 0.02
        assert shown.eyes
        assert all(eye.pupil[0] * towards > 0.0 for eye in shown.eyes)
    # It keeps looking far: the eyes are open for most of each loop.
    open_share = sum(_at_loop(cue, i / 50).lid < 0.3 for i in range(50)) / 50
    assert open_share > 0.8
    assert nose_start != micro_frame(cue, 3.0).frame.joints["nose"]


def test_blink_starts_open_closes_fully_and_opens_again() -> None:
    cue = micro_cue("blink")
    lids = [_at_loop(cue, i / 40).lid for i in range(41)]
    assert lids[0] == 0.0
    assert max(lids) == 1.0
    closed = lids.index(1.0)
    assert 0 < closed < 40
    assert lids[-1] == 0.0
    # It opens more slowly than it closed ("open them slowly").
    first_shut = closed
    last_shut = max(i for i, v in enumerate(lids) if v == 1.0)
    closing = first_shut - max(i for i, v in enumerate(lids[:first_shut]) if v == 0.0)
    opening = min(i for i, v in enumerate(lids) if i > last_shut and v == 0.0) - last_shut
    assert opening > closing
    # Both eyes face the camera, and their lids follow the channel.
    shown = _at_loop(cue, closed / 40)
    assert len(shown.eyes) == 2
    assert all(eye.lid == 1.0 for eye in shown.eyes)
    # Several blinks in the default 20 s.
    assert 20.0 / cue.cycle_seconds >= 3


def test_shoulder_roll_goes_up_then_back_then_down_and_returns() -> None:
    cue = micro_cue("shoulder-roll")
    rest = _at_loop(cue, 0.0).frame.joints
    ear_gap = rest["head"][1] - rest["left_shoulder"][1]
    samples = [_at_loop(cue, i / 40).frame.joints for i in range(41)]
    ys = [j["left_shoulder"][1] - rest["left_shoulder"][1] for j in samples]
    xs = [j["left_shoulder"][0] - rest["left_shoulder"][0] for j in samples]
    top = max(range(41), key=lambda i: ys[i])
    back = min(range(41), key=lambda i: xs[i])
    low = min(range(41), key=lambda i: ys[i])
    assert ys[top] > 0.2 * ear_gap  # towards the ears
    assert xs[back] < -0.02  # drawn back (the figure faces +x)
    assert ys[low] < -0.01  # and down below where it started
    assert top < back < low  # in that order
    assert abs(ys[-1]) < 1e-3
    assert abs(xs[-1]) < 1e-3
    # Both shoulders roll together.
    assert all(abs(j["left_shoulder"][1] - j["right_shoulder"][1]) < 1e-6 for j in samples)


def test_cue_moment_plays_the_lead_in_once_then_loops() -> None:
    cue = micro_cue("look-far")
    assert cue_moment(cue, 0.0) == ("move", 0.0, 0.0)
    phase, progress, _ = cue_moment(cue, cue.intro_seconds + cue.cycle_seconds * 2.25)
    assert phase == "hold"
    assert progress == pytest.approx(0.25)
    assert cue_moment(cue, 7.0, reduced_motion=True)[0] == "ready"
    blink = micro_cue("blink")
    assert cue_moment(blink, 0.0)[0] == "hold"  # no lead-in
