"""Every setting declared as data: its type, allowed values, default and description.

The Preferences dialog, ``deskstretch config`` and the README's settings reference
are all generated from :data:`KEYS`, so a key is documented and validated the same
way everywhere. Keys are dotted: ``<section>.<field>`` of :class:`Preferences`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from deskstretch.i18n import _, ngettext
from deskstretch.settings.model import DEFAULT_ORDER, LANGUAGES, PLACES, WEEKDAYS, Preferences
from deskstretch.settings.times import canonical_time

# Sections in the order the file, the CLI and the README list them.
# ``reminders`` is an array of tables with its own rules, not a section of keys.
SECTIONS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(Preferences) if f.name != "reminders"
)


def known_stretch_ids() -> tuple[str, ...]:
    """The stretch ids a stretch list is checked against when the caller names none.

    These are the built-in rotation's. The catalogue is not read here: the caller that
    knows it (the app) passes its ids to :func:`check_value`, :func:`with_value`,
    :func:`parse_value` or :class:`~deskstretch.settings.store.SettingsStore`.
    """
    return DEFAULT_ORDER


@dataclass(frozen=True)
class KeySpec:
    """One setting.

    Attributes:
        key: Dotted name, e.g. ``"breaks.interval_minutes"``.
        type: The Python type of the value (``int``, ``bool``, ``str`` or ``tuple``).
        default: The built-in default.
        description: One line shown by the dialog, the CLI and the README.
        min: Smallest allowed value (ints), or smallest number of items (tuples).
        max: Largest allowed value (ints).
        choices: Allowed values (strings) or allowed items (tuples); ``None`` for
            stretch lists, whose items come from the catalogue.
        kind: Finer type used for parsing and widgets: ``int``, ``bool``,
            ``time`` (``"HH:MM"``), ``days``, ``stretches`` or ``choice`` (one of
            ``choices``).
        unit: Unit word for numbers (``"minutes"``), empty if none.
    """

    key: str
    type: type
    default: object
    description: str
    min: int | None = None
    max: int | None = None
    choices: tuple[str, ...] | None = None
    kind: str = ""
    unit: str = ""

    @property
    def section(self) -> str:
        """The TOML table the key lives in."""
        return self.key.split(".", 1)[0]

    @property
    def name(self) -> str:
        """The key inside its table."""
        return self.key.split(".", 1)[1]

    def allowed(self) -> str:
        """A short phrase naming what is allowed, for error messages and docs (in the active
        language: English for the README)."""
        if self.kind == "bool":
            return _("true or false")
        if self.kind == "int":
            return _whole_number(self.min, self.max, self.unit)
        if self.kind == "time":
            return _("a time of day as HH:MM (00:00 to 23:59)")
        if self.kind == "days":
            return _("one or more of {days}, separated by commas").format(days=", ".join(WEEKDAYS))
        if self.kind == "choice":
            return _("one of {choices}").format(choices=", ".join(self.choices or ()))
        if self.kind == "stretches":
            if self.min:
                return _(
                    "at least one of the stretch ids from `deskstretch list-stretches`, "
                    "separated by commas"
                )
            return _("the stretch ids from `deskstretch list-stretches`, separated by commas")
        return _("a value of the right type")  # pragma: no cover - every key has a kind


def _whole_number(lo: int | None, hi: int | None, unit: str) -> str:
    """ "a whole number from 1 to 240 minutes": a whole sentence per unit, so that each
    language can put the unit where it goes and in the form the number asks for."""
    n = hi if hi is not None else 0
    if unit == "minutes":
        text = ngettext(
            "a whole number from {lo} to {hi} minute", "a whole number from {lo} to {hi} minutes", n
        )
    elif unit == "seconds":
        text = ngettext(
            "a whole number from {lo} to {hi} second", "a whole number from {lo} to {hi} seconds", n
        )
    elif unit == "days":
        text = ngettext(
            "a whole number from {lo} to {hi} day", "a whole number from {lo} to {hi} days", n
        )
    elif unit == "breaks":
        text = ngettext(
            "a whole number from {lo} to {hi} break", "a whole number from {lo} to {hi} breaks", n
        )
    elif unit == "stretches":
        text = ngettext(
            "a whole number from {lo} to {hi} stretch",
            "a whole number from {lo} to {hi} stretches",
            n,
        )
    elif unit == "times":
        text = ngettext(
            "a whole number from {lo} to {hi} time", "a whole number from {lo} to {hi} times", n
        )
    elif unit:  # a unit without its own sentence yet: English word order
        text = _("a whole number from {lo} to {hi}") + f" {unit}"
    else:
        text = _("a whole number from {lo} to {hi}")
    return text.format(lo=lo, hi=hi)


def _defaults() -> Preferences:
    return Preferences()


def _int(key: str, lo: int, hi: int, unit: str, description: str) -> KeySpec:
    return KeySpec(key, int, _field_default(key), description, lo, hi, kind="int", unit=unit)


def _bool(key: str, description: str) -> KeySpec:
    return KeySpec(key, bool, _field_default(key), description, kind="bool")


def _field_default(key: str) -> object:
    section, name = key.split(".", 1)
    return getattr(getattr(_defaults(), section), name)


KEYS: tuple[KeySpec, ...] = (
    _int("breaks.interval_minutes", 1, 240, "minutes", "Minutes of work between two breaks."),
    _int("breaks.long_every", 0, 12, "breaks", "Every Nth break is a long one (0: none)."),
    _int("breaks.long_count", 1, 9, "stretches", "How many stretches a long break goes through."),
    _int("breaks.snooze_minutes", 1, 60, "minutes", "How long Snooze puts a break off."),
    _int("breaks.max_snoozes", 0, 10, "times", "How often one break can be snoozed (0: never)."),
    _bool("notifications.enabled", "Announce a break with a notification before it starts."),
    _int("notifications.lead_seconds", 0, 600, "seconds", "Seconds from the notice to the break."),
    _bool("schedule.enabled", "Remind only on working days, during working hours."),
    KeySpec(
        "schedule.days",
        tuple,
        _field_default("schedule.days"),
        "The working days.",
        min=1,
        choices=WEEKDAYS,
        kind="days",
    ),
    KeySpec(
        "schedule.start",
        str,
        _field_default("schedule.start"),
        "When the working day starts.",
        kind="time",
    ),
    KeySpec(
        "schedule.end",
        str,
        _field_default("schedule.end"),
        "When the working day ends.",
        kind="time",
    ),
    _int(
        "idle.natural_break_minutes",
        0,
        120,
        "minutes",
        "Minutes away from keyboard and mouse that count as a break (0: off).",
    ),
    KeySpec(
        "stretches.enabled",
        tuple,
        _field_default("stretches.enabled"),
        "The stretches breaks may offer.",
        min=1,
        kind="stretches",
    ),
    KeySpec(
        "stretches.order",
        tuple,
        _field_default("stretches.order"),
        "The order in which breaks go through the stretches.",
        kind="stretches",
    ),
    KeySpec(
        "stretches.place",
        str,
        _field_default("stretches.place"),
        "Where scheduled breaks' stretches are done: desk (only the stretches made for beside "
        "a desk) or anywhere (every stretch turned on). Stretch now always offers them all.",
        choices=PLACES,
        kind="choice",
    ),
    _bool("general.autostart", "Start DeskStretch when you log in."),
    _bool("general.sound", "Play a soft sound when a break starts and ends."),
    _bool("general.reduced_motion", "Show still poses instead of animating the figure."),
    KeySpec(
        "general.language",
        str,
        _field_default("general.language"),
        "The language of DeskStretch: system (the desktop's) or a shipped language's code. "
        "Takes effect when DeskStretch starts.",
        choices=LANGUAGES,
        kind="choice",
    ),
    _bool(
        "general.spoken_cues",
        "Let a screen reader announce each step of a stretch and its last seconds.",
    ),
    _bool("dnd.fullscreen", "Hold breaks while a full-screen window is in front."),
    _bool("dnd.camera", "Hold breaks while the camera is in use."),
    _bool("dnd.microphone", "Hold breaks while the microphone is in use."),
    _bool("dnd.desktop", "Hold breaks while the desktop's do-not-disturb mode is on."),
    _bool("micro.enabled", "Short micro-breaks (look far away, blink, roll the shoulders)."),
    _int(
        "micro.interval_minutes",
        1,
        60,
        "minutes",
        "Minutes at the computer between micro-breaks (20 suits the 20-20-20 habit).",
    ),
    _int("micro.seconds", 10, 60, "seconds", "How long a micro-break's cue stays on screen."),
    _int(
        "history.keep_days",
        0,
        3650,
        "days",
        "Days of break history kept on this computer (0: keep everything).",
    ),
    _int(
        "history.streak_breaks",
        1,
        16,
        "breaks",
        "Breaks taken in a day that keep your streak going.",
    ),
    _int(
        "flexcheck.every_days",
        0,
        90,
        "days",
        "Offer the toe-touch flexibility check every this many days (0: never).",
    ),
)

_BY_KEY: dict[str, KeySpec] = {spec.key: spec for spec in KEYS}


def spec_for(key: str) -> KeySpec:
    """Return the :class:`KeySpec` of ``key``.

    Raises:
        KeyError: With a message naming the known keys, if ``key`` is not a setting.
    """
    try:
        return _BY_KEY[key]
    except KeyError:
        raise KeyError(unknown_key_message(key)) from None


def unknown_key_message(key: str, *, show_hint: bool = True) -> str:
    """A sentence saying ``key`` is not a setting, with the closest known ones (and, with
    ``show_hint``, that ``deskstretch config show`` lists them all)."""
    import difflib

    close = difflib.get_close_matches(key, list(_BY_KEY), n=3, cutoff=0.6)
    text = repr(key)
    if close and show_hint:
        # TRANSLATORS: {keys} is one to three setting keys joined by " or ".
        message = _(
            "{key} is not a DeskStretch setting. Did you mean {keys}? "
            "`deskstretch config show` lists them all."
        )
    elif close:
        message = _("{key} is not a DeskStretch setting. Did you mean {keys}?")
    elif show_hint:
        message = _("{key} is not a DeskStretch setting. `deskstretch config show` lists them all.")
    else:
        message = _("{key} is not a DeskStretch setting.")
    return message.format(key=text, keys=_(" or ").join(close))


def get_value(prefs: Preferences, key: str) -> object:
    """Read one setting from ``prefs`` by its dotted key."""
    spec = spec_for(key)
    return getattr(getattr(prefs, spec.section), spec.name)


def check_value(key: str, value: object, known_ids: Iterable[str] | None = None) -> object:
    """Validate ``value`` for ``key`` and return it in canonical form.

    Canonical form: tuples for lists, ``"HH:MM"`` strings for times, weekdays in
    week order without repeats, stretch lists without repeats.

    Args:
        key: The dotted setting name.
        value: The value to check.
        known_ids: The stretch ids a stretch list may name (the catalogue's);
            :func:`known_stretch_ids` if None.

    Raises:
        ValueError: Saying what is wrong and what is allowed.
    """
    spec = spec_for(key)
    checker = _CHECKERS[spec.kind]
    return checker(spec, value, known_ids)


def with_value(
    prefs: Preferences, key: str, value: object, known_ids: Iterable[str] | None = None
) -> Preferences:
    """Return a copy of ``prefs`` with ``key`` set to ``value``.

    ``known_ids`` are the stretch ids a stretch list may name, as for :func:`check_value`.

    Raises:
        ValueError: If the value is not allowed; the message names the range or choices.
    """
    return with_value_unchecked(prefs, key, check_value(key, value, known_ids))


def with_value_unchecked(prefs: Preferences, key: str, value: object) -> Preferences:
    """Like :func:`with_value` for a value already checked (or taken from valid prefs)."""
    spec = spec_for(key)
    section = getattr(prefs, spec.section)
    return dataclasses.replace(
        prefs, **{spec.section: dataclasses.replace(section, **{spec.name: value})}
    )


def parse_value(key: str, text: str, known_ids: Iterable[str] | None = None) -> object:
    """Turn command-line text into a valid value for ``key``.

    ``known_ids`` are the stretch ids a stretch list may name, as for :func:`check_value`.

    Raises:
        KeyError: If ``key`` is not a setting.
        ValueError: Explaining what is allowed.
    """
    spec = spec_for(key)
    raw = text.strip()
    value: object
    if spec.kind == "bool":
        lowered = raw.lower()
        if lowered in ("true", "yes", "on", "1"):
            value = True
        elif lowered in ("false", "no", "off", "0"):
            value = False
        else:
            raise ValueError(_must_be(key, spec, repr(text)))
    elif spec.kind == "int":
        try:
            value = int(raw)
        except ValueError:
            raise ValueError(_must_be(key, spec, repr(text))) from None
    elif spec.kind in ("days", "stretches"):
        value = tuple(item.strip() for item in raw.split(",") if item.strip())
    else:
        value = raw
    return check_value(key, value, known_ids)


def format_value(key: str, value: object) -> str:
    """The text form of a value, as ``parse_value`` accepts it back."""
    spec = spec_for(key)
    if spec.kind == "bool":
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ",".join(str(v) for v in value)
    return str(value)


# ---------------------------------------------------------------- checkers


def _must_be(key: str, spec: KeySpec, value: str) -> str:
    return _("{key} must be {allowed}, not {value}.").format(
        key=key, allowed=spec.allowed(), value=value
    )


def _check_int(spec: KeySpec, value: object, _ids: Iterable[str] | None) -> object:
    # bool is an int subclass; `true` for a number is a typo, not 1.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(_must_be(spec.key, spec, repr(value)))
    lo = spec.min if spec.min is not None else value
    hi = spec.max if spec.max is not None else value
    if not lo <= value <= hi:
        raise ValueError(_must_be(spec.key, spec, str(value)))
    return value


def _check_bool(spec: KeySpec, value: object, _ids: Iterable[str] | None) -> object:
    if not isinstance(value, bool):
        raise ValueError(_must_be(spec.key, spec, repr(value)))
    return value


def _check_time(spec: KeySpec, value: object, _ids: Iterable[str] | None) -> object:
    time = canonical_time(value)
    if time is None:
        raise ValueError(_must_be(spec.key, spec, repr(value)))
    return time


def _check_choice(spec: KeySpec, value: object, _ids: Iterable[str] | None) -> object:
    by_folded = {choice.lower(): choice for choice in spec.choices or ()}
    if not isinstance(value, str) or value.strip().lower() not in by_folded:
        raise ValueError(_must_be(spec.key, spec, repr(value)))
    return by_folded[value.strip().lower()]  # as written in the choices ("pt_BR", "desk")


def _as_items(spec: KeySpec, value: object) -> list[str]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ValueError(
            _("{key} must be a list: {allowed}; got {value}.").format(
                key=spec.key, allowed=spec.allowed(), value=repr(value)
            )
        )
    if not all(isinstance(v, str) for v in value):
        raise ValueError(
            _("{key} must list names only: {allowed}.").format(key=spec.key, allowed=spec.allowed())
        )
    return list(dict.fromkeys(value))


def _check_days(spec: KeySpec, value: object, _ids: Iterable[str] | None) -> object:
    items = [v.lower() for v in _as_items(spec, value)]
    bad = [v for v in items if v not in WEEKDAYS]
    if bad:
        raise ValueError(
            _("{key}: {values} is not a day; use {allowed}.").format(
                key=spec.key, values=", ".join(bad), allowed=spec.allowed()
            )
        )
    if len(items) < (spec.min or 0):
        raise ValueError(_("{key} needs {allowed}.").format(key=spec.key, allowed=spec.allowed()))
    return tuple(d for d in WEEKDAYS if d in items)


def _check_stretches(spec: KeySpec, value: object, ids: Iterable[str] | None) -> object:
    items = _as_items(spec, value)
    known = tuple(ids) if ids is not None else known_stretch_ids()
    bad = [v for v in items if v not in known]
    if bad:
        raise ValueError(
            _("{key}: unknown stretch {ids}; known stretches are {known}.").format(
                key=spec.key, ids=", ".join(bad), known=", ".join(known)
            )
        )
    if len(items) < (spec.min or 0):
        raise ValueError(_("{key} needs {allowed}.").format(key=spec.key, allowed=spec.allowed()))
    return tuple(items)


_CHECKERS: dict[str, Callable[[KeySpec, object, Iterable[str] | None], object]] = {
    "int": _check_int,
    "bool": _check_bool,
    "time": _check_time,
    "days": _check_days,
    "stretches": _check_stretches,
    "choice": _check_choice,
}


# ---------------------------------------------------------------- documents


def to_sections(prefs: Preferences) -> dict[str, dict[str, Any]]:
    """All values of ``prefs`` as TOML-ready tables (tuples become lists), in stable order."""
    tables: dict[str, dict[str, Any]] = {}
    for spec in KEYS:
        value = get_value(prefs, spec.key)
        tables.setdefault(spec.section, {})[spec.name] = (
            list(value) if isinstance(value, tuple) else value
        )
    return tables


def settings_reference_markdown() -> str:
    """The README's settings reference: one table row per key, generated from :data:`KEYS`."""
    lines = [
        "| Key | Default | Allowed | Description |",
        "| --- | --- | --- | --- |",
    ]
    for spec in KEYS:
        default = format_value(spec.key, spec.default) or "(none)"
        lines.append(f"| `{spec.key}` | `{default}` | {spec.allowed()} | {spec.description} |")
    return "\n".join(lines) + "\n"


README_START = "<!-- settings-reference:start -->"
README_END = "<!-- settings-reference:end -->"


def with_reference(readme: str) -> str:
    """``readme`` with the generated settings table and the reminders' between the markers.

    Raises:
        ValueError: If the markers are missing or out of order.
    """
    start = readme.find(README_START)
    end = readme.find(README_END)
    if start < 0 or end < start:
        raise ValueError(f"the README needs {README_START} ... {README_END}")
    head = readme[: start + len(README_START)]
    from deskstretch.settings import reminders  # only for the README: not at start-up

    table = settings_reference_markdown()
    return f"{head}\n{table}{reminders.reference_markdown()}{readme[end:]}"
