"""``deskstretch config``: read and change settings from a terminal.

Works whether or not the app runs: it reads and writes ``settings.toml`` itself
and then asks a running instance (if any) to reload it. Exit codes: 0 done,
1 the settings could not be saved (nothing else changed), 2 unknown key, invalid
value or a locked key (the message names what is allowed; nothing is written).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from deskstretch.app.config_args import add_config_parser
from deskstretch.i18n import _, ngettext
from deskstretch.platform import paths
from deskstretch.platform.autostart import Autostart, AutostartError, pick_autostart
from deskstretch.settings import schema
from deskstretch.settings.model import DEFAULT_ORDER, MAX_REMINDERS, Preferences, Reminder
from deskstretch.settings.store import LoadResult, SettingsStore

EXIT_OK = 0
EXIT_NOT_SAVED = 1
EXIT_INVALID = 2

SETTINGS_FILE = "settings.toml"


def catalogue_stretch_ids() -> tuple[str, ...]:
    """The stretch ids settings may name: the catalogue's, or the built-in ones.

    A catalogue that fails to load must not make settings unusable (its loader
    reports what is wrong with it).
    """
    # Lazy: the catalogue is read only when a stretch list is checked, not for every command.
    from deskstretch.app.routines import load_stretches

    try:
        ids = tuple(load_stretches().ids)
    except Exception:  # a broken catalogue is reported by its own loader
        return DEFAULT_ORDER
    return ids or DEFAULT_ORDER


def default_store() -> SettingsStore:
    """The user's settings file and the organisation's, at the platform's places.

    Stretch lists in them are checked against the catalogue's stretch ids.
    """
    return SettingsStore(
        paths.config_dir() / SETTINGS_FILE,
        [folder / SETTINGS_FILE for folder in paths.site_config_dirs()],
        stretch_ids=catalogue_stretch_ids,
    )


def _stretch_ids_for(key: str, store: SettingsStore) -> tuple[str, ...] | None:
    """The store's stretch ids when ``key`` is a stretch list (None: no catalogue read)."""
    return store.known_stretch_ids() if schema.spec_for(key).kind == "stretches" else None


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="deskstretch")
    add_config_parser(parser.add_subparsers(dest="command"))
    args = list(argv)
    if not args or args[0] != "config":
        args = ["config", *args]
    return parser.parse_args(args)


def _say(stream: TextIO, text: str) -> None:
    stream.write(text + "\n")


def run_config(
    args: argparse.Namespace | list[str],
    *,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
    notify_running: Callable[[], bool] | None = None,
    store: SettingsStore | None = None,
    autostart: Autostart | None = None,
) -> int:
    """Run ``deskstretch config ...`` and return the exit code.

    Args:
        args: The parsed namespace, or the words after ``config``.
        out: Where results go.
        err: Where problems go.
        notify_running: Asks a running instance to reload; False when none runs.
        store: The settings store (the user's real one when None).
        autostart: The start-at-login adapter (the platform's when None); used
            when ``general.autostart`` changes and no instance runs to apply it.
    """
    if isinstance(args, list):
        try:
            ns = _parse(args)
        except SystemExit as exc:  # argparse already printed the usage error
            return int(exc.code) if isinstance(exc.code, int) else EXIT_INVALID
    else:
        ns = args
    store = store or default_store()
    action = ns.config_command
    if action == "path":
        _say(out, str(store.path))
        return EXIT_OK
    if action == "reminders":
        return _reminders(ns, store, out, err, notify_running, autostart)
    key: str | None = getattr(ns, "key", None)
    if key is not None:
        try:
            schema.spec_for(key)
        except KeyError as exc:
            _say(err, f"deskstretch config: {exc.args[0]}")
            return EXIT_INVALID
    if action == "set":
        # Check the value before touching the file: an invalid one writes nothing.
        assert key is not None
        try:
            value = schema.parse_value(key, ns.value, _stretch_ids_for(key, store))
        except ValueError as exc:
            _say(err, f"deskstretch config: {exc}")
            return EXIT_INVALID
    loaded = store.load()
    for problem in loaded.problems:
        _say(err, _("warning: {problem}").format(problem=problem.message))
    if action == "show":
        _show(loaded, out)
        return EXIT_OK
    if action == "get":
        assert key is not None
        _say(out, schema.format_value(key, schema.get_value(loaded.prefs, key)))
        return EXIT_OK
    if key is not None and key in loaded.locked:
        if action == "reset":
            _say(
                out,
                _("{key} is {reason}; there is nothing to reset.").format(
                    key=key, reason=loaded.locked[key]
                ),
            )
            return EXIT_OK
        _say(
            err,
            _("deskstretch config: {key} is {reason} and cannot be changed here.").format(
                key=key, reason=loaded.locked[key]
            ),
        )
        return EXIT_INVALID
    if action == "set":
        assert key is not None
        prefs = schema.with_value(loaded.prefs, key, value, _stretch_ids_for(key, store))
    elif key is not None:  # reset KEY
        default = schema.get_value(loaded.defaults, key)
        prefs = schema.with_value(loaded.prefs, key, default, _stretch_ids_for(key, store))
    else:  # reset everything the organisation did not lock
        prefs = loaded.defaults
    return _save_and_apply(store, loaded, prefs, key, out, err, notify_running, autostart)


