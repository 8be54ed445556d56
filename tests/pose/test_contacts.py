"""Contacts: reading "PART on THING", solving a pose until its contacts hold, the chair and
desk drawn where the figure touches them (pure: no Qt)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pytest

from deskstretch.catalogue.model import Keyframe
from deskstretch.pose import props
from deskstretch.pose.contacts import (
    PARTS,
    THINGS,
    TOLERANCE,
    Contact,
    ContactError,
    parse_contact,
    solve_contacts,
)
from deskstretch.pose.frame import Prop3D, frame_for, props_3d
from deskstretch.pose.library import LIBRARY
from deskstretch.pose.skeleton import BONES, HEAD_RADIUS, JOINTS, solve
from deskstretch.pose.vec import Vec3, norm, sub
from tests.helpers.stretches import make_stretch

# ----------------------------------------------------------------- helpers


def contacts(*texts: str) -> list[Contact]:
    return [c for text in texts for c in parse_contact(text)]


def from_library(name: str, **changes: float) -> dict[str, float]:
    return {**LIBRARY[name].joints, **changes}


def placed(joints: Mapping[str, float]) -> dict[str, Vec3]:
    """The figure's points with its lowest surface on the floor (y = 0), as drawn."""
    pts = solve(joints).points
    low = pts["head"][1] - HEAD_RADIUS
    for bone in BONES:
        r = bone.thickness / 2.0
        low = min(low, pts[bone.a][1] - r, pts[bone.b][1] - r)
    return {k: (p[0], p[1] - low, p[2]) for k, p in pts.items()}


def moved(before: Mapping[str, float], after: Mapping[str, float]) -> dict[str, float]:
    names = set(before) | set(after)
    return {
        n: after.get(n, 0.0) - before.get(n, 0.0)
        for n in names
        if after.get(n, 0.0) != before.get(n, 0.0)
    }


# ----------------------------------------------------------------- reading contacts


def test_a_plural_part_is_one_contact_per_side() -> None:
    left, right = parse_contact("hands on bar")
    assert (left.part, right.part) == ("left hand", "right hand")
    assert left.points == ("left_grip",)
    assert right.points == ("right_grip",)
    assert left.target == right.target == "bar"
    assert left.text == right.text == "hands on bar"
    knees = parse_contact("knees on floor")
    assert [c.points for c in knees] == [("left_knee",), ("right_knee",)]
    feet = parse_contact("feet on floor")
    assert feet[0].points == ("left_heel", "left_toe")


def test_the_words_are_read_loosely_and_mat_is_the_floor() -> None:
    (c,) = parse_contact("  Left   Knee on the MAT ")
    assert c.part == "left knee"
    assert c.target == "floor"
    (hips,) = parse_contact("hips on chair")
    assert hips.target == "seat"
    (back,) = parse_contact("back on floor")
    assert back.target == "floor"
    (hand,) = parse_contact("left hand on right knee")
    assert hand.target == "body"
    assert hand.target_points == ("right_knee",)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("left nose on floor", "nose"),
        ("left hand on ceiling", "ceiling"),
        ("left hand to desk", "on"),
        ("hands", "on"),
    ],
)
def test_a_wrong_contact_says_what_is_allowed(text: str, names: str) -> None:
    with pytest.raises(ContactError) as info:
        parse_contact(text)
    message = str(info.value)
    assert names in message
    # The message lists the words of docs/routines.md#contacts.
    for word in ("left hand", "knees", "hips", "back", "floor", "desk", "backrest", "lower back"):
        assert word in message
    assert isinstance(info.value, ValueError)


def test_a_part_cannot_touch_itself() -> None:
    with pytest.raises(ContactError, match="itself"):
        parse_contact("left knee on left knee")


def test_every_documented_part_and_thing_is_understood() -> None:
    documented_parts = [
        "left hand",
        "right hand",
        "hands",
        "left knee",
        "right knee",
        "knees",
        "left foot",
        "right foot",
        "feet",
        "left heel",
        "right heel",
        "left toes",
        "right toes",
        "hips",
        "back",
        "left elbow",
        "right elbow",
    ]
    documented_things = [
        "floor",
        "mat",
        "chair",
        "backrest",
        "desk",
        "bar",
        "left knee",
        "right knee",
        "left thigh",
        "right thigh",
        "left hip",
        "right hip",
        "head",
        "lower back",
    ]
    assert set(documented_parts) <= set(PARTS)
    assert set(documented_things) <= set(THINGS)
    for part in documented_parts:
        thing = "head" if part != "back" else "floor"
        assert parse_contact(f"{part} on {thing}")


# ----------------------------------------------------------------- solving


