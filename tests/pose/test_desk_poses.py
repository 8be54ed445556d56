"""The desk set's key poses pass geometric checks on the placed figure (no Qt, no pixels).

Every check runs on what the stretch window draws: ``frame_for`` in reduced motion (the
key pose itself), for the authored side and its mirror image. The contacts of each pose
are read from the routine file and measured on the placed figure, independently of the
contact solver that put them there.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from deskstretch.catalogue.model import Side, Stretch
from deskstretch.catalogue.routine import read_routine
from deskstretch.pose import Frame, frame_for
from deskstretch.pose import props as furniture
from deskstretch.pose.frame import props_3d
from deskstretch.pose.skeleton import BONES, HEAD_RADIUS, JOINTS
from deskstretch.pose.vec import Vec3, add, angle_between, dot, norm, scale, sub
from deskstretch.settings.model import DESK_SET

STRETCHES = Path(__file__).resolve().parents[2] / "deskstretch" / "data" / "stretches"
SIDES: tuple[Side, Side] = ("left", "right")
#: A contact holds when its part is this close to where it belongs (H units).
NEAR = 0.015
GRIP_RADIUS = 0.02
#: The pelvis: the bottom of the sacrum capsule is this far below the hip joints' centre.
PELVIS_DEPTH = 0.075
SPINE = ("hip_center", "l5", "l1", "t8", "c7")
SPINE_RADIUS = 0.075


# ----------------------------------------------------------------- loading


def _routine_text(stretch_id: str) -> str:
    return (STRETCHES / f"{stretch_id}.toml").read_text(encoding="utf-8")


@cache
def doc(stretch_id: str) -> dict[str, Any]:
    return tomllib.loads(_routine_text(stretch_id))


@cache
def stretch(stretch_id: str) -> Stretch:
    check = read_routine(_routine_text(stretch_id))
    assert not check.problems, [p.format(f"{stretch_id}.toml") for p in check.problems]
    assert check.stretch is not None
    return check.stretch


@dataclass(frozen=True)
class KeyPose:
    """A pose the move phase passes through, with what it touches and what it exaggerates."""

    name: str
    at: float
    contacts: tuple[str, ...]
    exaggerated: frozenset[str]


def key_poses(stretch_id: str) -> list[KeyPose]:
    d = doc(stretch_id)
    poses: Mapping[str, Any] = d["poses"]

    def exaggerated(name: str) -> frozenset[str]:
        spec = poses[name]
        own = frozenset(spec.get("exaggerated", []))
        parent = spec["from"]
        return own | exaggerated(parent) if parent in poses else own

    return [
        KeyPose(
            k["pose"], float(k["at"]), tuple(poses[k["pose"]]["contacts"]), exaggerated(k["pose"])
        )
        for k in d["keyframes"]["move"]
    ]


def sides_of(stretch_id: str) -> tuple[Side | None, ...]:
    return SIDES if stretch(stretch_id).sides else (None,)


def key_frame(stretch_id: str, pose: KeyPose, side: Side | None) -> Frame:
    # Reduced motion at a keyframe's own time shows exactly that key pose, without breathing.
    return frame_for(stretch(stretch_id), "move", pose.at, side, 0.0, reduced_motion=True)


def cases() -> Iterator[tuple[str, str, Side | None]]:
    for stretch_id in DESK_SET:
        for side in SIDES if doc(stretch_id)["sides"] else (None,):
            for pose in key_poses(stretch_id):
                yield stretch_id, pose.name, side


CASES = list(cases())
CASE_IDS = [f"{s}-{p}-{side}" for s, p, side in CASES]


def case(stretch_id: str, pose_name: str, side: Side | None) -> tuple[KeyPose, Frame]:
    pose = next(p for p in key_poses(stretch_id) if p.name == pose_name)
    return pose, key_frame(stretch_id, pose, side)


def hold(stretch_id: str, side: Side | None) -> Mapping[str, Vec3]:
    return frame_for(stretch(stretch_id), "hold", 0.0, side, 0.0, reduced_motion=True).joints


def start(stretch_id: str, side: Side | None) -> Mapping[str, Vec3]:
    return frame_for(stretch(stretch_id), "ready", 0.0, side, 0.0, reduced_motion=True).joints


# ----------------------------------------------------------------- geometry helpers


def radius(point: str) -> float:
    r = max((b.thickness / 2 for b in BONES if point in (b.a, b.b)), default=0.0)
    return r or GRIP_RADIUS


def swap(text: str) -> str:
    """A contact of the authored (left) side as it reads on the mirrored (right) side."""
    return " ".join({"left": "right", "right": "left"}.get(word, word) for word in text.split(" "))


def segment_distance(p1: Vec3, q1: Vec3, p2: Vec3, q2: Vec3) -> float:
    """Shortest distance between two 3-D segments (sampled finely enough for the test)."""
    best = math.inf
    steps = 24
    for i in range(steps + 1):
        t = i / steps
        a = add(p1, scale(sub(q1, p1), t))
        d = sub(q2, p2)
        length2 = dot(d, d)
        u = 0.0 if length2 == 0 else max(0.0, min(1.0, dot(sub(a, p2), d) / length2))
        best = min(best, norm(sub(a, add(p2, scale(d, u)))))
    return best


def sagittal(v: Vec3) -> float:
    """Forward angle (degrees) of a direction in the figure's side plane (it faces +x)."""
    return math.degrees(math.atan2(v[0], v[1]))


