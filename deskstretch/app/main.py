"""Composition root: builds the app from its parts and runs it.

Start-up order matters for how fast the tray icon appears: the icon is shown
first, everything else (settings watcher, notifier, idle and sleep watchers) is
set up on the first turn of the event loop.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

log = logging.getLogger("deskstretch")

NO_TRAY_REASON = (
    "No system tray was found on this desktop, so DeskStretch shows this window instead. "
    "On GNOME, install the \u201cAppIndicator and KStatusNotifierItem Support\u201d extension "
    "and restart DeskStretch to get a tray icon."
)


# The command lines that only start the app: they skip the CLI grammar (argparse and
# the modules the other commands need), which is start-up time before the tray icon.
_PLAIN_STARTS: dict[tuple[str, ...], bool] = {
    (): False,
    ("run",): False,
    ("-v",): True,
    ("--verbose",): True,
    ("-v", "run"): True,
    ("--verbose", "run"): True,
}


def main(argv: Sequence[str] | None = None) -> int:
    """The ``deskstretch`` command."""
    args = tuple(sys.argv[1:] if argv is None else argv)
    if args in _PLAIN_STARTS:
        return run_app(verbose=_PLAIN_STARTS[args])
    from deskstretch.app.cli import main as cli_main

    try:
        return cli_main(list(args))
    except BrokenPipeError:  # `deskstretch config show | head`: the reader left, not an error
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the exit-time flush does not fail again
        return 0


def run_app(verbose: bool = False) -> int:
    """Start the tray app, or say that one runs already. Returns the exit code.

    Only what the tray icon needs is imported before it is shown; the rest (IPC server,
    log file, scheduler, adapters) is set up right after, by :class:`Shell`.
    """
    from deskstretch.platform.logsetup import setup_logging

    setup_logging(verbose, to_file=False)

    from PySide6.QtWidgets import QApplication

    from deskstretch.app.qtfixes import lighten_pyside_import_hook

    lighten_pyside_import_hook()

    from deskstretch.app.instance import InstanceLock

    app = QApplication.instance() or QApplication(["deskstretch"])
    assert isinstance(app, QApplication)
    app.setApplicationName("DeskStretch")
    app.setApplicationDisplayName("DeskStretch")
    app.setDesktopFileName("io.github.deskstretch.DeskStretch")
    app.setQuitOnLastWindowClosed(False)

    lock = InstanceLock()
    if not lock.acquire():
        from deskstretch.app import ipc

        try:
            ipc.send("ping", timeout_ms=3000)
        except ipc.NotRunning:
            print(
                "Another DeskStretch is starting or not answering; not starting a second one. "
                "If it hangs, end it and start DeskStretch again.",
                file=sys.stderr,
            )
            return 0
        print(
            "DeskStretch is already running (see its tray icon; `deskstretch status` tells more)."
        )
        return 0

    from deskstretch.app.shell import Shell

    shell = Shell(app, lock, verbose=verbose)
    shell.show_first()
    code = app.exec()
    shell.close()
    lock.release()
    log.info("quit with exit code %d", code)
    return code
