"""Orthographic cameras that turn the 3-D figure into 2-D drawing coordinates.

Each stretch picks one camera kind. The authored side of a sided stretch (its left)
faces the camera, so the working limbs are the near ones; the other side is drawn as
the mirror image (x negated), which keeps the working limbs near as well.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from deskstretch.pose.vec import Vec3, cross, dot, unit

CameraKind = Literal["side", "front", "three-quarter", "above"]

#: (azimuth, elevation) in degrees. Azimuth 0 looks at the body's left side, 90 from the
#: front (for a lying figure: from the feet). A little azimuth and elevation keep the far
#: limbs visible beside the near ones instead of hidden behind them.
CAMERA_ANGLES: dict[str, tuple[float, float]] = {
    "side": (14.0, 7.0),
    "front": (90.0, 6.0),
    "three-quarter": (28.0, 9.0),
    "above": (90.0, 62.0),
}


@dataclass(frozen=True)
class Camera:
    """An orthographic view: screen right, screen up and the viewing direction."""

    right: Vec3
    up: Vec3
    forward: Vec3  # from the camera into the scene; larger depth is farther away
    elevation: float

    @classmethod
    def of(cls, kind: str) -> Camera:
        """The camera for a stretch's camera kind (unknown kinds fall back to ``side``)."""
        az, el = CAMERA_ANGLES.get(kind, CAMERA_ANGLES["side"])
        a, e = math.radians(az), math.radians(el)
        to_camera: Vec3 = (math.sin(a) * math.cos(e), math.sin(e), -math.cos(a) * math.cos(e))
        forward: Vec3 = (-to_camera[0], -to_camera[1], -to_camera[2])
        # Screen right is forward x up, as for a person looking at the figure (the body's
        # own right is its forward x up too), so the picture is not a mirror image.
        right = unit(cross(forward, (0.0, 1.0, 0.0)))
        up = cross(right, forward)
        return cls(right, up, forward, el)

    def project(self, p: Vec3) -> tuple[float, float, float]:
        """Screen x, screen y (up), depth of a 3-D point."""
        return (dot(p, self.right), dot(p, self.up), dot(p, self.forward))