def hip_flexion(j: Mapping[str, Vec3], side: str) -> float:
    """Hip flexion in the side plane: the thigh's forward swing plus the trunk's forward lean."""
    thigh = sub(j[f"{side}_knee"], j[f"{side}_hip"])
    trunk = sub(j["c7"], j["hip_center"])
    return math.degrees(math.atan2(thigh[0], -thigh[1])) + sagittal(trunk)


def yaw(a: Vec3, b: Vec3) -> float:
    """How far the line from ``a`` to ``b`` (the body's left to right) turns to the left."""
    v = sub(b, a)
    return math.degrees(math.atan2(v[0], v[2]))


def spine_extension(j: Mapping[str, Vec3]) -> float:
    """How far the upper back bends backwards relative to the pelvis, in degrees."""
    low, high = sub(j["l5"], j["hip_center"]), sub(j["c7"], j["t8"])
    bend = angle_between(low, high)
    return bend if low[0] * high[1] - low[1] * high[0] > 0 else -bend


def other(side: Side) -> Side:
    return "right" if side == "left" else "left"


# ----------------------------------------------------------------- contacts


def contact_gaps(frame: Frame, contact: str) -> list[float]:
    """How far each point of ``contact`` is from where it belongs (H units)."""
    j = frame.joints
    part, _, thing = contact.partition(" on ")
    if part in ("hands", "feet", "knees", "toes", "heels", "ankles"):
        singular = {"hands": "hand", "feet": "foot", "knees": "knee", "toes": "toes"}
        singular |= {"heels": "heel", "ankles": "ankle"}
        return [g for s in SIDES for g in contact_gaps(frame, f"{s} {singular[part]} on {thing}")]
    if part == "hips":
        level = {"chair": furniture.SEAT_HEIGHT}[thing]
        return [j["hip_center"][1] - PELVIS_DEPTH - level]
    side, kind = part.split(" ", 1)
    if kind == "hand":
        # A flat palm on the floor or the seat, the fingertips on a desk, else the grip.
        points: dict[str, tuple[str, ...]] = {"floor": ("wrist", "fingers")}
        points |= {"chair": ("wrist", "fingers"), "desk": ("fingers",)}
        names = [f"{side}_{p}" for p in points.get(thing, ("grip",))]
    else:
        names = [
            f"{side}_{p}" for p in {"foot": ("heel", "toe"), "toes": ("toe",)}.get(kind, (kind,))
        ]
    if thing in ("floor", "chair", "desk"):
        level = {
            "floor": 0.0,
            "chair": furniture.SEAT_HEIGHT,
            "desk": furniture.DESK_HEIGHT,
        }[thing]
        return [j[n][1] - radius(n) - level for n in names]
    if thing == "backrest":
        p = j[names[0]]
        behind = j["hip_center"][0] - p[0]
        top = furniture.SEAT_HEIGHT + furniture.BACKREST_HEIGHT
        return [behind - furniture.BACKREST_OFFSET, p[1] - GRIP_RADIUS - top]
    p = j[names[0]]
    if thing == "lower back":
        mid = scale(add(j["l5"], j["l1"]), 0.5)
        # Behind the lumbar spine, on the skin.
        return [norm(sub(p, mid)) - SPINE_RADIUS - radius(names[0])]
    if thing.endswith(" hip"):
        s = thing.split(" ")[0]
        q = j[f"{s}_hip"]
        return [norm(sub(p, q)) - 0.065 - radius(names[0])]
    q_name = thing.replace(" ", "_")
    return [norm(sub(p, j[q_name])) - radius(q_name) - radius(names[0])]


