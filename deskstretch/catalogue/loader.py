"""Load the stretch catalogue (packaged JSON) into validated, frozen ``Stretch`` objects.

File shape (``schema_version`` 1)::

    {"schema_version": 1,
     "poses": {"stand": {"joints": {...}}, ...},          # shared named poses
     "stretches": [{"id": ..., ..., "poses": {...},       # the stretch's own poses
                    "keyframes": {"move": [{"at": 0, "pose": "stand"}, ...]}}]}

A pose may extend another (``"base": "stand"``) and a keyframe may refer to a pose
and override some joints. A broken entry is reported in ``Catalogue.problems`` and
skipped; the rest of the catalogue still loads.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from deskstretch import data_file
from deskstretch.catalogue.model import PHASE_KINDS, Keyframe, PhaseKind, Stretch
from deskstretch.catalogue.validate import check_schema_version, validate_stretch


@dataclass(frozen=True)
class Catalogue:
    """The loaded stretches plus what was wrong with the entries that were skipped."""

    stretches: tuple[Stretch, ...]
    problems: tuple[str, ...] = ()

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids of the loaded stretches, in catalogue order."""
        return tuple(s.id for s in self.stretches)

    @property
    def desk_rotation(self) -> tuple[str, ...]:
        """The default order for desk breaks: hip flexor and trunk rotation first, then
        every other stretch that needs no pull-up bar, in catalogue order."""
        first = [i for i in ("hip-flexor", "trunk-rotation") if self.get(i) is not None]
        rest = [s.id for s in self.stretches if not s.needs_bar and s.id not in first]
        return (*first, *rest)

    def get(self, stretch_id: str) -> Stretch | None:
        """The stretch with this id, or None."""
        for s in self.stretches:
            if s.id == stretch_id:
                return s
        return None


class EntryError(ValueError):
    """One catalogue entry cannot be built."""