def _save_and_apply(
    store: SettingsStore,
    loaded: LoadResult,
    prefs: Preferences,
    key: str | None,
    out: TextIO,
    err: TextIO,
    notify_running: Callable[[], bool] | None,
    autostart: Autostart | None,
    done: str = "",
) -> int:
    saved = store.save(prefs)
    if not saved.ok:
        _say(err, f"deskstretch config: {saved.message}")
        _say(err, _("Nothing was changed."))
        return EXIT_NOT_SAVED
    if done:
        _say(out, done)
    elif key is not None:
        _say(out, f"{key} = {schema.format_value(key, schema.get_value(prefs, key))}")
    else:
        _say(out, _("All settings are back to their defaults."))
    running = notify_running() if notify_running is not None else False
    if running:
        _say(out, _("The running DeskStretch applied the change."))
    else:
        _say(out, _("DeskStretch is not running; it will use this when it starts."))
        if prefs.general.autostart != loaded.prefs.general.autostart:
            try:
                chosen = autostart or pick_autostart()
                if prefs.general.autostart:
                    chosen.enable()
                else:
                    chosen.disable()
            except AutostartError as exc:
                _say(
                    err,
                    _("deskstretch config: the setting is saved, but: {problem}").format(
                        problem=exc
                    ),
                )
                return EXIT_NOT_SAVED
    return EXIT_OK


def _show(loaded: LoadResult, out: TextIO) -> None:
    note = "  " + _("(read-only: written by a newer DeskStretch)") if loaded.read_only else ""
    _say(out, f"# {loaded.path}{note}")
    width = max(len(spec.key) for spec in schema.KEYS)
    for spec in schema.KEYS:
        value = schema.format_value(spec.key, schema.get_value(loaded.prefs, spec.key))
        default = schema.format_value(spec.key, schema.get_value(loaded.defaults, spec.key))
        if spec.key in loaded.locked:
            mark = "  # " + _("locked: {reason}").format(reason=loaded.locked[spec.key])
        elif value != default:
            mark = "  # " + _("changed; default {value}").format(value=default or _("(none)"))
        else:
            mark = ""
        _say(out, f"{spec.key:<{width}} = {value}{mark}")
    if loaded.prefs.reminders:
        count = len(loaded.prefs.reminders)
        text = ngettext(
            "{n} reminder: `deskstretch config reminders` lists it",
            "{n} reminders: `deskstretch config reminders` lists them",
            count,
        ).format(n=count)
        _say(out, f"# {text}")
    if loaded.unknown:
        _say(out, "# " + _("In the file but not settings (kept as they are):"))
        for name in loaded.unknown:
            _say(out, f"#   {name}")


# ---------------------------------------------------------------- reminders

#: How the reminder checks' field names read on the command line.
_OPTIONS = {
    "reminder.text": "TEXT",
    "reminder.interval_minutes": "--every",
    "reminder.days": "--days",
    "reminder.start": "--from",
    "reminder.end": "--to",
}


