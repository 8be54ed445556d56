"""The ``config`` command's grammar, kept apart from its (heavier) implementation in
:mod:`deskstretch.app.config_cli` so that building the CLI parser stays cheap at start-up."""

from __future__ import annotations

import argparse
from typing import Any

from deskstretch.i18n import N_, _


def add_config_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``config`` command to the main parser's sub-commands and return it."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "config",
        help=_("read and change settings (path, show, get, set, reset, reminders)"),
        description=_(
            "Read and change DeskStretch settings. A running DeskStretch applies changes at "
            "once. `deskstretch config show` lists every key."
        ),
        epilog=_(
            "Exit codes: 0 done, 1 could not save, 2 unknown key, invalid value or locked key."
        ),
    )
    actions = parser.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    actions.add_parser("path", help=_("print where the settings file is"))
    actions.add_parser(
        "show", help=_("print every setting; non-defaults and locked keys are marked")
    )
    get = actions.add_parser("get", help=_("print one setting"))
    get.add_argument("key", metavar="KEY", help=_("e.g. breaks.interval_minutes"))
    put = actions.add_parser(
        "set", help=_("change one setting (checked before anything is written)")
    )
    put.add_argument("key", metavar="KEY", help=_("e.g. breaks.interval_minutes"))
    put.add_argument("value", metavar="VALUE", help=_("e.g. 45, true, 09:30, mon,tue,wed"))
    reset = actions.add_parser(
        "reset", help=_("put one setting (or all of them) back to the default")
    )
    reset.add_argument(
        "key", metavar="KEY", nargs="?", help=_("the setting; all of them if left out")
    )
    _add_reminders(actions)
    return parser


def _add_reminders(actions: Any) -> None:
    """``config reminders [list|add|remove|enable|disable]``: the user's own reminders."""
    reminders: argparse.ArgumentParser = actions.add_parser(
        "reminders",
        help=_("list, add and remove your own reminders ('Drink some water')"),
        description=_(
            "Your own reminders, shown as notifications while DeskStretch is active (at most "
            "8). Without an action they are listed, numbered; the numbers are what remove, "
            "enable and disable take."
        ),
    )
    reminders.add_argument("--json", action="store_true", help=_("list them as a JSON array"))
    what = reminders.add_subparsers(dest="reminders_command", metavar="ACTION")
    listing = what.add_parser("list", help=_("list the reminders, numbered (the default)"))
    listing.add_argument(
        "--json", dest="list_json", action="store_true", help=_("print them as a JSON array")
    )
    add = what.add_parser(
        "add",
        help=_("add a reminder"),
        description=_(
            "Add a reminder, e.g. deskstretch config reminders add 'Drink some water' --every "
            "60 --days mon,tue,wed,thu,fri --from 09:00 --to 17:00"
        ),
    )
    add.add_argument("text", metavar="TEXT", help=_("what to remind you of (one line, up to 120)"))
    add.add_argument(
        "--every",
        metavar="MINUTES",
        required=True,
        help=_("minutes between two reminders (5 to 1440)"),
    )
    add.add_argument(
        "--days", metavar="DAYS", default="", help=_("e.g. mon,tue (default: every day)")
    )
    add.add_argument("--from", dest="start", metavar="HH:MM", default="", help=_("not before this"))
    add.add_argument("--to", dest="end", metavar="HH:MM", default="", help=_("not after this"))
    add.add_argument("--disabled", action="store_true", help=_("add it switched off"))
    for name, says in (
        ("remove", N_("remove reminder N")),
        ("enable", N_("switch reminder N on")),
        ("disable", N_("switch reminder N off (it is kept)")),
    ):
        one = what.add_parser(name, help=_(says))
        one.add_argument(
            "number", metavar="N", help=_("its number in `deskstretch config reminders`")
        )
