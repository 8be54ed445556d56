"""The break planner: a pure state machine that decides when breaks happen.

Time is an input. The app asks :meth:`Planner.next_deadline`, arms a wake-up for
it, and calls :meth:`Planner.advance` when it fires; user intents and
observations (idle time, sleep, clock jumps, do-not-disturb holds) are methods
that return the events they cause. Nothing here reads the clock or touches Qt,
so a month of workdays can be simulated in milliseconds.

Rules of thumb the code follows (see issue 3):

* The interval counts from the end of the last break (completed, skipped or
  started by the user), from a resume, from a natural break, or from the start
  of working hours.
* Short absences do not count toward the interval; an absence of at least
  ``Rules.natural_break`` is a break in itself.
* After a wake-up or a clock jump there is at most one break, and never within
  the first minute.
* A break due during a hold waits and starts shortly after the release.

Micro-breaks (issue 17) run on the same clock with their own interval: due only
while the user is at the computer, never within :data:`MICRO_GAP` of a stretch
break (the stretch break counts for both), and under the same pause, working
hours, holds and wake-up rules. The user's own reminders fall due on their own
intervals within their own days and hours, follow the same rules and never land
within :data:`REMINDER_GAP` of a break of either kind.
"""

from __future__ import annotations

import copy
import functools
import math
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta, tzinfo

from deskstretch.core.events import (
    AwayEnded,
    BreakEnded,
    BreakSkipped,
    BreakStarted,
    BreakWarning,
    Event,
    MicroBreakEnded,
    MicroBreakSkipped,
    MicroBreakStarted,
    MicroOutcome,
    Reason,
    Refused,
    ReminderDue,
    Snoozed,
    StateChanged,
)
from deskstretch.core.outcome import Outcome
from deskstretch.core.rotation import Rotation
from deskstretch.core.rules import (
    ReminderRule,
    Rules,
    Window,
    next_midnight,
    next_window_start,
    window_at,
)
from deskstretch.core.status import Kind, State, Status, Today
from deskstretch.i18n import N_, _, ngettext

#: No break starts within this time after a wake-up or a clock jump.
QUIET_AFTER_RESUME = timedelta(seconds=60)
#: A break held back by do-not-disturb starts this long after the release.
HOLD_GRACE = timedelta(seconds=10)
#: A wake-up later than this after a break was due means we were not running
#: (suspended, or the event loop was blocked): treat it like a resume.
LATE_TOLERANCE = timedelta(seconds=120)
#: How late a timer may fire and still count as on time for the gaps between breaks.
WAKE_JITTER = timedelta(seconds=5)
#: Idle stretches shorter than this are ordinary pauses in typing, not absences.
MIN_ABSENCE = timedelta(seconds=60)
#: Idle readings are rounded; a later last-input time within this is the same absence.
RETURN_TOLERANCE = timedelta(seconds=2)
#: A micro-break never comes this close before or after a stretch break.
MICRO_GAP = timedelta(minutes=3)
#: A reminder never comes this close before or after a break of either kind.
REMINDER_GAP = timedelta(minutes=1)
#: A break that falls due while nobody has touched the computer for this long waits for the
#: user (a hold, released at their first input) instead of running for an empty chair.
AWAY_AT_DUE = timedelta(seconds=30)
#: The hold reason of such a break (an English key; windows show it translated).
AWAY_HOLD = N_("away from the computer")

# Why there is nothing to skip or snooze, by (what, action): a stretch on screen, paused,
# outside working hours, none due. Whole sentences, so that every language can say them.
_NO_UPCOMING: dict[tuple[str, str], tuple[str, str, str, str]] = {
    ("break", "snooze"): (
        N_("A stretch is on screen now; there is no upcoming break to snooze."),
        N_("Breaks are paused, so there is no break to snooze."),
        N_("It is outside working hours: there is no break to snooze."),
        N_("No break is coming up to snooze."),
    ),
    ("break", "skip"): (
        N_("A stretch is on screen now; there is no upcoming break to skip."),
        N_("Breaks are paused, so there is no break to skip."),
        N_("It is outside working hours: there is no break to skip."),
        N_("No break is coming up to skip."),
    ),
    ("micro-break", "snooze"): (
        N_("A stretch is on screen now; there is no upcoming micro-break to snooze."),
        N_("Breaks are paused, so there is no micro-break to snooze."),
        N_("It is outside working hours: there is no micro-break to snooze."),
        N_("No micro-break is coming up to snooze."),
    ),
    ("micro-break", "skip"): (
        N_("A stretch is on screen now; there is no upcoming micro-break to skip."),
        N_("Breaks are paused, so there is no micro-break to skip."),
        N_("It is outside working hours: there is no micro-break to skip."),
        N_("No micro-break is coming up to skip."),
    ),
}


@functools.lru_cache(maxsize=32)  # a few reminders, asked about at every planner call
def _reminder_hours(rule: ReminderRule) -> Rules | None:
    """The reminder's own days and hours as working-hours rules (None: any time of any day)."""
    if rule.start is None and len(rule.days) == 7:
        return None
    midnight = time(0, 0)
    return Rules(
        schedule_enabled=True,
        days=rule.days,
        start=rule.start or midnight,
        end=rule.end or midnight,
    )


