"""Each stretch's key poses pass the geometric checks of docs/figure.md (kinematics output)."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pytest

from deskstretch.catalogue.loader import load_catalogue
from deskstretch.catalogue.model import PhaseKind, Side, Stretch
from deskstretch.pose import Frame, frame_for
from deskstretch.pose.skeleton import BONES
from deskstretch.pose.vec import Vec3, angle_between, sub

SIDES: tuple[Side, Side] = ("left", "right")
FLOOR = 0.06  # a joint this close to the floor touches it (capsule radius plus a little)


def stretch(stretch_id: str) -> Stretch:
    found = load_catalogue().get(stretch_id)
    assert found is not None
    return found


def pose(
    stretch_id: str, phase: PhaseKind, side: Side | None = None, progress: float = 0.0
) -> Frame:
    # Reduced motion: the key pose itself, without the breathing of a hold.
    return frame_for(stretch(stretch_id), phase, progress, side, 0.0, reduced_motion=True)


def other(side: Side) -> Side:
    return "right" if side == "left" else "left"


def tilt_from_vertical(a: Vec3, b: Vec3) -> float:
    return angle_between(sub(b, a), (0.0, 1.0, 0.0))


def flexion(j: Mapping[str, Vec3], a: str, b: str, c: str) -> float:
    """Bend at joint ``b`` in degrees (0 = straight)."""
    return angle_between(sub(j[b], j[a]), sub(j[c], j[b]))


def lateral(j: Mapping[str, Vec3], point: str) -> float:
    """How far ``point`` lies to the body's right of its midline (lying figure, floor plane)."""
    ls, rs = j["left_shoulder"], j["right_shoulder"]
    mid = ((ls[0] + rs[0]) / 2, 0.0, (ls[2] + rs[2]) / 2)
    right = sub(rs, ls)
    p = sub(j[point], mid)
    width: float = (right[0] ** 2 + right[2] ** 2) ** 0.5
    return (p[0] * right[0] + p[2] * right[2]) / width


def spine_hump(j: Mapping[str, Vec3]) -> float:
    """Height of the mid-back above the straight line from low back to neck (+ hump, - sag)."""
    a, b = j["l5"], j["c7"]
    mid = j["t8"]
    t = ((mid[0] - a[0]) * (b[0] - a[0]) + (mid[2] - a[2]) * (b[2] - a[2])) / (
        (b[0] - a[0]) ** 2 + (b[2] - a[2]) ** 2
    )
    return mid[1] - (a[1] + t * (b[1] - a[1]))


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("phase", ["ready", "hold"])
def test_hip_flexor_is_a_half_kneeling_lunge(side: Side, phase: PhaseKind) -> None:
    j = pose("hip-flexor", phase, side).joints
    back, front = side, other(side)
    assert j[f"{back}_knee"][1] < FLOOR, "the back knee rests on the mat"
    assert j[f"{front}_knee"][1] > 0.2, "the front knee is up"
    assert tilt_from_vertical(j[f"{front}_ankle"], j[f"{front}_knee"]) < 15
    assert tilt_from_vertical(j["hip_center"], j["c7"]) < 20, "the torso stays upright"


@pytest.mark.parametrize("side", SIDES)
def test_hip_flexor_hold_opens_the_back_hip(side: Side) -> None:
    start, hold = pose("hip-flexor", "ready", side).joints, pose("hip-flexor", "hold", side).joints

    # The weight travels forward: the back thigh slopes back more in the hold.
    def slope(j: Mapping[str, Vec3]) -> float:
        return tilt_from_vertical(j[f"{side}_knee"], j[f"{side}_hip"])

    assert slope(hold) > slope(start) + 10


@pytest.mark.parametrize("side", SIDES)
def test_trunk_rotation_knee_crosses_while_shoulders_stay_down(side: Side) -> None:
    start = pose("trunk-rotation", "ready", side).joints
    hold = pose("trunk-rotation", "hold", side).joints
    knee = f"{side}_knee"
    sign = 1.0 if side == "left" else -1.0  # the left knee crosses to the right
    assert sign * lateral(start, knee) < 0, "the knee starts on its own side"
    assert sign * lateral(hold, knee) > 0.03, "the top knee crosses the midline"
    for j in (start, hold):
        assert j["left_shoulder"][1] < 0.11
        assert j["right_shoulder"][1] < 0.11
    assert hold[knee][1] > hold[f"{other(side)}_knee"][1], "the bent knee lies on top"


@pytest.mark.parametrize("stretch_id", ["passive-hang", "active-hang"])
def test_hangs_grip_the_bar_with_straight_arms_and_feet_off_the_floor(stretch_id: str) -> None:
    for progress in (0.0, 0.5, 1.0):
        frame = pose(stretch_id, "move", None, progress)
        j = frame.joints
        assert frame.bar_height is not None
        for s in SIDES:
            assert abs(j[f"{s}_grip"][1] - frame.bar_height) < 0.01
            assert flexion(j, f"{s}_shoulder", f"{s}_elbow", f"{s}_wrist") < 10
    hold = pose(stretch_id, "hold").joints
    assert min(hold[f"{s}_{p}"][1] for s in SIDES for p in ("heel", "toe")) > 0.05


def test_active_hang_lifts_the_chest_and_tilts_the_head_back() -> None:
    passive = pose("active-hang", "ready").joints
    active = pose("active-hang", "hold").joints
    assert spine_extension(active) > spine_extension(passive) + 10
    assert active["nose"][1] - active["head"][1] > passive["nose"][1] - passive["head"][1]
    # Shoulders drawn down, away from the ears.
    for s in SIDES:

        def drop(j: Mapping[str, Vec3], s: str = s) -> float:
            return j["neck_top"][1] - j[f"{s}_shoulder"][1]

        assert drop(active) > drop(passive) + 0.02