def test_a_hand_reaches_down_to_the_desk() -> None:
    start = from_library("stand", root_pitch=8, left_hip_flex=8, right_hip_flex=8)
    pts = placed(start)
    assert pts["left_fingers"][1] - 0.02 < props.DESK_HEIGHT - 0.03  # hangs below the top
    result = solve_contacts(start, contacts("left hand on desk", "feet on floor"))
    assert result.misses == ()
    pts = placed(result.joints)
    assert pts["left_fingers"][1] - 0.02 == pytest.approx(props.DESK_HEIGHT, abs=TOLERANCE)
    # Only the arm moved; the legs and the trunk are as written.
    assert {n.split("_", 1)[0] for n in moved(start, result.joints)} == {"left"}
    assert all("shoulder" in n or "elbow" in n for n in moved(start, result.joints))


def test_the_hips_come_onto_the_seat_with_the_feet_flat() -> None:
    start = from_library("sit", left_hip_flex=95, right_hip_flex=95)
    result = solve_contacts(start, contacts("hips on chair", "feet on floor"))
    assert result.misses == ()
    pts = placed(result.joints)
    assert pts["hip_center"][1] - 0.075 == pytest.approx(props.SEAT_HEIGHT, abs=TOLERANCE)
    for p in ("left_heel", "left_toe", "right_heel", "right_toe"):
        assert pts[p][1] - 0.02 == pytest.approx(0.0, abs=TOLERANCE)


def test_a_knee_comes_down_to_the_floor() -> None:
    start = from_library("half-kneel", left_hip_flex=20)
    assert placed(start)["left_knee"][1] - 0.044 > 0.03
    result = solve_contacts(start, contacts("left knee on floor", "right foot on floor"))
    assert result.misses == ()
    pts = placed(result.joints)
    assert pts["left_knee"][1] - 0.044 == pytest.approx(0.0, abs=TOLERANCE)
    assert pts["right_heel"][1] - 0.02 == pytest.approx(0.0, abs=TOLERANCE)


def test_a_hand_reaches_across_to_the_other_knee() -> None:
    start = from_library("sit", thoracic_rot=25, lumbar_rot=5)
    cs = contacts("hips on chair", "feet on floor", "right hand on left knee")
    result = solve_contacts(start, cs)
    assert result.misses == ()
    pts = solve(result.joints).points
    gap = norm(sub(pts["right_grip"], pts["left_knee"]))
    assert gap == pytest.approx(0.02 + 0.044, abs=TOLERANCE)
    # The knee it holds stays where the author put it.
    assert result.joints["left_hip_flex"] == start["left_hip_flex"]


def test_both_hands_come_onto_one_bar() -> None:
    start = from_library("hang", left_shoulder_flex=150)
    result = solve_contacts(start, contacts("hands on bar"))
    assert result.misses == ()
    pts = solve(result.joints).points
    left, right = pts["left_grip"], pts["right_grip"]
    assert math.hypot(left[0] - right[0], left[1] - right[1]) < TOLERANCE


def test_a_hand_on_the_backrest_is_behind_the_hips_at_the_rail() -> None:
    start = from_library("sit", thoracic_rot=35, lumbar_rot=10, neck_rot=30)
    result = solve_contacts(
        start, contacts("hips on chair", "feet on floor", "left hand on backrest")
    )
    assert result.misses == ()
    pts = placed(result.joints)
    grip, hip = pts["left_grip"], pts["hip_center"]
    assert grip[0] - hip[0] == pytest.approx(-props.BACKREST_OFFSET, abs=TOLERANCE)
    rail = props.SEAT_HEIGHT + props.BACKREST_HEIGHT
    assert grip[1] - 0.02 == pytest.approx(rail, abs=TOLERANCE)
    assert abs(grip[2] - hip[2]) <= props.CHAIR_HALF_WIDTH + TOLERANCE


def test_hands_on_the_lower_back_go_behind_it() -> None:
    start = from_library("stand")
    result = solve_contacts(start, contacts("hands on lower back", "feet on floor"))
    assert result.misses == ()
    pts = solve(result.joints).points
    for side in ("left", "right"):
        assert pts[f"{side}_grip"][0] < pts["l5"][0] - 0.06  # behind the spine


def test_a_pose_that_meets_its_contacts_comes_back_unchanged() -> None:
    start = from_library("stand", left_shoulder_flex=33.33, thoracic_flex=7.77)
    result = solve_contacts(start, contacts("feet on floor"))
    assert result.joints == start
    assert result.misses == ()


