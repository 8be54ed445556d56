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
from deskstretch.i18n import _, ngettext
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
# Where the joints, points and poses are listed for authors.
_DOC = "docs/routines.md"


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
        if self.line and self.key:
            # TRANSLATORS: where a problem of a routine file is: {key} is a TOML key
            # such as timing.hold (not translated), {message} what is wrong with it.
            return _("line {line}, {key}: {message}").format(
                line=self.line, key=self.key, message=self.message
            )
        if self.line:
            # TRANSLATORS: where a problem of a routine file is; {message} says what
            # is wrong.
            return _("line {line}, {message}").format(line=self.line, message=self.message)
        return f"{self.key}: {self.message}" if self.key else self.message


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
        choices = ", ".join(allowed)
        if value is None:
            # TRANSLATORS: said of a key of a routine file (it comes before this text,
            # as in "place: missing; use one of: desk, floor, bar"); {choices} are
            # values to type.
            report.add(key, _("missing; use one of: {choices}").format(choices=choices))
        else:
            # TRANSLATORS: {value} is what the routine file says; {choices} the values
            # to type.
            message = _("{value} is not allowed; use one of: {choices}")
            report.add(key, message.format(value=repr(value), choices=choices))
        return allowed[0]
    return cast(str, value)


def _strings(value: object, key: str, report: _Report, allowed: Sequence[str] = ()) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        # TRANSLATORS: said of a key of a routine file (its name comes before this
        # text).
        report.add(key, _('must be a list of strings, like ["a", "b"]'))
        return []
    items = cast(list[str], value)
    if allowed:
        for item in items:
            if item not in allowed:
                # TRANSLATORS: {item} is a value of the list; {choices} the values to
                # type.
                message = _("{item} is not allowed; use any of: {choices}")
                report.add(key, message.format(item=repr(item), choices=", ".join(allowed)))
    return items


def _text(value: object, key: str, limit: int, report: _Report, required: bool) -> str:
    if value is None:
        if required:
            # TRANSLATORS: said of a key of a routine file ("text.name: is missing").
            report.add(key, _("is missing"))
        return ""
    if not isinstance(value, str):
        # TRANSLATORS: said of a text of a routine file ("text.name: must be text
        # in quotes").
        report.add(key, _("must be text in quotes"))
        return ""
    if required and not value.strip():
        # TRANSLATORS: said of a text of a routine file ("text.name: is empty").
        report.add(key, _("is empty"))
    if len(value) > limit:
        # TRANSLATORS: said of a text of a routine file; {limit} is the most
        # characters it may have.
        message = ngettext(
            "is {n} character long; keep it within {limit}",
            "is {n} characters long; keep it within {limit}",
            len(value),
        )
        report.add(key, message.format(n=len(value), limit=limit))
    if "\n" in value.strip():
        # TRANSLATORS: said of a text of a routine file.
        report.add(key, _("must be one line (it is shown in a window, not a document)"))
    return value.strip()


def _unknown(
    table: Mapping[str, Any], allowed: Iterable[str], prefix: str, report: _Report
) -> None:
    known = tuple(allowed)
    for key in table:
        if key not in known:
            # TRANSLATORS: said of a key of a routine file; {keys} are the key names
            # allowed in its table (not translated).
            message = _("unknown key; the keys here are: {keys}").format(keys=", ".join(known))
            report.add(f"{prefix}{key}", message)


def _table_of(
    raw: object, where: str, keys: Sequence[str], header: str, report: _Report
) -> dict[str, Any] | None:
    """``raw`` as a table whose keys are all known (reported), or None if it is no table."""
    if not isinstance(raw, dict):
        # TRANSLATORS: said of a key of a routine file; {header} is how the
        # table's header is written, e.g. [poses.NAME].
        report.add(where, _("must be a table ({header})").format(header=header))
        return None
    table = cast(dict[str, Any], raw)
    _unknown(table, keys, f"{where}.", report)
    return table


# ----------------------------------------------------------------- texts


