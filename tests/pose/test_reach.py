"""The toe-touch check's six answers as poses: the fingertips end where the word says."""

from __future__ import annotations

import pytest

from deskstretch.core.history import FLEX_LEVELS
from deskstretch.pose.frame import _place
from deskstretch.pose.reach import REACH_LEVELS, reach_frame, reach_pose
from deskstretch.pose.skeleton import JOINTS, solve

FEET = ("left_heel", "left_toe", "right_heel", "right_toe")


def _points(level: str) -> dict[str, tuple[float, float, float]]:
    return _place(solve(reach_pose(level)), FEET, None)


def _finger_height(level: str) -> float:
    pts = _points(level)
    return min(pts["left_fingers"][1], pts["right_fingers"][1])


def test_the_pose_layer_names_the_same_levels_as_the_record() -> None:
    assert REACH_LEVELS == FLEX_LEVELS


@pytest.mark.parametrize("level", REACH_LEVELS)
def test_legs_stay_straight_and_every_joint_is_within_its_range(level: str) -> None:
    angles = reach_pose(level)
    for side in ("left", "right"):
        assert abs(angles.get(f"{side}_knee_flex", 0.0)) < 10.0
    for name, value in angles.items():
        spec = JOINTS[name]
        assert spec.low <= value <= spec.high, (name, value)


@pytest.mark.parametrize("level", REACH_LEVELS)
def test_the_feet_stay_flat_on_the_floor_and_nothing_goes_through_it(level: str) -> None:
    pts = _points(level)
    for side in ("left", "right"):
        assert pts[f"{side}_heel"][1] == pytest.approx(pts[f"{side}_toe"][1], abs=0.01)
        assert pts[f"{side}_heel"][1] < 0.03
    assert min(p[1] for p in pts.values()) >= 0.0


def test_fingertips_land_in_the_band_of_each_word() -> None:
    pts = _points("knees")
    knee, ankle, hip = pts["left_knee"][1], pts["left_ankle"][1], pts["left_hip"][1]
    toe_top = pts["left_toe"][1] + 0.02
    # On the thigh, clearly above the knee but below the hip.
    assert knee + 0.05 < _finger_height("thighs") < hip - 0.1
    assert abs(_finger_height("knees") - knee) < 0.03
    # Mid-shin: well clear of both the knee and the ankle.
    assert ankle + 0.07 < _finger_height("mid-shin") < knee - 0.07
    assert ankle < _finger_height("ankles") < ankle + 0.07
    # Toes: down at the toes, in front of the ankle, above the floor.
    toes = _points("toes")["left_fingers"]
    assert 0.03 < toes[1] < toe_top + 0.02
    assert toes[0] > pts["left_ankle"][0] + 0.05
    # Floor: the fingertips touch the floor (their capsule is 0.04 thick) beyond the toes.
    floor = _points("floor")
    assert floor["left_fingers"][1] < 0.025
    assert floor["left_fingers"][0] > floor["left_toe"][0] + 0.05


def test_each_level_reaches_lower_or_further_than_the_one_before() -> None:
    heights = [_finger_height(level) for level in REACH_LEVELS]
    assert heights == sorted(heights, reverse=True)
    assert len(set(heights)) == len(heights)


def test_all_frames_share_one_view_box_and_the_stretchs_camera() -> None:
    frames = [reach_frame(level, "three-quarter") for level in REACH_LEVELS]
    assert {f.bounds for f in frames} == {frames[0].bounds}
    assert frames[0].floor_y is not None
    side = reach_frame("knees", "side")
    assert side.bounds != frames[0].bounds  # another camera, another picture
    # The frame shows the pose asked for.
    assert reach_frame("floor").angles == pytest.approx(reach_pose("floor"))


def test_an_unknown_level_is_refused_with_the_known_ones() -> None:
    with pytest.raises(ValueError, match="thighs, knees"):
        reach_pose("elbows")
    with pytest.raises(ValueError, match="unknown reach level"):
        reach_frame("elbows")