def _reminders(
    ns: argparse.Namespace,
    store: SettingsStore,
    out: TextIO,
    err: TextIO,
    notify_running: Callable[[], bool] | None,
    autostart: Autostart | None,
) -> int:
    """``config reminders [list|add|remove|enable|disable]``."""
    import dataclasses

    from deskstretch.settings import reminders as checks

    command = ns.reminders_command or "list"
    new = None
    if command == "add":  # checked before the file is read: a wrong one writes nothing
        try:
            new = checks.make_reminder(
                ns.text,
                _whole_number(ns.every),
                [d for d in ns.days.split(",") if d.strip()],
                ns.start,
                ns.end,
                not ns.disabled,
            )
        except ValueError as exc:
            message = str(exc)
            for name, option in _OPTIONS.items():
                message = message.replace(name, option)
            message = message.replace("reminder has", "the reminder has")  # English wording
            _say(err, f"deskstretch config: {message}")
            return EXIT_INVALID
    loaded = store.load()
    for problem in loaded.problems:
        _say(err, _("warning: {problem}").format(problem=problem.message))
    current = loaded.prefs.reminders
    if command == "list":
        _list_reminders(current, out, as_json=bool(ns.json or getattr(ns, "list_json", False)))
        return EXIT_OK
    if new is not None:
        if len(current) >= MAX_REMINDERS:
            _say(
                err,
                ngettext(
                    "deskstretch config: there is already {n} reminder, the most possible; "
                    "remove one first.",
                    "deskstretch config: there are already {n} reminders, the most possible; "
                    "remove one first.",
                    MAX_REMINDERS,
                ).format(n=MAX_REMINDERS),
            )
            return EXIT_INVALID
        changed = (*current, new)
        done = _("Added reminder {n}: {text} ({summary}).").format(
            n=len(changed), text=new.text, summary=checks.describe(new)
        )
    else:
        index = _reminder_index(ns.number, len(current))
        if index is None:
            if current:
                message = _(
                    "deskstretch config: there is no reminder {number} (1 to {count}); "
                    "`deskstretch config reminders` lists them."
                )
            else:
                message = _(
                    "deskstretch config: there is no reminder {number} (there are none yet); "
                    "`deskstretch config reminders` lists them."
                )
            _say(err, message.format(number=ns.number, count=len(current)))
            return EXIT_INVALID
        chosen = current[index]
        if command == "remove":
            changed = current[:index] + current[index + 1 :]
            done = _("Removed reminder {n}: {text}.").format(n=index + 1, text=chosen.text)
        else:
            switched = dataclasses.replace(chosen, enabled=command == "enable")
            changed = (*current[:index], switched, *current[index + 1 :])
            if switched.enabled:
                done = _("Reminder {n} is on: {text}.")
            else:
                done = _("Reminder {n} is off: {text}.")
            done = done.format(n=index + 1, text=chosen.text)
    prefs = dataclasses.replace(loaded.prefs, reminders=changed)
    return _save_and_apply(
        store, loaded, prefs, None, out, err, notify_running, autostart, done=done
    )


def _whole_number(text: str) -> object:
    """``text`` as an int if it is one (the reminder check says what is allowed otherwise)."""
    try:
        return int(text.strip())
    except ValueError:
        return text


def _reminder_index(text: str, count: int) -> int | None:
    """The list index of reminder number ``text`` (counted from 1); None if there is none."""
    try:
        number = int(text.strip())
    except ValueError:
        return None
    return number - 1 if 1 <= number <= count else None


def _list_reminders(items: Sequence[Reminder], out: TextIO, *, as_json: bool) -> None:
    from deskstretch.settings import reminders as checks

    if as_json:
        import json

        rows = [
            {
                "number": n,
                "text": r.text,
                "interval_minutes": r.interval_minutes,
                "days": list(r.days),
                "start": r.start,
                "end": r.end,
                "enabled": r.enabled,
            }
            for n, r in enumerate(items, 1)
        ]
        _say(out, json.dumps(rows, indent=2))
        return
    if not items:
        _say(out, _("No reminders. Add one: deskstretch config reminders add TEXT --every MINUTES"))
        return
    for n, reminder in enumerate(items, 1):
        _say(out, f"{n}. {reminder.text}  ({checks.describe(reminder)})")
