"""The user's own reminders (``[[reminders]]`` in ``settings.toml``): their rules and file form.

Pure (no Qt, no I/O). The store, ``deskstretch config reminders`` and the
Preferences dialog all check a reminder here, so each says the same thing about
what is wrong and what is allowed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from deskstretch.i18n import _, ngettext
from deskstretch.settings.model import MAX_REMINDERS, WEEKDAYS, Reminder
from deskstretch.settings.times import canonical_time

#: Longest reminder text: it has to fit a notification's single line.
TEXT_MAX = 120
#: Shortest and longest time between two showings. Under 5 minutes a reminder would
#: nag more often than the breaks themselves; a day is the longest useful period.
MIN_MINUTES = 5
MAX_MINUTES = 1440

#: The keys of one ``[[reminders]]`` table, in the order they are written.
FIELDS: tuple[str, ...] = ("text", "interval_minutes", "days", "start", "end", "enabled")


class ReminderError(ValueError):
    """A reminder value that is not allowed.

    Attributes:
        field: The key of the reminder's table that is wrong (one of :data:`FIELDS`,
            or an unknown key the table holds); empty for the list as a whole.
    """

    def __init__(self, field: str, message: str) -> None:
        """Create the error; ``message`` is one sentence for the user."""
        super().__init__(message)
        self.field = field


def allowed(field: str) -> str:
    """A short phrase naming what ``field`` of a reminder may be."""
    if field == "text":
        return ngettext(
            "one line of 1 to {n} character", "one line of 1 to {n} characters", TEXT_MAX
        ).format(n=TEXT_MAX)
    if field == "interval_minutes":
        return ngettext(
            "a whole number from {lo} to {hi} minute",
            "a whole number from {lo} to {hi} minutes",
            MAX_MINUTES,
        ).format(lo=MIN_MINUTES, hi=MAX_MINUTES)
    if field == "days":
        return _("a list of {days} (empty or left out: every day)").format(days=", ".join(WEEKDAYS))
    if field in ("start", "end"):
        return _("a time of day as HH:MM; start and end both, or neither (all day)")
    if field == "enabled":
        return _("true or false")
    raise KeyError(field)


def _fail(where: str, field: str, value: object) -> ReminderError:
    return ReminderError(
        field,
        _("{key} must be {allowed}, not {value}.").format(
            key=f"{where}.{field}", allowed=allowed(field), value=_shown(value)
        ),
    )


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def check_text(value: object, where: str = "reminder") -> str:
    """The reminder text, stripped.

    Raises:
        ReminderError: If it is not one non-empty line of at most :data:`TEXT_MAX` characters.
    """
    if not isinstance(value, str):
        raise _fail(where, "text", value)
    text = value.strip()
    if not text:
        raise ReminderError(
            "text", _("{key} is empty; write what to remind you of.").format(key=f"{where}.text")
        )
    if "\n" in text or "\r" in text:
        raise ReminderError("text", _("{key} must be one line.").format(key=f"{where}.text"))
    if len(text) > TEXT_MAX:
        # TRANSLATORS: {n} is the text's length, always more than {most}.
        message = ngettext(
            "{key} is {n} character long; at most {most} fit.",
            "{key} is {n} characters long; at most {most} fit.",
            len(text),
        )
        raise ReminderError("text", message.format(key=f"{where}.text", n=len(text), most=TEXT_MAX))
    return text


def check_minutes(value: object, where: str = "reminder") -> int:
    """The interval in minutes.

    Raises:
        ReminderError: If it is not a whole number in :data:`MIN_MINUTES`..:data:`MAX_MINUTES`.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(where, "interval_minutes", value)
    if not MIN_MINUTES <= value <= MAX_MINUTES:
        raise _fail(where, "interval_minutes", value)
    return value


def check_days(value: object, where: str = "reminder") -> tuple[str, ...]:
    """Weekdays in week order without repeats; empty (also for all seven) means every day.

    Raises:
        ReminderError: If it is not a list of weekday names.
    """
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise _fail(where, "days", value)
    if not all(isinstance(v, str) for v in value):
        raise _fail(where, "days", value)
    items = [v.strip().lower() for v in value]
    bad = [v for v in items if v not in WEEKDAYS]
    if bad:
        raise ReminderError(
            "days",
            _("{key}: {values} is not a day; use {allowed}.").format(
                key=f"{where}.days", values=", ".join(bad), allowed=allowed("days")
            ),
        )
    days = tuple(d for d in WEEKDAYS if d in items)
    return () if days == WEEKDAYS else days  # every day has one spelling: none listed


def check_time(field: str, value: object, where: str = "reminder") -> str:
    """A time of day as ``"HH:MM"`` (a TOML local time is accepted too); "" stays "".

    Raises:
        ReminderError: If it is neither empty nor a time of day.
    """
    if isinstance(value, str) and not value.strip():
        return ""
    time = canonical_time(value)
    if time is None:
        raise _fail(where, field, value)
    return time