def _steps(value: object, key: str, sides: bool, report: _Report, complete: bool) -> dict[str, str]:
    if not isinstance(value, dict):
        report.add(key, _("must be a table of texts per phase ([text.steps])"))
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
                # TRANSLATORS: said of the missing text of a phase; {phase} is the phase's
                # key in the file (ready, move, hold or release: not translated).
                message = _("is missing: every routine says what to do ({phase})")
                report.add(f"{key}.{kind}", message.format(phase=kind))
        if sides and "switch" not in table:
            message = _("is missing: a stretch done on both sides says how to switch")
            report.add(f"{key}.switch", message)
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
            message = _("is empty: say at least once what to take care of")
            report.add(f"{key}.cautions", message)
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
        report.add(
            key,
            _("must be a table of joint angles, like {example}").format(
                example="{ left_knee_flex = 30 }"
            ),
        )
        return {}
    out: dict[str, float] = {}
    for name, angle in cast(dict[str, Any], value).items():
        where = f"{key}.{name}"
        if name not in JOINTS:
            close = [j for j in JOINTS if name.split("_")[-1] in j][:6]
            if close:
                # TRANSLATORS: {joints} are joint names (not translated); {doc} a file
                # name.
                message = _("unknown joint (joints like it: {joints}); {doc} lists them all")
            else:
                # TRANSLATORS: {doc} is a file name.
                message = _("unknown joint; {doc} lists them all")
            report.add(where, message.format(joints=", ".join(close), doc=_DOC))
        elif not _is_number(angle):
            report.add(where, _("must be a number of degrees"))
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
            values = {"angle": _fmt(angle), "low": _fmt(spec.low), "high": _fmt(spec.high)}
            if name in written:
                # TRANSLATORS: said of a joint angle written in a routine file, after its
                # key ("poses.start.joints.left_knee_flex: = 150 is past its range
                # 0..140"); "exaggerated" is a key of the file (not translated).
                message = _(
                    "= {angle} is past its range {low}..{high} (list it under exaggerated if meant)"
                )
                report.add(f"{key}.joints.{name}", message.format(**values))
            else:
                # TRANSLATORS: a joint angle the contacts of a pose led to; {joint} is the
                # joint's name and "exaggerated" a key of the file (neither translated).
                message = _(
                    "{joint} comes to {angle} is past its range {low}..{high} "
                    "(list it under exaggerated if meant)"
                )
                report.add(key, message.format(joint=name, **values))


def _poses(value: object, report: _Report, solve: bool) -> dict[str, _Pose]:
    if not isinstance(value, dict):
        report.add("poses", _("must hold at least one pose table, like [poses.start]"))
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
            if origin is None:
                # TRANSLATORS: said of a pose's "from" key; {poses} are pose names.
                message = _("is missing; start from one of: {poses}")
            else:
                # TRANSLATORS: {pose} is what the file's "from" key says; {poses} are pose
                # names.
                message = _("{pose} is not a known pose; start from one of: {poses}")
            report.add(f"{key}.from", message.format(pose=repr(origin), poses=choices))
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
        # TRANSLATORS: {contact} is a contact as written ("left hand on desk");
        # {distance} how far the part stays from the thing, in the figure's height
        # units.
        message = _("{contact} cannot be met (it stays {distance} away)")
        report.add(key, message.format(contact=repr(miss.text), distance=f"{miss.distance:.2f}"))
    return {k: v for k, v in solved.joints.items() if v != 0.0}


def _keyframes(
    value: object, poses: Mapping[str, _Pose], declared: Iterable[str], report: _Report
) -> dict[PhaseKind, tuple[Keyframe, ...]]:
    broken = set(declared) - set(poses)  # already reported where they are written
    if not isinstance(value, dict) or "move" not in value:
        message = _("needs [[keyframes.move]] entries: the way into the stretch")
        report.add("keyframes", message)
        if not isinstance(value, dict):
            return {}
    out: dict[PhaseKind, tuple[Keyframe, ...]] = {}
    for kind, frames in cast(dict[str, Any], value).items():
        key = f"keyframes.{kind}"
        if kind not in PHASE_KINDS:
            # TRANSLATORS: {phases} are the phase keys of a routine file (not
            # translated).
            message = _("unknown phase; use one of: {phases}")
            report.add(key, message.format(phases=", ".join(PHASE_KINDS)))
            continue
        if not isinstance(frames, list) or not frames:
            # TRANSLATORS: {header} is a table header such as [[keyframes.move]].
            message = _("must be one or more {header} tables")
            report.add(key, message.format(header=f"[[{key}]]"))
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
                message = _("must be a number from 0 to 1 (a fraction of the phase)")
                report.add(f"{where}.at", message)
                continue
            if float(at) < previous:
                # TRANSLATORS: said of a keyframe's "at" key, after it ("at: = 0.4 comes
                # ...").
                message = _("= {at} comes before the keyframe above it")
                report.add(f"{where}.at", message.format(at=_fmt(at)))
            previous = float(at)
            easing = spec.get("easing", "in-out")
            if easing not in EASINGS:
                # TRANSLATORS: {easing} is what the file says; {easings} the values to
                # type.
                message = _("{easing}: use one of {easings}")
                report.add(
                    f"{where}.easing",
                    message.format(easing=repr(easing), easings=", ".join(EASINGS)),
                )
            ref = spec.get("pose")
            pose = poses.get(ref) if isinstance(ref, str) else None
            if pose is None and ref in broken:
                continue
            if pose is None:
                if ref is None:
                    # TRANSLATORS: said of a keyframe's "pose" key; {poses} are pose names.
                    message = _("is missing; the poses are: {poses}")
                else:
                    # TRANSLATORS: {pose} is what the keyframe names; {poses} are pose names.
                    message = _("{pose} is not a pose of this file; the poses are: {poses}")
                report.add(f"{where}.pose", message.format(pose=repr(ref), poses=", ".join(poses)))
                continue
            extra = _joint_table(spec.get("joints", {}), f"{where}.joints", report)
            joints = {**pose.joints, **extra}
            _limits(extra, pose.exaggerated, where, extra, report)
            built.append(Keyframe(float(at), joints, str(easing), pose.exaggerated))
        complete = len(built) == len(frames)
        if kind == "move" and complete and (built[0].at != 0.0 or built[-1].at != 1.0):
            # TRANSLATORS: "at" is a key of the file (not translated).
            report.add(key, _("the move must start at at = 0 and end at at = 1"))
        out[kind] = tuple(built)
    return out


