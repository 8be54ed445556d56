"""One migration function per schema bump.

A migration takes the parsed TOML document of version N and returns the
document of version N + 1. It never raises on odd content: values it does not
understand are carried over (as unknown keys) for the loader to report, so no
setting the user wrote is silently lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from deskstretch.settings.model import DESK_SET, SCHEMA_VERSION

Document = dict[str, Any]

# Version 0: the early flat file, before sections existed (no schema_version key):
#   interval = 30, snooze = 5, notify = true, notify_lead = 60, stretches = [...],
#   work_days = [...], work_start = "09:00", work_end = "17:30", autostart = false, ...
_V0_KEYS: dict[str, tuple[str, str]] = {
    "interval": ("breaks", "interval_minutes"),
    "long_every": ("breaks", "long_every"),
    "long_count": ("breaks", "long_count"),
    "snooze": ("breaks", "snooze_minutes"),
    "max_snoozes": ("breaks", "max_snoozes"),
    "notify": ("notifications", "enabled"),
    "notify_lead": ("notifications", "lead_seconds"),
    "working_hours": ("schedule", "enabled"),
    "work_days": ("schedule", "days"),
    "work_start": ("schedule", "start"),
    "work_end": ("schedule", "end"),
    "idle_minutes": ("idle", "natural_break_minutes"),
    "stretches": ("stretches", "enabled"),
    "order": ("stretches", "order"),
    "autostart": ("general", "autostart"),
    "sound": ("general", "sound"),
    "reduced_motion": ("general", "reduced_motion"),
}


def _v0_to_v1(doc: Document) -> Document:
    """Flat v0 keys move into their sections; anything else is carried over as it was."""
    out: Document = {name: value for name, value in doc.items() if name not in _V0_KEYS}
    for name, value in doc.items():
        target = _V0_KEYS.get(name)
        if target is None:
            continue
        section, key = target
        table = out.setdefault(section, {})
        if isinstance(table, dict) and key not in table:
            table[key] = value
        else:  # the section is taken by something odd: keep the old key as it was
            out[name] = value
    out["schema_version"] = 1
    return out


def _with_desk_set(value: object) -> object:
    """A stretch list with the desk set in front (the ids it lacks); odd values as they were."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return value
    return [s for s in DESK_SET if s not in value] + value


def _v1_to_v2(doc: Document) -> Document:
    """Version 2 brings the desk set: stretches made for beside a desk, and a
    ``stretches.place`` setting (desk by default) that has scheduled breaks use them.

    A file holds only the settings that differ from the defaults, so a user who changed
    the stretch lists has them written out, without the desk set (it did not exist). Those
    lists get the desk set in front: turned on and first in the order, as for a new user.
    Without it the default ``place = "desk"`` would find no stretch of theirs to use.
    """
    out = dict(doc)
    table = out.get("stretches")
    if isinstance(table, dict):
        table = dict(table)
        for key in ("enabled", "order"):
            if key in table:
                table[key] = _with_desk_set(table[key])
        out["stretches"] = table
    out["schema_version"] = 2
    return out


MIGRATIONS: dict[int, Callable[[Document], Document]] = {0: _v0_to_v1, 1: _v1_to_v2}


def detect_version(doc: Document, sections: tuple[str, ...]) -> int | None:
    """The schema version of ``doc``; ``None`` if ``schema_version`` is not a whole number.

    A file without ``schema_version`` is version 0 when it is flat, and the
    current version when it already uses the sections (someone wrote it by hand
    from the README and left the version out).
    """
    raw = doc.get("schema_version")
    if raw is None:
        # Reminders (an array of tables) came after version 0 too.
        current = any(isinstance(doc.get(s), dict) for s in sections) or isinstance(
            doc.get("reminders"), list
        )
        return SCHEMA_VERSION if current else 0
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        return None
    return raw


def migrate(doc: Document, version: int) -> Document:
    """Bring ``doc`` from ``version`` up to :data:`SCHEMA_VERSION` (older only)."""
    while version < SCHEMA_VERSION:
        doc = MIGRATIONS[version](doc)
        version += 1
    return doc
