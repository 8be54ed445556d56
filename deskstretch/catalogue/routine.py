"""Routine files: one stretch in TOML (docs/routines.md), read, checked and written back.

``read_routine`` turns a file's text into a :class:`Stretch` and reports every problem it
finds with the line and the key it is about, so ``deskstretch routines check`` can say
exactly what to fix. The built-in stretches are routine files too
(``deskstretch/data/stretches``), so one reader serves both. ``write_routine`` writes a
routine's document back in a canonical layout: reading what it writes gives the same
document and the same stretch.

Pure Python: the TOML reader is the standard library's, the contact solver is the pose
layer's (:mod:`deskstretch.pose.contacts`).
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard, cast, get_args

from deskstretch.catalogue.model import (
    PHASE_KINDS,
    Camera,
    Equipment,
    Keyframe,
    PhaseKind,
    Place,
    Position,
    Stretch,
)
from deskstretch.pose.keyframes import EASINGS
from deskstretch.pose.library import LIBRARY
from deskstretch.pose.skeleton import JOINTS, POINT_NAMES

FORMAT = 1
#: Props a routine may draw (validate.KNOWN_PROPS is the same set for loaded stretches).
PROPS: tuple[str, ...] = ("floor", "mat", "bar", "chair", "desk")
TIMING_RANGES: Mapping[str, tuple[float, float]] = {
    "move": (0.5, 60.0),
    "hold": (1.0, 300.0),
    "release": (0.5, 60.0),
    "rest": (0.0, 120.0),
}
MAX_REPS = 20
TEXT_LIMITS: Mapping[str, int] = {
    "name": 60,
    "purpose": 240,
    "timing_note": 400,
    "figure_note": 400,
}
STEP_LIMIT = 240
CAUTION_LIMIT = 200
_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_LANG = re.compile(r"^[a-z]{2,3}(_[A-Z]{2}|_[A-Z][a-z]{3})?$")
_TOP_KEYS = (
    "format",
    "id",
    "language",
    "place",
    "equipment",
    "position",
    "sides",
    "reps",
    "camera",
    "props",
    "anchor",
    "timing",
    "text",
    "poses",
    "keyframes",
)
_TEXT_KEYS = ("name", "purpose", "cautions", "timing_note", "figure_note", "steps")
_POSE_KEYS = ("from", "joints", "contacts", "exaggerated")
_KEYFRAME_KEYS = ("at", "pose", "easing", "joints")
# Keyframe angles may go this far past a range before it counts (rounding).
_TOLERANCE = 0.5


# ----------------------------------------------------------------- problems


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a routine file: where (line, key) and what (message)."""

    line: int | None
    key: str
    message: str

    def format(self, filename: str) -> str:
        """``file:LINE: key: message`` (the line left out when it is not known)."""
        where = f"{filename}:{self.line}" if self.line else filename
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"

    def __str__(self) -> str:
        where = f"line {self.line}, " if self.line else ""
        return f"{where}{self.key}: {self.message}" if self.key else f"{where}{self.message}"


@dataclass(frozen=True)
class RoutineCheck:
    """What reading a routine gave: the stretch (None if anything is wrong) and the problems."""

    stretch: Stretch | None
    problems: tuple[Problem, ...] = ()
    # The parsed document (TOML tables as dicts), None when the text is not TOML.
    doc: Mapping[str, Any] | None = field(default=None, compare=False)

    @property
    def ok(self) -> bool:
        """Whether the routine can be used."""
        return self.stretch is not None and not self.problems


