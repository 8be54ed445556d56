"""Contacts: a part of the body touching the floor, a chair, a desk, a bar or the body.

A routine's pose says ``contacts = ["left knee on floor", "right hand on desk"]``
(docs/routines.md#contacts). :func:`parse_contact` reads one such text into
:class:`Contact` objects (``"hands on bar"`` is one per hand) and
:func:`solve_contacts` moves the joints of the limbs involved, as little as it can,
until every contact holds.

Heights are relative to the floor, and the floor is wherever the lowest point of the
body is (the renderer puts that point on ``y = 0``), so a knee "on the floor" is the
lowest part of the figure, and a hand "on the desk" is :data:`~props.DESK_HEIGHT` above
it. The seat and the desk may stand anywhere along the floor: a contact with them fixes
the height only. In a pose that sits on the chair (``"hips on chair"``) the backrest stands
:data:`~props.BACKREST_OFFSET` behind the hips and a hand on it must be within the chair's
width; standing, a hand on the backrest only has to be at the height of its top rail (the
renderer then draws the chair under that hand).

What touches: a hand on the floor or the seat lies flat (wrist and fingertips); on the desk
the fingertips rest on the top (a flat palm on a desk needs a deep bend); on the bar, the
backrest or the body it holds with the middle of the hand. A foot is its heel and toes, the
hips are the bottom of the pelvis, the back is the lowest point of the trunk above the pelvis. Every
point touches with the surface of its capsule, not its centre line.

Which joints move: the limb of each contact that is off (shoulder, elbow and sometimes
wrist or shoulder blade for a hand; hip, knee and ankle for a foot or a knee; both legs
for the hips); when that is not enough, the limbs of every contact of the pose. The trunk
and the head stay as written, so the author's lean and twist are kept.

Pure Python (no Qt): damped Gauss-Newton on the skeleton's forward kinematics with
finite differences, a few tens of milliseconds when it has to move something and one
forward-kinematics call when the contacts hold already.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Final, Literal

from deskstretch.i18n import _
from deskstretch.pose import props
from deskstretch.pose.skeleton import BONES, HEAD_RADIUS, JOINTS, solve
from deskstretch.pose.vec import Vec3, add, cross, dot, mat_vec, norm, rot_y, scale, sub, unit

TargetKind = Literal["floor", "seat", "backrest", "desk", "bar", "body"]

#: A contact holds when its part is within this distance (H units) of where it belongs.
TOLERANCE: Final = 0.01

# Solve a little tighter than the tolerance so rounding to 0.1 degree cannot spoil it.
_GOAL: Final = TOLERANCE * 0.3


class ContactError(ValueError):
    """A contact text that does not follow ``PART on THING`` with known words."""


@dataclass(frozen=True)
class Contact:
    """One part of the body touching one thing.

    Attributes:
        text: The contact as written (``"hands on bar"``), for messages.
        part: The one part this contact is about (``"left hand"``).
        points: Skeleton points of the part that touch (authored side names).
        target: What the part touches.
        target_name: The thing as written (``"desk"``, ``"right knee"``).
        target_points: For a body target, the skeleton points it is at (their mean).
    """

    text: str
    part: str
    points: tuple[str, ...]
    target: TargetKind
    target_name: str
    target_points: tuple[str, ...] = ()


@dataclass(frozen=True)
class Miss:
    """A contact that could not be met: how far its part stays from the thing (H units)."""

    text: str
    distance: float
    part: str = ""


@dataclass(frozen=True)
class Solved:
    """The pose with its contacts met, and those that could not be."""

    joints: dict[str, float]
    misses: tuple[Miss, ...] = ()


# ----------------------------------------------------------------- the words

_SIDED_PARTS: Final = ("hand", "knee", "foot", "heel", "toes", "elbow", "ankle")
_PLURALS: Final = {
    "hands": "hand",
    "knees": "knee",
    "feet": "foot",
    "heels": "heel",
    "toes": "toes",
    "elbows": "elbow",
    "ankles": "ankle",
}
_WHOLE_PARTS: Final = ("hips", "back")

#: The parts a contact may name, in the order messages list them.
PARTS: Final[tuple[str, ...]] = (
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
    "heels",
    "left toes",
    "right toes",
    "toes",
    "hips",
    "back",
    "left elbow",
    "right elbow",
    "elbows",
    "left ankle",
    "right ankle",
    "ankles",
)

_THINGS: Final[dict[str, TargetKind]] = {
    "floor": "floor",
    "mat": "floor",
    "chair": "seat",
    "seat": "seat",
    "backrest": "backrest",
    "desk": "desk",
    "bar": "bar",
}

# Body targets: the points they are at.
_BODY_TARGETS: Final[dict[str, tuple[str, ...]]] = {
    **{f"{s} knee": (f"{s}_knee",) for s in ("left", "right")},
    **{f"{s} thigh": (f"{s}_hip", f"{s}_knee") for s in ("left", "right")},
    **{f"{s} hip": (f"{s}_hip",) for s in ("left", "right")},
    **{f"{s} hand": (f"{s}_grip",) for s in ("left", "right")},
    **{f"{s} ankle": (f"{s}_ankle",) for s in ("left", "right")},
    "head": ("head",),
    "lower back": ("l5", "l1"),
}

#: The things a part may be on, in the order messages list them.
THINGS: Final[tuple[str, ...]] = (*_THINGS, *_BODY_TARGETS)


def _allowed() -> str:
    # TRANSLATORS: the words a contact of a routine file may use ("left knee
    # on floor"): {parts} and {things} are lists of those words (not
    # translated).
    return _("parts: {parts}; things: {things}").format(
        parts=", ".join(PARTS), things=", ".join(THINGS)
    )


def _part_points(part: str, target: TargetKind) -> tuple[str, ...]:
    """Skeleton points of a single (sided or whole) part."""
    if part == "hips":
        return ("hip_center",)
    if part == "back":
        # Lying, the back rests wherever the trunk is lowest (in a lying twist the pelvis
        # rolls up and only the shoulder blades stay down); see _torso_low.
        return ("t8",) if target == "backrest" else ("c7", "t8", "l1", "l5")
    side, kind = part.split(" ", 1)
    # A hand on the floor or the seat is flat; on a desk (too high for a flat palm when
    # standing) the fingers rest on the top; on a bar or the body it holds with the grip.
    hand = {"floor": ("wrist", "fingers"), "seat": ("wrist", "fingers"), "desk": ("fingers",)}
    table = {
        "hand": hand.get(target, ("grip",)),
        "knee": ("knee",),
        "foot": ("heel", "toe"),
        "heel": ("heel",),
        "toes": ("toe",),
        "elbow": ("elbow",),
        "ankle": ("ankle",),
    }
    return tuple(f"{side}_{p}" for p in table[kind])


def parse_contact(text: str) -> tuple[Contact, ...]:
    """Read ``"PART on THING"`` into one contact per part (``hands`` gives two).

    Args:
        text: The contact as written in a routine, e.g. ``"left knee on floor"``.

    Returns:
        The contacts, left side first.

    Raises:
        ContactError: When the text is not ``PART on THING`` with known words; the
            message lists what is allowed.
    """
    words = re.sub(r"\s+", " ", text.strip().lower())
    head, sep, tail = words.partition(" on ")
    if not sep:
        # TRANSLATORS: {contact} is a contact as written; "PART on THING" is its
        # form, in the routine file's own words (not translated); {allowed} lists
        # the words.
        message = _('{contact} is not "PART on THING" ({allowed})')
        raise ContactError(message.format(contact=f'"{text}"', allowed=_allowed()))
    part = head.strip()
    thing = tail.strip()
    if part.startswith("the "):
        part = part[4:]
    if thing.startswith("the "):
        thing = thing[4:]
    if part.startswith("both "):
        part = part[5:]

    if thing in _THINGS:
        target: TargetKind = _THINGS[thing]
        target_points: tuple[str, ...] = ()
    elif thing in _BODY_TARGETS:
        target = "body"
        target_points = _BODY_TARGETS[thing]
    else:
        # TRANSLATORS: {contact} is a contact as written, {thing} what it is on
        # (the floor, a desk...: the file's words, not translated); {allowed}
        # lists the words.
        message = _("{contact}: unknown thing {thing} ({allowed})")
        raise ContactError(
            message.format(contact=f'"{text}"', thing=f'"{thing}"', allowed=_allowed())
        )

    if part in _WHOLE_PARTS:
        parts: tuple[str, ...] = (part,)
    elif part in _PLURALS:
        parts = (f"left {_PLURALS[part]}", f"right {_PLURALS[part]}")
    else:
        side, _sep, kind = part.partition(" ")
        if side not in ("left", "right") or kind not in _SIDED_PARTS:
            # TRANSLATORS: {contact} is a contact as written, {part} the part of the
            # body it names (the file's words, not translated); {allowed} lists the
            # words.
            message = _("{contact}: unknown part {part} ({allowed})")
            raise ContactError(
                message.format(contact=f'"{text}"', part=f'"{part}"', allowed=_allowed())
            )
        parts = (part,)

    out: list[Contact] = []
    for p in parts:
        points = _part_points(p, target)
        if target == "body" and set(points) & set(target_points):
            # TRANSLATORS: {contact} is a contact as written ("left hand on left
            # hand").
            message = _("{contact}: a part cannot touch itself")
            raise ContactError(message.format(contact=f'"{text}"'))
        out.append(Contact(text, p, points, target, thing, target_points))
    return tuple(out)


# ----------------------------------------------------------------- geometry


@cache
def _radius(point: str) -> float:
    """How far the drawn surface reaches below a skeleton point (its thickest capsule)."""
    if point == "head":
        return HEAD_RADIUS
    r = max((b.thickness / 2.0 for b in BONES if point in (b.a, b.b)), default=0.0)
    if r == 0.0:
        r = 0.02  # the grip, inside the hand
    return r


def _lowest(points: Mapping[str, Vec3]) -> float:
    low = points["head"][1] - HEAD_RADIUS
    for bone in BONES:
        r = bone.thickness / 2.0
        low = min(low, points[bone.a][1] - r, points[bone.b][1] - r)
    return low


# The back above the pelvis: sitting on the floor is not lying on the back.
_BACK_BONES: Final = tuple(
    b
    for b in BONES
    if b.group == "torso" and b.part not in ("neck", "pelvis", "sacrum") and "sacrum" not in b.part
)


def _torso_low(points: Mapping[str, Vec3]) -> float:
    """The lowest surface of the back (spine above the pelvis, flanks, shoulders): where a
    lying back rests, whichever way the chest and the pelvis turn."""
    return min(min(points[b.a][1], points[b.b][1]) - b.thickness / 2.0 for b in _BACK_BONES)


def _mean(points: Mapping[str, Vec3], names: Sequence[str]) -> Vec3:
    n = float(len(names))
    return (
        sum(points[k][0] for k in names) / n,
        sum(points[k][1] for k in names) / n,
        sum(points[k][2] for k in names) / n,
    )


def chair_forward(joints: Mapping[str, float]) -> Vec3:
    """The way a chair under this pose faces: the figure's facing about the vertical."""
    return mat_vec(rot_y(joints.get("root_yaw", 0.0)), (1.0, 0.0, 0.0))