@pytest.mark.parametrize("side", SIDES)
def test_deep_squat_hips_low_and_one_arm_overhead(side: Side) -> None:
    hold = pose("deep-squat-reach", "hold", side).joints
    knees = (hold["left_knee"][1] + hold["right_knee"][1]) / 2
    assert hold["hip_center"][1] < knees
    assert hold[f"{side}_wrist"][1] > hold["head_top"][1], "the reaching hand is above the head"
    assert hold[f"{other(side)}_wrist"][1] < hold["hip_center"][1] + 0.2, "the other hand is low"
    start = pose("deep-squat-reach", "ready", side).joints
    assert start[f"{side}_wrist"][1] < start["head"][1]


@pytest.mark.parametrize("progress", [0.0, 0.25, 0.5, 0.75, 1.0])
def test_jefferson_curl_keeps_the_knees_straight(progress: float) -> None:
    j = frame_for(stretch("jefferson-curl"), "move", progress, None, 0.0).joints
    for s in SIDES:
        assert flexion(j, f"{s}_hip", f"{s}_knee", f"{s}_ankle") < 10


def test_jefferson_curl_ends_with_the_head_below_the_hips_and_rolls_down_in_order() -> None:
    bottom = pose("jefferson-curl", "hold").joints
    assert bottom["head"][1] < bottom["hip_center"][1]
    curl = stretch("jefferson-curl")
    early = frame_for(curl, "move", 0.22, None, 0.0).angles
    # Head first: the neck is tucked before the lower back bends.
    assert early.get("neck_flex", 0) > 30
    assert abs(early.get("lumbar_flex", 0)) < 5
    # Rolling up retraces it: halfway up the neck is still tucked (head comes up last).
    up = frame_for(curl, "release", 0.5, None, 0.0).angles
    assert up.get("neck_flex", 0) > 30


def test_toe_touch_check_folds_with_straight_legs_towards_the_feet() -> None:
    hold = pose("toe-touch-check", "hold").joints
    for s in SIDES:
        assert flexion(hold, f"{s}_hip", f"{s}_knee", f"{s}_ankle") < 10
        assert hold[f"{s}_fingers"][1] < hold[f"{s}_knee"][1]
    assert hold["head"][1] < hold["hip_center"][1]


@pytest.mark.parametrize("stretch_id", ["camel", "arch-and-relax"])
def test_all_fours_keeps_hands_and_knees_on_the_floor(stretch_id: str) -> None:
    for phase in ("ready", "hold"):
        j = pose(stretch_id, phase).joints
        for s in SIDES:
            assert j[f"{s}_wrist"][1] < FLOOR
            assert j[f"{s}_knee"][1] < FLOOR


def test_camel_rounds_the_back_into_a_hump() -> None:
    flat = spine_hump(pose("camel", "ready").joints)
    hump = spine_hump(pose("camel", "hold").joints)
    assert abs(flat) < 0.01
    assert hump > 0.02


def test_arch_and_relax_changes_the_sign_of_the_spine_curve() -> None:
    relaxed = spine_hump(pose("arch-and-relax", "ready").joints)
    arched = spine_hump(pose("arch-and-relax", "hold").joints)
    assert relaxed > 0 > arched


def spine_extension(j: Mapping[str, Vec3]) -> float:
    """How far the upper back bends backwards relative to the low back, in degrees."""
    low, high = sub(j["l1"], j["l5"]), sub(j["c7"], j["t8"])
    bend = angle_between(low, high)
    # The figure faces +x: a backward bend turns the upper segment towards -x.
    return bend if low[0] * high[1] - low[1] * high[0] > 0 else -bend


def capsule_bottoms(frame: Frame) -> float:
    j = frame.joints
    return min(min(j[b.a][1], j[b.b][1]) - b.thickness / 2 for b in BONES)


@pytest.mark.parametrize("stretch_id", [s.id for s in load_catalogue().stretches])
def test_nothing_goes_through_the_floor_and_the_figure_rests_on_it(stretch_id: str) -> None:
    s = stretch(stretch_id)
    sides: tuple[Side | None, ...] = SIDES if s.sides else (None,)
    for side in sides:
        for phase in ("ready", "move", "hold", "release"):
            for progress in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0):
                frame = frame_for(s, phase, progress, side, progress * 4)
                low = capsule_bottoms(frame)
                assert low > -1e-6, (phase, progress, side)
                if not frame.hanging:
                    assert low < 1e-6, "the lowest point rests on the floor"


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("phase", ["move", "release"])
def test_deep_squat_reaching_arm_never_sweeps_across_the_face(side: Side, phase: PhaseKind) -> None:
    # The arm goes out to the side and then up; interpolating straight from "hand on the
    # floor" to "hand overhead" drew the forearm over the face for about a second.
    for step in range(41):
        frame = frame_for(stretch("deep-squat-reach"), phase, step / 40, side, 0.0)
        parts = {seg.part: seg for seg in frame.segments}
        head = parts["head"]
        for name in (f"{side}_forearm", f"{side}_hand"):
            seg = parts[name]
            if seg.depth >= head.depth:  # behind the head: hidden, not across the face
                continue
            for t in (0.0, 0.5, 1.0):
                x = seg.start[0] + (seg.end[0] - seg.start[0]) * t
                y = seg.start[1] + (seg.end[1] - seg.start[1]) * t
                gap = math.hypot(x - head.start[0], y - head.start[1])
                gap -= (head.thickness + seg.thickness) / 2
                assert gap > 0, f"{name} over the face at {phase} {step / 40:.2f}"