def _obj(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise EntryError(f"{what} must be an object")
    return cast(dict[str, Any], value)


def _joints(value: Any, what: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for name, angle in _obj(value, what).items():
        if isinstance(angle, bool) or not isinstance(angle, int | float):
            raise EntryError(f"{what}: {name} must be a number of degrees")
        out[str(name)] = float(angle)
    return out


def _names(value: Any, what: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise EntryError(f"{what}: 'exaggerated' must be a list of joint names")
    return frozenset(value)


@dataclass(frozen=True)
class _Pose:
    joints: dict[str, float]
    exaggerated: frozenset[str]


def _resolve_poses(shared: Mapping[str, Any], own: Mapping[str, Any]) -> dict[str, _Pose]:
    raw: dict[str, dict[str, Any]] = {}
    for name, spec in {**shared, **own}.items():
        raw[name] = _obj(spec, f"pose {name!r}")
    done: dict[str, _Pose] = {}

    def resolve(name: str, chain: tuple[str, ...]) -> _Pose:
        if name in done:
            return done[name]
        if name in chain:
            raise EntryError(f"pose {name!r} extends itself ({' -> '.join((*chain, name))})")
        spec = raw.get(name)
        if spec is None:
            raise EntryError(f"pose {name!r} is not defined")
        joints: dict[str, float] = {}
        exaggerated = _names(spec.get("exaggerated", []), f"pose {name!r}")
        base = spec.get("base")
        if base is not None:
            parent = resolve(str(base), (*chain, name))
            joints.update(parent.joints)
            exaggerated = exaggerated | parent.exaggerated
        joints.update(_joints(spec.get("joints", {}), f"pose {name!r}"))
        done[name] = _Pose(joints, exaggerated)
        return done[name]

    for name in raw:
        resolve(name, ())
    return done


def _keyframes(value: Any, poses: Mapping[str, _Pose]) -> dict[PhaseKind, tuple[Keyframe, ...]]:
    out: dict[PhaseKind, tuple[Keyframe, ...]] = {}
    for kind, frames in _obj(value, "keyframes").items():
        if kind not in PHASE_KINDS:
            raise EntryError(f"keyframes for an unknown phase kind {kind!r}")
        if not isinstance(frames, list):
            raise EntryError(f"keyframes[{kind!r}] must be a list")
        built: list[Keyframe] = []
        for i, item in enumerate(frames):
            spec = _obj(item, f"keyframe {kind}[{i}]")
            joints: dict[str, float] = {}
            exaggerated = _names(spec.get("exaggerated", []), f"keyframe {kind}[{i}]")
            ref = spec.get("pose")
            if ref is not None:
                pose = poses.get(str(ref))
                if pose is None:
                    raise EntryError(f"keyframe {kind}[{i}] refers to an unknown pose {ref!r}")
                joints.update(pose.joints)
                exaggerated = exaggerated | pose.exaggerated
            joints.update(_joints(spec.get("joints", {}), f"keyframe {kind}[{i}]"))
            at = spec.get("at")
            if isinstance(at, bool) or not isinstance(at, int | float):
                raise EntryError(f"keyframe {kind}[{i}] needs a number 'at'")
            built.append(
                Keyframe(float(at), joints, str(spec.get("easing", "in-out")), exaggerated)
            )
        out[kind] = tuple(built)
    return out


_REQUIRED = (
    "id",
    "name",
    "purpose",
    "position",
    "equipment",
    "sides",
    "reps",
    "hold_seconds",
    "move_seconds",
    "release_seconds",
    "rest_seconds",
    "steps",
    "cautions",
)


def _number(entry: Mapping[str, Any], key: str) -> float:
    value = entry[key]
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise EntryError(f"{key} must be a number")
    return float(value)


def build_stretch(entry: Mapping[str, Any], shared_poses: Mapping[str, Any]) -> Stretch:
    """Build one stretch from its JSON object.

    Raises:
        EntryError: The entry is malformed (missing field, wrong type, unknown pose).
    """
    missing = [k for k in _REQUIRED if k not in entry]
    if missing:
        raise EntryError(f"missing field(s): {', '.join(missing)}")
    poses = _resolve_poses(shared_poses, _obj(entry.get("poses", {}), "poses"))
    reps = entry["reps"]
    if isinstance(reps, bool) or not isinstance(reps, int):
        raise EntryError("reps must be a whole number")
    steps = _obj(entry["steps"], "steps")
    cautions = entry["cautions"]
    if not isinstance(cautions, list) or not all(isinstance(c, str) for c in cautions):
        raise EntryError("cautions must be a list of sentences")
    return Stretch(
        id=str(entry["id"]),
        name=str(entry["name"]),
        purpose=str(entry["purpose"]),
        position=entry["position"],
        equipment=() if entry["equipment"] == "none" else (entry["equipment"],),
        sides=bool(entry["sides"]),
        reps=reps,
        hold_seconds=_number(entry, "hold_seconds"),
        move_seconds=_number(entry, "move_seconds"),
        release_seconds=_number(entry, "release_seconds"),
        rest_seconds=_number(entry, "rest_seconds"),
        steps={cast(PhaseKind, k): str(v) for k, v in steps.items()},
        cautions=tuple(cautions),
        camera=entry.get("camera", "side"),
        place="bar" if entry["equipment"] == "pull-up-bar" else "floor",
        timing_note=str(entry.get("timing_note", "")),
        keyframes=_keyframes(entry.get("keyframes", {}), poses),
        props=tuple(str(p) for p in entry.get("props", ())),
        anchor=str(entry.get("anchor", "")),
        figure_note=str(entry.get("figure_note", "")),
    )


def parse_catalogue(text: str) -> Catalogue:
    """Parse and validate catalogue JSON text; broken entries are skipped and reported."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return Catalogue((), (f"the catalogue is not valid JSON: {exc}",))
    if not isinstance(data, dict):
        return Catalogue((), ("the catalogue must be a JSON object",))
    problems = check_schema_version(data.get("schema_version"))
    if problems:
        return Catalogue((), tuple(problems))
    shared = data.get("poses", {})
    if not isinstance(shared, dict):
        return Catalogue((), ("'poses' must be an object",))
    entries = data.get("stretches")
    if not isinstance(entries, list):
        return Catalogue((), ("'stretches' must be a list",))
    stretches: list[Stretch] = []
    report: list[str] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        label = f"stretch #{i + 1}"
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            label = f"stretch {entry['id']!r}"
        try:
            if not isinstance(entry, dict):
                raise EntryError("must be an object")
            stretch = build_stretch(entry, shared)
        except EntryError as exc:
            report.append(f"{label} skipped: {exc}")
            continue
        found = validate_stretch(stretch)
        if stretch.id in seen:
            found.append(f"the id {stretch.id!r} is already used by an earlier entry")
        if found:
            report.append(f"{label} skipped: " + "; ".join(found))
            continue
        seen.add(stretch.id)
        stretches.append(stretch)
    return Catalogue(tuple(stretches), tuple(report))


@functools.cache
def _default_catalogue() -> Catalogue:
    text = data_file("catalogue.json").read_text("utf-8")
    return parse_catalogue(text)


def load_catalogue(source: str | None = None) -> Catalogue:
    """Load a catalogue.

    Args:
        source: None for the packaged catalogue (loaded once, then cached); JSON text
            (starting with ``{``); or the path of a JSON file.

    Returns:
        The catalogue; ``problems`` lists every entry that was skipped and why.
    """
    if source is None:
        return _default_catalogue()
    if source.lstrip().startswith("{"):
        return parse_catalogue(source)
    try:
        text = Path(source).read_text("utf-8")
    except OSError as exc:
        return Catalogue((), (f"cannot read the catalogue {source}: {exc}",))
    return parse_catalogue(text)
