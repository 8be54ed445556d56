"""The ``deskstretch`` command line.

``deskstretch`` alone starts the tray app. The other commands talk to the running
instance over IPC (``status``, ``pause``...) or work on their own (``config``,
``list-stretches``, ``preview``). Exit codes: 0 ok, 2 bad usage or invalid value,
3 the command needs a running instance and none was found.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import Any, NoReturn, TextIO

from deskstretch import APP_NAME, __version__
from deskstretch.app.config_args import add_config_parser
from deskstretch.app.launch import run_app
from deskstretch.i18n import N_, _, ngettext

# The other imports of this module are lazy: each command loads only what it needs
# (``deskstretch status`` neither the settings nor the catalogue nor Qt's widgets).

EXIT_OK = 0
EXIT_REFUSED = 1  # the instance could not do it now (paused, nothing to skip...)
EXIT_USAGE = 2
EXIT_NOT_RUNNING = 3

NOT_RUNNING_HINT = N_(
    "DeskStretch is not running. Start it with `deskstretch` (or from your app menu)."
)

# argparse's own words (headings, the -h help, its commonest errors), in the catalogue so
# that --help and usage errors speak the user's language too. argparse looks them up with
# its module's ``_`` at call time; :func:`_argparse_in_our_language` points that at ours for
# exactly these strings (the others, e.g. those with %r, stay English).
_ARGPARSE_TEXTS = frozenset(
    {
        N_("usage: "),
        N_("positional arguments"),
        N_("options"),
        N_("show this help message and exit"),
        N_("the following arguments are required: %s"),
        N_("unrecognized arguments: %s"),
        N_("argument %(argument_name)s: %(message)s"),
        N_("expected one argument"),
        N_("not allowed with argument %s"),
        N_("one of the arguments %s is required"),
    }
)


def _argparse_text(message: str) -> str:
    return _(message) if message in _ARGPARSE_TEXTS else message


def _argparse_in_our_language() -> None:
    # WORKAROUND: argparse translates only through gettext's global domain (CPython
    # Lib/argparse.py: ``from gettext import gettext as _``), which knows neither our
    # catalogue nor the pseudo-locale.
    argparse._ = _argparse_text  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    """argparse with exit code 2 and a hint on errors (argparse's own default is 2 as well)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(
            EXIT_USAGE,
            _("{prog}: error: {message}\nTry '{prog} --help'.\n").format(
                prog=self.prog, message=message
            ),
        )


