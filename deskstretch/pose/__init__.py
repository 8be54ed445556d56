"""DeskStretch pose layer: the articulated figure, keyframes and projection (pure math).

Public API used by the player and the renderer:

* :func:`frame_for` - one drawable moment of a stretch (2-D capsules, props, 3-D joints).
* :class:`Frame`, :class:`Segment`, :class:`Prop` - what ``frame_for`` returns.
* :data:`JOINTS` - joint names and their typical ranges (the catalogue validator uses them).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

# Names are loaded on first use (PEP 562): the idle tray app validates the catalogue with
# the joint table alone and should not pay for the projection and frame code until a break.
_HOME = {
    "AUTHORED_SIDE": "frame",
    "Frame": "frame",
    "Prop": "frame",
    "Segment": "frame",
    "StretchLike": "frame",
    "angles_for": "frame",
    "frame_for": "frame",
    "hold_pose": "frame",
    "start_pose": "frame",
    "EASINGS": "keyframes",
    "ease": "keyframes",
    "pose_at": "keyframes",
    "JOINTS": "skeleton",
    "JointSpec": "skeleton",
    "solve": "skeleton",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'deskstretch.pose' has no attribute {name!r}")
    return getattr(importlib.import_module(f"deskstretch.pose.{home}"), name)


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
