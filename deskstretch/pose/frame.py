"""One drawable frame of a stretch: the posed, placed, projected figure plus its props.

``frame_for`` is the single entry point used by the figure view and the preview
renderer. It is pure Python and cheap (a few hundred microseconds): everything that
does not change while a stretch plays (camera, bar height, view box, props) is
computed once per stretch and side and cached.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from deskstretch.pose import props as furniture
from deskstretch.pose.camera import Camera
from deskstretch.pose.keyframes import KeyframeLike, key_pose_at, pose_at
from deskstretch.pose.skeleton import BONES, HEAD_RADIUS, Skeleton3D, solve
from deskstretch.pose.vec import Vec3, add, mat_vec, rot_y, scale

PhaseKind = Literal["ready", "move", "hold", "release", "switch", "rest", "finish"]
Side = Literal["left", "right"]
Point = tuple[float, float]

#: Keyframes describe this side; the other side is the mirror image.
AUTHORED_SIDE: Side = "left"

#: Breathing during holds: one slow breath every few seconds, a few degrees of chest lift.
BREATH_PERIOD = 5.0
BREATH_DEGREES = 3.0

BAR_THICKNESS = 0.035
BAR_HALF_LENGTH = 0.42


class StretchLike(Protocol):
    """What the pose layer needs from a stretch (``catalogue.model.Stretch`` fits)."""

    @property
    def id(self) -> str:
        """Stable id, used as part of the cache key."""
        ...

    @property
    def position(self) -> str:
        """Starting position (standing, kneeling, lying, all-fours, hanging, squatting)."""
        ...

    @property
    def camera(self) -> str:
        """Camera kind (side, front, three-quarter, above)."""
        ...

    @property
    def hold_seconds(self) -> float:
        """Length of a hold, so breathing can fade out before the release."""
        ...

    @property
    def props(self) -> tuple[str, ...]:
        """Props to draw: ``mat``, ``bar``, ``floor``, ``chair``, ``desk``."""
        ...

    @property
    def anchor(self) -> str:
        """Points kept still while the figure moves ("" picks one from the position)."""
        ...

    @property
    def keyframes(self) -> Mapping[PhaseKind, Sequence[KeyframeLike]]:
        """Keyframes per phase kind, for the authored (left) side."""
        ...


@dataclass(frozen=True)
class Segment:
    """A projected capsule. Coordinates are H units with y up; ``depth`` grows away."""

    part: str
    start: Point
    end: Point
    thickness: float
    depth: float
    far: bool
    layer: Literal["torso", "limb", "head"]


@dataclass(frozen=True)
class Prop:
    """A projected prop: the floor line, the mat outline, the bar, the door frame, or a
    part of the chair or the desk (kind ``chair`` or ``desk``: a closed outline is a
    board, filled; an open line is a leg or a rail)."""

    kind: str
    points: tuple[Point, ...]
    thickness: float
    closed: bool = False


@dataclass(frozen=True)
class Prop3D:
    """A prop in 3-D, in the placed figure's space (floor ``y = 0``), for geometric checks.

    A closed outline is a board of the given thickness centred on its points (the chair's
    seat and backrest, the desk top); an open line is a leg, a rail or the bar.
    """

    kind: str
    points: tuple[Vec3, ...]
    thickness: float
    closed: bool = False


@dataclass(frozen=True)
class Frame:
    """Everything needed to draw one moment of a stretch.

    Attributes:
        segments: Capsules in drawing order (far to near).
        joints: 3-D points by name (placed: the floor is ``y = 0``), for tests.
        props: Props in the same 2-D space as the segments.
        bounds: ``(x0, y0, x1, y1)`` view box, stable for the whole stretch and side
            so the figure does not jump or rescale while it moves.
        angles: The joint angles shown (degrees), for tests and descriptions.
        floor_y: 2-D height of the floor line, or None when the view has no horizon.
        side: The side shown (None for symmetric stretches).
        hanging: Whether the figure hangs from the bar.
        bar_height: 3-D height of the bar (where the hands grip), if there is one.
    """

    segments: tuple[Segment, ...]
    joints: Mapping[str, Vec3]
    props: tuple[Prop, ...]
    bounds: tuple[float, float, float, float]
    angles: Mapping[str, float] = field(default_factory=dict)
    floor_y: float | None = None
    side: Side | None = None
    hanging: bool = False
    bar_height: float | None = None


# ----------------------------------------------------------------- poses per phase


def _keys(stretch: StretchLike, phase: PhaseKind) -> Sequence[KeyframeLike]:
    return stretch.keyframes.get(phase, ())


def start_pose(stretch: StretchLike) -> dict[str, float]:
    """The pose shown while getting ready, between sides and reps, and at the finish."""
    ready = _keys(stretch, "ready")
    if ready:
        return dict(ready[0].joints)
    move = _keys(stretch, "move")
    return dict(move[0].joints) if move else {}


def hold_pose(stretch: StretchLike) -> dict[str, float]:
    """The pose held in the stretch (without breathing)."""
    hold = _keys(stretch, "hold")
    if hold:
        return dict(hold[0].joints)
    move = _keys(stretch, "move")
    return dict(move[-1].joints) if move else {}


def breath(seconds_in_phase: float, hold_seconds: float) -> float:
    """Breathing phase in [-1, 1], faded in and out at the edges of the hold."""
    s = max(0.0, seconds_in_phase)
    fade = min(1.0, s / 1.0, max(0.0, hold_seconds - s) / 1.0)
    return fade * math.sin(2.0 * math.pi * s / BREATH_PERIOD)


def angles_for(
    stretch: StretchLike,
    phase: PhaseKind,
    progress: float,
    seconds_in_phase: float,
    reduced_motion: bool = False,
) -> dict[str, float]:
    """The joint angles for a moment of a phase (authored side).

    Args:
        stretch: The stretch being played.
        phase: The phase kind.
        progress: Fraction of the phase done, 0..1.
        seconds_in_phase: Seconds since the phase began (drives breathing).
        reduced_motion: Key poses only: no tweening, no breathing.

    Returns:
        Joint angles in degrees.
    """
    interp = key_pose_at if reduced_motion else pose_at
    if phase == "move":
        move = _keys(stretch, "move")
        return interp(move, progress) if move else hold_pose(stretch)
    if phase == "release":
        release = _keys(stretch, "release")
        if release:
            return interp(release, progress)
        move = _keys(stretch, "move")
        # Coming out retraces the way in: the Jefferson curl rolls up head last.
        return interp(move, 1.0 - progress) if move else start_pose(stretch)
    if phase == "hold":
        hold = _keys(stretch, "hold")
        angles = interp(hold, progress) if hold else hold_pose(stretch)
        if not reduced_motion:
            b = breath(seconds_in_phase, stretch.hold_seconds)
            # Breathing in lifts the chest and the shoulder blades a little.
            angles["thoracic_flex"] = angles.get("thoracic_flex", 0.0) - BREATH_DEGREES * b
            for side in ("left", "right"):
                key = f"{side}_shoulder_elev"
                angles[key] = angles.get(key, 0.0) + BREATH_DEGREES * 0.7 * b
        return angles
    return start_pose(stretch)


# ----------------------------------------------------------------- placement


def _lowest(points: Mapping[str, Vec3], head_radius: float) -> float:
    low = points["head"][1] - head_radius
    for bone in BONES:
        r = bone.thickness / 2.0
        low = min(low, points[bone.a][1] - r, points[bone.b][1] - r)
    return low


def _mean(points: Mapping[str, Vec3], names: Sequence[str]) -> Vec3:
    n = float(len(names))
    xs = [points[k] for k in names]
    return (sum(p[0] for p in xs) / n, sum(p[1] for p in xs) / n, sum(p[2] for p in xs) / n)


_DEFAULT_ANCHORS: dict[str, str] = {
    "standing": "left_heel+left_toe+right_heel+right_toe",
    "squatting": "left_heel+left_toe+right_heel+right_toe",
    "kneeling": "left_knee+right_knee",
    "sitting": "hip_center",
    "lying": "left_shoulder+right_shoulder",
    "all-fours": "left_knee+right_knee+left_wrist+right_wrist",
    "hanging": "left_grip+right_grip",
}


def _anchor_names(stretch: StretchLike) -> tuple[str, ...]:
    spec = stretch.anchor or _DEFAULT_ANCHORS.get(stretch.position, _DEFAULT_ANCHORS["standing"])
    return tuple(name.strip() for name in spec.split("+") if name.strip())


def _place(skel: Skeleton3D, anchor: Sequence[str], bar_y: float | None) -> dict[str, Vec3]:
    pts = skel.points
    ax, _, az = _mean(pts, anchor)
    floor_dy = -_lowest(pts, skel.head_radius)
    if bar_y is None:
        dy = floor_dy
    else:
        # Hands on the bar; but a pose between keyframes must not push the feet through
        # the floor (the person stands until the knees have bent).
        dy = max(bar_y - _mean(pts, ("left_grip", "right_grip"))[1], floor_dy)
    return {k: (p[0] - ax, p[1] + dy, p[2] - az) for k, p in pts.items()}


def _other_side(name: str) -> str:
    if name.startswith("left_"):
        return "right_" + name[5:]
    if name.startswith("right_"):
        return "left_" + name[6:]
    return name


def _mirror(points: Mapping[str, Vec3]) -> dict[str, Vec3]:
    return {_other_side(name): (x, y, -z) for name, (x, y, z) in points.items()}


_Projected = tuple[float, float, float]


def _swap_sides(proj: Mapping[str, _Projected]) -> dict[str, _Projected]:
    return {_other_side(name): p for name, p in proj.items()}


# ----------------------------------------------------------------- per-stretch setup


@dataclass(frozen=True)
class _Setup:
    camera: Camera
    anchor: tuple[str, ...]
    bar_y: float | None
    bounds: tuple[float, float, float, float]
    props: tuple[Prop, ...]
    floor_y: float | None
    props3: tuple[Prop3D, ...] = ()


_SETUPS: dict[tuple[int, bool], tuple[StretchLike, _Setup]] = {}


def _all_key_poses(stretch: StretchLike) -> list[dict[str, float]]:
    poses = [start_pose(stretch), hold_pose(stretch)]
    for frames in stretch.keyframes.values():
        poses.extend(dict(k.joints) for k in frames)
        # Between keyframes a limb can swing wider than at either end.
        poses.extend(pose_at(frames, i / 8.0) for i in range(1, 8))
    return poses


_Prop3 = tuple[str, tuple[Vec3, ...], float, bool]

# A point this close to a prop's top (after the capsule's radius) rests on it.
_TOUCH = 0.03


def _facing(joints: Mapping[str, float]) -> tuple[Vec3, Vec3]:
    """The figure's forward and right directions on the floor (a chair or desk faces the same)."""
    fwd = mat_vec(rot_y(joints.get("root_yaw", 0.0)), (1.0, 0.0, 0.0))
    return fwd, (-fwd[2], 0.0, fwd[0])


