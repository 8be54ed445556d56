"""DeskStretch pose layer: the articulated figure, keyframes and projection (pure math).

Public API used by the player and the renderer:

* :func:`frame_for` - one drawable moment of a stretch (2-D capsules, props, 3-D joints).
* :class:`Frame`, :class:`Segment`, :class:`Prop` - what ``frame_for`` returns.
* :data:`JOINTS` - joint names and their typical ranges (the catalogue validator uses them).
"""

from deskstretch.pose.frame import (
    AUTHORED_SIDE,
    Frame,
    Prop,
    Segment,
    StretchLike,
    angles_for,
    frame_for,
    hold_pose,
    start_pose,
)
from deskstretch.pose.keyframes import EASINGS, ease, pose_at
from deskstretch.pose.skeleton import JOINTS, JointSpec, solve

__all__ = [
    "AUTHORED_SIDE",
    "EASINGS",
    "JOINTS",
    "Frame",
    "JointSpec",
    "Prop",
    "Segment",
    "StretchLike",
    "angles_for",
    "ease",
    "frame_for",
    "hold_pose",
    "pose_at",
    "solve",
    "start_pose",
]
