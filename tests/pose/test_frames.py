"""frame_for: phase semantics, mirroring, breathing, reduced motion, stable framing."""

from __future__ import annotations

import math

import pytest

from deskstretch.catalogue.loader import load_catalogue
from deskstretch.catalogue.model import Keyframe, Stretch
from deskstretch.pose import Frame, ease, frame_for, hold_pose, pose_at, start_pose
from deskstretch.pose.frame import PhaseKind, Side
from deskstretch.pose.keyframes import key_pose_at
from tests.helpers.stretches import make_stretch


def stretch(stretch_id: str) -> Stretch:
    found = load_catalogue().get(stretch_id)
    assert found is not None
    return found


def close(a: tuple[float, ...], b: tuple[float, ...], tol: float = 1e-9) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def test_easing_starts_and_ends_gently_and_never_goes_back() -> None:
    for kind in ("linear", "in", "out", "in-out"):
        values = [ease(kind, i / 20) for i in range(21)]
        assert values[0] == 0.0
        assert values[-1] == 1.0
        assert values == sorted(values)
    assert ease("in-out", 0.05) < 0.05  # slow start
    assert ease("in-out", 0.5) == pytest.approx(0.5)


def test_pose_at_blends_between_keyframes() -> None:
    frames = (
        Keyframe(0.0, {"left_knee_flex": 0.0}, "linear"),
        Keyframe(1.0, {"left_knee_flex": 90.0}, "linear"),
    )
    assert pose_at(frames, 0.5)["left_knee_flex"] == pytest.approx(45.0)
    assert pose_at(frames, 2.0)["left_knee_flex"] == 90.0
    assert key_pose_at(frames, 0.4)["left_knee_flex"] == 0.0
    assert key_pose_at(frames, 0.6)["left_knee_flex"] == 90.0


@pytest.mark.parametrize("phase", ["ready", "switch", "rest", "finish"])
def test_waiting_phases_show_the_start_pose(phase: PhaseKind) -> None:
    s = stretch("hip-flexor")
    frame = frame_for(s, phase, 0.7, "left", 3.0)
    assert dict(frame.angles) == start_pose(s)


def test_move_goes_from_the_start_pose_to_the_hold_pose_and_release_comes_back() -> None:
    s = stretch("camel")
    assert dict(frame_for(s, "move", 0.0, None, 0.0).angles) == start_pose(s)
    assert dict(frame_for(s, "move", 1.0, None, 3.0).angles) == hold_pose(s)
    mid = frame_for(s, "move", 0.5, None, 1.5).angles["lumbar_flex"]
    assert start_pose(s)["lumbar_flex"] < mid < hold_pose(s)["lumbar_flex"]
    assert dict(frame_for(s, "release", 0.0, None, 0.0).angles) == hold_pose(s)
    assert dict(frame_for(s, "release", 1.0, None, 3.0).angles) == start_pose(s)


def test_mirroring_swaps_the_sides_of_the_body_and_flips_the_picture() -> None:
    s = stretch("hip-flexor")
    left = frame_for(s, "hold", 0.0, "left", 0.0, reduced_motion=True)
    right = frame_for(s, "hold", 0.0, "right", 0.0, reduced_motion=True)
    for name in ("knee", "ankle", "wrist", "hip"):
        x, y, z = left.joints[f"left_{name}"]
        assert close(right.joints[f"right_{name}"], (x, y, -z))
    # The left knee is down on the left side, the right knee on the right side.
    assert left.joints["left_knee"][1] < 0.06 < left.joints["right_knee"][1]
    assert right.joints["right_knee"][1] < 0.06 < right.joints["left_knee"][1]
    seg_l = {seg.part: seg for seg in left.segments}
    seg_r = {seg.part: seg for seg in right.segments}
    a, b = seg_l["left_thigh"].start, seg_r["right_thigh"].start
    assert a[0] == pytest.approx(-b[0])
    assert a[1] == pytest.approx(b[1])
    # The working leg is the near one on both sides.
    assert not seg_l["left_thigh"].far
    assert not seg_r["right_thigh"].far
    assert seg_l["right_thigh"].far
    assert seg_r["left_thigh"].far


