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
from deskstretch.i18n import N_, _, ngettext
from deskstretch.platform.history_db import CLI_BUSY_TIMEOUT_MS, HistoryDB
from deskstretch.platform.paths import history_path

EXIT_OK = 0
EXIT_FAILED = 1


#: How far the hands reached in the toe-touch check, as the end of a sentence (the same
#: words as the check's own screen).
_REACHED = {
    "thighs": N_("your thighs"),
    "knees": N_("your knees"),
    "mid-shin": N_("the middle of your shins"),
    "ankles": N_("your ankles"),
    "toes": N_("your toes"),
    "floor": N_("the floor"),
}


def _hours(seconds: float) -> str:
    minutes = round(seconds / 60)
    rest = minutes % 60
    return ngettext("{h} h {m:02d} min", "{h} h {m:02d} min", rest).format(h=minutes // 60, m=rest)


def _row(cells: tuple[object, ...], widths: list[int]) -> str:
    """The first cell left-aligned, the numbers right-aligned, each in its column's width."""
    first, *rest = cells
    return " ".join(
        [
            str(first).ljust(widths[0]),
            *(str(c).rjust(w) for c, w in zip(rest, widths[1:], strict=True)),
        ]
    )


def format_summary(summary: Summary, names: dict[str, str]) -> str:
    """The human-readable ``stats`` output (dates stay ISO, YYYY-MM-DD, on the command line)."""
    t = summary.totals
    lines = [
        _("DeskStretch, {start} to {end}:").format(
            start=summary.start.isoformat(), end=summary.today.isoformat()
        )
    ]
    if summary.adherence is None:
        lines.append(_("No break fell due in this period."))
    else:
        lines.append(
            ngettext(
                "Breaks: {taken} taken of {due} due ({share}), {skipped} skipped, {snoozed} "
                "snoozed, {stopped} stopped because it hurt; {micro} micro-break.",
                "Breaks: {taken} taken of {due} due ({share}), {skipped} skipped, {snoozed} "
                "snoozed, {stopped} stopped because it hurt; {micro} micro-breaks.",
                t.micro_done,
            ).format(
                taken=t.taken,
                due=t.due,
                share=f"{summary.adherence:.0%}",
                skipped=t.skipped,
                snoozed=t.snoozed,
                stopped=t.stopped,
                micro=t.micro_done,
            )
        )
    days = ngettext("{n} day", "{n} days", summary.streak).format(n=summary.streak)
    breaks = ngettext("{n} break", "{n} breaks", summary.streak_breaks).format(
        n=summary.streak_breaks
    )
    # TRANSLATORS: {days} is "5 days", {breaks} "3 breaks" (each translated with its plural).
    lines.append(_("Streak: {days} with at least {breaks} taken.").format(days=days, breaks=breaks))
    if t.days_at_computer:
        lines.append(
            _(
                "At the computer: {average} a day on average; longest stretch without a break: "
                "{longest}."
            ).format(
                average=_hours(t.active_seconds / t.days_at_computer),
                longest=_hours(t.longest_work_seconds),
            )
        )
    # Two tables; a heading longer in another language widens its column (English keeps the
    # widths it always had).
    heads = (_("Day"), _("due"), _("taken"), _("skipped"), _("snoozed"))
    grow = [max(0, len(h) - w) for h, w in zip(heads, (10, 3, 5, 7, 7), strict=True)]
    lines.append(_row(heads, [w + g for w, g in zip((10, 3, 5, 7, 7), grow, strict=True)]))
    widths = [w + g for w, g in zip((10, 4, 5, 7, 7), grow, strict=True)]
    for d in summary.days:
        if d.due or d.snoozed:
            lines.append(_row((d.day.isoformat(), d.due, d.taken, d.skipped, d.snoozed), widths))
    if summary.stretches:
        stretch_heads = (_("Stretch"), _("done"), _("skipped"), _("stopped"))
        widths = [max(len(h), w) for h, w in zip(stretch_heads, (27, 4, 7, 7), strict=True)]
        lines.append(_row(stretch_heads, widths))
        for s in summary.stretches:
            name = names.get(s.stretch_id, s.stretch_id)[:27]
            lines.append(_row((name, s.done, s.skipped, s.stopped), widths))
    if summary.flex:
        last = summary.flex[-1]
        change = summary.flex_change
        where = _(_REACHED.get(last.name, last.name))
        if change is None:
            text = _("Flexibility: your hands reached {where} on {day}.")
        else:
            text = ngettext(
                "Flexibility: your hands reached {where} on {day} ({change} since the first "
                "check, in levels).",
                "Flexibility: your hands reached {where} on {day} ({change} since the first "
                "check, in levels).",
                abs(change),
            )
        lines.append(
            text.format(
                where=where,
                day=last.day.isoformat(),
                change=f"{change:+d}" if change is not None else "",
            )
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
        out.write(
            _("No history yet ({path}). Take a break and come back.").format(path=path) + "\n"
        )
        return EXIT_OK
    from deskstretch.app.routines import load_stretches

    names = {s.id: s.name for s in load_stretches().stretches}
    out.write(format_summary(summary, names) + "\n")
    return EXIT_OK
