"""Running the tray app: one instance per session, the tray icon first.

``deskstretch`` (and ``deskstretch run``) come here. Only what the tray icon needs is
imported before it is shown; the rest (IPC server, log file, scheduler, adapters) is
set up on the first turn of the event loop by :class:`deskstretch.app.shell.Shell`.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

log = logging.getLogger("deskstretch")


def run_app(verbose: bool = False) -> int:
    """Start the tray app, or say that one runs already. Returns the exit code."""
    # Imports are lazy here: importing this module costs nothing, and each import below
    # happens in start-up order (PySide6's import hook is lightened before the GUI modules).
    from deskstretch.platform.logsetup import setup_logging

    setup_logging(verbose, to_file=False)

    from PySide6.QtWidgets import QApplication

    from deskstretch.app.qtfixes import lighten_pyside_import_hook

    lighten_pyside_import_hook()

    from deskstretch import DESKTOP_ID
    from deskstretch.app.instance import InstanceLock
    from deskstretch.i18n import _

    app = QApplication.instance() or QApplication(["deskstretch"])
    assert isinstance(app, QApplication)
    app.setApplicationName("DeskStretch")
    app.setApplicationDisplayName("DeskStretch")
    app.setDesktopFileName(DESKTOP_ID)
    app.setQuitOnLastWindowClosed(False)
    _apply_language(app)

    lock = InstanceLock()
    if not lock.acquire():
        from deskstretch.app import ipc

        try:
            ipc.send("ping", timeout_ms=3000)
        except ipc.NotRunning:
            print(
                _(
                    "Another DeskStretch is starting or not answering; not starting a second "
                    "one. If it hangs, end it and start DeskStretch again."
                ),
                file=sys.stderr,
            )
            return 0
        print(
            _(
                "DeskStretch is already running (see its tray icon; `deskstretch status` tells "
                "more)."
            )
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


def _apply_language(app: QApplication) -> None:
    """The language of ``general.language`` (the system's by default), before any text shows."""
    from deskstretch.platform.paths import config_dir
    from deskstretch.settings.peek import language_setting
    from deskstretch.ui.language import apply

    setting = language_setting(config_dir() / "settings.toml")
    log.info("language: %s (general.language = %s)", apply(app, setting), setting)
