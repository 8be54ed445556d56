"""The running app's parts and how they are wired (the GUI half of the composition root)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from deskstretch.app.instance import InstanceLock
from deskstretch.app.qtfixes import release_memory
from deskstretch.i18n import N_, _
from deskstretch.ui.controls import ControlsMenu
from deskstretch.ui.icons import app_icon
from deskstretch.ui.tray import TrayIcon

# Imports inside methods are lazy on purpose: this module loads before the tray icon is
# shown, and everything that is not the icon (IPC, adapters, dialogs) waits until it is.
if TYPE_CHECKING:
    from PySide6.QtGui import QPixmap
    from PySide6.QtWidgets import QWidget

    from deskstretch.app.assembly import Assembly
    from deskstretch.app.controller import Controller
    from deskstretch.app.ipc import IpcServer
    from deskstretch.app.protocol import Request
    from deskstretch.settings.model import Preferences
    from deskstretch.settings.store import LoadResult
    from deskstretch.ui.status_window import StatusWindow

log = logging.getLogger(__name__)

TRAY_RETRY_MS = (3_000, 15_000, 60_000)
SETUP_DELAY_MS = 400

NO_TRAY_REASON = N_(
    "No system tray was found on this desktop, so DeskStretch shows this window instead. "
    "On GNOME, install the \u201cAppIndicator and KStatusNotifierItem Support\u201d extension "
    "and restart DeskStretch to get a tray icon."
)


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
        self._contrast_followed = False
        # when there is no tray, or once the tray icon was clicked
        self.status_window: StatusWindow | None = None
        self.server: IpcServer | None = None  # set up right after the icon is shown
        self.parts: Assembly | None = None  # the controller and its adapters, once set up
        self._setup_timer = QTimer(self)
        self._setup_timer.setSingleShot(True)
        self._setup_timer.timeout.connect(self._finish_setup)
        self._tray_retry = QTimer(self)
        self._tray_retry.setSingleShot(True)
        self._tray_retry.timeout.connect(self._on_tray_retry_timeout)
        self._tray_tries = 0
        self._setup_error = ""
        self._dialogs: list[QDialog] = []
        self.menu.quit_requested.connect(self.app.quit)
        self.menu.about_requested.connect(self.show_about)
        self.menu.preferences_requested.connect(self.show_preferences)
        self.menu.progress_requested.connect(self.show_progress)
        self._progress: QWidget | None = None

    @property
    def controller(self) -> Controller | None:
        """The controller, once set up."""
        return self.parts.controller if self.parts is not None else None

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
        self.tray.status_requested.connect(self.toggle_status_window)
        self.tray.show()
        log.info("tray icon shown")

    def follow_desktop_contrast(self) -> None:
        """Qt's own widgets (Preferences, About) in high contrast when the desktop asks for it.

        Asked when the first window opens, not at start-up: Qt's accessibility hints cost the
        idle tray app 1.5 MB. DeskStretch's own drawing (stretch window, figure, ring) asks for
        itself when it draws.
        """
        if self._contrast_followed:
            return
        self._contrast_followed = True
        from deskstretch.ui.style import apply_high_contrast

        if apply_high_contrast(self.app):
            log.info("high contrast: the desktop asks for it; DeskStretch's palette applied")

    def _show_status_window(self) -> None:
        from deskstretch.ui.status_window import StatusWindow

        self.follow_desktop_contrast()

        self.status_window = StatusWindow(self.menu, _(NO_TRAY_REASON))
        self.status_window.show()

    def toggle_status_window(self) -> None:
        """A click on the tray icon: the status window, by the pointer (a second click hides it).

        Made on the first click, not at start-up: the idle tray app does not carry it.
        """
        if self.status_window is None:
            from deskstretch.ui.status_window import StatusWindow

            self.follow_desktop_contrast()
            self.status_window = StatusWindow(self.menu, "")
            if self.controller is not None:
                self.controller.add_view(self.status_window)
        self.status_window.toggle_near_pointer()

    def _on_tray_retry_timeout(self) -> None:
        self._tray_tries += 1
        if TrayIcon.available():
            log.info("a system tray appeared: moving to the tray icon")
            self._show_tray()
            if self.controller is not None and self.tray is not None:
                self.controller.add_view(self.tray)
            if self.status_window is not None:
                self.status_window.hide()
                self.status_window.set_reason("")  # the tray icon opens it from now on
            return
        if self._tray_tries < len(TRAY_RETRY_MS):
            self._tray_retry.start(TRAY_RETRY_MS[self._tray_tries])

    def _tray_message(self, title: str, body: str, timeout_ms: int) -> bool:
        return self.tray.show_message(title, body, timeout_ms) if self.tray is not None else False

    def _tray_shown(self) -> bool:
        return self.tray is not None

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
            parts = build_controller(
                self, self.menu, tray_message=self._tray_message, tray_shown=self._tray_shown
            )
        except Exception as exc:
            log.exception("DeskStretch could not set itself up")
            self._setup_error = f"{type(exc).__name__}: {exc}"
            self._show_error(self._setup_error)
            return
        self.parts = parts
        controller = parts.controller
        parts.watcher.changed.connect(self.reload_settings)
        controller.reload_settings_requested.connect(self.reload_settings)
        if self.tray is not None:
            controller.add_view(self.tray)
        if self.status_window is not None:
            controller.add_view(self.status_window)
        controller.quit_requested.connect(self.app.quit)
        controller.start()
        self._report_load_problems(parts.initial_load)
        release_memory()
        log.info("DeskStretch is up")

    # ------------------------------------------------------------------ IPC
    def _handle(self, request: Request) -> object:
        from deskstretch.app.protocol import ProtocolError

        if self.controller is None:
            if self._setup_error:
                if request.cmd == "quit":
                    QTimer.singleShot(50, self, self.app.quit)  # after the reply is written
                    return {"message": _("{app} is quitting.").format(app="DeskStretch")}
                raise ProtocolError(
                    _("DeskStretch failed to start ({error}); see its log").format(
                        error=self._setup_error
                    )
                )
            raise ProtocolError(_("DeskStretch is still starting; try again in a moment"))
        return self.controller.handle_request(request)

    # ------------------------------------------------------------------ settings
    def _report_load_problems(self, result: LoadResult) -> None:
        """One clear message for what went wrong reading the settings (each problem is logged)."""
        for problem in result.problems:
            log.warning(
                "settings: %s%s", f"{problem.key}: " if problem.key else "", problem.message
            )
        messages = [p.message for p in result.problems]
        if result.read_only:
            messages.append(
                _(
                    "Your settings file was written by a newer DeskStretch; "
                    "changes will not be saved."
                )
            )
        if messages:
            self.notify_user(_("DeskStretch settings"), "\n".join(messages[:4]))

    def reload_settings(self) -> None:
        """Re-read the settings file; an invalid edit keeps what was there, with a message."""
        if self.parts is None:
            return
        controller = self.parts.controller
        result = self.parts.store.load(fallback=controller.prefs)
        self._report_load_problems(result)
        if result.prefs != controller.prefs:
            log.info("settings changed on disk; applying")
            self._apply_to_session(result.prefs)

    def _apply_to_session(self, prefs: Preferences) -> None:
        """Use ``prefs`` from now on: planner rules, sound cue, start at login."""
        from deskstretch.app.assembly import pick_sound

        assert self.parts is not None
        controller = self.parts.controller
        if prefs.general.sound != controller.prefs.general.sound:
            controller.services.sound = pick_sound(prefs.general.sound)
        controller.apply_preferences(prefs)
        self._sync_autostart(prefs)

    def _sync_autostart(self, prefs: Preferences) -> None:
        from deskstretch.platform.autostart import pick_autostart

        try:
            autostart = pick_autostart()
            if prefs.general.autostart and not autostart.is_enabled():
                autostart.enable()
            elif not prefs.general.autostart and autostart.is_enabled():
                autostart.disable()
        except OSError as exc:
            self.notify_user(
                _("DeskStretch"),
                _("Could not change start at login: {e}").format(e=exc),
            )

    # ------------------------------------------------------------------ dialogs
    def show_about(self) -> None:
        """The About dialog: version, what works on this desktop, where files live."""
        from deskstretch.platform.paths import history_path
        from deskstretch.ui.about import AboutDialog

        self.follow_desktop_contrast()

        caps = self.controller.services.capabilities() if self.controller is not None else []
        dialog = AboutDialog(
            caps,
            self.log_path,
            self.parts.store.path if self.parts is not None else None,
            history_path=history_path(),
            on_progress=self.show_progress,
        )
        self._keep(dialog)
        dialog.show()

    def show_progress(self) -> None:
        """The Progress window, drawn from the record when it opens (a second ask raises it)."""
        controller = self.controller
        if controller is None:
            return
        from PySide6.QtCore import Qt

        from deskstretch.core.stats import summarize
        from deskstretch.ui.progress import ProgressWindow
        from deskstretch.ui.style import desktop_is_dark

        self.follow_desktop_contrast()

        zone = controller.clock.local_zone()
        today = controller.clock.now().astimezone(zone).date()
        summary = summarize(
            controller.recorder.records(),
            today,
            days=28,
            streak_breaks=controller.prefs.history.streak_breaks,
            zone=zone,
        )
        names = {s.id: s.name for s in controller.catalogue.stretches}
        window = self._progress
        if isinstance(window, ProgressWindow) and window.isVisible():
            window.render(summary)
        else:
            window = ProgressWindow(summary, names, dark=desktop_is_dark())
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.destroyed.connect(self._on_progress_destroyed)
            self._progress = window
        window.show()
        window.raise_()
        window.activateWindow()

    def _on_progress_destroyed(self) -> None:
        self._progress = None

    def show_preferences(self) -> None:
        """Show the Preferences dialog and apply what the user chose."""
        if self.parts is None:
            return
        from deskstretch.ui.preferences import PreferencesDialog, stretch_detail

        self.follow_desktop_contrast()
        parts = self.parts
        controller = parts.controller
        load = parts.store.load(fallback=controller.prefs)

        def apply(prefs: Preferences) -> None:
            parts.watcher.ignore_next_change()
            error = (
                controller.services.save_preferences(prefs)
                if controller.services.save_preferences
                else None
            )
            self._apply_to_session(prefs)
            if error:
                self.notify_user(
                    _("DeskStretch could not save your settings"),
                    _("They apply until you quit. {reason}").format(reason=error),
                )

        names = {s.id: s.name for s in controller.catalogue.stretches}
        details = {
            s.id: stretch_detail(s.place, s.position, s.equipment, yours=not s.builtin)
            for s in controller.catalogue.stretches
        }
        chosen = PreferencesDialog.ask(
            controller.prefs,
            locked=load.locked,
            defaults=load.defaults,
            stretch_ids=controller.catalogue.ids,
            stretch_names=names,
            stretch_details=details,
            thumbnails=_thumbnail_factory(controller),
            apply=apply,
            benched=controller.current_benched(),
            restore=controller.restore_stretch,
        )
        if chosen is not None and chosen != controller.prefs:
            apply(chosen)

    def _keep(self, dialog: QDialog) -> None:
        self._dialogs.append(dialog)
        dialog.finished.connect(
            lambda *_: self._dialogs.remove(dialog) if dialog in self._dialogs else None
        )

    def _show_error(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Critical,
            _("Something went wrong"),
            _(
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
        if self.parts is not None:
            self.parts.sleepwatch.stop()
        if self.server is not None:
            self.server.close()
        if self.tray is not None:
            self.tray.hide()


def _thumbnail_factory(controller: Controller) -> Callable[[str], QPixmap | None] | None:
    try:
        from deskstretch.ui.thumbnails import stretch_thumbnail
    except ImportError:
        return None

    def thumb(stretch_id: str) -> QPixmap | None:
        stretch = controller.catalogue.get(stretch_id)
        return stretch_thumbnail(stretch) if stretch is not None else None

    return thumb
