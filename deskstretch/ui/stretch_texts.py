"""User-facing text of a stretch routine: the clock, phase titles, rep and side lines.

The stretch window and ``deskstretch preview`` both show these. Strings are
translated in the "StretchWindow" context; catalogue content (names, steps,
cautions) in its own "Catalogue" context.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from deskstretch.catalogue.model import PhaseKind, Side, Stretch


def _tr(text: str) -> str:
    return QCoreApplication.translate("StretchWindow", text)


def catalogue_text(text: str) -> str:
    """A catalogue string (name, purpose, step, caution), translated when a translation exists."""
    return QCoreApplication.translate("Catalogue", text) if text else ""


def format_clock(seconds: float) -> str:
    """Seconds as m:ss (rounded up, so the last second shows as 0:01)."""
    whole = max(0, int(-(-seconds // 1)))
    return f"{whole // 60}:{whole % 60:02d}"


def phase_title(kind: PhaseKind) -> str:
    """The short name of a phase shown above the ring ("Hold")."""
    titles: dict[PhaseKind, str] = {
        "ready": _tr("Get ready"),
        "move": _tr("Move into the stretch"),
        "hold": _tr("Hold"),
        "release": _tr("Release"),
        "switch": _tr("Switch sides"),
        "rest": _tr("Rest"),
        "finish": _tr("Done"),
    }
    return titles[kind]


def side_text(side: Side | None) -> str:
    """Name a side for the rep line: "left", "right", or "" for none (translated)."""
    if side == "left":
        return _tr("left")
    if side == "right":
        return _tr("right")
    return ""


def rep_text(kind: PhaseKind, rep: int, reps: int, side: Side | None) -> str:
    """Say which rep and side this is ("Rep 2 of 5 – left side"), or what comes next."""
    name = side_text(side)
    if kind == "finish":
        return ""
    if kind == "ready":
        if reps == 1:
            if name:
                return _tr("1 rep – starting on the {side} side").format(side=name)
            return _tr("1 rep")
        if name:
            return _tr("{reps} reps – starting on the {side} side").format(reps=reps, side=name)
        return _tr("{reps} reps").format(reps=reps)
    if kind in ("switch", "rest") and name:
        # A rest comes between reps, so the next side belongs to the next rep.
        upcoming = rep + 1 if kind == "rest" else rep
        return _tr("Rep {rep} of {reps} – {side} side next").format(
            rep=upcoming, reps=reps, side=name
        )
    if name:
        return _tr("Rep {rep} of {reps} – {side} side").format(rep=rep, reps=reps, side=name)
    if kind == "rest":
        return _tr("Rep {rep} of {reps} next").format(rep=rep + 1, reps=reps)
    return _tr("Rep {rep} of {reps}").format(rep=rep, reps=reps)


def switch_text(side: Side | None) -> str:
    """The badge shown while switching sides: "Now the right side" (or "Switch sides")."""
    name = side_text(side)
    return _tr("Now the {side} side").format(side=name) if name else _tr("Switch sides")


def needs_text(stretch: Stretch) -> str:
    """What the stretch needs and the position it starts in, on one line."""
    words = {
        "mat": _tr("a mat or a soft floor"),
        "pull-up-bar": _tr("a sturdy pull-up bar"),
        "chair": _tr("a steady chair"),
        "desk": _tr("a desk or a table"),
    }
    equipment = (
        ", ".join(words.get(e, e) for e in stretch.equipment)
        if stretch.equipment
        else _tr("no equipment")
    )
    position = {
        "standing": _tr("standing"),
        "sitting": _tr("sitting on a chair"),
        "kneeling": _tr("kneeling"),
        "lying": _tr("lying on your back"),
        "all-fours": _tr("on hands and knees"),
        "hanging": _tr("hanging from the bar"),
        "squatting": _tr("squatting"),
    }.get(stretch.position, stretch.position)
    return _tr("You need: {equipment}  ·  Position: {position}").format(
        equipment=equipment, position=position
    )