def _at(origin: Vec3, fwd: Vec3, right: Vec3, along: float, y: float, side: float) -> Vec3:
    p = add(add(origin, scale(fwd, along)), scale(right, side))
    return (p[0], y, p[2])


def _legs(kind: str, corners: Sequence[Vec3], top: float, thick: float) -> list[_Prop3]:
    return [(kind, ((c[0], top, c[2]), (c[0], 0.0, c[2])), thick, False) for c in corners]


def _chair(
    joints: Mapping[str, float], start: Mapping[str, Vec3], poses: Sequence[Mapping[str, Vec3]]
) -> list[_Prop3]:
    """The chair: under the pelvis of a sitting start pose; else its backrest under a hand
    that holds it; else in front of the figure. It faces the way the figure faces."""
    fwd, right = _facing(joints)
    hip = start["hip_center"]
    top = furniture.SEAT_HEIGHT + furniture.BACKREST_HEIGHT
    grips = [start[f"{s}_grip"] for s in ("left", "right")]
    holding = [g for g in grips if abs(g[1] - 0.02 - top) < _TOUCH]
    if abs(hip[1] - 0.075 - furniture.SEAT_HEIGHT) < _TOUCH:
        back = add(hip, scale(fwd, -furniture.BACKREST_OFFSET))
        back_z = hip
    elif holding:
        # Standing behind the chair, holding its backrest: the seat is on the far side.
        g = holding[0]
        back = g
        back_z = g
        away = (g[0] - hip[0], 0.0, g[2] - hip[2])
        length = math.hypot(away[0], away[2])
        if length > 0.05:
            fwd = (away[0] / length, 0.0, away[2] / length)
            right = (-fwd[2], 0.0, fwd[0])
    else:
        reach = max(_along(p, hip, fwd) for pts in poses for p in pts.values())
        back = add(hip, scale(fwd, reach + 0.08))
        back_z = hip
    origin = (back[0], 0.0, back[2])
    # Centre the chair across on the hips (or the holding hand).
    side0 = _along(back_z, origin, right)
    origin = add(origin, scale(right, side0))
    w = furniture.CHAIR_HALF_WIDTH
    d = furniture.SEAT_DEPTH
    seat_y = furniture.SEAT_HEIGHT - furniture.SEAT_THICKNESS / 2.0
    seat = tuple(
        _at(origin, fwd, right, a, seat_y, z) for a, z in ((0.0, -w), (d, -w), (d, w), (0.0, w))
    )
    rest = (
        _at(origin, fwd, right, 0.0, furniture.SEAT_HEIGHT, -w),
        _at(origin, fwd, right, 0.0, top, -w),
        _at(origin, fwd, right, 0.0, top, w),
        _at(origin, fwd, right, 0.0, furniture.SEAT_HEIGHT, w),
    )
    inset = 0.015
    legs = [
        _at(origin, fwd, right, a, 0.0, z)
        for a, z in (
            (inset, -w + inset),
            (d - inset, -w + inset),
            (d - inset, w - inset),
            (inset, w - inset),
        )
    ]
    out: list[_Prop3] = _legs("chair", legs, seat_y, furniture.CHAIR_LEG_THICKNESS)
    out.append(("chair", rest, furniture.BACKREST_THICKNESS, True))
    out.append(("chair", seat, furniture.SEAT_THICKNESS, True))
    return out


