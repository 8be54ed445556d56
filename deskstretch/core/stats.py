"""The figures of the Progress window and ``deskstretch stats``: pure functions over records.

Everything here works on a list of :mod:`deskstretch.core.history` records and a ``today``
date handed in by the caller (time is an input; nothing here reads the clock), so the
window, the command line and the finish screen show the same numbers, computed by the same
code, and tests can build any history by hand.

Definitions (what each figure means, so the window and the docs can say it plainly):

- **due**: every :class:`BreakRecord` of the day: a break that fell due (scheduled or
  after a hold) or that the user started. A break skipped before it started (``missed``)
  counts as due and skipped.
- **taken**: breaks that ended ``completed``, ``stopped`` (it hurt, but the user got up)
  or ``closed`` (window closed before the routine's end). **skipped**: ``skipped`` or
  ``missed``. So ``taken + skipped == due`` on every day.
- **stopped**: the taken breaks that ended with "This hurts".
- **snoozed**: :class:`SnoozeRecord` entries for stretch breaks (micro-break snoozes are
  not counted here). **micro_done**: micro-breaks shown to the end.
- **active_seconds**: time at the computer: the union of ``active`` spans minus the union
  of ``away``, ``natural``, ``asleep`` and ``pause`` spans, cut at local midnight (so a
  day never holds more than its own length, 23 or 25 hours on DST days included).
- **longest_work_seconds**: the longest run of active time in the day that no taken break,
  natural break or sleep interrupted. Short time away (``away``) is not counted as work but
  does not end the run; a pause neither. Runs are cut at local midnight.
- **adherence**: taken / due over the period; None when nothing was due.
- **streak**: consecutive *counted* days, newest first, each with at least
  ``streak_breaks`` breaks taken. A day with no break due (weekend, day off, app not
  running) is not counted: it neither extends nor breaks the streak. A day with breaks due
  but fewer than ``streak_breaks`` taken ends it. Today is still going on: when it already
  has enough breaks taken it counts, otherwise it is passed over (the streak then ends
  yesterday, or on the last counted day before). The streak looks at every record given,
  not only the period.
- **flexibility**: every :class:`FlexCheck` in the records (not only the period), as
  levels 0 (thighs) to 5 (floor); ``flex_change`` is the last level minus the first, None
  with fewer than two checks.

Cost: one pass to bucket the records by day and one sort of the span edges (no pairwise
span overlap), so a year of 365 days x 16 breaks with its spans takes a few tens of
milliseconds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any, Final

from deskstretch.core.history import (
    FLEX_LEVELS,
    BreakRecord,
    FlexCheck,
    MicroRecord,
    Record,
    SnoozeRecord,
    Span,
)

TAKEN_ENDS: Final = frozenset({"completed", "stopped", "closed"})
"""Break ends that count as taken: the user got up."""

SKIPPED_ENDS: Final = frozenset({"skipped", "missed"})
"""Break ends that count as skipped."""

#: Spans that are not time at the computer, even inside an ``active`` span.
NOT_WORK: Final = frozenset({"away", "natural", "asleep", "pause"})
#: Spans that end a run of work (a break in its own right).
RESETS_WORK: Final = frozenset({"natural", "asleep"})


@dataclass(frozen=True)
class DayStats:
    """The figures of one local calendar day.

    Attributes:
        day: The local date.
        due: Breaks that fell due or were started.
        taken: Breaks the user got up for (completed, stopped or closed).
        skipped: Breaks skipped, before or after they started.
        snoozed: Times a stretch break was put off.
        stopped: Taken breaks stopped because a stretch hurt.
        micro_done: Micro-breaks shown to the end.
        active_seconds: Time at the computer (whole seconds).
        longest_work_seconds: Longest run of work without a break (whole seconds).
    """

    day: date
    due: int = 0
    taken: int = 0
    skipped: int = 0
    snoozed: int = 0
    stopped: int = 0
    micro_done: int = 0
    active_seconds: int = 0
    longest_work_seconds: int = 0


@dataclass(frozen=True)
class StretchStats:
    """How often one stretch was done, skipped or stopped over the period.

    Attributes:
        stretch_id: The catalogue id.
        done: Times it was completed.
        skipped: Times it was moved past or cut short.
        stopped: Times it was stopped because it hurt.
    """

    stretch_id: str
    done: int
    skipped: int
    stopped: int


@dataclass(frozen=True)
class FlexPoint:
    """One answer to the toe-touch check.

    Attributes:
        day: The local date of the check.
        level: 0 (thighs) .. 5 (floor), the index in ``FLEX_LEVELS``.
    """

    day: date
    level: int

    @property
    def name(self) -> str:
        """The level's name (``"mid-shin"``)."""
        return FLEX_LEVELS[self.level]