@pytest.mark.parametrize(("stretch_id", "pose_name", "side"), CASES, ids=CASE_IDS)
def test_every_contact_holds(stretch_id: str, pose_name: str, side: Side | None) -> None:
    pose, frame = case(stretch_id, pose_name, side)
    assert pose.contacts, "every key pose says what it touches"
    for contact in pose.contacts:
        text = swap(contact) if side == "right" else contact
        gaps = contact_gaps(frame, text)
        assert max(abs(g) for g in gaps) < NEAR, (text, [round(g, 3) for g in gaps])


# ----------------------------------------------------------------- joints, floor, props, body


@pytest.mark.parametrize(("stretch_id", "pose_name", "side"), CASES, ids=CASE_IDS)
def test_joints_stay_in_range_unless_exaggerated(
    stretch_id: str, pose_name: str, side: Side | None
) -> None:
    pose, frame = case(stretch_id, pose_name, side)
    for name, value in frame.angles.items():
        spec = JOINTS[name]
        if name not in pose.exaggerated:
            assert spec.low - 0.05 <= value <= spec.high + 0.05, (name, value)
    if pose.exaggerated:
        assert doc(stretch_id)["text"].get("figure_note"), "an exaggeration is explained"


def capsule_bottom(frame: Frame) -> float:
    j = frame.joints
    low = j["head"][1] - HEAD_RADIUS
    return min(low, *(min(j[b.a][1], j[b.b][1]) - b.thickness / 2 for b in BONES))


@pytest.mark.parametrize("stretch_id", DESK_SET)
def test_feet_on_the_floor_and_nothing_below_it_all_the_way(stretch_id: str) -> None:
    s = stretch(stretch_id)
    for side in sides_of(stretch_id):
        for phase in ("ready", "move", "hold", "release"):
            for step in range(11):
                frame = frame_for(s, phase, step / 10, side, step / 2)
                assert capsule_bottom(frame) > -1e-6, (phase, step, side)
                j = frame.joints
                # At least one foot stays on the floor (a seated figure may lift one).
                lowest_foot = min(j[f"{s_}_toe"][1] for s_ in SIDES) - radius("left_toe")
                assert abs(lowest_foot) < NEAR, (phase, step, side)


@pytest.mark.parametrize("stretch_id", [s for s in DESK_SET if doc(s)["position"] == "sitting"])
def test_seated_hips_rest_on_the_seat_all_the_way(stretch_id: str) -> None:
    s = stretch(stretch_id)
    for side in sides_of(stretch_id):
        for phase in ("ready", "move", "hold", "release"):
            for step in range(11):
                j = frame_for(s, phase, step / 10, side, step / 2).joints
                bottom = j["hip_center"][1] - PELVIS_DEPTH
                assert bottom > furniture.SEAT_HEIGHT - 0.005, "not sunk into the seat"
                assert bottom < furniture.SEAT_HEIGHT + NEAR, "not floating above it"


