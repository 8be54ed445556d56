"""Frames of a micro-break cue: the stretch figure, cropped close, looping, with eyes.

A cue (``deskstretch.catalogue.micro.MicroCue`` fits :class:`MicroCueLike`) plays an
optional lead-in once and then loops its keyframes for as long as it shows. The figure
and its joints come from :func:`deskstretch.pose.frame.frame_for`, so a cue moves exactly
like a stretch would; this module adds what the small panel needs on top:

* a crop (the head, or the head and shoulders) that stays the same for the whole cue;
* two eyes on the head, with eyelids (channel ``eyelids``: 0 open, 1 closed) and a gaze
  that looks past the nose (channel ``gaze``: degrees to the figure's left);
* for "look far", the line of sight to a distant point at the side of the picture.

Pure Python, like the rest of the pose layer.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Protocol

from deskstretch.pose.camera import Camera
from deskstretch.pose.frame import Frame, PhaseKind, Point, Segment, StretchLike, frame_for
from deskstretch.pose.skeleton import HEAD_RADIUS
from deskstretch.pose.vec import Vec3, add, cross, dot, scale, sub, unit

#: Keyframe channels that move the face instead of a joint, with their ranges.
FACE_CHANNELS: Mapping[str, tuple[float, float]] = {
    "eyelids": (0.0, 1.0),
    "gaze": (-30.0, 30.0),
}

#: Where the eyes sit on the head, in head radii: forward, up, and apart from the middle.
EYE_FORWARD = 0.80
EYE_UP = 0.16
EYE_APART = 0.40
EYE_RADIUS = 0.25 * HEAD_RADIUS  # cartoon-sized, so a blink reads in a small panel

#: How far (H units) beside the head the distant point is drawn.
FAR_POINT_DISTANCE = 0.18


class MicroCueLike(StretchLike, Protocol):
    """What a cue needs on top of a stretch's animation data."""

    @property
    def cycle_seconds(self) -> float:
        """Length of one loop."""
        ...

    @property
    def intro_seconds(self) -> float:
        """Length of the lead-in before the first loop."""
        ...

    @property
    def crop(self) -> str:
        """``head`` or ``shoulders``."""
        ...

    @property
    def looks_far(self) -> bool:
        """Whether the figure looks at a distant point that should be drawn."""
        ...


@dataclass(frozen=True)
class Eye:
    """One visible eye, in the frame's 2-D space (H units, y up).

    Attributes:
        center: Middle of the eye.
        radius: Radius of the eye.
        squash: Horizontal scale, 0..1 (an eye seen from the side is narrow).
        lid: How far the upper lid has come down, 0 (open) to 1 (closed).
        pupil: Offset of the pupil from the centre, towards where the eye looks.
    """

    center: Point
    radius: float
    squash: float
    lid: float
    pupil: Point


@dataclass(frozen=True)
class MicroFrame:
    """One moment of a cue, ready to draw.

    Attributes:
        frame: The figure (its ``bounds`` are the cue's crop; no floor or props).
        eyes: The eyes facing the camera (none when the head is turned away).
        lid: The eyelid channel at this moment, 0 (open) to 1 (closed).
        sight: From between the eyes to the distant point, for cues that look far.
        loop: Progress through the current loop, 0..1 (0 during the lead-in).
    """

    frame: Frame
    eyes: tuple[Eye, ...]
    lid: float
    sight: tuple[Point, Point] | None
    loop: float


def cue_moment(
    cue: MicroCueLike, seconds: float, reduced_motion: bool = False
) -> tuple[PhaseKind, float, float]:
    """The phase, its progress and the seconds into it at ``seconds`` after the cue began.

    The lead-in is the ``move`` phase; the loop is the ``hold`` phase, its progress wrapping
    every ``cycle_seconds``; reduced motion holds the still (``ready``) pose.
    """
    if reduced_motion:
        return ("ready", 0.0, 0.0)
    s = max(0.0, seconds)
    if s < cue.intro_seconds and cue.keyframes.get("move"):
        return ("move", s / cue.intro_seconds, s)
    into_loop = s - cue.intro_seconds if cue.keyframes.get("move") else s
    cycle = max(cue.cycle_seconds, 1e-6)
    return ("hold", (into_loop % cycle) / cycle, into_loop)


def _head_axes(joints: Mapping[str, Vec3]) -> tuple[Vec3, Vec3, Vec3]:
    """The head's forward, up and right directions, from the head, nose and crown points."""
    head = joints["head"]
    up = unit(sub(joints["head_top"], head))
    to_nose = sub(joints["nose"], head)
    forward = unit(sub(to_nose, scale(up, dot(to_nose, up))))
    return forward, up, cross(forward, up)


