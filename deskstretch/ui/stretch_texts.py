"""User-facing text of a stretch routine: the clock, phase titles, rep and side lines.

The stretch window and ``deskstretch preview`` both show these. Strings go through
:mod:`deskstretch.i18n`; catalogue content (names, steps, cautions) comes translated
from the stretch files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from deskstretch.i18n import _, ngettext

if TYPE_CHECKING:
    from deskstretch.catalogue.model import PhaseKind, Side, Stretch


def format_clock(seconds: float) -> str:
    """Seconds as m:ss (rounded up, so the last second shows as 0:01)."""
    whole = max(0, int(-(-seconds // 1)))
    return f"{whole // 60}:{whole % 60:02d}"


def phase_title(kind: PhaseKind) -> str:
    """The short name of a phase shown above the ring ("Hold")."""
    titles: dict[PhaseKind, str] = {
        "ready": _("Get ready"),
        "move": _("Move into the stretch"),
        "hold": _("Hold"),
        "release": _("Release"),
        "switch": _("Switch sides"),
        "rest": _("Rest"),
        "finish": _("Done"),
    }
    return titles[kind]


def side_text(side: Side | None) -> str:
    """Name a side for the rep line: "left", "right", or "" for none (translated)."""
    if side == "left":
        return _("left")
    if side == "right":
        return _("right")
    return ""


def rep_text(kind: PhaseKind, rep: int, reps: int, side: Side | None) -> str:
    """Say which rep and side this is ("Rep 2 of 5 – left side"), or what comes next."""
    name = side_text(side)
    if kind == "finish":
        return ""
    if kind == "ready":
        if name:
            return ngettext(
                "{reps} rep – starting on the {side} side",
                "{reps} reps – starting on the {side} side",
                reps,
            ).format(reps=reps, side=name)
        return ngettext("{reps} rep", "{reps} reps", reps).format(reps=reps)
    if kind in ("switch", "rest") and name:
        # A rest comes between reps, so the next side belongs to the next rep.
        upcoming = rep + 1 if kind == "rest" else rep
        return _("Rep {rep} of {reps} – {side} side next").format(
            rep=upcoming, reps=reps, side=name
        )
    if name:
        return _("Rep {rep} of {reps} – {side} side").format(rep=rep, reps=reps, side=name)
    if kind == "rest":
        return _("Rep {rep} of {reps} next").format(rep=rep + 1, reps=reps)
    return _("Rep {rep} of {reps}").format(rep=rep, reps=reps)


def switch_text(side: Side | None) -> str:
    """The badge shown while switching sides: "Now the right side" (or "Switch sides")."""
    name = side_text(side)
    return _("Now the {side} side").format(side=name) if name else _("Switch sides")


def needs_text(stretch: Stretch) -> str:
    """What the stretch needs and the position it starts in, on one line."""
    words = {
        "mat": _("a mat or a soft floor"),
        "pull-up-bar": _("a sturdy pull-up bar"),
        "chair": _("a steady chair"),
        "desk": _("a desk or a table"),
    }
    equipment = (
        ", ".join(words.get(e, e) for e in stretch.equipment)
        if stretch.equipment
        else _("no equipment")
    )
    position = {
        "standing": _("standing"),
        "sitting": _("sitting on a chair"),
        "kneeling": _("kneeling"),
        "lying": _("lying on your back"),
        "all-fours": _("on hands and knees"),
        "hanging": _("hanging from the bar"),
        "squatting": _("squatting"),
    }.get(stretch.position, stretch.position)
    return _("You need: {equipment}  ·  Position: {position}").format(
        equipment=equipment, position=position
    )