@dataclass(frozen=True)
class Box:
    """A board of the chair or the desk as a box (the figure faces +x, so they line up)."""

    kind: str
    lo: Vec3
    hi: Vec3

    def gap(self, p: Sequence[float]) -> float:
        """Distance from ``p`` to the box (0 inside)."""
        out = [max(self.lo[k] - p[k], 0.0, p[k] - self.hi[k]) for k in range(3)]
        return math.sqrt(sum(o * o for o in out))


def furniture_of(
    stretch_id: str, side: Side | None
) -> tuple[list[Box], list[tuple[Vec3, Vec3, float]]]:
    """The chair's and the desk's boards (boxes) and legs (segments) as they are drawn."""
    flip = -1.0 if side == "right" else 1.0  # props_3d is the authored side: mirror z
    boards: list[Box] = []
    legs: list[tuple[Vec3, Vec3, float]] = []
    for item in props_3d(stretch(stretch_id)):
        if item.kind not in ("chair", "desk"):
            continue
        pts = [(x, y, flip * z) for x, y, z in item.points]
        if item.closed:
            h = item.thickness / 2
            xs, ys, zs = zip(*pts, strict=True)
            lo = (min(xs) - h, min(ys) - h, min(zs) - h)
            hi = (max(xs) + h, max(ys) + h, max(zs) + h)
            boards.append(Box(item.kind, lo, hi))
        else:
            legs.extend((a, b, item.thickness / 2) for a, b in pairwise(pts))
    return boards, legs


def test_chairs_and_desks_are_drawn_where_they_are_used() -> None:
    for stretch_id in DESK_SET:
        boards, _ = furniture_of(stretch_id, "left" if doc(stretch_id)["sides"] else None)
        kinds = {b.kind for b in boards}
        used = {p for p in doc(stretch_id)["props"] if p in ("chair", "desk")}
        assert kinds == used, stretch_id
        j = start(stretch_id, "left" if doc(stretch_id)["sides"] else None)
        for board in boards:
            if board.kind == "chair" and board.hi[1] - board.lo[1] < 0.05:  # the seat
                assert board.lo[0] < j["hip_center"][0] < board.hi[0], "the seat is under the hips"
                assert abs(board.hi[1] - furniture.SEAT_HEIGHT) < 0.01


LIMB_PARTS = ("upper_arm", "forearm", "hand", "thigh", "shin", "foot")


@pytest.mark.parametrize(("stretch_id", "pose_name", "side"), CASES, ids=CASE_IDS)
def test_no_limb_inside_the_chair_or_the_desk(
    stretch_id: str, pose_name: str, side: Side | None
) -> None:
    _, frame = case(stretch_id, pose_name, side)
    j = frame.joints
    boards, legs = furniture_of(stretch_id, side)
    for bone in BONES:
        if not bone.part.endswith(LIMB_PARTS):
            continue
        # Resting on a board is touching it: the capsule may sink in by the contact tolerance.
        r = bone.thickness / 2 - NEAR
        for i in range(9):
            t = i / 8
            p = tuple(j[bone.a][k] + (j[bone.b][k] - j[bone.a][k]) * t for k in range(3))
            for board in boards:
                assert board.gap(p) > r, (bone.part, t, board)
        for a, b, leg_r in legs:
            gap = segment_distance(j[bone.a], j[bone.b], a, b)
            assert gap > bone.thickness / 2 + leg_r - 0.005, (bone.part, "through a leg", a)


