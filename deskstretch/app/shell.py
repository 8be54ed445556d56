"""The running app's parts and how they are wired (the GUI half of the composition root)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from deskstretch.app.instance import InstanceLock
from deskstretch.app.qtfixes import release_memory
from deskstretch.ui.controls import ControlsMenu
from deskstretch.ui.icons import app_icon
from deskstretch.ui.tray import TrayIcon

if TYPE_CHECKING:
    from deskstretch.app.protocol import Request

log = logging.getLogger(__name__)

TRAY_RETRY_MS = (3_000, 15_000, 60_000)
SETUP_DELAY_MS = 400


class Shell(QObject):
    """Owns the tray icon (or status window), the IPC server and, once set up, the controller."""

    def __init__(self, app: QApplication, lock: InstanceLock, *, verbose: bool = False) -> None:
        super().__init__()
        self.app = app
        self.lock = lock
        self.verbose = verbose
        self.log_path: Path | None = None
        self.menu = ControlsMenu()
        self.tray: TrayIcon | None = None
        self.status_window: Any = None  # a StatusWindow when there is no tray
        self.controller: Any = None
        self.server: Any = None  # the IpcServer, set up right after the icon is shown
        self._setup_timer = QTimer(self)
        self._setup_timer.setSingleShot(True)
        self._setup_timer.timeout.connect(self._finish_setup)
        self._tray_retry = QTimer(self)
        self._tray_retry.setSingleShot(True)
        self._tray_retry.timeout.connect(self._on_tray_retry_timeout)
        self._tray_tries = 0
        self._setup_error = ""
        self._dialogs: list[Any] = []
        self.store: Any = None
        self.initial_load: Any = None  # the first settings LoadResult, with its problems
        self.watcher: Any = None
        self.sleepwatch: Any = None
        self.menu.quit_requested.connect(self.app.quit)
        self.menu.about_requested.connect(self.show_about)
        self.menu.preferences_requested.connect(self.show_preferences)

    # ------------------------------------------------------------------ start-up
    def show_first(self) -> None:
        """Show the icon (or the status window) now; set up the rest a moment later."""
        self.app.setWindowIcon(app_icon("active"))
        if TrayIcon.available():
            self._show_tray()
        else:
            log.warning("no system tray available: showing the status window")
            self._show_status_window()
            self._tray_retry.start(TRAY_RETRY_MS[0])
        # Let the tray host embed the icon before the heavier set-up (APScheduler, adapters)
        # occupies the event loop: the icon is what the user waits for.
        self._setup_timer.start(SETUP_DELAY_MS)

    def _show_tray(self) -> None:
        self.tray = TrayIcon(self.menu, self)
        self.tray.show()
        log.info("tray icon shown")

    def _show_status_window(self) -> None:
        from deskstretch.ui.status_window import StatusWindow

        self.status_window = StatusWindow(self.menu, self.tr(_no_tray_reason()))
        self.status_window.show()

    def _on_tray_retry_timeout(self) -> None:
        self._tray_tries += 1
        if TrayIcon.available():
            log.info("a system tray appeared: moving to the tray icon")
            self._show_tray()
            if self.controller is not None and self.tray is not None:
                self.controller.add_view(self.tray)
            if self.status_window is not None:
                self.status_window.hide()
            return
        if self._tray_tries < len(TRAY_RETRY_MS):
            self._tray_retry.start(TRAY_RETRY_MS[self._tray_tries])

    def _finish_setup(self) -> None:
        from deskstretch.app import ipc
        from deskstretch.app.assembly import build_controller
        from deskstretch.platform.logsetup import add_file_log, install_excepthook

        self.log_path = add_file_log()
        install_excepthook(self._show_error)
        self.server = ipc.IpcServer(self._handle, self)
        if not self.server.listen():
            log.error("the CLI cannot reach this instance (IPC socket failed)")
        try:
            self.controller = build_controller(self)
        except Exception as exc:
            log.exception("DeskStretch could not set itself up")
            self._setup_error = f"{type(exc).__name__}: {exc}"
            self._show_error(self._setup_error)
            return
        if self.tray is not None:
            self.controller.add_view(self.tray)
        if self.status_window is not None:
            self.controller.add_view(self.status_window)
        self.controller.quit_requested.connect(self.app.quit)
        self.controller.start()
        if self.initial_load is not None:
            from deskstretch.app.assembly import report_load_problems

            report_load_problems(self, self.initial_load)
        release_memory()
        log.info("DeskStretch is up")

    # ------------------------------------------------------------------ IPC
    def _handle(self, request: Request) -> Any:
        from deskstretch.app.protocol import ProtocolError

        if self.controller is None:
            if self._setup_error:
                if request.cmd == "quit":
                    QTimer.singleShot(50, self, self.app.quit)  # after the reply is written
                    return {"message": "DeskStretch is quitting."}
                raise ProtocolError(
                    f"DeskStretch failed to start ({self._setup_error}); see its log"
                )
            raise ProtocolError("DeskStretch is still starting; try again in a moment")
        return self.controller.handle_request(request)

    # ------------------------------------------------------------------ dialogs
    def show_about(self) -> None:
        """The About dialog: version, what works on this desktop, where files live."""
        from deskstretch.ui.about import AboutDialog

        caps = self.controller.services.capabilities() if self.controller is not None else []
        dialog = AboutDialog(
            caps, self.log_path, self.store.path if self.store is not None else None
        )
        self._keep(dialog)
        dialog.show()

    def show_preferences(self) -> None:
        """Open the Preferences dialog (once)."""
        if self.controller is None:
            return
        from deskstretch.app.assembly import open_preferences

        open_preferences(self)

    def _keep(self, dialog: Any) -> None:
        self._dialogs.append(dialog)
        dialog.finished.connect(
            lambda *_: self._dialogs.remove(dialog) if dialog in self._dialogs else None
        )

    def _show_error(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Critical,
            self.tr("DeskStretch: something went wrong"),
            self.tr(
                "DeskStretch hit an unexpected error and kept running.\n\n{msg}\n\n"
                "Details are in the log: {log}"
            ).format(msg=message, log=self.log_path or "-"),
        )
        box.setModal(False)
        self._keep(box)
        box.show()

    def notify_user(self, title: str, body: str) -> None:
        """Tell the user something (settings problems and the like)."""
        if self.controller is not None and self.controller.services.notifier is not None:
            from deskstretch.core.ports import Notice

            self.controller.services.notifier.notify(Notice(summary=title, body=body, tag="info"))
        else:
            log.warning("%s: %s", title, body)

    # ------------------------------------------------------------------ shutdown
    def close(self) -> None:
        """Stop everything (after the event loop ended)."""
        if self.controller is not None:
            self.controller.shutdown()
        if self.sleepwatch is not None:
            self.sleepwatch.stop()
        if self.server is not None:
            self.server.close()
        if self.tray is not None:
            self.tray.hide()


def _no_tray_reason() -> str:
    from deskstretch.app.main import NO_TRAY_REASON

    return NO_TRAY_REASON