def _eyes(
    joints: Mapping[str, Vec3], cam: Camera, lid: float, gaze: float
) -> tuple[tuple[Eye, ...], Point, Point]:
    """The visible eyes, the point between them and the gaze direction on the picture."""
    forward, up, right = _head_axes(joints)
    head = joints["head"]
    g = math.radians(gaze)
    look = unit(add(scale(forward, math.cos(g)), scale(right, -math.sin(g))))
    lx, ly, _ = cam.project(look)
    eyes: list[Eye] = []
    middle = cam.project(
        add(head, add(scale(forward, EYE_FORWARD * HEAD_RADIUS), scale(up, EYE_UP * HEAD_RADIUS)))
    )
    for side in (-1.0, 1.0):
        offset = add(
            add(scale(forward, EYE_FORWARD), scale(up, EYE_UP)), scale(right, side * EYE_APART)
        )
        facing = -dot(unit(offset), cam.forward)
        if facing < 0.2:
            continue  # on the far side of the head
        x, y, _ = cam.project(add(head, scale(offset, HEAD_RADIUS)))
        shift = 0.45 * EYE_RADIUS
        eyes.append(Eye((x, y), EYE_RADIUS, min(1.0, facing + 0.15), lid, (lx * shift, ly * shift)))
    return tuple(eyes), (middle[0], middle[1]), (lx, ly)


@dataclass(frozen=True)
class _Crop:
    bounds: tuple[float, float, float, float]
    far_point: Point | None


_CROPS: dict[int, tuple[MicroCueLike, _Crop]] = {}


def _crop(cue: MicroCueLike) -> _Crop:
    hit = _CROPS.get(id(cue))
    if hit is not None and hit[0] is cue:
        return hit[1]
    cam = Camera.of(cue.camera)
    # Every key pose and a few moments between them: the crop holds the whole cue.
    moments: list[tuple[PhaseKind, float]] = [("ready", 0.0)]
    for phase in ("move", "hold"):
        if cue.keyframes.get(phase):
            moments += [(phase, i / 12.0) for i in range(13)]
    x0 = y0 = math.inf
    x1 = y1 = -math.inf
    far: Point | None = None
    for phase, progress in moments:
        shown = frame_for(cue, phase, progress, None, 0.0, True)
        joints = shown.joints
        p = {name: cam.project(pt) for name, pt in joints.items()}
        top = p["head_top"][1] + 0.03
        if cue.crop == "head":
            bottom = p["c7"][1] - 0.025
            half = 2.2 * HEAD_RADIUS
            left, right = p["head"][0] - half, p["head"][0] + half
        else:
            bottom = min(p["left_elbow"][1], p["right_elbow"][1], p["t8"][1]) - 0.02
            xs = [q[0] for q in p.values() if q[1] >= bottom]
            left, right = min(xs) - 0.05, max(xs) + 0.05
        x0, x1, y0, y1 = min(x0, left), max(x1, right), min(y0, bottom), max(y1, top)
        if cue.looks_far and phase == "ready":
            # The distant point: off to the side the head turns to, level with the eyes.
            _, middle, (lx, _ly) = _eyes(joints, cam, 0.0, shown.angles.get("gaze", 0.0))
            direction = 1.0 if lx >= 0 else -1.0
            far = (p["head"][0] + direction * FAR_POINT_DISTANCE, middle[1])
    if far is not None:
        x0, x1 = min(x0, far[0] - 0.05), max(x1, far[0] + 0.05)
    result = _Crop((x0, y0, x1, y1), far)
    if len(_CROPS) > 16:
        _CROPS.clear()
    _CROPS[id(cue)] = (cue, result)
    return result


def _draw_rank(segment: Segment) -> int:
    if segment.layer == "head":
        return 3
    if segment.layer == "limb":
        return 0 if segment.far else 2
    return 1


def micro_frame(cue: MicroCueLike, seconds: float, reduced_motion: bool = False) -> MicroFrame:
    """The cue ``seconds`` after it began.

    Args:
        cue: The cue being shown.
        seconds: Seconds since the cue began (from the clock; any value >= 0).
        reduced_motion: Show the still pose, without movement or breathing.

    Returns:
        The figure, cropped, with its eyes and (for "look far") the line of sight.
    """
    phase, progress, in_phase = cue_moment(cue, seconds, reduced_motion)
    frame = frame_for(cue, phase, progress, None, in_phase, reduced_motion)
    crop = _crop(cue)
    lid = min(1.0, max(0.0, frame.angles.get("eyelids", 0.0)))
    gaze = frame.angles.get("gaze", 0.0)
    eyes, middle, _ = _eyes(frame.joints, Camera.of(cue.camera), lid, gaze)
    sight = (middle, crop.far_point) if crop.far_point is not None else None
    # A fixed drawing order (far limbs, body, near limbs, head): in a front view both arms
    # are as near as the chest, and ordering them by depth made them flicker in front of
    # and behind it from one frame to the next.
    segments = tuple(sorted(frame.segments, key=_draw_rank))
    return MicroFrame(
        frame=replace(frame, segments=segments, bounds=crop.bounds, props=(), floor_y=None),
        eyes=eyes,
        lid=lid,
        sight=sight,
        loop=progress if phase == "hold" else 0.0,
    )
