"""Checks for catalogue entries: run at load time and over every shipped stretch in tests.

Each check returns human-readable problems (translated, see :mod:`deskstretch.i18n`); an
empty list means the entry is fine. Field and key names stay as the code spells them.
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
from deskstretch.i18n import _
from deskstretch.pose.keyframes import EASINGS
from deskstretch.pose.skeleton import JOINTS, POINT_NAMES

KNOWN_PROPS: frozenset[str] = frozenset({"mat", "bar", "floor", "chair", "desk"})
_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
# Keyframe angles may go this far past a range before it counts (rounding, breathing).
_TOLERANCE = 0.5


def _check_timing(s: Stretch) -> list[str]:
    problems: list[str] = []
    if s.reps < 1:
        # TRANSLATORS: {key} is the name of a stretch's field (not translated).
        problems.append(_("{key} must be at least 1 (is {value})").format(key="reps", value=s.reps))
    for name in ("hold_seconds", "move_seconds", "release_seconds"):
        value = getattr(s, name)
        if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
            # TRANSLATORS: {key} is the name of a stretch's field (not translated).
            message = _("{key} must be a positive number of seconds (is {value})")
            problems.append(message.format(key=name, value=repr(value)))
    if not (math.isfinite(s.rest_seconds) and s.rest_seconds >= 0):
        # TRANSLATORS: {key} is the name of a stretch's field (not translated).
        message = _("{key} must be zero or more (is {value})")
        problems.append(message.format(key="rest_seconds", value=repr(s.rest_seconds)))
    return problems


def _check_text(s: Stretch) -> list[str]:
    problems: list[str] = []
    if not _ID.match(s.id):
        # TRANSLATORS: {id} is a stretch's id as written.
        problems.append(
            _("id {id} must be lowercase words joined by hyphens").format(id=repr(s.id))
        )
    for key in ("name", "purpose"):
        if not getattr(s, key).strip():
            # TRANSLATORS: {key} is a key of a routine file's texts (name or purpose:
            # not translated).
            problems.append(_("{key} is empty").format(key=key))
    if s.position not in get_args(Position):
        # TRANSLATORS: "position" is a key of a routine file (not translated);
        # {value} its value.
        problems.append(_("unknown position {value}").format(value=repr(s.position)))
    for item in s.equipment:
        if item not in get_args(Equipment):
            # TRANSLATORS: "equipment" is a key of a routine file (not translated).
            problems.append(_("unknown equipment {value}").format(value=repr(item)))
    if s.camera not in get_args(Camera):
        # TRANSLATORS: "camera" is a key of a routine file (not translated);
        # {value} its value.
        problems.append(_("unknown camera {value}").format(value=repr(s.camera)))
    for kind in s.steps:
        if kind not in PHASE_KINDS:
            # TRANSLATORS: "steps" is a key of a routine file (not translated);
            # {phase} a phase's key as written.
            problems.append(_("steps has an unknown phase kind {phase}").format(phase=repr(kind)))
    for kind in ("move", "hold", "release"):
        if not s.steps.get(kind, "").strip():
            # TRANSLATORS: "steps" is a key of a routine file (not translated);
            # {phase} is a phase's key ('move', 'hold' or 'release').
            message = _("steps lacks the text for the {phase} phase")
            problems.append(message.format(phase=repr(kind)))
    if not s.cautions:
        # TRANSLATORS: "cautions" is a key of a routine file (not translated).
        problems.append(_("cautions are empty"))
    for prop in s.props:
        if prop not in KNOWN_PROPS:
            # TRANSLATORS: "prop" is a thing the figure uses (a key of the routine
            # file: props); {value} is its name as written.
            problems.append(_("unknown prop {value}").format(value=repr(prop)))
    if s.anchor:
        for name in s.anchor.split("+"):
            if name.strip() not in POINT_NAMES:
                # TRANSLATORS: "anchor" is a key of a routine file (not translated).
                message = _("anchor names an unknown point {point}")
                problems.append(message.format(point=repr(name.strip())))
    return problems


def _check_keyframes(s: Stretch) -> list[str]:
    problems: list[str] = []
    if s.keyframes and not s.keyframes.get("move"):
        # TRANSLATORS: "keyframes" and 'move' are keys of a routine file (not
        # translated).
        problems.append(_("keyframes lack the 'move' phase (start pose to hold pose)"))
    for kind, frames in s.keyframes.items():
        if kind not in PHASE_KINDS:
            # TRANSLATORS: "keyframes" is a key of a routine file (not translated);
            # {phase} a phase's key as written.
            message = _("keyframes for an unknown phase kind {phase}")
            problems.append(message.format(phase=repr(kind)))
            continue
        if not frames:
            # TRANSLATORS: "keyframes" is a key of a routine file (not translated);
            # {phase} a phase's key ('move', 'hold'...).
            problems.append(_("keyframes for {phase} are empty").format(phase=repr(kind)))
            continue
        previous = -1.0
        for i, kf in enumerate(frames):
            # TRANSLATORS: which keyframe a problem is about: {phase} is a phase's key
            # (move, hold...: not translated), {index} its number in that phase from
            # 0.
            where = _("keyframe {phase}[{index}]").format(phase=kind, index=i)
            if not (0.0 <= kf.at <= 1.0):
                # TRANSLATORS: {keyframe} is "keyframe move[0]"; "at" a key (not
                # translated).
                message = _("{keyframe}: at={at} is outside 0..1")
                problems.append(message.format(keyframe=where, at=kf.at))
            if kf.at < previous:
                # TRANSLATORS: {keyframe} is "keyframe move[0]"; "at" a key (not
                # translated).
                message = _("{keyframe}: at={at} comes before the previous keyframe")
                problems.append(message.format(keyframe=where, at=kf.at))
            previous = kf.at
            if kf.easing not in EASINGS:
                # TRANSLATORS: {keyframe} is "keyframe move[0]"; {easing} as written.
                message = _("{keyframe}: unknown easing {easing}")
                problems.append(message.format(keyframe=where, easing=repr(kf.easing)))
            for joint in sorted(kf.exaggerated - JOINTS.keys()):
                # TRANSLATORS: {keyframe} is "keyframe move[0]"; "exaggerated" is a key of
                # a routine file and {joint} a joint's name (neither translated).
                message = _("{keyframe}: lists an unknown joint {joint} as exaggerated")
                problems.append(message.format(keyframe=where, joint=repr(joint)))
            for joint, angle in kf.joints.items():
                spec = JOINTS.get(joint)
                if spec is None:
                    # TRANSLATORS: {keyframe} is "keyframe move[0]"; {joint} as written.
                    message = _("{keyframe}: unknown joint {joint}")
                    problems.append(message.format(keyframe=where, joint=repr(joint)))
                    continue
                if not math.isfinite(angle):
                    # TRANSLATORS: {keyframe} is "keyframe move[0]"; {joint} a joint's name.
                    message = _("{keyframe}: {joint} is not a number")
                    problems.append(message.format(keyframe=where, joint=joint))
                elif joint not in kf.exaggerated and not (
                    spec.low - _TOLERANCE <= angle <= spec.high + _TOLERANCE
                ):
                    # TRANSLATORS: {keyframe} is "keyframe move[0]"; {joint} a joint's name
                    # and "exaggerated" a key of a routine file (neither translated).
                    message = _(
                        "{keyframe}: {joint}={angle} is outside its range {low}..{high} "
                        "(list it as exaggerated if meant)"
                    )
                    problems.append(
                        message.format(
                            keyframe=where,
                            joint=joint,
                            angle=f"{angle:g}",
                            low=f"{spec.low:g}",
                            high=f"{spec.high:g}",
                        )
                    )
        if kind == "move" and frames and (frames[0].at != 0.0 or frames[-1].at != 1.0):
            # TRANSLATORS: "keyframes" and 'move' are keys of a routine file (not
            # translated).
            problems.append(_("keyframes for 'move' must start at 0 and end at 1"))
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