def _along(p: Vec3, origin: Vec3, direction: Vec3) -> float:
    return (p[0] - origin[0]) * direction[0] + (p[2] - origin[2]) * direction[2]


def _desk(
    joints: Mapping[str, float], start: Mapping[str, Vec3], poses: Sequence[Mapping[str, Vec3]]
) -> list[_Prop3]:
    """The desk: its top under the fingers of a hand that rests on it in the start pose
    (its near edge a little behind the hand), else in front of the figure."""
    fwd, right = _facing(joints)
    hip = start["hip_center"]
    level = furniture.DESK_HEIGHT

    def touching(pts: Mapping[str, Vec3]) -> list[Vec3]:
        fingers = [pts[f"{s}_fingers"] for s in ("left", "right")]
        return [f for f in fingers if abs(f[1] - 0.02 - level) < _TOUCH]

    on_desk = touching(start)
    if on_desk:
        # Every key pose whose hand rests on the desk keeps it on the top.
        hands = [f for pts in poses for f in touching(pts)]
        near = min(_along(f, hip, fwd) for f in hands) - furniture.DESK_HAND_INSET
        across = sum(_along(f, hip, right) for f in on_desk) / len(on_desk)
    else:
        low = [p for pts in poses for p in pts.values() if p[1] < level + 0.1]
        near = max([_along(p, hip, fwd) for p in low], default=0.0) + 0.08
        near = max(near, furniture.DESK_FREE_DISTANCE)
        across = 0.0
    w = furniture.DESK_HALF_WIDTH
    # Most of the desk to the side of the figure where the hand is.
    centre = across + (w - 0.12 if across > 0.0 else -(w - 0.12)) if on_desk else 0.0
    origin = _at((hip[0], 0.0, hip[2]), fwd, right, near, 0.0, centre)
    d = furniture.DESK_DEPTH
    top_y = level - furniture.DESK_THICKNESS / 2.0
    board = tuple(
        _at(origin, fwd, right, a, top_y, z) for a, z in ((0.0, -w), (d, -w), (d, w), (0.0, w))
    )
    inset = 0.03
    legs = [
        _at(origin, fwd, right, a, 0.0, z)
        for a, z in (
            (inset, -w + inset),
            (d - inset, -w + inset),
            (d - inset, w - inset),
            (inset, w - inset),
        )
    ]
    out: list[_Prop3] = _legs("desk", legs, top_y, furniture.DESK_LEG_THICKNESS)
    out.append(("desk", board, furniture.DESK_THICKNESS, True))
    return out


