"""Keyframe interpolation with easing.

A keyframe is a pose (joint angles) at a fraction ``at`` of a phase. Between two
keyframes the angles are blended with the easing named by the later keyframe.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Protocol

EASINGS: tuple[str, ...] = ("linear", "in", "out", "in-out")


class KeyframeLike(Protocol):
    """What interpolation needs from a keyframe (``catalogue.model.Keyframe`` fits)."""

    @property
    def at(self) -> float:
        """Fraction of the phase, 0..1."""
        ...

    @property
    def joints(self) -> Mapping[str, float]:
        """Joint angles in degrees."""
        ...

    @property
    def easing(self) -> str:
        """How the blend towards this keyframe speeds up and slows down."""
        ...


def ease(kind: str, t: float) -> float:
    """Map linear progress ``t`` in [0, 1] through an easing curve.

    Args:
        kind: One of :data:`EASINGS`; anything else is treated as ``in-out``.
        t: Progress, clamped to [0, 1].

    Returns:
        The eased progress in [0, 1].
    """
    t = min(1.0, max(0.0, t))
    if kind == "linear":
        return t
    if kind == "in":
        return t * t
    if kind == "out":
        return 1.0 - (1.0 - t) * (1.0 - t)
    # A sine in-out: starts and stops gently, as a slow stretch should.
    return 0.5 - 0.5 * math.cos(math.pi * t)


def blend(a: Mapping[str, float], b: Mapping[str, float], w: float) -> dict[str, float]:
    """Linear blend of two poses; a joint missing from one side counts as 0."""
    names = set(a) | set(b)
    return {n: a.get(n, 0.0) + (b.get(n, 0.0) - a.get(n, 0.0)) * w for n in names}


def pose_at(keyframes: Sequence[KeyframeLike], t: float) -> dict[str, float]:
    """The pose at progress ``t`` of a phase.

    Args:
        keyframes: Keyframes sorted by ``at``; an empty sequence gives the rest pose.
        t: Progress through the phase, 0..1 (clamped).

    Returns:
        Joint angles in degrees.
    """
    if not keyframes:
        return {}
    t = min(1.0, max(0.0, t))
    if t <= keyframes[0].at:
        return dict(keyframes[0].joints)
    for prev, nxt in pairwise(keyframes):
        if t <= nxt.at:
            span = nxt.at - prev.at
            w = 1.0 if span <= 0.0 else (t - prev.at) / span
            if w >= 1.0:
                return dict(nxt.joints)  # exact key poses, without rounding noise
            return blend(prev.joints, nxt.joints, ease(nxt.easing, w))
    return dict(keyframes[-1].joints)


def key_pose_at(keyframes: Sequence[KeyframeLike], t: float) -> dict[str, float]:
    """The pose at ``t`` without tweening: the keyframe most recently passed, or the
    nearest one once past the halfway point between two (for reduced motion)."""
    if not keyframes:
        return {}
    t = min(1.0, max(0.0, t))
    chosen = keyframes[0]
    for prev, nxt in pairwise(keyframes):
        if t >= (prev.at + nxt.at) / 2.0:
            chosen = nxt
    return dict(chosen.joints)
