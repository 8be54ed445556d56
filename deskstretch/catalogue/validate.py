"""Checks for catalogue entries: run at load time and over every shipped stretch in tests.

Each check returns human-readable problems; an empty list means the entry is fine.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import get_args

from deskstretch.catalogue.model import (
    PHASE_KINDS,
    Camera,
    Equipment,
    Position,
    Stretch,
)
from deskstretch.pose.keyframes import EASINGS
from deskstretch.pose.skeleton import JOINTS, POINT_NAMES

KNOWN_PROPS: frozenset[str] = frozenset({"mat", "bar", "floor", "chair", "desk"})
_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
# Keyframe angles may go this far past a range before it counts (rounding, breathing).
_TOLERANCE = 0.5


def _check_timing(s: Stretch) -> list[str]:
    problems: list[str] = []
    if s.reps < 1:
        problems.append(f"reps must be at least 1 (is {s.reps})")
    for name in ("hold_seconds", "move_seconds", "release_seconds"):
        value = getattr(s, name)
        if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
            problems.append(f"{name} must be a positive number of seconds (is {value!r})")
    if not (math.isfinite(s.rest_seconds) and s.rest_seconds >= 0):
        problems.append(f"rest_seconds must be zero or more (is {s.rest_seconds!r})")
    return problems


def _check_text(s: Stretch) -> list[str]:
    problems: list[str] = []
    if not _ID.match(s.id):
        problems.append(f"id {s.id!r} must be lowercase words joined by hyphens")
    if not s.name.strip():
        problems.append("name is empty")
    if not s.purpose.strip():
        problems.append("purpose is empty")
    if s.position not in get_args(Position):
        problems.append(f"unknown position {s.position!r}")
    for item in s.equipment:
        if item not in get_args(Equipment):
            problems.append(f"unknown equipment {item!r}")
    if s.camera not in get_args(Camera):
        problems.append(f"unknown camera {s.camera!r}")
    for kind in s.steps:
        if kind not in PHASE_KINDS:
            problems.append(f"steps has an unknown phase kind {kind!r}")
    for kind in ("move", "hold", "release"):
        if not s.steps.get(kind, "").strip():
            problems.append(f"steps lacks the text for the {kind!r} phase")
    if not s.cautions:
        problems.append("cautions are empty")
    for prop in s.props:
        if prop not in KNOWN_PROPS:
            problems.append(f"unknown prop {prop!r}")
    if s.anchor:
        for name in s.anchor.split("+"):
            if name.strip() not in POINT_NAMES:
                problems.append(f"anchor names an unknown point {name.strip()!r}")
    return problems


def _check_keyframes(s: Stretch) -> list[str]:
    problems: list[str] = []
    if s.keyframes and not s.keyframes.get("move"):
        problems.append("keyframes lack the 'move' phase (start pose to hold pose)")
    for kind, frames in s.keyframes.items():
        if kind not in PHASE_KINDS:
            problems.append(f"keyframes for an unknown phase kind {kind!r}")
            continue
        if not frames:
            problems.append(f"keyframes for {kind!r} are empty")
            continue
        previous = -1.0
        for i, kf in enumerate(frames):
            where = f"keyframe {kind}[{i}]"
            if not (0.0 <= kf.at <= 1.0):
                problems.append(f"{where}: at={kf.at} is outside 0..1")
            if kf.at < previous:
                problems.append(f"{where}: at={kf.at} comes before the previous keyframe")
            previous = kf.at
            if kf.easing not in EASINGS:
                problems.append(f"{where}: unknown easing {kf.easing!r}")
            for joint in sorted(kf.exaggerated - JOINTS.keys()):
                problems.append(f"{where}: lists an unknown joint {joint!r} as exaggerated")
            for joint, angle in kf.joints.items():
                spec = JOINTS.get(joint)
                if spec is None:
                    problems.append(f"{where}: unknown joint {joint!r}")
                    continue
                if not math.isfinite(angle):
                    problems.append(f"{where}: {joint} is not a number")
                elif joint not in kf.exaggerated and not (
                    spec.low - _TOLERANCE <= angle <= spec.high + _TOLERANCE
                ):
                    problems.append(
                        f"{where}: {joint}={angle:g} is outside its range "
                        f"{spec.low:g}..{spec.high:g} (list it as exaggerated if meant)"
                    )
        if kind == "move" and frames and (frames[0].at != 0.0 or frames[-1].at != 1.0):
            problems.append("keyframes for 'move' must start at 0 and end at 1")
    return problems


def validate_stretch(stretch: Stretch) -> list[str]:
    """Every problem with one stretch (timing, texts, references, keyframes, joint ranges)."""
    return _check_timing(stretch) + _check_text(stretch) + _check_keyframes(stretch)


def duplicate_ids(ids: Iterable[str]) -> list[str]:
    """The ids that occur more than once, in first-seen order."""
    seen: set[str] = set()
    dupes: list[str] = []
    for i in ids:
        if i in seen and i not in dupes:
            dupes.append(i)
        seen.add(i)
    return dupes
