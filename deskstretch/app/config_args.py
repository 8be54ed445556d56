"""The ``config`` command's grammar, kept apart from its (heavier) implementation in
:mod:`deskstretch.app.config_cli` so that building the CLI parser stays cheap at start-up."""

from __future__ import annotations

import argparse
from typing import Any


def add_config_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``config`` command to the main parser's sub-commands and return it."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "config",
        help="read and change settings (path, show, get, set, reset)",
        description="Read and change DeskStretch settings. A running DeskStretch applies "
        "changes at once. `deskstretch config show` lists every key.",
        epilog="Exit codes: 0 done, 1 could not save, 2 unknown key, invalid value or locked key.",
    )
    actions = parser.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    actions.add_parser("path", help="print where the settings file is")
    actions.add_parser("show", help="print every setting; non-defaults and locked keys are marked")
    get = actions.add_parser("get", help="print one setting")
    get.add_argument("key", metavar="KEY", help="e.g. breaks.interval_minutes")
    put = actions.add_parser("set", help="change one setting (checked before anything is written)")
    put.add_argument("key", metavar="KEY", help="e.g. breaks.interval_minutes")
    put.add_argument("value", metavar="VALUE", help="e.g. 45, true, 09:30, mon,tue,wed")
    reset = actions.add_parser("reset", help="put one setting (or all of them) back to the default")
    reset.add_argument("key", metavar="KEY", nargs="?", help="the setting; all of them if left out")
    return parser