def chest(frame: Frame) -> tuple[float, ...]:
    return frame.joints["c7"] + frame.joints["left_shoulder"]


def test_the_figure_breathes_during_holds_only() -> None:
    s = stretch("hip-flexor")
    still = chest(frame_for(s, "hold", 0.0, "left", 0.0))
    # One and a quarter breaths in (5 s each): the chest is at its highest.
    breathing = chest(frame_for(s, "hold", 0.6, "left", 6.25))
    assert max(abs(a - b) for a, b in zip(still, breathing, strict=True)) > 0.002
    for phase in ("move", "release", "ready"):
        a = chest(frame_for(s, phase, 0.5, "left", 0.0))
        b = chest(frame_for(s, phase, 0.5, "left", 6.25))
        assert close(a, b), phase


def test_reduced_motion_shows_key_poses_without_tween_or_breath() -> None:
    s = stretch("camel")
    early = frame_for(s, "move", 0.3, None, 0.9, reduced_motion=True)
    late = frame_for(s, "move", 0.7, None, 2.1, reduced_motion=True)
    assert dict(early.angles) == start_pose(s)
    assert dict(late.angles) == hold_pose(s)
    a = frame_for(s, "hold", 0.1, None, 0.5, reduced_motion=True)
    b = frame_for(s, "hold", 0.6, None, 3.0, reduced_motion=True)
    assert close(chest(a), chest(b))
    back = frame_for(s, "release", 0.7, None, 2.1, reduced_motion=True)
    assert dict(back.angles) == start_pose(s)


@pytest.mark.parametrize("stretch_id", [s.id for s in load_catalogue().stretches])
def test_the_view_box_is_stable_and_holds_the_whole_figure(stretch_id: str) -> None:
    s = stretch(stretch_id)
    side: Side | None = "left" if s.sides else None
    boxes = set()
    moments: tuple[tuple[PhaseKind, float], ...] = (
        ("ready", 0.0),
        ("move", 0.5),
        ("hold", 0.5),
        ("release", 0.3),
    )
    for phase, progress in moments:
        frame = frame_for(s, phase, progress, side, 1.2)
        boxes.add(frame.bounds)
        x0, y0, x1, y1 = frame.bounds
        for seg in frame.segments:
            for x, y in (seg.start, seg.end):
                r = seg.thickness / 2
                assert x0 <= x - r, seg.part
                assert x + r <= x1, seg.part
                assert y0 <= y - r, seg.part
                assert y + r <= y1, seg.part
    assert len(boxes) == 1, "the figure must not jump or rescale while it moves"


def test_segments_cover_the_whole_body_with_a_head_and_props() -> None:
    frame = frame_for(stretch("passive-hang"), "hold", 0.5, None, 2.0)
    parts = {seg.part for seg in frame.segments}
    for part in (
        "head",
        "neck",
        "lumbar",
        "thoracic_low",
        "thoracic_up",
        "pelvis",
        "left_upper_arm",
        "right_forearm",
        "left_hand",
        "right_thigh",
        "left_shin",
        "right_foot",
    ):
        assert part in parts
    assert {p.kind for p in frame.props} >= {"bar", "floor"}
    assert all(math.isfinite(seg.depth) for seg in frame.segments)
    mat = frame_for(stretch("camel"), "ready", 0.0, None, 0.0)
    assert "mat" in {p.kind for p in mat.props}


def test_a_stretch_without_keyframes_shows_a_standing_figure() -> None:
    s = make_stretch()
    frame = frame_for(s, "hold", 0.5, "right", 2.0)
    j = frame.joints
    assert j["head"][1] > j["hip_center"][1] > j["left_knee"][1] > j["left_ankle"][1]