# ----------------------------------------------------------------- the whole routine


def _timing(doc: Mapping[str, Any], report: _Report) -> dict[str, float]:
    table = doc.get("timing")
    out = {"move": 3.0, "hold": 10.0, "release": 3.0, "rest": 2.0}
    if not isinstance(table, dict):
        # TRANSLATORS: move, hold, release and rest are keys of the file (not
        # translated).
        message = _("is missing: a [timing] table with move, hold, release and rest")
        report.add("timing", message)
        return out
    _unknown(table, TIMING_RANGES, "timing.", report)
    for name, (low, high) in TIMING_RANGES.items():
        value = table.get(name)
        if not _is_number(value) or not low <= float(value) <= high:
            if value is None:
                # TRANSLATORS: said of a time of a routine file ("timing.hold: is missing:
                # 1 to 300 seconds"): the range it must be in.
                message = ngettext(
                    "is missing: {low} to {high} second",
                    "is missing: {low} to {high} seconds",
                    int(high),
                )
            else:
                # TRANSLATORS: said of a time of a routine file, after its key
                # ("timing.hold: = 900 is out of range: 1 to 300 seconds").
                message = ngettext(
                    "= {value} is out of range: {low} to {high} second",
                    "= {value} is out of range: {low} to {high} seconds",
                    int(high),
                )
            shown = message.format(value=repr(value), low=_fmt(low), high=_fmt(high))
            report.add(f"timing.{name}", shown)
        else:
            out[name] = float(value)
    return out


def _head(doc: Mapping[str, Any], report: _Report) -> dict[str, Any]:
    if doc.get("format") != FORMAT:
        if "format" not in doc:
            # TRANSLATORS: said of the "format" key (not translated) of a routine
            # file.
            message = _("is missing: this DeskStretch reads format = {format}")
        else:
            # TRANSLATORS: said of the "format" key (not translated), after it
            # ("format: = 9 is not supported: ...").
            message = _("= {value} is not supported: this DeskStretch reads format = {format}")
        report.add("format", message.format(value=repr(doc.get("format")), format=FORMAT))
    sid = doc.get("id")
    if not isinstance(sid, str) or not _ID.match(sid):
        # TRANSLATORS: said of a routine's id; the example is an id (not
        # translated).
        message = _("must be lowercase words joined by hyphens, like {example}")
        report.add("id", message.format(example='"neck-side-bend"'))
        sid = "unnamed"
    language = doc.get("language", "en")
    if not isinstance(language, str) or not _LANG.match(language):
        report.add("language", _('must be a language code like "en", "de" or "pt_BR"'))
        language = "en"
    sides = doc.get("sides")
    if not isinstance(sides, bool):
        # TRANSLATORS: "true" and "false" are what the file says (not translated).
        report.add("sides", _("must be true (both sides in every rep) or false"))
        sides = False
    reps = doc.get("reps")
    if isinstance(reps, bool) or not isinstance(reps, int) or not 1 <= reps <= MAX_REPS:
        report.add("reps", _("must be a whole number from 1 to {most}").format(most=MAX_REPS))
        reps = 1
    props = _strings(doc.get("props", ["floor"]), "props", report, PROPS)
    equipment = _strings(doc.get("equipment", []), "equipment", report, get_args(Equipment))
    anchor = doc.get("anchor", "")
    if not isinstance(anchor, str):
        # TRANSLATORS: the example is point names (not translated).
        message = _("must be point names joined by +, like {example}")
        report.add("anchor", message.format(example='"left_knee+right_heel"'))
        anchor = ""
    for point in filter(None, (p.strip() for p in anchor.split("+"))):
        if point not in POINT_NAMES:
            # TRANSLATORS: {point} is a point name the file wrote.
            message = _("{point} is not a point of the figure")
            report.add("anchor", message.format(point=repr(point)))
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
                    # TRANSLATORS: {contact} is a contact as written ("hands on desk"), {prop}
                    # a prop ("desk"); "props" is a key of the file (none translated).
                    message = _("{contact} needs {prop} in props")
                    report.add(
                        f"poses.{name}.contacts",
                        message.format(contact=repr(text), prop=f'"{prop}"'),
                    )


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
        # TRANSLATORS: {error} is the TOML reader's own message (in English).
        message = _("this is not valid TOML: {error}").format(error=exc)
        return RoutineCheck(None, (Problem(line, "", message),))
    report = _Report(_Lines(text))
    _unknown(doc, _TOP_KEYS, "", report)
    head = _head(doc, report)
    timing = _timing(doc, report)
    table = doc.get("text")
    if not isinstance(table, dict):
        # TRANSLATORS: name, purpose, cautions and steps are keys of the file (not
        # translated).
        message = _("is missing: a [text] table with name, purpose, cautions and steps")
        report.add("text", message)
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
        message = _("cannot read the file: {reason}").format(reason=reason)
        return RoutineCheck(None, (Problem(None, "", message),))
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
