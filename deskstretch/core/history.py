"""What DeskStretch remembers of the user's day: plain frozen records, no behaviour.

The controller turns what happened (a break that fell due and how it ended, a snooze, a
hold, a pause, time away, time at the computer, a flexibility check) into these records
and hands them to the history store (``platform.history_db``); the statistics
(:mod:`deskstretch.core.stats`) are pure functions over a list of them. Times are aware
UTC; ``day`` is the user's local calendar date when the record was made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Final, Literal

#: How a break ended, as recorded: the planner's outcomes plus "closed" (the window was
#: closed before the routine's end without a skip) and "missed" (skipped before it started).
BreakEnd = Literal["completed", "skipped", "stopped", "closed", "missed"]

#: Spans of time the statistics need.
SpanKind = Literal["active", "away", "natural", "hold", "pause", "asleep"]

#: How far the hands reached in the toe-touch check, from least to most flexible.
FlexLevel = Literal["thighs", "knees", "mid-shin", "ankles", "toes", "floor"]
FLEX_LEVELS: Final[tuple[FlexLevel, ...]] = (
    "thighs",
    "knees",
    "mid-shin",
    "ankles",
    "toes",
    "floor",
)


@dataclass(frozen=True)
class StretchDone:
    """One stretch shown in a break, and how far the user got through it.

    Attributes:
        stretch_id: The catalogue id.
        reps_done: Reps finished (a rep counts when its last hold ended).
        reps: Reps the stretch has.
        sides_done: Sides held to the end, over all reps (0 when none).
        phase: The last phase reached (``ready`` when it never started).
        outcome: ``completed``, ``skipped`` (moved past or the break ended before it
            was done) or ``stopped`` (it hurt).
    """

    stretch_id: str
    reps_done: int
    reps: int
    sides_done: int
    phase: str
    outcome: Literal["completed", "skipped", "stopped"]


@dataclass(frozen=True)
class BreakRecord:
    """A stretch break that fell due or was started, and how it ended.

    Attributes:
        at: When it started (or, for ``missed``, when it was skipped).
        day: Local date of ``at``.
        due: When it fell due (None when the user started it).
        ended: When its window closed (None for ``missed``).
        reason: ``scheduled``, ``user`` or ``after-hold``.
        end: How it ended.
        long: Whether it was a long break.
        stretches: The stretches shown, in order.
    """

    at: datetime
    day: date
    due: datetime | None
    ended: datetime | None
    reason: str
    end: BreakEnd
    long: bool
    stretches: tuple[StretchDone, ...] = ()


@dataclass(frozen=True)
class MicroRecord:
    """A micro-break (issue 17): shown (``done`` or ``skipped``) or skipped before it showed."""

    at: datetime
    day: date
    cue_id: str
    end: Literal["done", "skipped", "missed"]


@dataclass(frozen=True)
class SnoozeRecord:
    """The user put the upcoming break off until ``until``."""

    at: datetime
    day: date
    until: datetime
    kind: Literal["stretch", "micro"] = "stretch"


@dataclass(frozen=True)
class Span:
    """A stretch of time: at the computer, away, a natural break, a hold, a pause, asleep.

    ``reason`` says why for holds (fullscreen, camera, microphone, desktop do-not-disturb).
    ``day`` is the local date of ``start``; statistics split spans at midnight themselves.
    """

    kind: SpanKind
    start: datetime
    end: datetime
    day: date
    reason: str = ""


@dataclass(frozen=True)
class FlexCheck:
    """The answer to "How far did you reach?" at the end of the toe-touch check."""

    at: datetime
    day: date
    level: FlexLevel


@dataclass(frozen=True)
class Restored:
    """The user put a stretch taken out of the rotation (it hurt) back into it."""

    at: datetime
    day: date
    stretch_id: str


Record = BreakRecord | MicroRecord | SnoozeRecord | Span | FlexCheck | Restored