@pytest.mark.parametrize(("stretch_id", "pose_name", "side"), CASES, ids=CASE_IDS)
def test_no_arm_passes_through_the_trunk(
    stretch_id: str, pose_name: str, side: Side | None
) -> None:
    pose, frame = case(stretch_id, pose_name, side)
    j = frame.joints
    touching = " ".join(swap(c) if side == "right" else c for c in pose.contacts)
    for s in SIDES:
        if f"{s} hand on lower back" in touching or "hands on lower back" in touching:
            continue  # a hand pressed on the back touches the trunk on purpose
        for part, a, b, thick in (
            ("upper_arm", f"{s}_shoulder", f"{s}_elbow", 0.058),
            ("forearm", f"{s}_elbow", f"{s}_wrist", 0.047),
            ("hand", f"{s}_wrist", f"{s}_fingers", 0.04),
        ):
            for top, bottom in zip(SPINE[1:], SPINE[:-1], strict=True):
                if part == "upper_arm" and top == "c7":
                    continue  # the shoulder joint hangs from the top of the spine
                gap = segment_distance(j[a], j[b], j[bottom], j[top])
                assert gap > thick / 2 + SPINE_RADIUS - 0.01, (s, part, bottom, top, gap)


# ----------------------------------------------------------------- what makes each stretch


@pytest.mark.parametrize("side", SIDES)
def test_desk_hip_flexor_opens_the_back_hip_with_the_trunk_upright(side: Side) -> None:
    s0, s1 = start("desk-hip-flexor", side), hold("desk-hip-flexor", side)
    back, front = side, other(side)
    assert hip_flexion(s1, back) < hip_flexion(s0, back) - 6, "the back hip opens in the hold"
    assert hip_flexion(s1, back) < -5, "the back hip is extended"
    assert s1[f"{back}_ankle"][0] < s1["hip_center"][0] < s1[f"{front}_ankle"][0], "split stance"
    for j in (s0, s1):
        assert abs(sagittal(sub(j["c7"], j["hip_center"]))) < 12, "the trunk stays upright"
        knee = angle_between(
            sub(j[f"{back}_knee"], j[f"{back}_hip"]), sub(j[f"{back}_ankle"], j[f"{back}_knee"])
        )
        assert 5 < knee < 45, "the back knee is soft, not locked and not kneeling"
    assert s1["hip_center"][0] > s0["hip_center"][0] + 0.02, "the hips move forward"


@pytest.mark.parametrize("side", SIDES)
def test_seated_trunk_rotation_turns_the_chest_and_keeps_the_pelvis_square(side: Side) -> None:
    sign = 1.0 if side == "left" else -1.0
    s0, s1 = start("seated-trunk-rotation", side), hold("seated-trunk-rotation", side)
    assert abs(yaw(s0["left_shoulder"], s0["right_shoulder"])) < 5, "facing ahead at the start"
    chest = yaw(s1["left_shoulder"], s1["right_shoulder"])
    pelvis = yaw(s1["left_hip"], s1["right_hip"])
    assert sign * chest > 25, f"the chest turns towards the {side} ({chest:.0f} degrees)"
    assert abs(pelvis) < 5, "the pelvis stays square on the seat"
    # The hand of the other side crosses to the knee of the turning side.
    assert norm(sub(s1[f"{other(side)}_grip"], s1[f"{side}_knee"])) < 0.1


@pytest.mark.parametrize("side", SIDES)
def test_seated_figure_four_crosses_the_ankle_and_leans_forward_with_a_long_back(
    side: Side,
) -> None:
    s0, s1 = start("seated-figure-four", side), hold("seated-figure-four", side)
    out = -1.0 if side == "left" else 1.0  # the body's left is -z
    for j in (s0, s1):
        assert norm(sub(j[f"{side}_ankle"], j[f"{other(side)}_knee"])) < 0.1, "ankle on the knee"
        assert out * (j[f"{side}_knee"][2] - j[f"{side}_hip"][2]) > 0.03, "the knee drops out"
    lean0 = sagittal(sub(s0["c7"], s0["hip_center"]))
    lean1 = sagittal(sub(s1["c7"], s1["hip_center"]))
    assert lean1 > lean0 + 10, "the trunk leans forward in the hold"
    curl = angle_between(sub(s1["l1"], s1["l5"]), sub(s1["c7"], s1["t8"]))
    assert curl < 10, "the back stays long: the lean comes from the hips"


