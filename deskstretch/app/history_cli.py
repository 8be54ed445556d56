"""``deskstretch history path | export | forget``: the break history from the command line.

Works with or without a running DeskStretch and never blocks it: ``export`` reads
through a read-only connection (the file is in WAL mode, so the app keeps writing while
it reads), ``forget`` writes in one short transaction and waits up to a few seconds for
a write of the app's to end. Neither creates the file: without one they say "No history
yet" and exit 0. Exit codes: 0 done, 1 the history could not be read or changed, 2 bad
usage (a bad date). The grammar is in :func:`deskstretch.app.cli.build_parser`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import tempfile
from datetime import date
from pathlib import Path
from typing import TextIO

from deskstretch.i18n import _, ngettext
from deskstretch.platform.history_db import CLI_BUSY_TIMEOUT_MS, HistoryDB, HistoryError
from deskstretch.platform.paths import history_path

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def _say(text: str, stream: TextIO) -> None:
    stream.write(text + "\n")


def run_history(ns: argparse.Namespace, *, out: TextIO, err: TextIO) -> int:
    """Run ``deskstretch history <action>``; returns the exit code."""
    path = history_path()
    action: str = ns.history_command
    if action == "path":
        _say(str(path), out)
        return EXIT_OK
    if action == "forget":
        before: date | None = None
        if not ns.all:
            try:
                before = date.fromisoformat(ns.before)
            except ValueError:
                _say(
                    _(
                        "deskstretch history forget: --before needs a date as YYYY-MM-DD (like "
                        "2026-01-31), not {value}. Nothing was deleted."
                    ).format(value=repr(ns.before)),
                    err,
                )
                return EXIT_USAGE
        if not path.is_file():
            _say(
                _("No history yet ({path} does not exist); nothing to forget.").format(path=path),
                out,
            )
            return EXIT_OK
        return _forget(path, before, out, err)
    if not path.is_file():
        _say(_("No history yet ({path} does not exist).").format(path=path), err)
        return EXIT_OK
    return _export(path, ns.format, ns.out, out, err)


def _forget(path: Path, before: date | None, out: TextIO, err: TextIO) -> int:
    db = HistoryDB.open(path, busy_timeout_ms=CLI_BUSY_TIMEOUT_MS)
    try:
        if db.problem and db.writable:  # e.g. a damaged file was set aside: say so
            _say(db.problem, err)
        try:
            removed = db.forget(before)
        except HistoryError as exc:
            _say(
                _("deskstretch history forget: {problem} Nothing was deleted.").format(problem=exc),
                err,
            )
            return EXIT_FAILED
    finally:
        db.close()
    if before is None:
        text = ngettext(
            "Deleted {n} record: the history is empty.",
            "Deleted {n} records: the history is empty.",
            removed,
        )
    else:
        text = ngettext(
            "Deleted {n} record from before {day}.",
            "Deleted {n} records from before {day}.",
            removed,
        )
    # Dates stay ISO (YYYY-MM-DD) on the command line, as --before takes them.
    _say(text.format(n=removed, day=before.isoformat() if before else ""), out)
    return EXIT_OK


def _export(path: Path, fmt: str, target: str | None, out: TextIO, err: TextIO) -> int:
    db = HistoryDB.open(path, read_only=True, busy_timeout_ms=CLI_BUSY_TIMEOUT_MS)
    try:
        if db.problem:
            _say(db.problem, err)
            if not db.readable:
                return EXIT_FAILED
        if not db.readable:  # an empty file: nothing was ever recorded
            _say(_("No history yet."), err)
            return EXIT_OK
        if target is None:
            db.export("csv" if fmt == "csv" else "json", out)
            return EXIT_OK
        return _export_to_file(db, fmt, Path(target), out, err)
    finally:
        db.close()


def _export_to_file(db: HistoryDB, fmt: str, target: Path, out: TextIO, err: TextIO) -> int:
    """Write to a temporary file beside ``target``, then put it in place: never half a file."""
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            count = db.export("csv" if fmt == "csv" else "json", fh)
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        _say(
            _("deskstretch history export: cannot write {path}: {error}").format(
                path=target, error=exc.strerror or exc
            ),
            err,
        )
        return EXIT_FAILED
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    _say(
        ngettext("Exported {n} record to {path}.", "Exported {n} records to {path}.", count).format(
            n=count, path=target
        ),
        out,
    )
    return EXIT_OK