def build_parser() -> argparse.ArgumentParser:
    """The full command-line grammar (its texts in the active language)."""
    _argparse_in_our_language()
    parser = _Parser(
        prog="deskstretch",
        description=_(
            "{app}: a tray app that reminds you to take stretch breaks and guides you through "
            "each stretch with an animated figure. Without a command it starts the tray app."
        ).format(app=APP_NAME),
        epilog=_("Exit codes: 0 ok, 2 bad usage or invalid value, 3 no running instance."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{APP_NAME} {__version__}",
        help=_("print the version and exit"),
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help=_("log more detail (debug level)")
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    sub.add_parser("run", help=_("start the tray app (the default when no command is given)"))
    p = sub.add_parser("status", help=_("show what the running app will do next"))
    p.add_argument("--json", action="store_true", help=_("print one JSON object"))
    p = sub.add_parser("stretch", help=_("start a stretch now (the next in rotation, or ID)"))
    p.add_argument("id", nargs="?", help=_("a stretch id (see list-stretches)"))
    p = sub.add_parser(
        "pause",
        help=_(
            "pause reminders: for a DURATION (90s, 30m, 1h30m), until-tomorrow, or indefinitely"
        ),
    )
    p.add_argument(
        "until", nargs="?", default="indefinitely", metavar="DURATION|until-tomorrow|indefinitely"
    )
    sub.add_parser("resume", help=_("resume reminders after a pause"))
    sub.add_parser("skip", help=_("skip the break on screen, or else the one that comes next"))
    sub.add_parser("snooze", help=_("put off the break that comes next by the snooze time"))
    p = sub.add_parser("micro", help=_("show a micro-break now, or skip the next one"))
    p.add_argument("action", nargs="?", choices=("now", "skip"), default="now")
    p = sub.add_parser("list-stretches", help=_("list the stretches and their ids"))
    p.add_argument("--json", action="store_true", help=_("print a JSON array"))
    sub.add_parser("quit", help=_("quit the running app"))
    p = sub.add_parser(
        "preview",
        help=_(
            "render a stretch, or a routine file before adding it, to PNG frames (no display "
            "needed)"
        ),
    )
    p.add_argument(
        "id", metavar="ID|FILE", help=_("a stretch id (see list-stretches) or a routine file")
    )
    p.add_argument("--out", required=True, help=_("folder for the frames and contact-sheet.png"))
    p.add_argument("--size", default="800x600", help=_("frame size WxH (default 800x600)"))
    p.add_argument("--fps", type=int, default=30, help=_("frames per second (default 30)"))
    p.add_argument("--theme", choices=("light", "dark"), default="light")
    p.add_argument(
        "--sheet",
        choices=("all", "first-rep"),
        default="all",
        help=_("contact sheet of every phase (default) or of the first rep only"),
    )
    add_config_parser(sub)
    p = sub.add_parser("routines", help=_("your own routines: check, add, list, remove, export"))
    what = p.add_subparsers(dest="routines_command", metavar="ACTION", required=True)
    q = what.add_parser(
        "check", help=_("report every problem of a routine file (installs nothing)")
    )
    q.add_argument("file", metavar="FILE")
    q = what.add_parser("add", help=_("check a routine file and install it for this user"))
    q.add_argument("file", metavar="FILE")
    q.add_argument(
        "--replace", action="store_true", help=_("replace an installed routine with the same id")
    )
    what.add_parser("list", help=_("the routines folder and the routines installed in it"))
    q = what.add_parser("remove", help=_("delete one of your routines"))
    q.add_argument("id", metavar="ID")
    q = what.add_parser("export", help=_("write any stretch (built-in or yours) as a routine file"))
    q.add_argument("id", metavar="ID")
    q.add_argument("file", metavar="FILE", nargs="?", help=_("standard output without FILE"))
    p = sub.add_parser("stats", help=_("your break statistics (the Progress window's figures)"))
    p.add_argument("--days", type=int, default=28, help=_("how many days back (default 28)"))
    p.add_argument("--json", action="store_true", help=_("print one JSON object"))
    p = sub.add_parser("history", help=_("the break history: where it is, export it, forget it"))
    what = p.add_subparsers(dest="history_command", metavar="ACTION", required=True)
    what.add_parser("path", help=_("print where the history file is"))
    p = what.add_parser("export", help=_("write every recorded event as CSV or JSON"))
    p.add_argument("--format", choices=("csv", "json"), default="csv", help=_("csv (default)"))
    p.add_argument("--out", metavar="FILE", help=_("write to FILE instead of standard output"))
    p = what.add_parser("forget", help=_("delete recorded events: all, or those before a day"))
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true", help=_("delete the whole history"))
    which.add_argument("--before", metavar="YYYY-MM-DD", help=_("delete the days before this one"))
    return parser


def _print(text: str, out: TextIO | None = None) -> None:
    print(text, file=out or sys.stdout)


def _local(iso: str | None) -> str:
    """ "Mon 14:30": the CLI keeps a fixed, ISO-like time (no Qt locale here); only the
    day's name is translated."""
    if not iso:
        return "-"
    when = datetime.fromisoformat(iso)
    # TRANSLATORS: a day and a time in `deskstretch status`, "Mon 14:30".
    return _("{day} {time}").format(day=_(_DAYS[when.weekday()]), time=when.strftime("%H:%M"))


_DAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def _minutes(seconds: int | None) -> str:
    if seconds is None:
        return ""
    if seconds < 60:
        return ngettext("in {n} s", "in {n} s", seconds).format(n=seconds)
    minutes = round(seconds / 60)
    if minutes < 120:
        return ngettext("in {n} min", "in {n} min", minutes).format(n=minutes)
    rest = minutes % 60
    return ngettext("in {h} h {m:02d} min", "in {h} h {m:02d} min", rest).format(
        h=minutes // 60, m=rest
    )


def format_status(status: dict[str, Any]) -> str:
    """The human-readable ``status`` output."""
    state = status.get("state", "?")
    lines = [
        _("{app} is running: {summary}.").format(
            app=APP_NAME, summary=status.get("summary") or state
        )
    ]
    if status.get("next_break"):
        names = ", ".join(status.get("next_stretches", [])) or _("next in rotation")
        lines.append(
            _("Next break: {time} ({when}) - {names}").format(
                time=_local(status["next_break"]),
                when=_minutes(status.get("seconds_to_next_break")),
                names=names,
            )
        )
    if status.get("next_micro_break"):
        lines.append(
            _("Next micro-break: {time} ({when})").format(
                time=_local(status["next_micro_break"]),
                when=_minutes(status.get("seconds_to_next_micro_break")),
            )
        )
    if status.get("micro_shown_as") == "notification":
        lines.append(
            _("Micro-breaks show as notifications here: this desktop would focus a panel.")
        )
    if status.get("paused_until"):
        lines.append(_("Paused until: {time}").format(time=_local(status["paused_until"])))
    # The reasons are English keys in the JSON; people read them translated.
    reasons = status.get("hold_reasons") or (
        [status["hold_reason"]] if status.get("hold_reason") else []
    )
    if reasons:
        lines.append(
            _("Waiting because of: {reasons}").format(reasons=", ".join(_(r) for r in reasons))
        )
    if status.get("idle_aware") is False:
        lines.append(
            _(
                "Time away is not measured here (idle time cannot be read or natural breaks are "
                "off): breaks count wall-clock time."
            )
        )
    today = status.get("today") or {}
    lines.append(
        _(
            "Today: {taken} taken, {skipped} skipped, {snoozed} snoozed; micro-breaks: "
            "{micro_done} done, {micro_skipped} skipped"
        ).format(
            taken=today.get("taken", 0),
            skipped=today.get("skipped", 0),
            snoozed=today.get("snoozed", 0),
            micro_done=today.get("micro_done", 0),
            micro_skipped=today.get("micro_skipped", 0),
        )
    )
    for cap in status.get("capabilities", []):
        if cap.get("available"):
            line = _("{name}: ok - {detail}")
        else:
            line = _("{name}: not available - {detail}")
        lines.append("  " + line.format(name=cap.get("name"), detail=cap.get("detail")))
    return "\n".join(lines)


def _pause_args(text: str) -> dict[str, Any]:
    if text in ("until-tomorrow", "tomorrow"):
        return {"mode": "until-tomorrow"}
    if text in ("indefinitely", "forever", "until-resumed"):
        return {"mode": "indefinitely"}
    from deskstretch.core.durations import parse_duration

    seconds = int(parse_duration(text).total_seconds())
    return {"mode": "duration", "seconds": seconds}


def _client(cmd: str, args: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """Send a request; None when no instance runs."""
    from deskstretch.app import ipc

    try:
        return ipc.send(cmd, args)
    except ipc.NotRunning:
        return None


def run_client_command(ns: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run a command that talks to the running instance."""
    cmd: str = ns.command
    args: dict[str, Any] = {}
    if cmd == "pause":
        try:
            args = _pause_args(ns.until)
        except ValueError as exc:
            _print(f"deskstretch pause: {exc}", err)
            _print(
                _("Use a duration like 90s, 30m or 1h30m, or until-tomorrow, or indefinitely."),
                err,
            )
            return EXIT_USAGE
    if cmd == "stretch" and ns.id:
        from deskstretch.app.routines import load_stretches

        catalogue = load_stretches()
        if catalogue.get(ns.id) is None:
            _print(_("deskstretch stretch: unknown stretch {id}.").format(id=repr(ns.id)), err)
            _print(_("Known stretches: {ids}").format(ids=", ".join(catalogue.ids)), err)
            return EXIT_USAGE
        args = {"id": ns.id}
    if cmd == "micro":
        args = {"action": ns.action}
    reply = _client(cmd, args)
    if reply is None:
        if cmd == "stretch":
            from deskstretch.app.standalone import run_standalone_stretch

            return run_standalone_stretch(ns.id)
        _print(_(NOT_RUNNING_HINT), err)
        return EXIT_NOT_RUNNING
    if not reply["ok"]:
        _print(f"deskstretch {cmd}: {reply.get('error')}", err)
        return EXIT_USAGE
    result = reply.get("result")
    if cmd == "status":
        status = result if isinstance(result, dict) else {}
        _print(json.dumps(status, indent=2) if ns.json else format_status(status), out)
    elif isinstance(result, dict) and result.get("done") is False:
        _print(f"deskstretch {cmd}: {result.get('message')}", err)
        return EXIT_REFUSED
    elif isinstance(result, dict) and result.get("message"):
        _print(str(result["message"]), out)
    return EXIT_OK


def list_stretches(as_json: bool, out: TextIO, err: TextIO | None = None) -> int:
    """Print the stretches, the user's routines too (works without a running instance)."""
    from deskstretch.app.routines import load_stretches

    catalogue = load_stretches()
    rows: list[dict[str, Any]] = [
        {
            "id": s.id,
            "name": s.name,
            "position": s.position,
            "equipment": list(s.equipment),
            "place": s.place,
            "yours": not s.builtin,
            "sides": s.sides,
            "reps": s.reps,
            "purpose": s.purpose,
        }
        for s in catalogue.stretches
    ]
    if as_json:
        _print(json.dumps(rows, indent=2), out)
    else:
        width = max(len(r["id"]) for r in rows) if rows else 0
        for r in rows:
            # The place, position and equipment are the stretch files' tags (like the id);
            # the name comes translated from the stretch file.
            equipment = ", ".join(r["equipment"]) or _("no equipment")
            mine = "  " + _("[yours]") if r["yours"] else ""
            _print(
                f"{r['id']:<{width}}  {r['place']:<5}  {r['name']} ({r['position']}, "
                f"{equipment}){mine}",
                out,
            )
    for problem in catalogue.problems:
        _print(_("warning: {problem}").format(problem=problem), err or sys.stderr)
    return EXIT_OK


CLIENT_COMMANDS = ("status", "stretch", "pause", "resume", "skip", "snooze", "micro", "quit")


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Parse and dispatch; returns the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    _install_language()
    parser = build_parser()
    ns = parser.parse_args(argv)
    if ns.command in CLIENT_COMMANDS:
        return run_client_command(ns, out, err)
    if ns.command == "list-stretches":
        return list_stretches(ns.json, out, err)
    if ns.command == "config":
        from deskstretch.app.config_cli import run_config

        def notify_running() -> bool:
            return _client("reload-settings") is not None

        return run_config(ns, out=out, err=err, notify_running=notify_running)
    if ns.command == "stats":
        if not 1 <= ns.days <= 3650:
            _print(_("deskstretch stats: --days must be between 1 and 3650"), err)
            return EXIT_USAGE
        from deskstretch.app.stats_cli import run_stats

        return run_stats(ns.days, ns.json, out=out, err=err)
    if ns.command == "history":
        from deskstretch.app.history_cli import run_history

        return run_history(ns, out=out, err=err)
    if ns.command == "routines":
        from deskstretch.app.routines_cli import run_routines

        return run_routines(ns, out=out, err=err, client=_client)
    if ns.command == "preview":
        from deskstretch.app.preview import run_preview

        try:
            w, h = (int(v) for v in ns.size.lower().split("x"))
            if not (16 <= w <= 8192 and 16 <= h <= 8192):
                raise ValueError
        except ValueError:
            _print(
                _("deskstretch preview: --size must be WxH between 16 and 8192, not {size}").format(
                    size=repr(ns.size)
                ),
                err,
            )
            return EXIT_USAGE
        if not 1 <= ns.fps <= 120:
            _print(_("deskstretch preview: --fps must be between 1 and 120"), err)
            return EXIT_USAGE
        from pathlib import Path

        return run_preview(
            ns.id,
            Path(ns.out),
            size=(w, h),
            fps=ns.fps,
            theme=ns.theme,
            first_rep_sheet=ns.sheet == "first-rep",
        )
    return run_app(verbose=ns.verbose)


def _install_language() -> None:
    """The CLI speaks the language of ``general.language`` (the system's by default)."""
    from deskstretch import i18n
    from deskstretch.platform.paths import config_dir
    from deskstretch.settings.peek import language_setting

    i18n.install(language_setting(config_dir() / "settings.toml").replace("system", ""))