def _body_target(points: Mapping[str, Vec3], c: Contact) -> tuple[Vec3, float]:
    """Where a body target is and how far the part's point stays from it."""
    part_r = _radius(c.points[0])
    if c.target_name == "lower back":
        # Behind the lumbar spine, on the skin: the hands press there from behind.
        mid = _mean(points, c.target_points)
        up = unit(sub(points["l1"], points["l5"]))
        right = unit(sub(points["right_hip"], points["left_hip"]))
        forward = unit(cross(up, right))
        return sub(mid, scale(forward, 0.075 + part_r)), 0.0
    if c.target_name.endswith(" hip"):
        # The outside of the pelvis, where a hand rests on the hip.
        side = c.target_name.split(" ")[0]
        other = "right_hip" if side == "left" else "left_hip"
        out = unit(sub(points[f"{side}_hip"], points[other]))
        return add(points[f"{side}_hip"], scale(out, 0.065 + part_r)), 0.0
    if c.target_name.endswith(" thigh"):
        # Anywhere along the thigh: the nearest point of the bone from hip to knee.
        a, b = points[c.target_points[0]], points[c.target_points[1]]
        ab = sub(b, a)
        t = dot(sub(points[c.points[0]], a), ab) / max(dot(ab, ab), 1e-12)
        t = min(0.9, max(0.1, t))
        return add(a, scale(ab, t)), 0.044 + part_r
    q = _mean(points, c.target_points)
    return q, _radius(c.target_points[0]) + part_r


