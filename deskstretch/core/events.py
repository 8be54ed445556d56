"""What the planner tells the app. Events are plain frozen values, never callbacks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from deskstretch.core.outcome import Outcome
from deskstretch.core.status import Kind, Status

Reason = Literal["scheduled", "user", "after-hold"]
MicroOutcome = Literal["done", "skipped"]


@dataclass(frozen=True)
class BreakWarning:
    """A break is coming at ``break_at``; tell the user (with snooze if ``can_snooze``)."""

    break_at: datetime
    long: bool
    stretch_ids: tuple[str, ...]
    can_snooze: bool


@dataclass(frozen=True)
class BreakStarted:
    """A break window opens now with these stretches."""

    long: bool
    stretch_ids: tuple[str, ...]
    reason: Reason
    due: datetime | None = None  # when a scheduled break fell due (None: the user started it)


@dataclass(frozen=True)
class BreakEnded:
    """The break window closed; the interval counts from now."""

    outcome: Outcome


@dataclass(frozen=True)
class BreakSkipped:
    """The user skipped the upcoming break before it started."""


@dataclass(frozen=True)
class Snoozed:
    """The upcoming break was put off until ``until``."""

    until: datetime
    snoozes_left: int
    kind: Kind = "stretch"


@dataclass(frozen=True)
class MicroBreakStarted:
    """A micro-break's cue shows now until ``until`` (it closes by itself)."""

    cue_id: str
    until: datetime
    reason: Reason


@dataclass(frozen=True)
class MicroBreakEnded:
    """The micro-break on screen ended early (skipped, or breaks were paused): close its panel."""

    outcome: MicroOutcome


@dataclass(frozen=True)
class MicroBreakSkipped:
    """The user skipped the upcoming micro-break before it showed."""


@dataclass(frozen=True)
class ReminderDue:
    """One of the user's own reminders is due: show ``text`` as a notification."""

    index: int
    text: str


@dataclass(frozen=True)
class AwayEnded:
    """The user came back after time away (``natural``: long enough to count as a break)."""

    start: datetime
    end: datetime
    natural: bool


@dataclass(frozen=True)
class Refused:
    """An intent could not be carried out; ``reason`` is a plain-English sentence."""

    action: str
    reason: str


@dataclass(frozen=True)
class StateChanged:
    """What the user sees (tray, status) would change."""

    status: Status


Event = (
    BreakWarning
    | BreakStarted
    | BreakEnded
    | BreakSkipped
    | Snoozed
    | MicroBreakStarted
    | MicroBreakEnded
    | MicroBreakSkipped
    | ReminderDue
    | AwayEnded
    | Refused
    | StateChanged
)