@dataclass(frozen=True)
class Totals:
    """The period's figures added up (``longest_work_seconds`` is the longest day's)."""

    due: int
    taken: int
    skipped: int
    snoozed: int
    stopped: int
    micro_done: int
    active_seconds: int
    longest_work_seconds: int
    days_at_computer: int


@dataclass(frozen=True)
class Summary:
    """Everything the Progress window and ``deskstretch stats`` show.

    Attributes:
        today: The last day of the period.
        days: One entry per local day of the period, oldest first, ending ``today``.
        adherence: Taken / due over the period, None when nothing was due.
        streak: Current streak in days (see the module docstring).
        streak_breaks: Breaks a day needs for the streak.
        stretches: Per-stretch counts, most done first (then by id).
        flex: Every flexibility check, oldest first (not limited to the period).
        flex_change: Levels gained since the first check (negative when lost), None with
            fewer than two checks.
        totals: The period's figures added up.
        has_history: Whether there is any record at all (the window's empty state).
    """

    today: date
    days: tuple[DayStats, ...]
    adherence: float | None
    streak: int
    streak_breaks: int
    stretches: tuple[StretchStats, ...]
    flex: tuple[FlexPoint, ...]
    flex_change: int | None
    totals: Totals
    has_history: bool

    @property
    def start(self) -> date:
        """The first day of the period."""
        return self.days[0].day if self.days else self.today

    def to_json(self) -> dict[str, Any]:
        """The summary as plain JSON values (``deskstretch stats --json``).

        Keys: ``from``, ``to`` (ISO dates of the period), ``adherence`` (0..1 or null),
        ``streak`` (days), ``streak_breaks``, ``totals`` (``due``, ``taken``, ``skipped``,
        ``snoozed``, ``stopped``, ``micro_done``, ``active_seconds``,
        ``longest_work_seconds``, ``days_at_computer``), ``days`` (one object per day,
        oldest first: ``day`` plus the :class:`DayStats` counts), ``stretches`` (objects
        with ``id``, ``done``, ``skipped``, ``stopped``), ``flexibility`` (``checks``: a list
        of ``{"day", "level", "name"}``; ``change``: levels gained since the first check or
        null).
        """
        totals = self.totals
        return {
            "from": self.start.isoformat(),
            "to": self.today.isoformat(),
            "adherence": self.adherence,
            "streak": self.streak,
            "streak_breaks": self.streak_breaks,
            "totals": {
                "due": totals.due,
                "taken": totals.taken,
                "skipped": totals.skipped,
                "snoozed": totals.snoozed,
                "stopped": totals.stopped,
                "micro_done": totals.micro_done,
                "active_seconds": totals.active_seconds,
                "longest_work_seconds": totals.longest_work_seconds,
                "days_at_computer": totals.days_at_computer,
            },
            "days": [
                {
                    "day": d.day.isoformat(),
                    "due": d.due,
                    "taken": d.taken,
                    "skipped": d.skipped,
                    "snoozed": d.snoozed,
                    "stopped": d.stopped,
                    "micro_done": d.micro_done,
                    "active_seconds": d.active_seconds,
                    "longest_work_seconds": d.longest_work_seconds,
                }
                for d in self.days
            ],
            "stretches": [
                {"id": s.stretch_id, "done": s.done, "skipped": s.skipped, "stopped": s.stopped}
                for s in self.stretches
            ],
            "flexibility": {
                "checks": [
                    {"day": p.day.isoformat(), "level": p.level, "name": p.name} for p in self.flex
                ],
                "change": self.flex_change,
            },
        }


@dataclass(frozen=True)
class FinishFacts:
    """What the finish screen can truly say ("3rd break today, 5-day streak").

    Attributes:
        breaks_today: Breaks taken today, the one ending now included.
        streak: The streak in days, today counted when it has enough breaks.
    """

    breaks_today: int
    streak: int


