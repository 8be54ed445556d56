"""``deskstretch stats [--days N] [--json]``: the Progress window's figures in a terminal.

The figures come from :func:`deskstretch.core.stats.summarize`, the same code the window
draws from, over the history file read through a read-only connection (it never blocks a
running DeskStretch, and works without one). ``--json`` prints ``Summary.to_json()``.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TextIO

from deskstretch.app.config_cli import default_store
from deskstretch.core.clock import SystemClock
from deskstretch.core.stats import Summary, summarize
from deskstretch.platform.history_db import CLI_BUSY_TIMEOUT_MS, HistoryDB
from deskstretch.platform.paths import history_path

EXIT_OK = 0
EXIT_FAILED = 1


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _hours(seconds: float) -> str:
    minutes = round(seconds / 60)
    return f"{minutes // 60} h {minutes % 60:02d} min"


def format_summary(summary: Summary, names: dict[str, str]) -> str:
    """The human-readable ``stats`` output."""
    t = summary.totals
    lines = [f"DeskStretch, {summary.start.isoformat()} to {summary.today.isoformat()}:"]
    if summary.adherence is None:
        lines.append("No break fell due in this period.")
    else:
        lines.append(
            f"Breaks: {t.taken} taken of {t.due} due ({summary.adherence:.0%}), {t.skipped} "
            f"skipped, {t.snoozed} snoozed, {t.stopped} stopped because it hurt; "
            f"{t.micro_done} micro-breaks."
        )
    lines.append(
        f"Streak: {_count(summary.streak, 'day')} with at least "
        f"{_count(summary.streak_breaks, 'break')} taken."
    )
    if t.days_at_computer:
        lines.append(
            f"At the computer: {_hours(t.active_seconds / t.days_at_computer)} a day on average; "
            f"longest stretch without a break: {_hours(t.longest_work_seconds)}."
        )
    lines.append("Day        due taken skipped snoozed")
    for d in summary.days:
        if d.due or d.snoozed:
            lines.append(f"{d.day.isoformat()} {d.due:4} {d.taken:5} {d.skipped:7} {d.snoozed:7}")
    if summary.stretches:
        lines.append("Stretch                     done skipped stopped")
        for s in summary.stretches:
            name = names.get(s.stretch_id, s.stretch_id)[:27]
            lines.append(f"{name:27} {s.done:4} {s.skipped:7} {s.stopped:7}")
    if summary.flex:
        last = summary.flex[-1]
        change = summary.flex_change
        since = "" if change is None else f" ({change:+d} since the first check, in levels)"
        lines.append(
            f"Flexibility: hands reached the {last.name} on {last.day.isoformat()}{since}."
        )
    return "\n".join(lines)


def run_stats(days: int, as_json: bool, *, out: TextIO, err: TextIO) -> int:
    """Print the statistics of the last ``days`` days; returns the exit code."""
    path = history_path()
    prefs = default_store().load().prefs
    clock = SystemClock()
    zone = clock.local_zone()
    now: datetime = clock.now()
    records = []
    if path.is_file():
        db = HistoryDB.open(path, read_only=True, busy_timeout_ms=CLI_BUSY_TIMEOUT_MS)
        try:
            if db.problem:
                err.write(db.problem + "\n")
                if not db.readable:
                    return EXIT_FAILED
            records = db.records()
        finally:
            db.close()
    summary = summarize(
        records,
        now.astimezone(zone).date(),
        days=days,
        streak_breaks=prefs.history.streak_breaks,
        zone=zone,
    )
    if as_json:
        out.write(json.dumps(summary.to_json(), indent=2) + "\n")
        return EXIT_OK
    if not records:
        out.write(f"No history yet ({path}). Take a break and come back.\n")
        return EXIT_OK
    from deskstretch.app.routines import load_stretches

    names = {s.id: s.name for s in load_stretches().stretches}
    out.write(format_summary(summary, names) + "\n")
    return EXIT_OK
