"""The articulated figure: joint names, joint limits, proportions and forward kinematics.

The figure is a tree of rigid segments rooted at the pelvis. Every joint angle is in
degrees measured from upright standing with the arms hanging (all zeros). Proportions
are fractions of body height (H = 1.0) from docs/figure.md (Drillis and Contini).

Sign conventions (the same for both sides; the limbs mirror themselves):

* ``*_flex``: flexion positive (hip/shoulder forward, knee/elbow bending, spine and
  neck curling forward); negative is extension. ``ankle_flex`` positive lifts the toes
  (dorsiflexion), negative points them (plantar flexion).
* ``*_abd``: the limb moves away from the midline; negative crosses towards it.
* ``*_rot``: limbs: internal rotation positive; spine and neck: turning to the left.
* ``*_side``: the spine (or the neck, ``neck_side``) bends to the right.
* ``*_elev``: the shoulder blade lifts (shrug); negative draws it down.
* ``*_retract``: the shoulder blade draws back towards the spine; negative rounds it forward.
* ``root_pitch``: the whole body tips forward (90 = face down, -90 = lying on the back);
  ``root_turn`` turns the pelvis to the left about the body's long axis; ``root_yaw``
  turns the whole figure about the vertical; ``root_tilt`` tips it to the right.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from deskstretch.pose.vec import Mat3, Vec3, add, mat_mul, mat_vec, rot_x, rot_y, rot_z

SIDES: tuple[str, str] = ("left", "right")


@dataclass(frozen=True)
class JointSpec:
    """One joint angle: its name and the typical active range in degrees."""

    name: str
    low: float
    high: float


def _specs() -> dict[str, JointSpec]:
    # Ranges from docs/figure.md ("typical active range"); the root angles place the
    # whole body and are not anatomical, so they may take any value.
    table: dict[str, tuple[float, float]] = {
        "root_pitch": (-180.0, 180.0),
        "root_turn": (-180.0, 180.0),
        "root_yaw": (-180.0, 180.0),
        "root_tilt": (-180.0, 180.0),
        "lumbar_flex": (-25.0, 60.0),
        "lumbar_rot": (-10.0, 10.0),
        "lumbar_side": (-20.0, 20.0),
        "thoracic_flex": (-25.0, 50.0),
        "thoracic_rot": (-35.0, 35.0),
        "thoracic_side": (-20.0, 20.0),
        "neck_flex": (-45.0, 45.0),
        "neck_rot": (-70.0, 70.0),
        "neck_side": (-45.0, 45.0),
        "head_flex": (-20.0, 20.0),
    }
    limbs: dict[str, tuple[float, float]] = {
        "shoulder_flex": (-60.0, 180.0),
        "shoulder_abd": (-30.0, 180.0),
        "shoulder_rot": (-90.0, 90.0),
        "shoulder_elev": (-15.0, 25.0),
        "shoulder_retract": (-20.0, 25.0),
        "elbow_flex": (0.0, 145.0),
        "wrist_flex": (-90.0, 80.0),
        "hip_flex": (-30.0, 120.0),
        "hip_abd": (-30.0, 45.0),
        "hip_rot": (-45.0, 45.0),
        "knee_flex": (-5.0, 135.0),
        "ankle_flex": (-50.0, 20.0),
    }
    for side in SIDES:
        for name, rng in limbs.items():
            table[f"{side}_{name}"] = rng
    return {name: JointSpec(name, low, high) for name, (low, high) in table.items()}


#: Every joint angle a keyframe may set, with its typical range.
JOINTS: Mapping[str, JointSpec] = _specs()

# Segment lengths and offsets, fractions of body height (docs/figure.md#proportions).
HIP_HEIGHT = 0.530
HIP_HALF_WIDTH = 0.085  # hip joint centres (the pelvis itself is wider: 0.191 H)
SACRUM = 0.06
LUMBAR = 0.09
THORACIC = 0.15  # split in two so a curl rounds instead of hinging
NECK = 0.05
HEAD_RADIUS = 0.068
SHOULDER_HALF_WIDTH = 0.1295  # biacromial 0.259 H
UPPER_ARM = 0.186
FOREARM = 0.146
HAND = 0.09  # drawn a little shorter than the 0.108 H to the fingertip: a curled hand
THIGH = 0.245
SHANK = 0.246
FOOT_DROP = 0.02

Group = Literal["torso", "left_arm", "right_arm", "left_leg", "right_leg"]


@dataclass(frozen=True)
class Bone:
    """A drawn segment between two named points, with its thickness (diameter, H units)."""

    part: str
    a: str
    b: str
    thickness: float
    group: Group


def _limb_bones(side: str) -> tuple[Bone, ...]:
    arm: Group = "left_arm" if side == "left" else "right_arm"
    leg: Group = "left_leg" if side == "left" else "right_leg"
    s = side
    return (
        Bone(f"{s}_upper_arm", f"{s}_shoulder", f"{s}_elbow", 0.058, arm),
        Bone(f"{s}_forearm", f"{s}_elbow", f"{s}_wrist", 0.047, arm),
        Bone(f"{s}_hand", f"{s}_wrist", f"{s}_fingers", 0.04, arm),
        Bone(f"{s}_thigh", f"{s}_hip", f"{s}_knee", 0.088, leg),
        Bone(f"{s}_shin", f"{s}_knee", f"{s}_ankle", 0.062, leg),
        Bone(f"{s}_foot", f"{s}_heel", f"{s}_toe", 0.04, leg),
    )


def _torso_bones() -> tuple[Bone, ...]:
    bones = [
        Bone("pelvis", "left_hip", "right_hip", 0.13, "torso"),
        Bone("sacrum", "hip_center", "l5", 0.15, "torso"),
        Bone("lumbar", "l5", "l1", 0.15, "torso"),
        Bone("thoracic_low", "l1", "t8", 0.16, "torso"),
        Bone("thoracic_up", "t8", "c7", 0.16, "torso"),
        Bone("neck", "c7", "neck_top", 0.06, "torso"),
    ]
    for s in SIDES:
        # The flanks follow the spine node by node so an arched or rounded back keeps
        # its curve in any view instead of being filled in by a straight chord.
        bones += [
            Bone(f"{s}_flank_sacrum", f"{s}_hip", f"{s}_waist_low", 0.09, "torso"),
            Bone(f"{s}_flank_lumbar", f"{s}_waist_low", f"{s}_waist", 0.09, "torso"),
            Bone(f"{s}_flank_ribs", f"{s}_waist", f"{s}_ribs", 0.09, "torso"),
            Bone(f"{s}_flank_chest", f"{s}_ribs", f"{s}_shoulder", 0.09, "torso"),
            Bone(f"{s}_clavicle", "clavicle_root", f"{s}_shoulder", 0.08, "torso"),
        ]
    return tuple(bones)


#: Every drawn segment of the figure except the head (a circle, see ``Skeleton3D``).
BONES: tuple[Bone, ...] = _torso_bones() + _limb_bones("left") + _limb_bones("right")


@dataclass(frozen=True)
class Skeleton3D:
    """The posed figure in 3-D: named points (H units) plus the head circle."""

    points: dict[str, Vec3]
    head_radius: float = HEAD_RADIUS


def _sign(side: str) -> float:
    # The body's right is +z.
    return 1.0 if side == "right" else -1.0


def solve(angles: Mapping[str, float]) -> Skeleton3D:
    """Forward kinematics: joint angles (degrees) to 3-D points, pelvis at hip height.

    Args:
        angles: Joint angles by name (see :data:`JOINTS`); missing ones are 0.

    Returns:
        The figure's points, before it is placed on the floor.
    """

    def g(name: str) -> float:
        return angles.get(name, 0.0)

    pts: dict[str, Vec3] = {}
    r0: Mat3 = mat_mul(
        mat_mul(rot_y(g("root_yaw")), rot_z(-g("root_pitch"))),
        mat_mul(rot_y(g("root_turn")), rot_x(g("root_tilt"))),
    )
    hip_c: Vec3 = (0.0, HIP_HEIGHT, 0.0)
    pts["hip_center"] = hip_c

    def at(origin: Vec3, frame: Mat3, local: Vec3) -> Vec3:
        return add(origin, mat_vec(frame, local))

    l5 = at(hip_c, r0, (0.0, SACRUM, 0.0))
    pts["l5"] = l5
    r_l = mat_mul(
        mat_mul(r0, rot_z(-g("lumbar_flex"))),
        mat_mul(rot_y(g("lumbar_rot")), rot_x(g("lumbar_side"))),
    )
    l1 = at(l5, r_l, (0.0, LUMBAR, 0.0))
    pts["l1"] = l1
    half: Mat3 = mat_mul(
        rot_z(-g("thoracic_flex") / 2.0),
        mat_mul(rot_y(g("thoracic_rot") / 2.0), rot_x(g("thoracic_side") / 2.0)),
    )
    r_t1 = mat_mul(r_l, half)
    t8 = at(l1, r_t1, (0.0, THORACIC / 2.0, 0.0))
    pts["t8"] = t8
    r_t2 = mat_mul(r_t1, half)
    c7 = at(t8, r_t2, (0.0, THORACIC / 2.0, 0.0))
    pts["c7"] = c7
    pts["clavicle_root"] = at(t8, r_t2, (0.012, THORACIC / 2.0 - 0.02, 0.0))
    r_n = mat_mul(
        r_t2, mat_mul(mat_mul(rot_z(-g("neck_flex")), rot_x(g("neck_side"))), rot_y(g("neck_rot")))
    )
    neck_top = at(c7, r_n, (0.012, NECK, 0.0))
    pts["neck_top"] = neck_top
    r_h = mat_mul(r_n, rot_z(-g("head_flex")))
    head = at(neck_top, r_h, (0.014, HEAD_RADIUS * 0.8, 0.0))
    pts["head"] = head
    pts["nose"] = at(head, r_h, (HEAD_RADIUS * 0.92, -0.012, 0.0))
    pts["head_top"] = at(head, r_h, (0.0, HEAD_RADIUS, 0.0))

    for side in SIDES:
        sg = _sign(side)
        s = side
        hip = at(hip_c, r0, (0.0, 0.0, sg * HIP_HALF_WIDTH))
        pts[f"{s}_hip"] = hip
        pts[f"{s}_waist_low"] = at(l5, r0, (0.0, 0.0, sg * 0.085))
        pts[f"{s}_waist"] = at(l1, r_l, (0.0, 0.0, sg * 0.08))
        pts[f"{s}_ribs"] = at(t8, r_t1, (0.0, 0.0, sg * 0.1))
        # The shoulder girdle turns up (elevation) and back (retraction) about the clavicle root.
        clav = mat_mul(
            r_t2,
            mat_mul(rot_y(-sg * g(f"{s}_shoulder_retract")), rot_x(-sg * g(f"{s}_shoulder_elev"))),
        )
        shoulder = at(pts["clavicle_root"], clav, (-0.01, -0.002, sg * SHOULDER_HALF_WIDTH))
        pts[f"{s}_shoulder"] = shoulder
        r_ua = mat_mul(
            mat_mul(r_t2, rot_z(g(f"{s}_shoulder_flex"))),
            mat_mul(rot_x(-sg * g(f"{s}_shoulder_abd")), rot_y(sg * g(f"{s}_shoulder_rot"))),
        )
        elbow = at(shoulder, r_ua, (0.0, -UPPER_ARM, 0.0))
        pts[f"{s}_elbow"] = elbow
        r_fa = mat_mul(r_ua, rot_z(g(f"{s}_elbow_flex")))
        wrist = at(elbow, r_fa, (0.0, -FOREARM, 0.0))
        pts[f"{s}_wrist"] = wrist
        r_hd = mat_mul(r_fa, rot_z(g(f"{s}_wrist_flex")))
        pts[f"{s}_fingers"] = at(wrist, r_hd, (0.0, -HAND, 0.0))
        pts[f"{s}_grip"] = at(wrist, r_hd, (0.0, -HAND * 0.55, 0.0))
        r_th = mat_mul(
            mat_mul(r0, rot_z(g(f"{s}_hip_flex"))),
            mat_mul(rot_x(-sg * g(f"{s}_hip_abd")), rot_y(sg * g(f"{s}_hip_rot"))),
        )
        knee = at(hip, r_th, (0.0, -THIGH, 0.0))
        pts[f"{s}_knee"] = knee
        r_sh = mat_mul(r_th, rot_z(-g(f"{s}_knee_flex")))
        ankle = at(knee, r_sh, (0.0, -SHANK, 0.0))
        pts[f"{s}_ankle"] = ankle
        r_ft = mat_mul(r_sh, rot_z(g(f"{s}_ankle_flex")))
        pts[f"{s}_heel"] = at(ankle, r_ft, (-0.025, -FOOT_DROP, 0.0))
        pts[f"{s}_toe"] = at(ankle, r_ft, (0.105, -FOOT_DROP, 0.0))
    return Skeleton3D(pts)


#: Every named point of the figure (valid in anchors and tests).
POINT_NAMES: frozenset[str] = frozenset(solve({}).points)