class _Lines:
    """Where each key of a TOML text is: dotted key path -> line number (1-based).

    A small scanner for the layouts people write (tables, arrays of tables, dotted keys,
    inline tables on one line); a key it cannot place falls back to its table's line.
    """

    _HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
    _KEY = re.compile(r"^\s*([A-Za-z0-9_\-.\"' ]+?)\s*=")
    _INLINE = re.compile(r"([A-Za-z0-9_\-]+|\"[^\"]*\")\s*=")

    def __init__(self, text: str) -> None:
        self.where: dict[str, int] = {}
        counts: dict[str, int] = {}
        table = ""
        depth = 0  # inside a multi-line array
        for number, line in enumerate(text.splitlines(), start=1):
            if depth > 0:
                depth += self._brackets(line)
                continue
            header = self._HEADER.match(line)
            if header and not self._KEY.match(line):
                name = self._path(header.group(2))
                if header.group(1) == "[[":
                    self.where.setdefault(name, number)
                    index = counts.get(name, 0)
                    counts[name] = index + 1
                    name = f"{name}[{index}]"
                table = name
                self.where.setdefault(table, number)
                continue
            key = self._KEY.match(line)
            if not key:
                continue
            path = self._join(table, self._path(key.group(1)))
            self.where.setdefault(path, number)
            rest = line[key.end() :]
            if rest.lstrip().startswith("{"):
                for inner in self._INLINE.finditer(rest):
                    self.where.setdefault(self._join(path, inner.group(1).strip('"')), number)
            depth = max(0, self._brackets(rest))

    @staticmethod
    def _brackets(text: str) -> int:
        text = re.sub(r'"(\\.|[^"\\])*"|\'[^\']*\'', "", text).split("#", 1)[0]
        return text.count("[") - text.count("]")

    @staticmethod
    def _path(raw: str) -> str:
        parts = [p.strip().strip('"').strip("'") for p in raw.split(".")]
        return ".".join(parts)

    @staticmethod
    def _join(table: str, key: str) -> str:
        return f"{table}.{key}" if table else key

    def line(self, key: str) -> int | None:
        """The line of ``key``, else of the nearest enclosing table that has one."""
        while key:
            if key in self.where:
                return self.where[key]
            cut = max(key.rfind("."), key.rfind("["))
            key = key[:cut] if cut > 0 else ""
        return None


class _Report:
    def __init__(self, lines: _Lines) -> None:
        self.lines = lines
        self.problems: list[Problem] = []

    def add(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.lines.line(key), key, message))


# ----------------------------------------------------------------- reading values


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _fmt(value: float) -> str:
    return f"{value:g}"


def _choice(doc: Mapping[str, Any], key: str, allowed: Sequence[str], report: _Report) -> str:
    value = doc.get(key)
    if value not in allowed:
        shown = "missing" if value is None else f"{value!r} is not allowed"
        report.add(key, f"{shown}; use one of: {', '.join(allowed)}")
        return allowed[0]
    return cast(str, value)


def _strings(value: object, key: str, report: _Report, allowed: Sequence[str] = ()) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        report.add(key, 'must be a list of strings, like ["a", "b"]')
        return []
    items = cast(list[str], value)
    if allowed:
        for item in items:
            if item not in allowed:
                report.add(key, f"{item!r} is not allowed; use any of: {', '.join(allowed)}")
    return items


def _text(value: object, key: str, limit: int, report: _Report, required: bool) -> str:
    if value is None:
        if required:
            report.add(key, "is missing")
        return ""
    if not isinstance(value, str):
        report.add(key, "must be text in quotes")
        return ""
    if required and not value.strip():
        report.add(key, "is empty")
    if len(value) > limit:
        report.add(key, f"is {len(value)} characters long; keep it within {limit}")
    if "\n" in value.strip():
        report.add(key, "must be one line (it is shown in a window, not a document)")
    return value.strip()


def _unknown(
    table: Mapping[str, Any], allowed: Iterable[str], prefix: str, report: _Report
) -> None:
    known = tuple(allowed)
    for key in table:
        if key not in known:
            report.add(f"{prefix}{key}", f"unknown key; the keys here are: {', '.join(known)}")


def _table_of(
    raw: object, where: str, keys: Sequence[str], header: str, report: _Report
) -> dict[str, Any] | None:
    """``raw`` as a table whose keys are all known (reported), or None if it is no table."""
    if not isinstance(raw, dict):
        report.add(where, f"must be a table ({header})")
        return None
    table = cast(dict[str, Any], raw)
    _unknown(table, keys, f"{where}.", report)
    return table


# ----------------------------------------------------------------- texts


def _steps(value: object, key: str, sides: bool, report: _Report, complete: bool) -> dict[str, str]:
    if not isinstance(value, dict):
        report.add(key, "must be a table of texts per phase ([text.steps])")
        return {}
    table = cast(dict[str, Any], value)
    _unknown(table, PHASE_KINDS, f"{key}.", report)
    out: dict[str, str] = {}
    for kind in PHASE_KINDS:
        if kind in table:
            out[kind] = _text(table[kind], f"{key}.{kind}", STEP_LIMIT, report, True)
    if complete:
        for kind in ("ready", "move", "hold", "release"):
            if kind not in table:
                report.add(f"{key}.{kind}", f"is missing: every routine says what to do ({kind})")
        if sides and "switch" not in table:
            report.add(
                f"{key}.switch", "is missing: a stretch done on both sides says how to switch"
            )
    return out


