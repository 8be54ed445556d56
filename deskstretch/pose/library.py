"""The library of named poses a routine starts from (docs/routines.md#poses).

Each pose is the joint angles (degrees, the left side authored) plus the contacts it
keeps, so a routine's pose that starts ``from = "half-kneel"`` knows that the left knee
and the right foot are on the floor. Pure data: no Qt, no solving at import.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class LibraryPose:
    """A named starting pose: its joints, what it touches, and what it takes past its range."""

    name: str
    description: str
    joints: Mapping[str, float]
    contacts: tuple[str, ...] = ()
    exaggerated: frozenset[str] = frozenset()


def _both(**angles: float) -> dict[str, float]:
    return {f"{side}_{name}": value for name, value in angles.items() for side in ("left", "right")}


_ARMS_DOWN = _both(shoulder_abd=5, elbow_flex=8)

_POSES: tuple[LibraryPose, ...] = (
    LibraryPose(
        "stand",
        "standing tall, arms relaxed at the sides",
        _ARMS_DOWN,
        ("feet on floor",),
    ),
    LibraryPose(
        "sit",
        "sitting upright on a chair, thighs sloping a little down to the knees, feet flat "
        "below them, forearms resting on the thighs",
        # The seat (0.26 H) is a little above the knee's underside, so the thighs slope
        # down about 11 degrees to the knees; the shins are upright; the upper arms hang
        # and the forearms rest along the thighs, hands near the knees (checked with
        # deskstretch.pose.contacts: hips on chair, feet on floor, hands on thighs).
        {
            **_both(hip_flex=78.5, knee_flex=78.5, ankle_flex=0, hip_abd=6),
            **_both(
                shoulder_flex=1.6,
                shoulder_abd=2.8,
                shoulder_rot=0.8,
                elbow_flex=66.9,
                wrist_flex=-5,
            ),
        },
        ("hips on chair", "feet on floor"),
    ),
    LibraryPose(
        "kneel",
        "kneeling upright on both knees",
        # The shins slope down a few degrees from the knees so the whole lower leg and
        # the top of the foot lie on the floor (the knee is the thickest part).
        {**_ARMS_DOWN, **_both(knee_flex=87, ankle_flex=-77, hip_abd=4)},
        ("knees on floor",),
        frozenset({"left_ankle_flex", "right_ankle_flex"}),
    ),
    LibraryPose(
        "half-kneel",
        "the left knee down, the right foot flat in front with the knee over the ankle",
        {
            **_ARMS_DOWN,
            "root_pitch": -3,
            "lumbar_flex": 3,
            "left_hip_flex": -3,
            "right_hip_flex": 86.5,
            "right_knee_flex": 88.9,
            "left_knee_flex": 90.0,
            "left_ankle_flex": -80,
            "right_ankle_flex": -0.9,
            "left_hip_abd": 4,
            "right_hip_abd": 4,
        },
        ("left knee on floor", "right foot on floor"),
        frozenset({"left_ankle_flex"}),
    ),
    LibraryPose(
        "all-fours",
        "hands under the shoulders, knees under the hips",
        {
            "root_pitch": 76,
            "lumbar_flex": -4,
            "thoracic_flex": 4,
            "neck_flex": -5,
            **_both(hip_flex=76, knee_flex=90.0, ankle_flex=-85, hip_abd=3),
            **_both(shoulder_flex=76, shoulder_abd=3, wrist_flex=-82.3),
        },
        ("hands on floor", "knees on floor"),
        frozenset({"left_ankle_flex", "right_ankle_flex"}),
    ),
    LibraryPose(
        "lie-on-back",
        "lying on the back, legs long, arms out to the sides",
        {
            "root_pitch": -90,
            "neck_flex": 8,
            **_both(shoulder_abd=85, shoulder_flex=-12, elbow_flex=5),
            **_both(ankle_flex=-25, hip_abd=3),
        },
        ("back on floor",),
    ),
    LibraryPose(
        "squat",
        "a deep squat, heels down",
        {
            "root_pitch": 14,
            "lumbar_flex": 4,
            "thoracic_flex": 2,
            "neck_flex": -12,
            **_both(hip_flex=112.9, hip_abd=14, hip_rot=-12, knee_flex=138, ankle_flex=39.5),
            **_both(shoulder_flex=28, elbow_flex=12, shoulder_abd=-6, wrist_flex=10),
        },
        ("feet on floor",),
        frozenset(_both(ankle_flex=0, knee_flex=0)),
    ),
    LibraryPose(
        "hang",
        "hanging from a bar, arms straight overhead",
        _both(shoulder_flex=172, shoulder_abd=10),
        ("hands on bar",),
    ),
)

#: The named poses, by name, in the order docs/routines.md lists them.
LIBRARY: Mapping[str, LibraryPose] = {p.name: p for p in _POSES}