def test_a_contact_out_of_reach_is_reported_with_its_distance() -> None:
    start = from_library("stand")
    cs = contacts("feet on floor", "left hand on right ankle")
    result = solve_contacts(start, cs)
    (miss,) = [m for m in result.misses if m.part == "left hand"]
    assert miss.text == "left hand on right ankle"
    pts = solve(result.joints).points
    gap = norm(sub(pts["left_grip"], pts["right_ankle"])) - (0.02 + 0.031)
    assert miss.distance == pytest.approx(gap, abs=0.002)
    assert miss.distance > 0.1


def test_solved_joints_stay_in_range_unless_exaggerated() -> None:
    start = from_library("stand")
    cs = contacts("hands on lower back", "left hand on right ankle", "feet on floor")
    result = solve_contacts(start, cs)
    for name, value in result.joints.items():
        spec = JOINTS[name]
        assert spec.low <= value <= spec.high, name
    # Listed as exaggerated, the elbow may bend past its range to reach.
    bent = from_library("stand", left_elbow_flex=140, left_shoulder_flex=-50)
    free = solve_contacts(
        bent, contacts("left hand on left hip"), exaggerated=frozenset({"left_elbow_flex"})
    )
    kept = solve_contacts(bent, contacts("left hand on left hip"))
    assert JOINTS["left_elbow_flex"].low <= kept.joints["left_elbow_flex"] <= 145
    assert free.misses == () or free.misses[0].distance <= kept.misses[0].distance


def test_moved_joints_are_rounded_to_a_tenth_of_a_degree() -> None:
    start = from_library("half-kneel", left_hip_flex=20.123)
    result = solve_contacts(start, contacts("left knee on floor", "right foot on floor"))
    for name in moved(start, result.joints):
        assert result.joints[name] == round(result.joints[name], 1)


def test_solving_is_deterministic() -> None:
    start = from_library("sit", thoracic_rot=30)
    cs = contacts("hips on chair", "feet on floor", "right hand on left knee")
    assert solve_contacts(start, cs) == solve_contacts(start, cs)


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_library_poses_meet_their_own_contacts(name: str) -> None:
    pose = LIBRARY[name]
    result = solve_contacts(pose.joints, contacts(*pose.contacts), exaggerated=pose.exaggerated)
    assert result.misses == ()
    # At most a nudge: the library pose is already about right.
    assert all(abs(d) <= 10.0 for d in moved(pose.joints, result.joints).values())


@pytest.mark.parametrize("name", ["stand", "sit", "kneel", "lie-on-back", "squat", "hang"])
def test_these_library_poses_hold_exactly_as_written(name: str) -> None:
    pose = LIBRARY[name]
    result = solve_contacts(pose.joints, contacts(*pose.contacts), exaggerated=pose.exaggerated)
    assert result.joints == dict(pose.joints)


def test_sit_looks_like_sitting_on_a_chair() -> None:
    pts = placed(LIBRARY["sit"].joints)
    for side in ("left", "right"):
        hip, knee, ankle = pts[f"{side}_hip"], pts[f"{side}_knee"], pts[f"{side}_ankle"]
        thigh_slope = math.degrees(math.atan2(hip[1] - knee[1], knee[0] - hip[0]))
        assert 0.0 <= thigh_slope < 15.0  # about level, down to the knee
        assert abs(ankle[0] - knee[0]) < 0.03  # the shin upright, the foot below the knee
    # The hands rest on the thighs (contacts "hands on thighs").
    assert (
        solve_contacts(
            LIBRARY["sit"].joints, contacts("left hand on left thigh", "right hand on right thigh")
        ).misses
        == ()
    )


def test_kneel_rests_the_shins_and_the_tops_of_the_feet_on_the_floor() -> None:
    pts = placed(LIBRARY["kneel"].joints)
    for side in ("left", "right"):
        assert pts[f"{side}_knee"][1] - 0.044 == pytest.approx(0.0, abs=0.005)
        assert pts[f"{side}_ankle"][1] - 0.031 == pytest.approx(0.0, abs=0.005)
        assert pts[f"{side}_toe"][1] - 0.02 == pytest.approx(0.0, abs=0.005)
        assert abs(pts[f"{side}_hip"][0] - pts[f"{side}_knee"][0]) < 0.02  # thighs upright


# ----------------------------------------------------------------- the chair and the desk


def seated_stretch(joints: Mapping[str, float], prop_names: Sequence[str], camera: str = "side"):  # type: ignore[no-untyped-def]
    keys = (Keyframe(0.0, dict(joints), "in-out"), Keyframe(1.0, dict(joints), "in-out"))
    return make_stretch(
        "props-test",
        position="sitting",
        camera=camera,
        props=tuple(prop_names),
        keyframes={"move": keys},
    )