def summarize(
    records: Sequence[Record],
    today: date,
    *,
    days: int = 28,
    streak_breaks: int = 3,
    zone: tzinfo,
) -> Summary:
    """Compute the Progress figures for the ``days`` local days ending ``today``.

    Args:
        records: The history, in any order (the store gives it oldest first).
        today: The user's local date now; the period ends with it.
        days: Length of the period in days (at least 1).
        streak_breaks: Breaks taken a day needs to keep the streak (at least 1).
        zone: The user's time zone: where local midnight falls when spans are cut by day.

    Returns:
        The summary; see the module docstring for what each figure means.

    Raises:
        ValueError: ``days`` or ``streak_breaks`` is below 1.
    """
    if days < 1:
        raise ValueError(f"days must be at least 1, not {days}")
    if streak_breaks < 1:
        raise ValueError(f"streak_breaks must be at least 1, not {streak_breaks}")
    start = today - timedelta(days=days - 1)
    n = days
    due = [0] * n
    taken = [0] * n
    skipped = [0] * n
    snoozed = [0] * n
    stopped = [0] * n
    micro = [0] * n
    all_taken: Counter[date] = Counter()
    all_due: Counter[date] = Counter()
    per_stretch: dict[str, list[int]] = {}
    flex_checks: list[FlexCheck] = []
    spans: list[tuple[float, float, str]] = []
    resets: list[float] = []

    # Local midnights in UTC seconds, one more than the days: day i is [edges[i], edges[i+1]).
    edges = [
        datetime.combine(start + timedelta(days=i), time(0), tzinfo=zone).timestamp()
        for i in range(n + 1)
    ]
    first_edge, last_edge = edges[0], edges[-1]

    for record in records:
        if isinstance(record, BreakRecord):
            all_due[record.day] += 1
            is_taken = record.end in TAKEN_ENDS
            i = (record.day - start).days
            if is_taken:
                all_taken[record.day] += 1
                if -1 <= i <= n:  # a break's start or end may lie a day off its ``day``
                    resets.append(record.at.timestamp())
                    if record.ended is not None:
                        resets.append(record.ended.timestamp())
            if 0 <= i < n:
                due[i] += 1
                if is_taken:
                    taken[i] += 1
                    stopped[i] += record.end == "stopped"
                else:
                    skipped[i] += 1
                for shown in record.stretches:
                    counts = per_stretch.setdefault(shown.stretch_id, [0, 0, 0])
                    if shown.outcome == "completed":
                        counts[0] += 1
                    elif shown.outcome == "skipped":
                        counts[1] += 1
                    else:
                        counts[2] += 1
        elif isinstance(record, Span):
            a, b = record.start.timestamp(), record.end.timestamp()
            if b > first_edge and a < last_edge and b > a:
                spans.append((a, b, record.kind))
        elif isinstance(record, SnoozeRecord):
            i = (record.day - start).days
            if 0 <= i < n and record.kind == "stretch":
                snoozed[i] += 1
        elif isinstance(record, MicroRecord):
            i = (record.day - start).days
            if 0 <= i < n and record.end == "done":
                micro[i] += 1
        elif isinstance(record, FlexCheck):
            flex_checks.append(record)

    active, longest = _work_time(spans, resets, edges)

    day_stats = tuple(
        DayStats(
            day=start + timedelta(days=i),
            due=due[i],
            taken=taken[i],
            skipped=skipped[i],
            snoozed=snoozed[i],
            stopped=stopped[i],
            micro_done=micro[i],
            active_seconds=round(active[i]),
            longest_work_seconds=round(longest[i]),
        )
        for i in range(n)
    )
    total_due, total_taken = sum(due), sum(taken)
    totals = Totals(
        due=total_due,
        taken=total_taken,
        skipped=sum(skipped),
        snoozed=sum(snoozed),
        stopped=sum(stopped),
        micro_done=sum(micro),
        active_seconds=sum(d.active_seconds for d in day_stats),
        longest_work_seconds=max(d.longest_work_seconds for d in day_stats),
        days_at_computer=sum(1 for d in day_stats if d.active_seconds > 0),
    )
    stretches = tuple(
        sorted(
            (StretchStats(sid, c[0], c[1], c[2]) for sid, c in per_stretch.items()),
            key=lambda s: (-s.done, s.stretch_id),
        )
    )
    flex = _flex_points(flex_checks)
    return Summary(
        today=today,
        days=day_stats,
        adherence=total_taken / total_due if total_due else None,
        streak=_streak(all_due, all_taken, today, streak_breaks),
        streak_breaks=streak_breaks,
        stretches=stretches,
        flex=flex,
        flex_change=flex[-1].level - flex[0].level if len(flex) >= 2 else None,
        totals=totals,
        has_history=bool(records),
    )