def _project(cam: Camera, p: Vec3, mirrored: bool) -> tuple[float, float, float]:
    x, y, d = cam.project(p)
    return (-x if mirrored else x, y, d)


def _setup(stretch: StretchLike, mirrored: bool) -> _Setup:
    key = (id(stretch), mirrored)
    hit = _SETUPS.get(key)
    if hit is not None and hit[0] is stretch:
        return hit[1]
    cam = Camera.of(stretch.camera)
    anchor = _anchor_names(stretch)
    hanging = stretch.position == "hanging" or "bar" in stretch.props
    bar_y: float | None = None
    if hanging:
        # The bar is where the hands reach when standing tall under it (the start pose).
        standing = _place(solve(start_pose(stretch)), anchor, None)
        bar_y = _mean(standing, ("left_grip", "right_grip"))[1]
    # Authored-side points: the mirror image is made in 2-D by negating x.
    placed = [_place(solve(p), anchor, bar_y) for p in _all_key_poses(stretch)]
    xs3 = [p[0] for pts in placed for p in pts.values()]
    zs3 = [p[2] for pts in placed for p in pts.values()]
    props3: list[_Prop3] = []
    if "mat" in stretch.props:
        x0, x1 = min(xs3) - 0.08, max(xs3) + 0.08
        z0, z1 = min(zs3) - 0.06, max(zs3) + 0.06
        y = 0.004
        props3.append(("mat", ((x0, y, z0), (x1, y, z0), (x1, y, z1), (x0, y, z1)), 0.0, True))
    if bar_y is not None:
        gx = _mean(placed[0], ("left_grip", "right_grip"))[0]
        zb = BAR_HALF_LENGTH
        top = bar_y + 0.16
        props3.append(
            ("frame", ((gx, 0.0, -zb), (gx, top, -zb), (gx, top, zb), (gx, 0.0, zb)), 0.05, False)
        )
        props3.append(("bar", ((gx, bar_y, -zb), (gx, bar_y, zb)), BAR_THICKNESS, False))
    start = start_pose(stretch)
    if "chair" in stretch.props:
        props3.extend(_chair(start, placed[0], placed))
    if "desk" in stretch.props:
        props3.extend(_desk(start, placed[0], placed))
    props: list[Prop] = []
    for kind, pts3, thick, closed in props3:
        pts2 = tuple(_project(cam, p, mirrored)[:2] for p in pts3)
        props.append(Prop(kind, pts2, thick, closed))

    # The view box: every key pose, padded for breathing and the capsules' thickness.
    bx0 = by0 = math.inf
    bx1 = by1 = -math.inf
    for pts in placed:
        for p in pts.values():
            x, y, _ = _project(cam, p, mirrored)
            bx0, bx1, by0, by1 = min(bx0, x), max(bx1, x), min(by0, y), max(by1, y)
    for prop in props:
        if prop.kind == "frame":
            continue  # the door frame may run off the picture; the bar may not
        for x, y in prop.points:
            bx0, bx1, by0, by1 = min(bx0, x), max(bx1, x), min(by0, y), max(by1, y)
    pad = HEAD_RADIUS + 0.04
    floor_y: float | None = None
    if cam.elevation < 35.0:
        floor_y = _project(cam, (0.0, 0.0, 0.0), mirrored)[1]
        by0 = min(by0, floor_y)
    bounds = (bx0 - pad, by0 - pad, bx1 + pad, by1 + pad)
    if floor_y is not None:
        props.insert(0, Prop("floor", ((bounds[0], floor_y), (bounds[2], floor_y)), 0.012))
    props3d = tuple(Prop3D(kind, pts3, thick, closed) for kind, pts3, thick, closed in props3)
    result = _Setup(cam, anchor, bar_y, bounds, tuple(props), floor_y, props3d)
    if len(_SETUPS) > 64:
        _SETUPS.clear()
    _SETUPS[key] = (stretch, result)
    return result


