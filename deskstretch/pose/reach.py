"""The toe-touch check's answers as poses: a standing forward fold reaching to a depth.

"How far did you reach?" offers six depths, from the least flexible to the most
(``thighs``, ``knees``, ``mid-shin``, ``ankles``, ``toes``, ``floor``; the same names as
``core.history.FLEX_LEVELS``, repeated here because the pose layer is the lowest one
and imports nothing above it). :func:`reach_pose` gives the joint angles of a person
folding forward with straight legs as far as that depth: the spine curls in proportion
(hips, then lower and upper back, the head hanging), and the arms reach down for the
depth, the fingertips ending on the front of the leg, on the toes, or on the floor.

The numbers were found by searching the fold depth and arm angles against the
skeleton's forward kinematics; ``tests/pose/test_reach.py`` checks the fingertips land
where the word says, with the knees straight and every joint within its range.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Final

from deskstretch.pose.frame import Frame, PhaseKind, frame_for

#: The depths, least flexible first (== ``core.history.FLEX_LEVELS``).
REACH_LEVELS: Final[tuple[str, ...]] = ("thighs", "knees", "mid-shin", "ankles", "toes", "floor")

# Per depth: (fold 0..1, shoulder flexion, elbow flexion, wrist flexion) in degrees.
# The fold is the smallest that lets the arms reach the depth: a person reaches as far
# as the arms allow before bending further.
_REACH: Final[dict[str, tuple[float, float, float, float]]] = {
    "thighs": (0.14, 32.0, 3.0, 0.0),
    "knees": (0.31, 52.0, 3.0, 0.0),
    "mid-shin": (0.52, 82.0, 3.0, 0.0),
    "ankles": (0.65, 100.0, 8.0, 0.0),
    "toes": (0.70, 118.0, 3.0, 0.0),
    "floor": (0.83, 150.0, 8.0, 60.0),
}

# At a full fold (1.0): pelvis tipped forward (hip flexion), lower back, upper back.
_PELVIS, _LUMBAR, _THORACIC, _NECK = 95.0, 50.0, 40.0, 35.0
# The legs stay straight and lean a little, hips behind the feet, feet flat.
_LEG_LEAN = 6.0


def reach_pose(level: str) -> dict[str, float]:
    """Joint angles of a standing forward fold whose fingertips reach ``level``.

    Args:
        level: One of :data:`REACH_LEVELS`.

    Returns:
        Joint angles in degrees (see :mod:`deskstretch.pose.skeleton`), symmetric.

    Raises:
        ValueError: For a level not in :data:`REACH_LEVELS`.
    """
    try:
        fold, shoulder, elbow, wrist = _REACH[level]
    except KeyError:
        known = ", ".join(REACH_LEVELS)
        raise ValueError(f"unknown reach level {level!r} (expected one of: {known})") from None
    pelvis = _PELVIS * fold
    angles: dict[str, float] = {
        "root_pitch": pelvis,
        "lumbar_flex": _LUMBAR * fold,
        "thoracic_flex": _THORACIC * fold,
        "neck_flex": _NECK * min(1.0, 2.0 * fold),  # the chin tucks first
    }
    for side in ("left", "right"):
        angles[f"{side}_hip_flex"] = pelvis + _LEG_LEAN
        angles[f"{side}_ankle_flex"] = -_LEG_LEAN
        angles[f"{side}_hip_abd"] = 5.0
        angles[f"{side}_shoulder_abd"] = 5.0
        angles[f"{side}_shoulder_flex"] = shoulder
        angles[f"{side}_elbow_flex"] = elbow
        angles[f"{side}_wrist_flex"] = wrist
    return angles


@dataclass(frozen=True)
class _Key:
    at: float
    joints: Mapping[str, float]
    easing: str = "linear"


@dataclass(frozen=True, eq=False)
class _ReachStretch:
    """A stand-in stretch whose "move" keyframes are the six depths, in order."""

    camera: str
    id: str = "reach"
    position: str = "standing"
    hold_seconds: float = 1.0
    props: tuple[str, ...] = ("floor",)
    anchor: str = ""
    keyframes: Mapping[PhaseKind, Sequence[_Key]] = field(default_factory=dict)


@cache
def _reach_stretch(camera: str) -> _ReachStretch:
    last = len(REACH_LEVELS) - 1
    keys = tuple(_Key(i / last, reach_pose(level)) for i, level in enumerate(REACH_LEVELS))
    return _ReachStretch(camera=camera, keyframes={"ready": keys[:1], "move": keys})


@cache
def _reach_frames(camera: str) -> dict[str, Frame]:
    stretch = _reach_stretch(camera)
    last = len(REACH_LEVELS) - 1
    frames = {
        level: frame_for(stretch, "move", i / last, None, 0.0, reduced_motion=True)
        for i, level in enumerate(REACH_LEVELS)
    }
    # One view box for the six, fitted to the figures themselves (a small picture
    # has no room for the margin a playing stretch keeps for its in-between poses).
    x0 = y0 = float("inf")
    x1 = y1 = float("-inf")
    for frame in frames.values():
        for seg in frame.segments:
            r = seg.thickness / 2.0
            for x, y in (seg.start, seg.end):
                x0, x1, y0, y1 = min(x0, x - r), max(x1, x + r), min(y0, y - r), max(y1, y + r)
        if frame.floor_y is not None:
            y0 = min(y0, frame.floor_y)
    pad = 0.03
    box = (x0 - pad, y0 - pad, x1 + pad, y1 + pad)
    return {level: replace(frame, bounds=box) for level, frame in frames.items()}


def reach_frame(level: str, camera: str = "three-quarter") -> Frame:
    """The figure folded to ``level``, ready to draw, seen by the stretch's ``camera``.

    All six depths share one view box, fitted to the six figures, so side by side
    they are drawn at the same scale and the floor at the same height: only the reach
    differs.

    Raises:
        ValueError: For a level not in :data:`REACH_LEVELS`.
    """
    if level not in REACH_LEVELS:
        reach_pose(level)  # raises the clear message
    return _reach_frames(camera)[level]
