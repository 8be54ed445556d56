"""User-facing sentences about the schedule, built from the planner's status.

All strings go through :mod:`deskstretch.i18n`.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from deskstretch.core.status import Status
from deskstretch.i18n import _


def clock_time(when: datetime, zone: tzinfo, now: datetime) -> str:
    """ "14:30" today, "Mon 09:00" on another day (local time)."""
    local = when.astimezone(zone)
    if local.date() == now.astimezone(zone).date():
        return local.strftime("%H:%M")
    if local - now.astimezone(zone) < timedelta(days=6):
        return f"{_(local.strftime('%a'))} {local.strftime('%H:%M')}"
    return local.strftime("%Y-%m-%d %H:%M")


def in_minutes(seconds: float) -> str:
    """ "12 min", "1 h 05 min", "less than a minute"."""
    if seconds < 60:
        return _("less than a minute")
    minutes = round(seconds / 60)
    if minutes < 60:
        return _("{n} min").format(n=minutes)
    return _("{h} h {m:02d} min").format(h=minutes // 60, m=minutes % 60)


def tooltip(status: Status, now: datetime, zone: tzinfo) -> str:
    """The tray tooltip: what will happen next, in one line."""
    if status.state == "in-break":
        return _("DeskStretch: stretching now")
    if status.state == "held":
        reasons = ", ".join(status.hold_reasons) or _("do not disturb")
        return _("DeskStretch: break waiting ({reason})").format(reason=reasons)
    if status.state == "paused":
        if status.paused_indefinitely or status.paused_until is None:
            return _("DeskStretch: paused until you resume")
        return _("DeskStretch: paused until {time}").format(
            time=clock_time(status.paused_until, zone, now)
        )
    if status.state == "off-hours" and status.off_until is not None:
        return _("DeskStretch: off until {time}").format(
            time=clock_time(status.off_until, zone, now)
        )
    if status.next_break is not None:
        seconds = max(0.0, (status.next_break - now).total_seconds())
        text = _("Next stretch in {when}").format(when=in_minutes(seconds))
        if status.next_is_long:
            text += _(" (long break)")
        if status.next_micro_break is not None:
            micro = max(0.0, (status.next_micro_break - now).total_seconds())
            text += "\n" + _("Micro-break in {when}").format(when=in_minutes(micro))
        return "DeskStretch: " + text
    return _("DeskStretch: no break planned")


def micro_line(status: Status, now: datetime, zone: tzinfo) -> str:
    """The next micro-break, for the tray menu and tooltip ("" when none is planned)."""
    if status.micro_on_screen:
        return _("Micro-break now")
    if status.next_micro_break is None:
        return ""
    return _("Next micro-break at {time}").format(
        time=clock_time(status.next_micro_break, zone, now)
    )


def next_line(status: Status, now: datetime, zone: tzinfo) -> str:
    """The first, informative line of the tray menu."""
    if status.state == "in-break":
        return _("Stretching now")
    if status.state == "paused":
        if status.paused_indefinitely or status.paused_until is None:
            return _("Paused until you resume")
        return _("Paused until {time}").format(time=clock_time(status.paused_until, zone, now))
    if status.state == "off-hours" and status.off_until is not None:
        return _("Off until {time}").format(time=clock_time(status.off_until, zone, now))
    if status.state == "held":
        return _("Break waiting: {reason}").format(reason=", ".join(status.hold_reasons))
    if status.next_break is not None:
        return _("Next break at {time}").format(time=clock_time(status.next_break, zone, now))
    return _("No break planned")