class Planner:
    """Decides when breaks happen. Pure: every method takes the current time.

    Args:
        rules: The rules to plan by.
        now: The current time (aware).
        zone: The user's local zone (working hours, "today", "tomorrow").
    """

    def __init__(self, rules: Rules, now: datetime, zone: tzinfo) -> None:
        now = now.astimezone(UTC)
        self._rules = rules
        self._zone = zone
        self._now = now
        # The interval counts from _anchor; _credit is time away that does not count.
        self._anchor = now
        self._credit = timedelta(0)
        # A fixed break time replacing the interval (snooze, hold release).
        self._override: datetime | None = None
        self._after_hold = False
        self._quiet_until: datetime | None = None
        self._snoozes_used = 0
        self._warned = False
        self._in_break = False
        self._paused = False
        self._paused_until: datetime | None = None
        self._pause_fixed = False  # "until tomorrow" ends at a wall time, not after a duration
        self._holds: frozenset[str] = frozenset()
        self._rotation = Rotation()
        self._breaks_today = 0
        self._day = now.astimezone(zone).date()
        self._today = Today()
        self._idle_aware = False
        self._absence_start: datetime | None = None
        self._absence_seen = timedelta(0)
        self._idle_reading: tuple[datetime, timedelta] | None = None  # (when, idle then)
        self._last_seen: Status | None = None
        self._window_cache: tuple[Rules, Window] | None = None
        # The deadline last handed out: a call long after it means the wake-up
        # never fired in time (the computer slept before anyone could tell us).
        self._promised: datetime | None = None
        self._deadline: datetime | None = None
        # Micro-breaks: their own interval, credit for time away and snooze.
        self._micro_anchor = now
        self._micro_credit = timedelta(0)
        self._micro_override: datetime | None = None
        self._micro_until: datetime | None = None  # a cue is on screen until then
        self._micro_index = 0
        self._micro_after_hold = False
        self._last_break_end: datetime | None = None
        self._last_micro_end: datetime | None = None
        # When a reminder last showed: a micro-break keeps REMINDER_GAP clear after it.
        self._last_reminder: datetime | None = None
        # The user's reminders: when each one's interval started counting.
        self._reminder_anchors: list[datetime] = [now] * len(rules.reminders)
        self._sync(now)
        self._last_seen = self.status(now)
        self._promised = self._deadline = self._next_deadline()

    # ------------------------------------------------------------------ queries
    @property
    def rules(self) -> Rules:
        """The rules in force."""
        return self._rules

    def next_deadline(self) -> datetime | None:
        """When :meth:`advance` must next be called (None = only on some intent or observation).

        After :meth:`advance` (or any intent) the deadline is later than the time
        that call was given.
        """
        # Every method that changes the planner ends in _finish, which works this out.
        return self._deadline

    def _next_deadline(self) -> datetime | None:
        now = self._now
        if self._in_break:
            return None
        if self._paused:
            return self._paused_until
        window = self._window(now)
        if self._rules.schedule_enabled and window is None:
            return next_window_start(self._rules, now, self._zone)
        candidates: list[datetime] = []
        if window is not None:
            candidates.append(window.end)
        if self._micro_until is not None:
            # The cue's end: the next micro-break counts from it (a notification reports no end).
            candidates.append(self._micro_until)
        due = self._due(window)
        if due is not None and not (due <= now and self._holds):
            warn_at = due - self._rules.lead
            if not self._warned and self._rules.lead > timedelta(0) and warn_at > now:
                candidates.append(warn_at)
            candidates.append(max(due, now + timedelta(seconds=1)))
        micro = self._micro_due(window, due)
        reminders = [d for _due, d in self._reminders_due(window, due, micro)]
        for other in (micro, *reminders):
            if other is not None and not (other <= now and self._holds):
                candidates.append(max(other, now + timedelta(seconds=1)))
        return min(candidates) if candidates else None

    def status(self, now: datetime) -> Status:
        """The status at ``now`` (does not change the planner)."""
        now = now.astimezone(UTC)
        view = copy.copy(self)
        view._sync(now)
        return view._status(now)

    def idle_poll_interval(self) -> timedelta | None:
        """How often the app should read the idle time where it cannot hear of changes
        (None = it need not: natural breaks are off and no break waits for the user)."""
        if self.waiting_for_user:
            return timedelta(seconds=5)  # a break waits for their return: notice it soon
        natural = self._rules.natural_break
        if natural <= timedelta(0):
            return None
        return max(timedelta(seconds=5), min(timedelta(seconds=20), natural / 3))

    @property
    def waiting_for_user(self) -> bool:
        """A due break waits because nobody is at the computer (see :data:`AWAY_AT_DUE`)."""
        return AWAY_HOLD in self._holds

    def idle_thresholds(self) -> tuple[timedelta, ...]:
        """The idle times worth hearing about at once, where the desktop reports idle as events:
        when a break may wait for the user, when an absence begins, when it is a natural break
        (none while natural breaks are off: then idle time plays no part in the schedule)."""
        natural = self._rules.natural_break
        if natural <= timedelta(0):
            return ()
        return tuple(sorted({AWAY_AT_DUE, MIN_ABSENCE, natural}))

    # ------------------------------------------------------------------ time passing
    def advance(self, now: datetime) -> list[Event]:
        """Let time pass up to ``now``: warn, start a due break, end a pause..."""
        return self._finish(now.astimezone(UTC), [])

    def set_rules(self, now: datetime, rules: Rules) -> list[Event]:
        """Plan by new rules from now on (the interval still counts from the last break)."""
        now = now.astimezone(UTC)
        self._sync(now)
        kept = dict(zip(self._rules.reminders, self._reminder_anchors, strict=True))
        self._reminder_anchors = [kept.get(r, now) for r in rules.reminders]
        if rules.micro_interval != self._rules.micro_interval:
            self._micro_override = None
        self._rules = rules
        self._snoozes_used = min(self._snoozes_used, rules.max_snoozes)
        if rules.natural_break <= timedelta(0):
            self._forget_absence()
        return self._finish(now, [])

    # ------------------------------------------------------------------ intents
    def take_break_now(
        self, now: datetime, stretch_ids: tuple[str, ...] | None = None
    ) -> list[Event]:
        """Start a break now: the next one in rotation, or the given stretches."""
        now = now.astimezone(UTC)
        self._sync(now)
        if self._in_break:
            return self._finish(now, [Refused("stretch", _("A stretch is already on screen."))])
        return self._finish(now, self._start("user", stretch_ids))

    def break_finished(self, now: datetime, outcome: Outcome) -> list[Event]:
        """The break window closed; the interval restarts now whatever the outcome.

        Args:
            now: The current time.
            outcome: How it ended (a report that arrives as text goes through
                ``outcome.as_outcome`` first).
        """
        now = now.astimezone(UTC)
        self._sync(now)
        if not self._in_break:
            return self._finish(now, [])
        return self._finish(now, [self._end_break(now, outcome)])

    def snooze(self, now: datetime, kind: Kind | None = None) -> list[Event]:
        """Put the upcoming break off by ``Rules.snooze``.

        Args:
            now: The current time.
            kind: Which break: ``None`` means the one that comes next.
        """
        now = now.astimezone(UTC)
        self._sync(now)
        if (kind or self._next_kind(now)) == "micro":
            return self._finish(now, self._snooze_micro(now))
        refusal = self._why_no_upcoming_break(now, "snooze")
        if refusal is not None:
            return self._finish(now, [refusal])
        if self._snoozes_left() <= 0:
            limit = self._rules.max_snoozes
            reason = ngettext(
                "No snoozes left for this break (the limit is {n}); take it now or skip it.",
                "No snoozes left for this break (the limit is {n}); take it now or skip it.",
                limit,
            ).format(n=limit)
            return self._finish(now, [Refused("snooze", reason)])
        due = self._due(self._window(now))
        until = max(due if due is not None else now, now) + self._rules.snooze
        self._override = until
        self._after_hold = False
        self._snoozes_used += 1
        self._warned = False
        self._today = replace(self._today, snoozed=self._today.snoozed + 1)
        return self._finish(now, [Snoozed(until, self._snoozes_left())])

    def skip(self, now: datetime, kind: Kind | None = None) -> list[Event]:
        """Skip the break on screen, or else the upcoming one.

        Either way it counts as skipped and the interval restarts now. Ending the
        break on screen is reported as ``BreakEnded("skipped")`` (the app closes
        the window), skipping one that has not started as ``BreakSkipped``; the same
        for micro-breaks with ``MicroBreakEnded`` and ``MicroBreakSkipped``.

        Args:
            now: The current time.
            kind: Which break: ``None`` means the one on screen, else the next one.
        """
        now = now.astimezone(UTC)
        self._sync(now)
        if self._in_break and kind != "micro":
            return self._finish(now, [self._end_break(now, "skipped")])
        if self._micro_until is not None and kind != "stretch":
            return self._finish(now, [self._end_micro(now, "skipped")])
        if (kind or self._next_kind(now)) == "micro":
            return self._finish(now, self._skip_micro(now))
        refusal = self._why_no_upcoming_break(now, "skip", need_due=False)
        if refusal is not None:
            return self._finish(now, [refusal])
        self._today = replace(self._today, skipped=self._today.skipped + 1)
        # The skipped break keeps its place in the count, so long breaks stay every n-th.
        self._breaks_today += 1
        self._restart(now)
        return self._finish(now, [BreakSkipped()])

    def take_micro_break_now(self, now: datetime) -> list[Event]:
        """Show the next micro-break's cue now (the micro interval restarts after it)."""
        now = now.astimezone(UTC)
        self._sync(now)
        if self._in_break:
            return self._finish(now, [Refused("micro", _("A stretch is on screen now."))])
        if self._micro_until is not None:
            return self._finish(now, [Refused("micro", _("A micro-break is on screen already."))])
        return self._finish(now, [self._start_micro(now, "user")])

    def micro_finished(self, now: datetime, outcome: MicroOutcome) -> list[Event]:
        """The micro-break's panel closed: by itself (``done``) or clicked away (``skipped``)."""
        now = now.astimezone(UTC)
        self._sync(now)
        if self._micro_until is None:
            return self._finish(now, [])
        self._end_micro(now, outcome)
        return self._finish(now, [])

    def pause(self, now: datetime, until: datetime | None) -> list[Event]:
        """Pause breaks until ``until`` (None = until resumed); a break on screen ends, skipped."""
        now = now.astimezone(UTC)
        if until is not None and until.astimezone(UTC) <= now:
            self._sync(now)
            return self._finish(now, [Refused("pause", _("That pause would already be over."))])
        return self._pause(now, until, fixed=False)

    def pause_until_tomorrow(self, now: datetime) -> list[Event]:
        """Pause until the next working-hours start on a later day (or local midnight)."""
        now = now.astimezone(UTC)
        midnight = next_midnight(now, self._zone)
        until: datetime | None = None
        if self._rules.schedule_enabled:
            until = next_window_start(self._rules, midnight - timedelta(microseconds=1), self._zone)
        return self._pause(now, until or midnight, fixed=True)

    def resume(self, now: datetime) -> list[Event]:
        """End a pause; the interval restarts now."""
        now = now.astimezone(UTC)
        self._sync(now)
        if self._paused:
            self._paused = False
            self._paused_until = None
            self._restart_reminders(now)
            if not self._in_break:
                self._restart(now)
        return self._finish(now, [])

    # ------------------------------------------------------------------ observations
    def user_idle(self, now: datetime, idle_seconds: float | None) -> list[Event]:
        """Record an idle-time reading (None = it cannot be read here)."""
        now = now.astimezone(UTC)
        self._sync(now)
        if idle_seconds is None:
            self._idle_aware = False
            self._idle_reading = None
            self._forget_absence()
            self._drop_hold(now, AWAY_HOLD)  # nobody can tell any more: do not wait for ever
            return self._finish(now, [])
        self._idle_aware = True
        self._idle_reading = (now, timedelta(seconds=max(0.0, idle_seconds)))
        if self._idle_reading[1] < AWAY_AT_DUE:
            self._drop_hold(now, AWAY_HOLD)  # they are back: the waiting break comes
        if self._rules.natural_break <= timedelta(0) or self._in_break or self._paused:
            self._forget_absence()
            return self._finish(now, [])
        idle = timedelta(seconds=max(0.0, idle_seconds))
        last_input = now - idle
        events: list[Event] = []
        if self._absence_start is not None:
            if last_input > self._absence_start + RETURN_TOLERANCE:
                events.append(self._end_absence(last_input))
            else:
                self._absence_seen = max(self._absence_seen, idle)
        if self._absence_start is None and idle >= MIN_ABSENCE:
            self._absence_start = last_input
            self._absence_seen = idle
        return self._finish(now, events)

    def resumed_from_sleep(self, now: datetime, slept: timedelta) -> list[Event]:
        """The computer slept for ``slept``: that is time away from it."""
        now = now.astimezone(UTC)
        self._sync(now)
        self._forget_absence()
        if not self._in_break:
            natural = self._rules.natural_break
            if natural > timedelta(0) and slept >= natural:
                self._restart(now)
            elif natural > timedelta(0):
                self._credit_away(now - slept, now)
                if self._override is not None:
                    self._override += slept
                self._micro_away(now - slept, now, slept)
            self._quiet(now)
        return self._finish(now, [])

    def clock_jumped(self, now: datetime, delta: timedelta) -> list[Event]:
        """The wall clock was set by ``delta`` while no time passed."""
        now = now.astimezone(UTC)
        # Shift everything measured from the old wall clock so that time at the
        # computer is unchanged; fixed wall times (tomorrow's start) stay put.
        self._anchor += delta
        if self._override is not None:
            self._override += delta
        if self._quiet_until is not None:
            self._quiet_until += delta
        if self._absence_start is not None:
            self._absence_start += delta
        if self._paused_until is not None and not self._pause_fixed:
            self._paused_until += delta
        self._micro_anchor += delta
        for name in ("_micro_override", "_micro_until", "_last_break_end", "_last_micro_end"):
            value = getattr(self, name)
            if value is not None:
                setattr(self, name, value + delta)
        self._reminder_anchors = [a + delta for a in self._reminder_anchors]
        self._sync(now)
        if not self._in_break:
            self._quiet(now)
        return self._finish(now, [])

    def hold(self, now: datetime, reason: str) -> list[Event]:
        """Do not start breaks (or warn) while ``reason`` holds (fullscreen, meeting...)."""
        now = now.astimezone(UTC)
        self._sync(now)
        self._holds = self._holds | {reason}
        return self._finish(now, [])

    def release(self, now: datetime, reason: str) -> list[Event]:
        """``reason`` no longer holds; a waiting break starts shortly after the last release."""
        now = now.astimezone(UTC)
        self._sync(now)
        self._drop_hold(now, reason)
        return self._finish(now, [])

    # ------------------------------------------------------------------ internals
    def _drop_hold(self, now: datetime, reason: str) -> None:
        if reason not in self._holds:
            return
        self._holds = self._holds - {reason}
        if not self._holds and self._is_active(now):
            due = self._due(self._window(now))
            if due is not None and due <= now:
                self._override = now + HOLD_GRACE
                self._after_hold = True
                self._warned = False
            micro = self._micro_due(self._window(now), due)
            if micro is not None and micro <= now:
                self._micro_override = now + HOLD_GRACE
                self._micro_after_hold = True

    def _nobody_there(self, now: datetime) -> bool:
        """The idle reading taken just now says nobody has touched the computer for a while
        (asked only while idle time matters: natural breaks on)."""
        if self._idle_reading is None or self._rules.natural_break <= timedelta(0):
            return False
        at, idle = self._idle_reading
        return now - at <= WAKE_JITTER and idle + (now - at) >= AWAY_AT_DUE

    def _pause(self, now: datetime, until: datetime | None, *, fixed: bool) -> list[Event]:
        self._sync(now)
        # Pausing during a break means "not now": the break on screen ends, as skipped.
        events: list[Event] = [self._end_break(now, "skipped")] if self._in_break else []
        if self._micro_until is not None:
            events.append(self._end_micro(now, "skipped"))
        self._paused = True
        self._paused_until = until.astimezone(UTC) if until is not None else None
        self._pause_fixed = fixed
        self._forget_absence()
        return self._finish(now, events)

    def _end_break(self, now: datetime, outcome: Outcome) -> BreakEnded:
        """Close the break on screen: count it and start a fresh interval at ``now``."""
        self._in_break = False
        if outcome == "skipped":
            self._today = replace(self._today, skipped=self._today.skipped + 1)
        else:
            # Stopping early still got the user out of the chair.
            self._today = replace(self._today, taken=self._today.taken + 1)
        self._restart(now)
        self._last_break_end = now
        self._forget_absence()
        return BreakEnded(outcome)

    def _restart(self, at: datetime) -> None:
        """Start counting a fresh interval at ``at`` (a new break epoch)."""
        self._anchor = at
        self._credit = timedelta(0)
        self._override = None
        self._after_hold = False
        self._snoozes_used = 0
        self._warned = False
        # A stretch break, a natural break or a fresh start counts for the micro-break too.
        self._restart_micro(at)

    def _restart_micro(self, at: datetime) -> None:
        self._micro_anchor = max(at, self._micro_until or at)
        self._micro_credit = timedelta(0)
        self._micro_override = None
        self._micro_after_hold = False

    def _restart_reminders(self, at: datetime) -> None:
        self._reminder_anchors = [at] * len(self._rules.reminders)

    def _quiet(self, now: datetime) -> None:
        quiet = now + QUIET_AFTER_RESUME
        if self._quiet_until is None or self._quiet_until < quiet:
            self._quiet_until = quiet
        self._warned = False

    def _forget_absence(self) -> None:
        self._absence_start = None
        self._absence_seen = timedelta(0)

    def _credit_away(self, start: datetime, end: datetime) -> None:
        """Time away between ``start`` and ``end`` does not count toward the interval."""
        start = max(start, self._anchor)
        if end > start:
            self._credit += end - start

    def _end_absence(self, back_at: datetime) -> AwayEnded:
        assert self._absence_start is not None
        start = self._absence_start
        natural = self._rules.natural_break
        # The user came back between the last reading that saw them away and their
        # latest input; take the latter (readings are only a poll interval apart).
        away = max(self._absence_seen, back_at - self._absence_start)
        is_break = natural > timedelta(0) and away >= natural and not self._paused
        if is_break:
            # A natural break: the interval restarts when the user is back.
            self._restart(back_at)
        else:
            self._credit_away(self._absence_start, self._absence_start + away)
            self._micro_away(self._absence_start, back_at, away)
        self._forget_absence()
        return AwayEnded(start, start + away, natural=is_break)

    def _ongoing_absence(self) -> timedelta:
        """Time away so far in an absence that has not ended (clipped to this interval)."""
        if self._absence_start is None or self._absence_seen < MIN_ABSENCE:
            return timedelta(0)
        end = self._absence_start + self._absence_seen
        start = max(self._absence_start, self._anchor)
        return max(timedelta(0), end - start)

    def _away(self) -> bool:
        natural = self._rules.natural_break
        return (
            self._absence_start is not None
            and natural > timedelta(0)
            and self._absence_seen >= natural
        )

    def _window(self, now: datetime) -> Window | None:
        if not self._rules.schedule_enabled:
            return None
        rules, window = self._window_cache or (None, None)
        if rules is self._rules and window is not None and window.start <= now < window.end:
            return window  # the common case, and the planner asks a lot
        found = window_at(self._rules, now, self._zone)
        if found is not None:
            self._window_cache = (self._rules, found)
        return found

    def _off_hours(self, now: datetime) -> bool:
        return self._rules.schedule_enabled and self._window(now) is None

    def _is_active(self, now: datetime) -> bool:
        return not (self._in_break or self._paused or self._off_hours(now))

    def _due(self, window: Window | None) -> datetime | None:
        """When the upcoming break is due (None: the user is away, or it falls after hours)."""
        if self._override is not None:
            due = self._override
        elif self._away():
            return None
        else:
            due = self._anchor + self._rules.interval + self._credit + self._ongoing_absence()
        if self._quiet_until is not None and due < self._quiet_until:
            due = self._quiet_until
        if window is not None and due >= window.end:
            return None  # a break due after the end of working hours is dropped
        return due

    def _project(self, restart: datetime) -> datetime | None:
        """The first break if counting restarts at ``restart`` (respecting working hours)."""
        interval = self._rules.interval
        if not self._rules.schedule_enabled:
            return restart + interval
        start: datetime | None = restart
        for _attempt in range(9):
            if start is None:
                return None
            window = window_at(self._rules, start, self._zone)
            if window is None:
                start = next_window_start(self._rules, start, self._zone)
                continue
            if start + interval < window.end:
                return start + interval
            just_before_end = window.end - timedelta(microseconds=1)
            start = next_window_start(self._rules, just_before_end, self._zone)
        return None

    def _sync(self, now: datetime) -> None:
        """Roll the state forward to ``now``: a new day, an ended pause, working hours."""
        self._now = now
        day = now.astimezone(self._zone).date()
        if day != self._day:
            self._day = day
            self._today = Today()
            self._breaks_today = 0
        if self._micro_until is not None and self._micro_until <= now:
            self._end_micro(self._micro_until, "done")
        if self._paused and self._paused_until is not None and self._paused_until <= now:
            until = self._paused_until
            self._paused = False
            self._paused_until = None
            self._restart_reminders(until)
            if not self._in_break:
                self._restart(until)
        if self._rules.schedule_enabled and not self._in_break and not self._paused:
            window = self._window(now)
            if window is not None and self._anchor < window.start:
                # The first break of the day is one interval after the start.
                self._restart(window.start)
                self._restart_reminders(window.start)

    def _step(self, now: datetime) -> list[Event]:
        """Emit what is due at ``now`` (at most one break)."""
        self._sync(now)
        promised, self._promised = self._promised, None
        if not self._is_active(now):
            return []
        if promised is not None and now - promised > LATE_TOLERANCE:
            self._missed_wakeup(now, now - promised)
        window = self._window(now)
        due = self._due(window)
        if due is None or (due <= now and self._holds):
            return []
        if now - due > LATE_TOLERANCE and not self._after_hold:
            # We were not running when the break fell due (asleep, blocked):
            # never surprise the user with a break the moment they are back.
            self._quiet(now)
            due = self._due(window)
            if due is None:
                return []
        if due <= now and self._nobody_there(now):
            # Nobody at the computer: the break waits for them rather than run for an empty chair.
            self._holds = self._holds | {AWAY_HOLD}
            return []
        events: list[Event] = []
        lead = self._rules.lead
        if not self._warned and not self._holds and lead > timedelta(0) and due - lead <= now < due:
            self._warned = True
            events.append(
                BreakWarning(
                    break_at=due,
                    long=self._next_is_long(),
                    stretch_ids=self._next_ids(),
                    can_snooze=self._snoozes_left() > 0,
                )
            )
        if now >= due:
            events += self._start("after-hold" if self._after_hold else "scheduled", None, due)
        return events

    def _step_others(self, now: datetime) -> list[Event]:
        """Show a due micro-break and the due reminders (never while a hold is on)."""
        if not self._is_active(now) or self._holds:
            return []
        window = self._window(now)
        stretch = self._due(window)
        events: list[Event] = []
        micro = self._micro_due(window, stretch)
        if micro is not None and now - micro > LATE_TOLERANCE and not self._micro_after_hold:
            self._quiet(now)  # we were not running when it fell due: not the moment they are back
            micro = self._micro_due(window, stretch)
        if micro is not None and micro <= now:
            events.append(
                self._start_micro(now, "after-hold" if self._micro_after_hold else "scheduled")
            )
            micro = None
        for index, due in self._reminders_due(window, stretch, micro):
            if due <= now:
                self._reminder_anchors[index] = now
                self._last_reminder = now
                events.append(ReminderDue(index, self._rules.reminders[index].text))
        return events

    # ------------------------------------------------------------------ micro-breaks
    def _absent(self) -> bool:
        """The user has been away from the computer for a while (an absence is going on)."""
        return self._absence_start is not None and self._absence_seen >= MIN_ABSENCE

    def _micro_due(self, window: Window | None, stretch: datetime | None) -> datetime | None:
        """When the next micro-break shows (None: off, on screen, away, or too near a break)."""
        rules = self._rules
        if rules.micro_interval <= timedelta(0) or self._micro_until is not None:
            return None
        if self._micro_override is not None:
            due = self._micro_override
        elif self._absent():
            return None
        else:
            due = self._micro_anchor + rules.micro_interval + self._micro_credit
        if self._quiet_until is not None and due < self._quiet_until:
            due = self._quiet_until
        if self._last_break_end is not None:
            due = max(due, self._last_break_end + MICRO_GAP)
        if self._last_reminder is not None:
            due = max(due, self._last_reminder + REMINDER_GAP)
        if window is not None and due >= window.end:
            return None
        if stretch is not None and self._shows_at(due) > stretch - MICRO_GAP:
            return None  # the stretch break comes soon and counts for both
        return due

    def _shows_at(self, due: datetime) -> datetime:
        """When something due at ``due`` shows: then, or now if it has been held back since.

        A wake-up a moment late (``WAKE_JITTER``) still shows it "at its time"; one held back
        for longer (a snooze of the stretch break let an overdue micro-break through) shows now,
        and that moment is the one the gaps must keep clear.
        """
        return due if self._now - due <= WAKE_JITTER else self._now

    def _next_kind(self, now: datetime) -> Kind:
        """Which break comes first: the stretch break unless a micro-break is sooner.

        While paused, off-hours or in a break, "the stretch break", so a refusal speaks of breaks.
        """
        return self._status(now).next_kind  # the rule the tray's skip label shows too

    def _start_micro(self, now: datetime, reason: Reason) -> MicroBreakStarted:
        cues = self._rules.micro_cues or ("look-far",)
        cue = cues[self._micro_index % len(cues)]
        self._micro_index += 1
        self._micro_until = now + self._rules.micro_duration
        self._restart_micro(self._micro_until)
        return MicroBreakStarted(cue, self._micro_until, reason)

    def _end_micro(self, now: datetime, outcome: MicroOutcome) -> MicroBreakEnded:
        self._micro_until = None
        self._last_micro_end = now
        self._restart_micro(now)
        if outcome == "done":
            self._today = replace(self._today, micro_done=self._today.micro_done + 1)
        else:
            self._today = replace(self._today, micro_skipped=self._today.micro_skipped + 1)
        return MicroBreakEnded(outcome)

    def _why_no_micro(self, now: datetime, action: str) -> Refused | None:
        if self._rules.micro_interval <= timedelta(0):
            if action == "snooze":
                return Refused(action, _("Micro-breaks are off, so there is none to snooze."))
            return Refused(action, _("Micro-breaks are off, so there is none to skip."))
        return self._why_no_upcoming_break(now, action, need_due=False, what="micro-break")

    def _skip_micro(self, now: datetime) -> list[Event]:
        refusal = self._why_no_micro(now, "skip")
        if refusal is not None:
            return [refusal]
        self._restart_micro(now)
        self._today = replace(self._today, micro_skipped=self._today.micro_skipped + 1)
        return [MicroBreakSkipped()]

    def _snooze_micro(self, now: datetime) -> list[Event]:
        refusal = self._why_no_micro(now, "snooze")
        if refusal is not None:
            return [refusal]
        window = self._window(now)
        due = self._micro_due(window, self._due(window))
        if due is None:
            return [Refused("snooze", _("No micro-break is coming up to snooze."))]
        self._micro_override = max(due, now) + self._rules.snooze
        self._micro_after_hold = False
        return [Snoozed(self._micro_override, self._snoozes_left(), kind="micro")]

    def _micro_away(self, start: datetime, end: datetime, away: timedelta) -> None:
        """Time away from the screen rested the eyes: a long absence restarts the micro interval."""
        if away >= self._rules.micro_interval:
            self._restart_micro(end)
        else:
            start = max(start, self._micro_anchor)
            if end > start:
                self._micro_credit += end - start

    # ------------------------------------------------------------------ reminders
    def _reminders_due(
        self, window: Window | None, stretch: datetime | None, micro: datetime | None
    ) -> list[tuple[int, datetime]]:
        """Each reminder that is planned, with when it is due."""
        if self._absent():
            return []
        busy: list[tuple[datetime, datetime]] = []
        if stretch is not None:
            busy.append((stretch, stretch))
        if micro is not None:
            shows = self._shows_at(micro)
            busy.append((shows, shows + self._rules.micro_duration))
        if self._micro_until is not None:
            busy.append((self._micro_until - self._rules.micro_duration, self._micro_until))
        out: list[tuple[int, datetime]] = []
        for index, rule in enumerate(self._rules.reminders):
            # An overdue reminder shows now at the earliest: keep that moment clear of breaks.
            due = max(self._reminder_anchors[index] + rule.interval, self._now)
            if self._quiet_until is not None:
                due = max(due, self._quiet_until)
            for end in (self._last_break_end, self._last_micro_end):
                if end is not None:
                    due = max(due, end + REMINDER_GAP)
            for start, end in busy:
                if start - REMINDER_GAP < due < end + REMINDER_GAP:
                    due = end + REMINDER_GAP
            hours = _reminder_hours(rule)
            if hours is not None and window_at(hours, due, self._zone) is None:
                opens = next_window_start(hours, due, self._zone)
                if opens is None:
                    continue
                due = opens
            if window is not None and due >= window.end:
                continue
            if stretch is not None and stretch - REMINDER_GAP < due:
                continue  # after the stretch break, then
            out.append((index, due))
        return out

    def _missed_wakeup(self, now: datetime, late: timedelta) -> None:
        """We ran ``late`` behind our own deadline: the computer was not running meanwhile."""
        natural = self._rules.natural_break
        if natural > timedelta(0) and late >= natural:
            self._restart(now)
        self._quiet(now)

    def _start(
        self, reason: Reason, stretch_ids: tuple[str, ...] | None, due: datetime | None = None
    ) -> list[Event]:
        if stretch_ids:
            # A stretch the user picked: it resets the interval but not the rotation.
            event = BreakStarted(long=False, stretch_ids=tuple(stretch_ids), reason=reason)
        else:
            long = self._next_is_long()
            event = BreakStarted(long=long, stretch_ids=self._next_ids(), reason=reason, due=due)
            self._rotation = self._rotation.advanced(self._rules.stretch_order, self._count(long))
            self._breaks_today += 1
        if self._micro_until is not None:
            self._end_micro(self._now, "done")  # the stretch takes over from the cue
        self._in_break = True
        self._holds = self._holds - {AWAY_HOLD}  # the break is on: nobody waits any more
        self._override = None
        self._after_hold = False
        self._warned = False
        self._forget_absence()
        return [event]

    def _count(self, long: bool) -> int:
        return max(1, self._rules.long_count) if long else 1

    def _next_is_long(self) -> bool:
        every = self._rules.long_every
        return every > 0 and (self._breaks_today + 1) % every == 0

    def _next_ids(self) -> tuple[str, ...]:
        return self._rotation.peek(self._rules.stretch_order, self._count(self._next_is_long()))

    def _snoozes_left(self) -> int:
        return max(0, self._rules.max_snoozes - self._snoozes_used)

    def _why_no_upcoming_break(
        self, now: datetime, action: str, *, need_due: bool = True, what: str = "break"
    ) -> Refused | None:
        """Why there is no upcoming ``what`` (a break, or a micro-break) to ``action``."""
        texts = _NO_UPCOMING[(what, action)]
        if self._in_break:
            return Refused(action, _(texts[0]))
        if self._paused:
            return Refused(action, _(texts[1]))
        if self._off_hours(now):
            return Refused(action, _(texts[2]))
        if need_due and self._due(self._window(now)) is None:
            return Refused(action, _(texts[3]))
        return None

    def _status(self, now: datetime) -> Status:
        window = self._window(now)
        state: State
        next_break: datetime | None = None
        off_until: datetime | None = None
        if self._in_break:
            state = "in-break"
        elif self._paused:
            state = "paused"
            if self._paused_until is not None:
                next_break = self._project(self._paused_until)
        elif self._off_hours(now):
            state = "off-hours"
            off_until = next_window_start(self._rules, now, self._zone)
            if off_until is not None:
                next_break = self._project(off_until)
        else:
            due = self._due(window)
            if due is not None and due <= now and self._holds:
                state = "held"
            else:
                state = "active"
                if due is not None:
                    next_break = max(due, now)
                elif window is not None and not self._away():
                    next_break = self._project(window.end)
        seconds = math.ceil((next_break - now).total_seconds()) if next_break is not None else None
        micro: datetime | None = None
        if state in ("active", "held"):
            micro = self._micro_due(window, self._due(window))
            micro = max(micro, now) if micro is not None else None
        micro_seconds = math.ceil((micro - now).total_seconds()) if micro is not None else None
        return Status(
            state=state,
            next_break=next_break,
            seconds_to_next_break=seconds,
            paused_until=self._paused_until if self._paused else None,
            paused_indefinitely=self._paused and self._paused_until is None,
            off_until=off_until,
            hold_reasons=tuple(sorted(self._holds)),
            today=self._today,
            next_is_long=self._next_is_long(),
            next_stretch_ids=self._next_ids(),
            snoozes_left=self._snoozes_left(),
            idle_aware=self._idle_aware and self._rules.natural_break > timedelta(0),
            next_micro_break=micro,
            seconds_to_next_micro_break=micro_seconds,
            micro_on_screen=self._micro_until is not None,
            zone=self._zone,
        )

    def _finish(self, now: datetime, events: list[Event]) -> list[Event]:
        """Run what is due, then report a changed status once."""
        events = events + self._step(now)
        events += self._step_others(now)
        status = self._status(now)  # _step synced the planner to now already
        if status != self._last_seen:  # countdowns aside (they do not take part in ==)
            self._last_seen = status
            events.append(StateChanged(status))
        self._promised = self._deadline = self._next_deadline()
        return events