def _backrest(
    points: Mapping[str, Vec3],
    joints: Mapping[str, float],
    c: Contact,
    floor: float,
    seated: bool,
) -> list[float]:
    """How far a part is from the backrest: its top rail for a hand or an elbow, its front
    for the back. Sitting on the chair, the backrest is behind the hips and the hand must
    be within the chair's width; standing beside the chair, only its height counts."""
    p = points[c.points[0]]
    r = _radius(c.points[0])
    top = floor + props.SEAT_HEIGHT + props.BACKREST_HEIGHT
    if not seated:
        return [p[1] - r - top] if c.part != "back" else [0.0]
    fwd = chair_forward(joints)
    right = (-fwd[2], 0.0, fwd[0])
    hip = points["hip_center"]
    along = dot(sub(p, hip), fwd) + props.BACKREST_OFFSET
    if c.part == "back":
        # The back leans on the front of the backrest.
        return [along - r - props.BACKREST_THICKNESS / 2.0]
    across = abs(dot(sub(p, hip), right))
    wide = max(0.0, across - props.CHAIR_HALF_WIDTH)  # up to the corner post
    return [along, p[1] - r - top, wide]


def _residuals(
    points: Mapping[str, Vec3], joints: Mapping[str, float], contacts: Sequence[Contact]
) -> list[list[float]]:
    """Per contact, how far each of its points is from where it belongs (H units)."""
    floor = _lowest(points)
    seated = any(c.part == "hips" and c.target == "seat" for c in contacts)
    bar = [c for c in contacts if c.target == "bar"]
    bar_at = _mean(points, [c.points[0] for c in bar]) if bar else (0.0, 0.0, 0.0)
    out: list[list[float]] = []
    for c in contacts:
        if c.target in ("floor", "seat", "desk"):
            level = (
                floor
                + {
                    "floor": 0.0,
                    "seat": props.SEAT_HEIGHT,
                    "desk": props.DESK_HEIGHT,
                }[c.target]
            )
            if c.part == "back":
                out.append([_torso_low(points) - level])
            else:
                out.append([points[p][1] - _radius(p) - level for p in c.points])
        elif c.target == "backrest":
            out.append(_backrest(points, joints, c, floor, seated))
        elif c.target == "bar":
            p = points[c.points[0]]
            out.append([p[0] - bar_at[0], p[1] - bar_at[1]])
        else:
            q, gap = _body_target(points, c)
            out.append([norm(sub(points[c.points[0]], q)) - gap])
    return out