def boards(
    items: Sequence[Prop3D], kind: str
) -> list[tuple[float, float, float, float, float, float]]:
    """Closed props of a kind as boxes (x0, x1, y0, y1, z0, z1)."""
    out = []
    for prop in items:
        if prop.kind == kind and prop.closed:
            xs = [p[0] for p in prop.points]
            ys = [p[1] for p in prop.points]
            zs = [p[2] for p in prop.points]
            t = prop.thickness / 2.0
            out.append((min(xs), max(xs), min(ys) - t, max(ys) + t, min(zs), max(zs)))
    return out


def through(points: Mapping[str, Vec3], box: tuple[float, ...], slack: float = 0.012) -> list[str]:
    """Bones whose capsule goes into the box by more than ``slack``."""
    x0, x1, y0, y1, z0, z1 = box
    hits = []
    for bone in BONES:
        a, b = points[bone.a], points[bone.b]
        r = bone.thickness / 2.0 - slack
        for i in range(11):
            t = i / 10.0
            p = tuple(a[k] + (b[k] - a[k]) * t for k in range(3))
            dx = max(x0 - p[0], 0.0, p[0] - x1)
            dy = max(y0 - p[1], 0.0, p[1] - y1)
            dz = max(z0 - p[2], 0.0, p[2] - z1)
            if math.sqrt(dx * dx + dy * dy + dz * dz) < r:
                hits.append(bone.part)
                break
    return hits


def test_the_chair_is_under_the_sitting_figure_and_nothing_goes_through_it() -> None:
    s = seated_stretch(LIBRARY["sit"].joints, ("floor", "chair"))
    frame = frame_for(s, "hold", 0.5, "left", 1.0, reduced_motion=True)
    items = props_3d(s)
    seat, rest = sorted(boards(items, "chair"), key=lambda b: b[3])
    hip = frame.joints["hip_center"]
    # The seat's top is at seat height, under the hips; the backrest behind them.
    assert seat[3] == pytest.approx(props.SEAT_HEIGHT)
    assert seat[0] < hip[0] < seat[1]
    assert seat[4] < hip[2] < seat[5]
    assert hip[1] - 0.075 == pytest.approx(seat[3], abs=TOLERANCE)
    assert rest[1] < hip[0] - 0.07
    assert rest[3] == pytest.approx(props.SEAT_HEIGHT + props.BACKREST_HEIGHT, abs=0.02)
    for box in (seat, rest):
        assert through(frame.joints, box) == []
    kinds = [p.kind for p in frame.props]
    assert kinds.count("chair") >= 6  # seat, backrest, four legs


def test_the_desk_is_under_the_resting_hand_and_in_the_view() -> None:
    joints = solve_contacts(
        from_library("sit", left_shoulder_flex=60, left_elbow_flex=20),
        contacts("hips on chair", "feet on floor", "left hand on desk"),
    ).joints
    s = seated_stretch(joints, ("floor", "chair", "desk"))
    frame = frame_for(s, "hold", 0.5, "left", 1.0, reduced_motion=True)
    (top,) = boards(props_3d(s), "desk")
    fingers = frame.joints["left_fingers"]
    assert top[3] == pytest.approx(props.DESK_HEIGHT)
    assert fingers[1] - 0.02 == pytest.approx(top[3], abs=TOLERANCE)
    assert top[0] < fingers[0] < top[1]
    assert top[4] < fingers[2] < top[5]
    assert through(frame.joints, top) == []
    x0, y0, x1, y1 = frame.bounds
    for prop in frame.props:
        if prop.kind in ("chair", "desk"):
            for x, y in prop.points:
                assert x0 <= x <= x1
                assert y0 <= y <= y1


def test_without_a_hand_on_it_the_desk_stands_in_front() -> None:
    s = seated_stretch(LIBRARY["sit"].joints, ("floor", "desk"))
    frame = frame_for(s, "ready", 0.0, None, 0.0)
    (top,) = boards(props_3d(s), "desk")
    front = max(p[0] for p in frame.joints.values())
    assert top[0] > front
    assert through(frame.joints, top) == []


def test_the_right_side_mirrors_the_props_with_the_figure() -> None:
    s = seated_stretch(LIBRARY["sit"].joints, ("floor", "chair", "desk"), camera="three-quarter")
    left = frame_for(s, "hold", 0.5, "left", 1.0)
    right = frame_for(s, "hold", 0.5, "right", 1.0)
    lp = [p for p in left.props if p.kind in ("chair", "desk")]
    rp = [p for p in right.props if p.kind in ("chair", "desk")]
    assert len(lp) == len(rp) > 0
    for a, b in zip(lp, rp, strict=True):
        mirrored = [v for x, y in a.points for v in (-x, y)]
        assert mirrored == pytest.approx([v for point in b.points for v in point])
