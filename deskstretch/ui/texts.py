"""User-facing sentences about the schedule, built from the planner's status.

All strings go through :mod:`deskstretch.i18n`; times and day names follow the locale
(``QLocale()``, set by :mod:`deskstretch.ui.language`): "14:30" or "2:30 PM", "Mon" or "Mo.".
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from PySide6.QtCore import QDate, QLocale, QTime

from deskstretch import APP_NAME
from deskstretch.core.status import Status
from deskstretch.i18n import _, ngettext


def clock_time(when: datetime, zone: tzinfo, now: datetime) -> str:
    """ "14:30" today, "Mon 09:00" on another day, a short date and time further off (local
    time, in the locale's formats)."""
    local = when.astimezone(zone)
    locale = QLocale()
    short = QLocale.FormatType.ShortFormat
    time = locale.toString(QTime(local.hour, local.minute), short)
    if local.date() == now.astimezone(zone).date():
        return time
    if local - now.astimezone(zone) < timedelta(days=6):
        # TRANSLATORS: a day and a time, "Mon 09:00"; both are in the locale's format.
        return _("{day} {time}").format(day=locale.dayName(local.isoweekday(), short), time=time)
    date = locale.toString(QDate(local.year, local.month, local.day), short)
    # TRANSLATORS: a date and a time, both in the locale's short format.
    return _("{date} {time}").format(date=date, time=time)


def in_minutes(seconds: float) -> str:
    """ "12 min", "1 h 05 min", "less than a minute"."""
    if seconds < 60:
        return _("less than a minute")
    minutes = round(seconds / 60)
    if minutes < 60:
        return ngettext("{n} min", "{n} min", minutes).format(n=minutes)
    rest = minutes % 60
    return ngettext("{h} h {m:02d} min", "{h} h {m:02d} min", rest).format(h=minutes // 60, m=rest)


def hold_text(status: Status) -> str:
    """The reasons a break waits ("fullscreen window, camera in use"), in the user's language
    (the planner keeps them as English keys)."""
    return ", ".join(_(reason) for reason in status.hold_reasons)


def tooltip(status: Status, now: datetime, zone: tzinfo) -> str:
    """The tray tooltip: what will happen next, in one line."""
    if status.state == "in-break":
        return _("DeskStretch: stretching now")
    if status.state == "held":
        reasons = hold_text(status) or _("do not disturb")
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
        # Clock times, not a countdown: a tooltip that changed every minute would cost a round
        # trip with the tray host (StatusNotifierItem: a D-Bus signal and the host asking back)
        # every minute of the day, for a line that is read a few times a day.
        text = f"{APP_NAME}: " + next_line(status, now, zone)
        micro = micro_line(status, now, zone)
        return f"{text}\n{micro}" if micro else text
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
        return _("Break waiting: {reason}").format(reason=hold_text(status))
    if status.next_break is not None:
        return _("Next break at {time}").format(time=clock_time(status.next_break, zone, now))
    return _("No break planned")