def test_standing_back_extension_bends_the_spine_backwards() -> None:
    s0, s1 = start("standing-back-extension", None), hold("standing-back-extension", None)
    assert spine_extension(s1) > spine_extension(s0) + 15
    assert s1["c7"][0] < s1["hip_center"][0] - 0.05, "the shoulders go back behind the hips"
    for s in SIDES:
        knee = angle_between(
            sub(s1[f"{s}_knee"], s1[f"{s}_hip"]), sub(s1[f"{s}_ankle"], s1[f"{s}_knee"])
        )
        assert knee < 15, "standing, not squatting"


@pytest.mark.parametrize("side", SIDES)
def test_neck_side_bend_tilts_the_head_towards_its_shoulder(side: Side) -> None:
    s0, s1 = start("neck-side-bend", side), hold("neck-side-bend", side)

    def ear_to_shoulder(j: Mapping[str, Vec3]) -> float:
        return norm(sub(j["head"], j[f"{side}_shoulder"]))

    assert ear_to_shoulder(s1) < ear_to_shoulder(s0) - 0.03, "the head tilts to the shoulder"
    tilt = angle_between(sub(s1["head"], s1["c7"]), (0.0, 1.0, 0.0))
    assert 15 < tilt < 45, f"a clear but gentle tilt ({tilt:.0f} degrees)"
    assert s1[f"{other(side)}_shoulder"][1] < s0[f"{other(side)}_shoulder"][1] - 0.01, (
        "the other shoulder sinks"
    )
    # The trunk stays upright: only the neck bends.
    assert abs(s1["c7"][2] - s1["hip_center"][2]) < 0.01


def test_chest_opener_clasps_the_hands_and_lifts_the_chest() -> None:
    s0, s1 = start("chest-opener", None), hold("chest-opener", None)
    for j in (s0, s1):
        assert norm(sub(j["left_grip"], j["right_grip"])) < 0.07, "the hands are clasped"
        assert j["left_grip"][0] < j["hip_center"][0] - 0.08, "behind the back"
    for s in SIDES:
        elbow = angle_between(
            sub(s1[f"{s}_elbow"], s1[f"{s}_shoulder"]), sub(s1[f"{s}_wrist"], s1[f"{s}_elbow"])
        )
        assert elbow < 15, "the arms straighten in the hold"
        assert s1[f"{s}_shoulder"][0] < s0[f"{s}_shoulder"][0] - 0.02, "shoulder blades drawn back"
    assert s1["left_grip"][0] < s0["left_grip"][0] - 0.08, "the hands move away from the back"
    assert spine_extension(s1) > spine_extension(s0) + 5, "the chest lifts"


@pytest.mark.parametrize("side", SIDES)
def test_wrist_flexor_stretch_bends_the_wrist_back_with_the_other_hand_at_the_fingers(
    side: Side,
) -> None:
    j = hold("wrist-flexor-stretch", side)
    shoulder, elbow = j[f"{side}_shoulder"], j[f"{side}_elbow"]
    wrist, fingers = j[f"{side}_wrist"], j[f"{side}_fingers"]
    assert angle_between(sub(elbow, shoulder), sub(wrist, elbow)) < 10, "the elbow is straight"
    assert abs(wrist[1] - shoulder[1]) < 0.08, "the arm is straight out in front"
    assert wrist[0] > shoulder[0] + 0.25
    assert angle_between(sub(wrist, elbow), sub(fingers, wrist)) > 45, "the wrist bends back"
    assert fingers[1] < wrist[1] - 0.05, "the fingers point down"
    assert norm(sub(j[f"{other(side)}_grip"], fingers)) < 0.06, "the other hand holds the fingers"
    s0 = start("wrist-flexor-stretch", side)
    assert s0[f"{side}_wrist"][1] < s0["hip_center"][1] + 0.1, "the arm starts relaxed"