def finish_facts(
    records: Iterable[Record],
    today: date,
    *,
    streak_breaks: int = 3,
    zone: tzinfo,
    ending: BreakRecord | None = None,
) -> FinishFacts:
    """What the finish screen can say about the break that is ending now.

    The break on screen is usually not in the history yet (it is recorded when its window
    closes), so the caller passes it as ``ending``; it is counted as taken on the local day
    of its start (``ending.at`` in ``zone``) whatever its ``end`` says, because the user
    reached the finish screen. Leave ``ending`` out when the break is already recorded.

    Args:
        records: The history.
        today: The user's local date now.
        streak_breaks: Breaks a day needs to keep the streak.
        zone: The user's time zone.
        ending: The break ending now, not yet in ``records``.

    Returns:
        Breaks taken today and the current streak, both counting ``ending``.
    """
    all_due: Counter[date] = Counter()
    all_taken: Counter[date] = Counter()
    for record in records:
        if isinstance(record, BreakRecord):
            all_due[record.day] += 1
            if record.end in TAKEN_ENDS:
                all_taken[record.day] += 1
    if ending is not None:
        day = ending.at.astimezone(zone).date()
        all_due[day] += 1
        all_taken[day] += 1
    return FinishFacts(
        breaks_today=all_taken[today],
        streak=_streak(all_due, all_taken, today, max(1, streak_breaks)),
    )


def _streak(due: Counter[date], taken: Counter[date], today: date, needed: int) -> int:
    """Count the current streak (see the module docstring for the rule)."""
    counted = sorted((d for d, n in due.items() if n > 0 and d <= today), reverse=True)
    if counted and counted[0] == today and taken[today] < needed:
        counted = counted[1:]  # today is not over: too few yet does not end the streak
    streak = 0
    for day in counted:
        if taken[day] < needed:
            break
        streak += 1
    return streak


def _flex_points(checks: list[FlexCheck]) -> tuple[FlexPoint, ...]:
    checks.sort(key=lambda c: c.at)
    return tuple(FlexPoint(c.day, FLEX_LEVELS.index(c.level)) for c in checks)


def _work_time(
    spans: list[tuple[float, float, str]], resets: list[float], edges: list[float]
) -> tuple[list[float], list[float]]:
    """Time at the computer and the longest run of work per day, in one sweep.

    Every span contributes a start and an end edge; taken breaks add points that end the
    current run, local midnights points that end it and start the next day. The edges are
    sorted once and walked in order while counting how many ``active`` and how many
    not-work spans are open: time counts as work where at least one ``active`` and no
    not-work span is open. O(k log k) for k edges; no span is compared with another.

    Args:
        spans: ``(start, end, kind)`` of the spans that reach into the period, UTC seconds.
        resets: Instants (UTC seconds) of taken breaks' starts and ends.
        edges: Local midnights (UTC seconds) bounding the period's days.

    Returns:
        Seconds of work and the longest run, one entry per day.
    """
    n = len(edges) - 1
    active = [0.0] * n
    longest = [0.0] * n
    # (instant, code): 0 open active, 1 close active, 2 open not-work, 3 close not-work,
    # 4 end the run, 5 local midnight (end the run, next day).
    points: list[tuple[float, int]] = []
    add = points.append
    for a, b, kind in spans:
        if kind == "active":
            add((a, 0))
            add((b, 1))
        elif kind in NOT_WORK:
            add((a, 2))
            add((b, 3))
            if kind in RESETS_WORK:
                add((a, 4))
    points.extend((t, 4) for t in resets)
    points.extend((t, 5) for t in edges)
    points.sort()

    open_active = open_other = 0
    run = 0.0
    day = -1  # before the first midnight: outside the period
    previous = points[0][0]
    for instant, code in points:
        if open_active > 0 and open_other == 0 and 0 <= day < n and instant > previous:
            run += instant - previous
            active[day] += instant - previous
            if run > longest[day]:
                longest[day] = run
        if instant > previous:
            previous = instant
        if code == 0:
            open_active += 1
        elif code == 1:
            open_active -= 1
        elif code == 2:
            open_other += 1
        elif code == 3:
            open_other -= 1
        elif code == 4:
            run = 0.0
        else:
            run = 0.0
            day += 1
    return active, longest