def _texts(
    table: Mapping[str, Any], key: str, sides: bool, report: _Report, complete: bool
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, limit in TEXT_LIMITS.items():
        required = complete and name in ("name", "purpose")
        if name in table or required:
            out[name] = _text(table.get(name), f"{key}.{name}", limit, report, required)
    if "cautions" in table or complete:
        cautions = _strings(table.get("cautions"), f"{key}.cautions", report)
        if complete and not cautions and isinstance(table.get("cautions"), list):
            report.add(f"{key}.cautions", "is empty: say at least once what to take care of")
        for i, caution in enumerate(cautions):
            _text(caution, f"{key}.cautions[{i}]", CAUTION_LIMIT, report, True)
        out["cautions"] = [c.strip() for c in cautions]
    if "steps" in table or complete:
        out["steps"] = _steps(table.get("steps"), f"{key}.steps", sides, report, complete)
    return out


# ----------------------------------------------------------------- poses


@dataclass
class _Pose:
    joints: dict[str, float]
    contacts: tuple[str, ...]
    exaggerated: frozenset[str]


def _joint_table(value: object, key: str, report: _Report) -> dict[str, float]:
    if not isinstance(value, dict):
        report.add(key, "must be a table of joint angles, like { left_knee_flex = 30 }")
        return {}
    out: dict[str, float] = {}
    for name, angle in cast(dict[str, Any], value).items():
        where = f"{key}.{name}"
        if name not in JOINTS:
            close = [j for j in JOINTS if name.split("_")[-1] in j][:6]
            hint = f" (joints like it: {', '.join(close)})" if close else ""
            report.add(where, f"unknown joint{hint}; docs/routines.md lists them all")
        elif not _is_number(angle):
            report.add(where, "must be a number of degrees")
        else:
            out[name] = float(angle)
    return out


def _limits(
    joints: Mapping[str, float],
    exaggerated: frozenset[str],
    key: str,
    written: Mapping[str, float],
    report: _Report,
) -> None:
    for name, angle in joints.items():
        spec = JOINTS.get(name)
        if spec is None or name in exaggerated:
            continue
        if not (spec.low - _TOLERANCE <= angle <= spec.high + _TOLERANCE):
            where = f"{key}.joints.{name}" if name in written else key
            said = f"= {_fmt(angle)}" if name in written else f"{name} comes to {_fmt(angle)}"
            report.add(
                where,
                f"{said} is past its range {_fmt(spec.low)}..{_fmt(spec.high)} "
                "(list it under exaggerated if meant)",
            )


def _poses(value: object, report: _Report, solve: bool) -> dict[str, _Pose]:
    if not isinstance(value, dict):
        report.add("poses", "must hold at least one pose table, like [poses.start]")
        return {}
    specs = cast(dict[str, Any], value)
    done: dict[str, _Pose] = {}
    # A pose may start from one written before it (or from the library).
    for name, raw in specs.items():
        key = f"poses.{name}"
        spec = _table_of(raw, key, _POSE_KEYS, "[poses.NAME]", report)
        if spec is None:
            continue
        origin = spec.get("from")
        base: _Pose
        if origin in done:
            base = done[cast(str, origin)]
        elif isinstance(origin, str) and origin in LIBRARY:
            lib = LIBRARY[origin]
            base = _Pose(dict(lib.joints), lib.contacts, lib.exaggerated)
        else:
            choices = ", ".join((*LIBRARY, *done))
            said = "is missing" if origin is None else f"{origin!r} is not a known pose"
            report.add(f"{key}.from", f"{said}; start from one of: {choices}")
            continue
        written = _joint_table(spec.get("joints", {}), f"{key}.joints", report)
        exaggerated = frozenset(
            _strings(spec.get("exaggerated", []), f"{key}.exaggerated", report, tuple(JOINTS))
        )
        contacts = base.contacts
        if "contacts" in spec:
            contacts = tuple(_strings(spec["contacts"], f"{key}.contacts", report))
        joints = {**base.joints, **written}
        joints = {k: v for k, v in joints.items() if v != 0.0}
        all_exaggerated = exaggerated | base.exaggerated
        # The angles as written first (at their lines), then what solving made of the rest.
        before = len(report.problems)
        _limits(written, all_exaggerated, key, written, report)
        # A pose already wrong as written is not solved: its contacts would only add noise.
        if solve and contacts and len(report.problems) == before:
            joints = _solve(joints, contacts, all_exaggerated, f"{key}.contacts", report)
        rest = {k: v for k, v in joints.items() if k not in written}
        _limits(rest, all_exaggerated, key, written, report)
        done[name] = _Pose(joints, contacts, all_exaggerated)
    return done


def _solve(
    joints: dict[str, float],
    contacts: Sequence[str],
    exaggerated: frozenset[str],
    key: str,
    report: _Report,
) -> dict[str, float]:
    from deskstretch.pose.contacts import Contact, ContactError, parse_contact, solve_contacts

    parsed: list[Contact] = []
    for text in contacts:
        try:
            parsed.extend(parse_contact(text))
        except ContactError as exc:
            report.add(key, f"{text!r}: {exc}")
    if not parsed:
        return joints
    solved = solve_contacts(joints, parsed, exaggerated=exaggerated)
    for miss in solved.misses:
        report.add(key, f"{miss.text!r} cannot be met (it stays {miss.distance:.2f} away)")
    return {k: v for k, v in solved.joints.items() if v != 0.0}


def _keyframes(
    value: object, poses: Mapping[str, _Pose], declared: Iterable[str], report: _Report
) -> dict[PhaseKind, tuple[Keyframe, ...]]:
    broken = set(declared) - set(poses)  # already reported where they are written
    if not isinstance(value, dict) or "move" not in value:
        report.add("keyframes", "needs [[keyframes.move]] entries: the way into the stretch")
        if not isinstance(value, dict):
            return {}
    out: dict[PhaseKind, tuple[Keyframe, ...]] = {}
    for kind, frames in cast(dict[str, Any], value).items():
        key = f"keyframes.{kind}"
        if kind not in PHASE_KINDS:
            report.add(key, f"unknown phase; use one of: {', '.join(PHASE_KINDS)}")
            continue
        if not isinstance(frames, list) or not frames:
            report.add(key, f"must be one or more [[{key}]] tables")
            continue
        built: list[Keyframe] = []
        previous = -1.0
        for i, raw in enumerate(frames):
            where = f"{key}[{i}]"
            spec = _table_of(raw, where, _KEYFRAME_KEYS, f"[[{key}]]", report)
            if spec is None:
                continue
            at = spec.get("at")
            if not _is_number(at) or not 0.0 <= float(at) <= 1.0:
                report.add(f"{where}.at", "must be a number from 0 to 1 (a fraction of the phase)")
                continue
            if float(at) < previous:
                report.add(f"{where}.at", f"= {_fmt(at)} comes before the keyframe above it")
            previous = float(at)
            easing = spec.get("easing", "in-out")
            if easing not in EASINGS:
                report.add(f"{where}.easing", f"{easing!r}: use one of {', '.join(EASINGS)}")
            ref = spec.get("pose")
            pose = poses.get(ref) if isinstance(ref, str) else None
            if pose is None and ref in broken:
                continue
            if pose is None:
                said = "is missing" if ref is None else f"{ref!r} is not a pose of this file"
                report.add(f"{where}.pose", f"{said}; the poses are: {', '.join(poses)}")
                continue
            extra = _joint_table(spec.get("joints", {}), f"{where}.joints", report)
            joints = {**pose.joints, **extra}
            _limits(extra, pose.exaggerated, where, extra, report)
            built.append(Keyframe(float(at), joints, str(easing), pose.exaggerated))
        complete = len(built) == len(frames)
        if kind == "move" and complete and (built[0].at != 0.0 or built[-1].at != 1.0):
            report.add(key, "the move must start at at = 0 and end at at = 1")
        out[kind] = tuple(built)
    return out


# ----------------------------------------------------------------- the whole routine


def _timing(doc: Mapping[str, Any], report: _Report) -> dict[str, float]:
    table = doc.get("timing")
    out = {"move": 3.0, "hold": 10.0, "release": 3.0, "rest": 2.0}
    if not isinstance(table, dict):
        report.add("timing", "is missing: a [timing] table with move, hold, release and rest")
        return out
    _unknown(table, TIMING_RANGES, "timing.", report)
    for name, (low, high) in TIMING_RANGES.items():
        value = table.get(name)
        if not _is_number(value) or not low <= float(value) <= high:
            shown = "is missing" if value is None else f"= {value!r} is out of range"
            report.add(f"timing.{name}", f"{shown}: {_fmt(low)} to {_fmt(high)} seconds")
        else:
            out[name] = float(value)
    return out


def _head(doc: Mapping[str, Any], report: _Report) -> dict[str, Any]:
    if doc.get("format") != FORMAT:
        shown = "is missing" if "format" not in doc else f"= {doc['format']!r} is not supported"
        report.add("format", f"{shown}: this DeskStretch reads format = {FORMAT}")
    sid = doc.get("id")
    if not isinstance(sid, str) or not _ID.match(sid):
        report.add("id", 'must be lowercase words joined by hyphens, like "neck-side-bend"')
        sid = "unnamed"
    language = doc.get("language", "en")
    if not isinstance(language, str) or not _LANG.match(language):
        report.add("language", 'must be a language code like "en", "de" or "pt_BR"')
        language = "en"
    sides = doc.get("sides")
    if not isinstance(sides, bool):
        report.add("sides", "must be true (both sides in every rep) or false")
        sides = False
    reps = doc.get("reps")
    if isinstance(reps, bool) or not isinstance(reps, int) or not 1 <= reps <= MAX_REPS:
        report.add("reps", f"must be a whole number from 1 to {MAX_REPS}")
        reps = 1
    props = _strings(doc.get("props", ["floor"]), "props", report, PROPS)
    equipment = _strings(doc.get("equipment", []), "equipment", report, get_args(Equipment))
    anchor = doc.get("anchor", "")
    if not isinstance(anchor, str):
        report.add("anchor", 'must be point names joined by +, like "left_knee+right_heel"')
        anchor = ""
    for point in filter(None, (p.strip() for p in anchor.split("+"))):
        if point not in POINT_NAMES:
            report.add("anchor", f"{point!r} is not a point of the figure")
    return {
        "id": sid,
        "language": language,
        "place": _choice(doc, "place", get_args(Place), report),
        "position": _choice(doc, "position", get_args(Position), report),
        "camera": _choice(doc, "camera", get_args(Camera), report),
        "sides": sides,
        "reps": reps,
        "props": tuple(props),
        "equipment": tuple(equipment),
        "anchor": anchor,
    }


def _props_for_contacts(doc: Mapping[str, Any], props: Sequence[str], report: _Report) -> None:
    poses = doc.get("poses")
    if not isinstance(poses, dict):
        return
    for name, spec in poses.items():
        if not isinstance(spec, dict):
            continue
        for text in spec.get("contacts", ()) if isinstance(spec.get("contacts"), list) else ():
            said = str(text).lower()
            for thing, prop in (("chair", "chair"), ("backrest", "chair"), ("desk", "desk")):
                if said.endswith(f" on {thing}") and prop not in props:
                    report.add(f"poses.{name}.contacts", f'{text!r} needs "{prop}" in props')


def read_routine(text: str, *, origin: str = "built-in", solve: bool = True) -> RoutineCheck:
    """Read a routine file's text.

    Args:
        text: The TOML text.
        origin: "built-in", or the path of the user's file (kept on the stretch).
        solve: Solve each pose's contacts (off only for tests of the reader itself).

    Returns:
        The stretch when nothing is wrong, and every problem found with its line and key.
    """
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else None
        return RoutineCheck(None, (Problem(line, "", f"this is not valid TOML: {exc}"),))
    report = _Report(_Lines(text))
    _unknown(doc, _TOP_KEYS, "", report)
    head = _head(doc, report)
    timing = _timing(doc, report)
    table = doc.get("text")
    if not isinstance(table, dict):
        report.add("text", "is missing: a [text] table with name, purpose, cautions and steps")
        table = {}
    languages = {k: v for k, v in table.items() if _LANG.match(k) and isinstance(v, dict)}
    own = {k: v for k, v in table.items() if k not in languages}
    _unknown(own, _TEXT_KEYS, "text.", report)
    texts = _texts(own, "text", head["sides"], report, complete=True)
    translations: dict[str, dict[str, object]] = {}
    for lang, values in languages.items():
        _unknown(values, _TEXT_KEYS, f"text.{lang}.", report)
        translations[lang] = _texts(values, f"text.{lang}", head["sides"], report, False)
    _props_for_contacts(doc, head["props"], report)
    poses = _poses(doc.get("poses"), report, solve)
    declared = doc["poses"] if isinstance(doc.get("poses"), dict) else {}
    keyframes = _keyframes(doc.get("keyframes"), poses, declared, report)
    if report.problems:
        return RoutineCheck(None, tuple(report.problems), doc)
    stretch = Stretch(
        id=head["id"],
        name=texts["name"],
        purpose=texts["purpose"],
        position=head["position"],
        equipment=head["equipment"],
        sides=head["sides"],
        reps=head["reps"],
        hold_seconds=timing["hold"],
        move_seconds=timing["move"],
        release_seconds=timing["release"],
        rest_seconds=timing["rest"],
        steps=cast(dict[PhaseKind, str], texts["steps"]),
        cautions=tuple(texts["cautions"]),
        camera=head["camera"],
        timing_note=texts.get("timing_note", ""),
        keyframes=keyframes,
        props=head["props"],
        anchor=head["anchor"],
        figure_note=texts.get("figure_note", ""),
        place=head["place"],
        translations=translations,
        origin=origin,
    )
    return RoutineCheck(stretch, (), doc)


def check_file(path: Path) -> RoutineCheck:
    """Read a routine file from disk (a file that cannot be read is one problem)."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return RoutineCheck(None, (Problem(None, "", f"cannot read the file: {reason}"),))
    return read_routine(text, origin=str(path))


# ----------------------------------------------------------------- writing


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict) and not value:
        return "{}"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {value!r} as TOML")


def _key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else json.dumps(name)


def _long_list(name: str, items: Sequence[Any]) -> list[str]:
    if len(_value(list(items))) + len(name) < 90:
        return [f"{name} = {_value(list(items))}"]
    return [f"{name} = [", *(f"  {_value(v)}," for v in items), "]"]


def _table(out: list[str], header: str, table: Mapping[str, Any], skip: Iterable[str] = ()) -> None:
    skipped = set(skip)
    rows = [(k, v) for k, v in table.items() if k not in skipped]
    out.append("")
    out.append(header)
    for key, value in rows:
        if isinstance(value, list) and value and isinstance(value[0], str):
            out.extend(_long_list(_key(key), value))
        else:
            out.append(f"{_key(key)} = {_value(value)}")


def write_routine(doc: Mapping[str, Any]) -> str:
    """A routine document as TOML text in the canonical layout (reads back the same)."""
    out: list[str] = ["# A DeskStretch routine: docs/routines.md describes every key."]
    for key in _TOP_KEYS:
        if key in doc and not isinstance(doc[key], dict):
            out.append(f"{key} = {_value(doc[key])}")
    for key, value in doc.items():
        if key not in _TOP_KEYS and not isinstance(value, dict | list):
            out.append(f"{_key(key)} = {_value(value)}")
    if isinstance(doc.get("timing"), dict):
        _table(out, "[timing]", doc["timing"])
    text = doc.get("text")
    if isinstance(text, dict):
        nested = [k for k, v in text.items() if isinstance(v, dict)]
        _table(out, "[text]", text, nested)
        if isinstance(text.get("steps"), dict):
            _table(out, "[text.steps]", text["steps"])
        for lang in nested:
            if lang == "steps":
                continue
            values = text[lang]
            _table(out, f"[text.{_key(lang)}]", values, ("steps",))
            if isinstance(values.get("steps"), dict):
                _table(out, f"[text.{_key(lang)}.steps]", values["steps"])
    poses = doc.get("poses")
    if isinstance(poses, dict):
        for name, spec in poses.items():
            _table(out, f"[poses.{_key(name)}]", spec)
    keyframes = doc.get("keyframes")
    if isinstance(keyframes, dict):
        for kind, frames in keyframes.items():
            for frame in frames:
                _table(out, f"[[keyframes.{_key(kind)}]]", frame)
    return "\n".join(out) + "\n"


def export_routine(stretch: Stretch) -> str:
    """The routine file of a loaded stretch (built-in or the user's), in the canonical layout.

    The text comes from the stretch's own file, so its poses keep their library starting
    points and contacts instead of being flattened to angles.
    """
    if stretch.builtin:
        from deskstretch import data_file

        source = data_file("stretches", f"{stretch.id}.toml").read_text("utf-8")
    else:
        source = Path(stretch.origin).read_text("utf-8")
    return write_routine(tomllib.loads(source))
