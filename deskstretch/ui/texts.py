"""User-facing sentences about the schedule, built from the planner's status.

All strings go through Qt's translation function (context "Status").
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from PySide6.QtCore import QCoreApplication

from deskstretch.core.status import Status


def tr(text: str) -> str:
    """Translate in the "Status" context."""
    return QCoreApplication.translate("Status", text)


def clock_time(when: datetime, zone: tzinfo, now: datetime) -> str:
    """ "14:30" today, "Mon 09:00" on another day (local time)."""
    local = when.astimezone(zone)
    if local.date() == now.astimezone(zone).date():
        return local.strftime("%H:%M")
    if local - now.astimezone(zone) < timedelta(days=6):
        return f"{tr(local.strftime('%a'))} {local.strftime('%H:%M')}"
    return local.strftime("%Y-%m-%d %H:%M")


def in_minutes(seconds: float) -> str:
    """ "12 min", "1 h 05 min", "less than a minute"."""
    if seconds < 60:
        return tr("less than a minute")
    minutes = round(seconds / 60)
    if minutes < 60:
        return tr("{n} min").format(n=minutes)
    return tr("{h} h {m:02d} min").format(h=minutes // 60, m=minutes % 60)


def tooltip(status: Status, now: datetime, zone: tzinfo) -> str:
    """The tray tooltip: what will happen next, in one line."""
    if status.state == "in-break":
        return tr("DeskStretch: stretching now")
    if status.state == "held":
        reasons = ", ".join(status.hold_reasons) or tr("do not disturb")
        return tr("DeskStretch: break waiting ({reason})").format(reason=reasons)
    if status.state == "paused":
        if status.paused_indefinitely or status.paused_until is None:
            return tr("DeskStretch: paused until you resume")
        return tr("DeskStretch: paused until {time}").format(
            time=clock_time(status.paused_until, zone, now)
        )
    if status.state == "off-hours" and status.off_until is not None:
        return tr("DeskStretch: off until {time}").format(
            time=clock_time(status.off_until, zone, now)
        )
    if status.next_break is not None:
        seconds = max(0.0, (status.next_break - now).total_seconds())
        text = tr("Next stretch in {when}").format(when=in_minutes(seconds))
        if status.next_is_long:
            text += tr(" (long break)")
        if status.next_micro_break is not None:
            micro = max(0.0, (status.next_micro_break - now).total_seconds())
            text += "\n" + tr("Micro-break in {when}").format(when=in_minutes(micro))
        return "DeskStretch: " + text
    return tr("DeskStretch: no break planned")


def micro_line(status: Status, now: datetime, zone: tzinfo) -> str:
    """The next micro-break, for the tray menu and tooltip ("" when none is planned)."""
    if status.micro_on_screen:
        return tr("Micro-break now")
    if status.next_micro_break is None:
        return ""
    return tr("Next micro-break at {time}").format(
        time=clock_time(status.next_micro_break, zone, now)
    )


def next_line(status: Status, now: datetime, zone: tzinfo) -> str:
    """The first, informative line of the tray menu."""
    if status.state == "in-break":
        return tr("Stretching now")
    if status.state == "paused":
        if status.paused_indefinitely or status.paused_until is None:
            return tr("Paused until you resume")
        return tr("Paused until {time}").format(time=clock_time(status.paused_until, zone, now))
    if status.state == "off-hours" and status.off_until is not None:
        return tr("Off until {time}").format(time=clock_time(status.off_until, zone, now))
    if status.state == "held":
        return tr("Break waiting: {reason}").format(reason=", ".join(status.hold_reasons))
    if status.next_break is not None:
        return tr("Next break at {time}").format(time=clock_time(status.next_break, zone, now))
    return tr("No break planned")
