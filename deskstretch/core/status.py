"""What the planner reports about the schedule: plain frozen values, no behaviour.

They live apart from the planner so that :mod:`deskstretch.core.events` (whose
``StateChanged`` carries a :class:`Status`) and the planner both import them
without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Literal

State = Literal["active", "paused", "off-hours", "in-break", "held"]
#: The two rhythms: the stretch break and the short micro-break.
Kind = Literal["stretch", "micro"]


@dataclass(frozen=True)
class Today:
    """Today's tally (local calendar day)."""

    taken: int = 0
    skipped: int = 0
    snoozed: int = 0
    micro_done: int = 0
    micro_skipped: int = 0


def _iso(value: datetime | None, zone: tzinfo) -> str | None:
    return value.astimezone(zone).isoformat(timespec="seconds") if value is not None else None


@dataclass(frozen=True)
class Status:
    """What the user should be told about the schedule right now.

    Attributes:
        state: active, paused, off-hours, in-break or held (a due break waits for a hold).
        next_break: When the next break will start, if one is planned.
        seconds_to_next_break: Whole seconds until ``next_break`` (rounded up).
        paused_until: End of a timed pause.
        paused_indefinitely: Paused until the user resumes.
        off_until: Start of the next working hours while off-hours.
        hold_reasons: Active do-not-disturb reasons.
        today: Today's tally.
        next_is_long: Whether the next break is a long one.
        next_stretch_ids: The stretches the next break will show.
        snoozes_left: Snoozes left for the upcoming break.
        idle_aware: Whether time away from the computer is being measured; when
            False the interval is plain wall-clock time.
        next_micro_break: When the next micro-break will show (None: off, or none planned).
        seconds_to_next_micro_break: Whole seconds until ``next_micro_break`` (rounded up).
        micro_on_screen: Whether a micro-break's cue is showing now.
        zone: The local zone used by :meth:`to_json`.
    """

    state: State
    next_break: datetime | None
    # The countdowns follow from the times and the moment asked: two statuses that differ only
    # in them are the same status (the planner reports a change only when something else moved).
    seconds_to_next_break: int | None = field(compare=False)
    paused_until: datetime | None
    paused_indefinitely: bool
    off_until: datetime | None
    hold_reasons: tuple[str, ...]
    today: Today
    next_is_long: bool
    next_stretch_ids: tuple[str, ...]
    snoozes_left: int
    idle_aware: bool
    next_micro_break: datetime | None = None
    seconds_to_next_micro_break: int | None = field(default=None, compare=False)
    micro_on_screen: bool = False
    zone: tzinfo = field(default=UTC, compare=False)

    @property
    def next_kind(self) -> Kind:
        """Which break comes first: the stretch break unless a micro-break is planned sooner
        (none is while paused, off-hours or in a break)."""
        micro, stretch = self.next_micro_break, self.next_break
        if micro is not None and (stretch is None or micro < stretch):
            return "micro"
        return "stretch"

    def to_json(self) -> dict[str, object]:
        """The status as JSON-ready data (times in ISO 8601 with the local offset)."""
        return {
            "state": self.state,
            "next_break": _iso(self.next_break, self.zone),
            "seconds_to_next_break": self.seconds_to_next_break,
            "paused_until": _iso(self.paused_until, self.zone),
            "paused_indefinitely": self.paused_indefinitely,
            "off_until": _iso(self.off_until, self.zone),
            "hold_reason": ", ".join(self.hold_reasons) or None,
            "hold_reasons": list(self.hold_reasons),
            "today": {
                "taken": self.today.taken,
                "skipped": self.today.skipped,
                "snoozed": self.today.snoozed,
                "micro_done": self.today.micro_done,
                "micro_skipped": self.today.micro_skipped,
            },
            "next_is_long": self.next_is_long,
            "next_stretch_ids": list(self.next_stretch_ids),
            "snoozes_left": self.snoozes_left,
            "idle_aware": self.idle_aware,
            "next_micro_break": _iso(self.next_micro_break, self.zone),
            "seconds_to_next_micro_break": self.seconds_to_next_micro_break,
            "micro_on_screen": self.micro_on_screen,
        }