def _distance(c: Contact, res: Sequence[float]) -> float:
    """How far a contact is from holding: the worst of its points on a surface, else the
    length of the offset."""
    if c.target in ("floor", "seat", "desk"):
        return max((abs(r) for r in res), default=0.0)
    return math.sqrt(sum(r * r for r in res))


# ----------------------------------------------------------------- which joints move

_ARM: Final = ("shoulder_flex", "shoulder_abd", "elbow_flex")
_LEG: Final = ("hip_flex", "hip_abd", "knee_flex", "ankle_flex")


def _free(c: Contact) -> tuple[str, ...]:
    """The joints a contact may move: the chain from the body to the part."""
    if c.part == "hips":
        return tuple(
            f"{s}_{j}" for s in ("left", "right") for j in ("hip_flex", "knee_flex", "ankle_flex")
        )
    if c.part == "back":
        # Leaning back onto a backrest tips the pelvis. Lying, a head tipped back so far
        # that it would lift the back off the floor comes up until the back rests.
        if c.target == "backrest":
            return ("root_pitch", "lumbar_flex")
        return ("neck_flex", "head_flex")
    side, kind = c.part.split(" ", 1)
    if kind == "hand":
        if c.target in ("floor", "seat"):
            # Weight on a flat hand: the wrist bends back and the shoulder blade can
            # round forward (protraction) to bring the hand down.
            extra: tuple[str, ...] = ("wrist_flex", "shoulder_retract")
        elif c.target in ("body", "backrest"):
            extra = ("shoulder_rot",)  # a hand behind the back or across the body turns the arm
        else:
            extra = ()
        names: tuple[str, ...] = _ARM + extra
    elif kind == "elbow":
        names = _ARM[:2]
    elif kind == "ankle":
        names = ("hip_flex", "hip_abd", "hip_rot", "knee_flex")
    else:
        names = _LEG
    return tuple(f"{side}_{n}" for n in names)


# ----------------------------------------------------------------- the solver

_STEP: Final = 0.05  # degrees, for finite differences
_PRIOR: Final = 0.01  # H per radian: how much a joint resists moving from the written angle
_MAX_ITER: Final = 60