def make_reminder(
    text: object,
    interval_minutes: object = 60,
    days: object = (),
    start: object = "",
    end: object = "",
    enabled: object = True,
    *,
    where: str = "reminder",
) -> Reminder:
    """A checked :class:`Reminder` in canonical form.

    Args:
        text: What to remind of.
        interval_minutes: Minutes between two showings.
        days: Weekday names (empty: every day).
        start: ``"HH:MM"`` from which it may show ("" with ``end`` "": all day).
        end: ``"HH:MM"`` until which it may show.
        enabled: Whether it shows at all.
        where: How messages name the reminder, e.g. ``"reminders[2]"``.

    Raises:
        ReminderError: Naming the first wrong field and what is allowed.
    """
    checked_text = check_text(text, where)
    minutes = check_minutes(interval_minutes, where)
    checked_days = check_days(days, where)
    first = check_time("start", start, where)
    last = check_time("end", end, where)
    if bool(first) != bool(last):
        if first:
            missing = "end"
            message = _(
                "{where} has a start time but no end; give both (a time window) or neither "
                "(all day)."
            )
        else:
            missing = "start"
            message = _(
                "{where} has an end time but no start; give both (a time window) or neither "
                "(all day)."
            )
        raise ReminderError(missing, message.format(where=where))
    if not isinstance(enabled, bool):
        raise _fail(where, "enabled", enabled)
    return Reminder(checked_text, minutes, checked_days, first, last, enabled)


def from_table(raw: object, where: str) -> Reminder:
    """Read one ``[[reminders]]`` table.

    An unknown key makes the whole entry wrong: it is most likely a misspelt key
    whose value the user meant to apply, and using the entry without it would
    remind at times the user did not ask for.

    Raises:
        ReminderError: Naming the key and what is allowed.
    """
    if not isinstance(raw, Mapping):
        raise ReminderError(
            "", _("{where} must be a table ([[reminders]]) with a text.").format(where=where)
        )
    unknown = [k for k in raw if k not in FIELDS]
    if unknown:
        raise ReminderError(
            str(unknown[0]),
            _("{key} is not a reminder setting; a reminder has {fields}.").format(
                key=f"{where}.{unknown[0]}", fields=", ".join(FIELDS)
            ),
        )
    if "text" not in raw:
        raise ReminderError(
            "text", _("{where} has no text; write what to remind you of.").format(where=where)
        )
    return make_reminder(
        raw["text"],
        raw.get("interval_minutes", 60),
        raw.get("days", ()),
        raw.get("start", ""),
        raw.get("end", ""),
        raw.get("enabled", True),
        where=where,
    )


def to_table(reminder: Reminder) -> dict[str, Any]:
    """One reminder as a TOML table: text and interval always, the rest when not the default."""
    table: dict[str, Any] = {"text": reminder.text, "interval_minutes": reminder.interval_minutes}
    if reminder.days:
        table["days"] = list(reminder.days)
    if reminder.start or reminder.end:
        table["start"], table["end"] = reminder.start, reminder.end
    if not reminder.enabled:
        table["enabled"] = False
    return table


def check_count(reminders: Sequence[Reminder]) -> None:
    """Raises ReminderError when there are more than :data:`MAX_REMINDERS` reminders."""
    if len(reminders) > MAX_REMINDERS:
        raise ReminderError(
            "",
            ngettext(
                "At most {n} reminder is possible; remove one to add another.",
                "At most {n} reminders are possible; remove one to add another.",
                MAX_REMINDERS,
            ).format(n=MAX_REMINDERS),
        )


def describe(reminder: Reminder) -> str:
    """A short summary: "every 60 min, mon-fri, 09:00-17:00" (for the CLI)."""
    every = reminder.interval_minutes
    parts = [ngettext("every {n} min", "every {n} min", every).format(n=every)]
    if reminder.days and len(reminder.days) < len(WEEKDAYS):
        parts.append(",".join(reminder.days))
    if reminder.start:
        parts.append(f"{reminder.start}-{reminder.end}")
    if not reminder.enabled:
        parts.append(_("off"))
    return ", ".join(parts)


def reference_markdown() -> str:
    """The README's part on ``[[reminders]]``: a paragraph, an example, then its keys."""
    defaults = {
        "text": "(required)",
        "interval_minutes": "`60`",
        "days": "every day",
        "start": "all day",
        "end": "all day",
        "enabled": "`true`",
    }
    rows = "\n".join(f"| `{name}` | {defaults[name]} | {allowed(name)} |" for name in FIELDS)
    return f"""
Your own reminders ("Drink some water") are an array of tables, `[[reminders]]`, one per
reminder, at most {MAX_REMINDERS} (more are kept in the file but not used). Each shows as a
notification every `interval_minutes` while DeskStretch is active, on the given `days`, between
`start` and `end` (an `end` at or before `start` runs past midnight). An entry with a wrong value
is reported by its number (`reminders[2]` is the second), is not used, and stays in the file
as you wrote it. `deskstretch config reminders` lists, adds and removes them.

```toml
[[reminders]]
text = "Drink some water"
interval_minutes = 60

[[reminders]]
text = "Check your posture"
interval_minutes = 45
days = ["mon", "tue", "wed", "thu", "fri"]
start = "09:00"
end = "17:00"
```

| Reminder key | Default | Allowed |
| --- | --- | --- |
{rows}
"""