# ----------------------------------------------------------------- the frame


def props_3d(stretch: StretchLike) -> tuple[Prop3D, ...]:
    """The stretch's mat, bar, chair and desk in 3-D, placed as for the authored (left)
    side: the same space as ``frame_for(..., side="left").joints`` (for the right side,
    negate ``z``)."""
    return _setup(stretch, False).props3


def _is_mirrored(side: Side | None) -> bool:
    return side is not None and side != AUTHORED_SIDE


def frame_for(
    stretch: StretchLike,
    phase: PhaseKind,
    progress: float,
    side: Side | None,
    seconds_in_phase: float,
    reduced_motion: bool = False,
) -> Frame:
    """The figure for one moment of a stretch, ready to draw.

    Args:
        stretch: The stretch being played (its keyframes describe the left side).
        phase: ready/switch/rest/finish show the start pose; move goes from the start
            pose to the hold pose; hold shows the hold pose (breathing); release goes back.
        progress: Fraction of the phase done, 0..1.
        side: The side being stretched, or None for symmetric stretches.
        seconds_in_phase: Seconds since the phase began (drives breathing).
        reduced_motion: Show key poses only, without tweening or breathing.

    Returns:
        The projected frame (2-D segments, props, stable bounds) plus 3-D joints.
    """
    mirrored = _is_mirrored(side)
    setup = _setup(stretch, mirrored)
    angles = angles_for(stretch, phase, progress, seconds_in_phase, reduced_motion)
    skel = solve(angles)
    pts = _place(skel, setup.anchor, setup.bar_y)
    cam = setup.camera
    # The other side is the mirror image of the authored one: reflect the body in 3-D
    # (its left becomes its right) and flip the picture, so the working limbs stay near.
    proj = {name: _project(cam, p, mirrored) for name, p in pts.items()}
    if mirrored:
        pts = _mirror(pts)
        proj = _swap_sides(proj)

    # Which limbs are on the far side: compare the depth of the limb roots.
    far: dict[str, bool] = {}
    for limb, root in (("arm", "shoulder"), ("leg", "hip")):
        dl, dr = proj[f"left_{root}"][2], proj[f"right_{root}"][2]
        far[f"left_{limb}"] = dl > dr + 0.01
        far[f"right_{limb}"] = dr > dl + 0.01

    # Chest expansion with the breath (drawn only; the bones keep their length).
    chest = 1.0
    if phase == "hold" and not reduced_motion:
        chest = 1.0 + 0.035 * breath(seconds_in_phase, stretch.hold_seconds)

    groups: dict[str, list[Segment]] = {}
    for bone in BONES:
        a, b = proj[bone.a], proj[bone.b]
        thick = bone.thickness * (chest if bone.part.startswith("thoracic") else 1.0)
        is_far = far.get(bone.group, False)
        layer: Literal["torso", "limb"] = "torso" if bone.group == "torso" else "limb"
        groups.setdefault(bone.group, []).append(
            Segment(bone.part, a[:2], b[:2], thick, (a[2] + b[2]) / 2.0, is_far, layer)
        )
    head = proj["head"]
    nose = proj["nose"]
    torso = groups["torso"]
    torso.append(Segment("nose", nose[:2], nose[:2], 0.03, nose[2], False, "head"))
    torso.append(Segment("head", head[:2], head[:2], 2 * skel.head_radius, head[2], False, "head"))

    def group_depth(name: str) -> float:
        segs = groups[name]
        return sum(s.depth for s in segs) / len(segs)

    order = sorted(groups, key=group_depth, reverse=True)
    segments = tuple(seg for name in order for seg in groups[name])
    return Frame(
        segments=segments,
        joints=pts,
        props=setup.props,
        bounds=setup.bounds,
        angles=angles,
        floor_y=setup.floor_y,
        side=side,
        hanging=setup.bar_y is not None,
        bar_height=setup.bar_y,
    )