def _linsolve(a: list[list[float]], b: list[float]) -> list[float]:
    """Solve a small symmetric positive definite system by Gaussian elimination."""
    n = len(b)
    m = [[*row[:], bb] for row, bb in zip(a, b, strict=True)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[piv] = m[piv], m[col]
        d = m[col][col]
        if abs(d) < 1e-15:
            continue
        for r in range(col + 1, n):
            f = m[r][col] / d
            if f != 0.0:
                row, top = m[r], m[col]
                for k in range(col, n + 1):
                    row[k] -= f * top[k]
    x = [0.0] * n
    for i in range(n - 1, -1, -1):
        d = m[i][i]
        if abs(d) < 1e-15:
            continue
        s = m[i][n] - sum(m[i][k] * x[k] for k in range(i + 1, n))
        x[i] = s / d
    return x


def _damped_step(
    jtj: list[list[float]],
    jtr: list[float],
    mu: float,
    x: Sequence[float],
    lows: Sequence[float],
    highs: Sequence[float],
) -> list[float]:
    """A Levenberg-Marquardt step (radians) that leaves joints at a limit there when the
    step would push them past it, so the other joints do the work instead."""
    n = len(jtr)
    active = list(range(n))
    dx = [0.0] * n
    for _round in range(3):
        a = [[jtj[i][j] for j in active] for i in active]
        for k, i in enumerate(active):
            a[k][k] += mu * (1.0 + jtj[i][i])
        sub_dx = _linsolve(a, [jtr[i] for i in active])
        dx = [0.0] * n
        for k, i in enumerate(active):
            dx[i] = sub_dx[k]
        stuck = [
            i
            for i in active
            if (x[i] <= lows[i] + 1e-9 and dx[i] < 0.0) or (x[i] >= highs[i] - 1e-9 and dx[i] > 0.0)
        ]
        if not stuck:
            break
        active = [i for i in active if i not in stuck]
        if not active:
            return [0.0] * n
    return dx


_LIMB_JOINTS: Final = {
    "arm": ("shoulder_flex", "shoulder_abd", "elbow_flex"),
    "leg": ("hip_flex", "hip_abd", "knee_flex", "ankle_flex"),
}


def _resting_limbs(joints: Mapping[str, float], contacts: Sequence[Contact]) -> list[str]:
    """Joints of the limbs without a contact whose lowest point is at the floor: they hold
    the figure up where a contacted part should be down."""
    points = solve(joints).points
    floor = _lowest(points)
    touching = {
        c.part.split(" ")[0] + "_" + ("arm" if c.part.endswith(("hand", "elbow")) else "leg")
        for c in contacts
        if c.part.startswith(("left ", "right "))
    }
    out: list[str] = []
    for bone in BONES:
        if bone.group == "torso" or bone.group in touching:
            continue
        r = bone.thickness / 2.0
        if min(points[bone.a][1], points[bone.b][1]) - r - floor < TOLERANCE:
            side, limb = bone.group.split("_")
            out.extend(f"{side}_{j}" for j in _LIMB_JOINTS[limb] if f"{side}_{j}" not in out)
    return out


def solve_contacts(
    joints: Mapping[str, float],
    contacts: Sequence[Contact],
    *,
    exaggerated: frozenset[str] = frozenset(),
) -> Solved:
    """Move the limbs so every contact holds, changing the written angles as little as it can.

    Args:
        joints: The pose as written (degrees; missing joints are 0).
        contacts: What touches what (see :func:`parse_contact`).
        exaggerated: Joints that may go past their typical range.

    Returns:
        The joints (those moved rounded to 0.1 degree; every other one as given) and
        the contacts still off by more than :data:`TOLERANCE`.
    """
    base = dict(joints)
    if not contacts:
        return Solved(base)
    res = _residuals(solve(base).points, base, contacts)
    if all(_distance(c, r) <= TOLERANCE for c, r in zip(contacts, res, strict=True)):
        return Solved(base)

    # First move only the limbs whose contacts are off; when that is not enough, all of
    # them; and then also a free limb that lies lower than the part that should be down
    # (an arm under a lying figure whose chest turns) so it can rise onto the floor.
    off = [c for c, r in zip(contacts, res, strict=True) if _distance(c, r) > TOLERANCE]
    every: list[str] = []
    for c in contacts:
        every.extend(n for n in _free(c) if n not in every)
    tried: list[list[str]] = []
    for stage in range(3):
        if stage == 0:
            free = [n for c in off for n in _free(c)]
        elif stage == 1:
            free = list(every)
        else:
            free = every + [n for n in _resting_limbs(base, contacts) if n not in every]
        free = list(dict.fromkeys(free))
        if not free or free in tried:
            continue
        tried.append(free)
        attempt = _optimise(base, joints, free, contacts, exaggerated)
        attempt_res = _residuals(solve(attempt).points, attempt, contacts)
        met = all(_distance(c, r) <= TOLERANCE for c, r in zip(contacts, attempt_res, strict=True))
        if stage < 2 or met:
            # Moving a resting limb is only worth it when it makes every contact hold.
            base, res = attempt, attempt_res
        if met:
            break
    misses = tuple(
        Miss(c.text, round(_distance(c, r), 3), c.part)
        for c, r in zip(contacts, res, strict=True)
        if _distance(c, r) > TOLERANCE
    )
    return Solved(base, misses)


def _optimise(
    start: dict[str, float],
    written: Mapping[str, float],
    free: list[str],
    contacts: Sequence[Contact],
    exaggerated: frozenset[str],
) -> dict[str, float]:
    """Damped Gauss-Newton from ``start`` over the ``free`` joints, pulled gently towards
    the ``written`` angles."""
    x0 = [written.get(n, 0.0) for n in free]
    lows: list[float] = []
    highs: list[float] = []
    for name, v in zip(free, x0, strict=True):
        spec = JOINTS[name]
        if name in exaggerated:
            lows.append(-180.0)
            highs.append(180.0)
        else:
            lows.append(min(spec.low, v))
            highs.append(max(spec.high, v))

    pose = dict(start)

    def evaluate(x: Sequence[float]) -> list[float]:
        for name, v in zip(free, x, strict=True):
            pose[name] = v
        flat = [v for r in _residuals(solve(pose).points, pose, contacts) for v in r]
        flat.extend(_PRIOR * math.radians(v - v0) for v, v0 in zip(x, x0, strict=True))
        return flat

    def cost(r: Sequence[float]) -> float:
        return sum(v * v for v in r)

    def contact_error(r: Sequence[float]) -> float:
        return max((abs(v) for v in r[: len(r) - len(free)]), default=0.0)

    x = [start.get(n, 0.0) for n in free]
    r = evaluate(x)
    c0 = cost(r)
    mu = 1e-3
    n = len(free)
    h = math.radians(_STEP)
    history: list[float] = []
    kicked = False
    for _iteration in range(_MAX_ITER):
        err = contact_error(r)
        if err < _GOAL:
            break
        # Out of reach: stop once the worst contact no longer gets closer.
        history.append(err)
        if len(history) > 8 and err > 0.97 * history[-9]:
            break
        cols: list[list[float]] = []
        for i in range(n):
            xi = list(x)
            sign = 1.0 if xi[i] + _STEP <= highs[i] else -1.0
            xi[i] += sign * _STEP
            ri = evaluate(xi)
            cols.append([(a - b) / (sign * h) for a, b in zip(ri, r, strict=True)])
        jtj = [
            [sum(p * q for p, q in zip(cols[i], cols[j], strict=True)) for j in range(n)]
            for i in range(n)
        ]
        jtr = [-sum(p * q for p, q in zip(cols[i], r, strict=True)) for i in range(n)]
        improved = stalled = False
        for _try in range(6):
            dx = _damped_step(jtj, jtr, mu, x, lows, highs)
            big = max((abs(d) for d in dx), default=0.0)
            limit = math.radians(25.0)
            if big > limit:
                dx = [d * limit / big for d in dx]
            xn = [min(highs[i], max(lows[i], x[i] + math.degrees(dx[i]))) for i in range(n)]
            rn = evaluate(xn)
            cn = cost(rn)
            if cn < c0:
                stalled = c0 - cn < 1e-4 * c0
                x, r, c0 = xn, rn, cn
                mu = max(mu / 4.0, 1e-7)
                improved = True
                break
            mu *= 5.0
        if not improved and not kicked:
            # Stuck in a fold of the problem (standing straight and asked to sit, where
            # any one joint alone makes it worse): bend every free joint a little towards
            # the middle of its range, once, and go on from there.
            kicked = True
            x = [
                min(
                    highs[i],
                    max(lows[i], x[i] + math.copysign(8.0, (lows[i] + highs[i]) / 2 - x[i])),
                )
                for i in range(n)
            ]
            r = evaluate(x)
            c0 = cost(r)
            mu = 1e-3
            continue
        if not improved or stalled:
            break
    out = dict(start)
    for name, v, v0 in zip(free, x, x0, strict=True):
        if abs(v - v0) >= 0.05:
            out[name] = round(v, 1)
        elif name in written:
            out[name] = written[name]
        else:
            out.pop(name, None)
    return out
