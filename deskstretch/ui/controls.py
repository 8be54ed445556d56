"""The controls menu shared by the tray icon and the no-tray status window."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from deskstretch.core.pause import PauseMode
from deskstretch.i18n import N_, _
from deskstretch.ui.viewstate import ControlsState

PAUSE_CHOICES: tuple[tuple[str, PauseMode, int], ...] = (
    # (label, mode, seconds)
    (N_("For 30 minutes"), "duration", 30 * 60),
    (N_("For 1 hour"), "duration", 60 * 60),
    (N_("For 2 hours"), "duration", 2 * 60 * 60),
    (N_("Until tomorrow"), "until-tomorrow", 0),
    (N_("Until I resume"), "indefinitely", 0),
)


class ControlsMenu(QMenu):
    """Stretch now, Pause / Resume, Skip next break, Preferences, About, Quit.

    It renders a :class:`ControlsState` and emits what the user asked for; it
    decides nothing itself.
    """

    stretch_requested = Signal(str)  # "" = the next stretch in rotation
    pause_requested = Signal(str, int)  # mode, seconds
    resume_requested = Signal()
    skip_requested = Signal()
    snooze_requested = Signal()
    micro_requested = Signal()
    preferences_requested = Signal()
    progress_requested = Signal()
    about_requested = Signal()
    quit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("DeskStretch")
        self.next_action = self.addAction("")
        self.next_action.setEnabled(False)
        self.micro_line_action = self.addAction("")
        self.micro_line_action.setEnabled(False)
        self.micro_line_action.setVisible(False)
        self.addSeparator()

        self.stretch_menu = self.addMenu(_("Stretch now"))
        self.stretch_next_action = self.stretch_menu.addAction(_("Next in rotation"))
        self.stretch_next_action.triggered.connect(lambda: self.stretch_requested.emit(""))
        self.stretch_menu.addSeparator()
        self._stretch_actions: dict[str, QAction] = {}
        self.micro_action = self.addAction(_("Micro-break now"))
        self.micro_action.triggered.connect(self.micro_requested)

        self.pause_menu = self.addMenu(_("Pause"))
        self.pause_actions: list[QAction] = []
        for label, mode, seconds in PAUSE_CHOICES:
            action = self.pause_menu.addAction(_(label))
            action.triggered.connect(
                lambda _checked=False, m=mode, s=seconds: self.pause_requested.emit(m, s)
            )
            self.pause_actions.append(action)
        self.resume_action = self.addAction(_("Resume"))
        self.resume_action.triggered.connect(self.resume_requested)
        self.snooze_action = self.addAction(_("Snooze upcoming break"))
        self.snooze_action.triggered.connect(self.snooze_requested)
        self.skip_action = self.addAction(_("Skip next break"))
        self.skip_action.triggered.connect(self.skip_requested)
        self.addSeparator()
        self.progress_action = self.addAction(_("Your progress…"))
        self.progress_action.triggered.connect(self.progress_requested)
        self.preferences_action = self.addAction(_("Preferences…"))
        self.preferences_action.triggered.connect(self.preferences_requested)
        self.about_action = self.addAction(_("About DeskStretch"))
        self.about_action.triggered.connect(self.about_requested)
        self.quit_action = self.addAction(_("Quit DeskStretch"))
        self.quit_action.triggered.connect(self.quit_requested)

    def show_state(self, state: ControlsState) -> None:
        """Show ``state``."""
        self.next_action.setText(state.next_line)
        self.micro_line_action.setText(state.micro_line)
        self.micro_line_action.setVisible(bool(state.micro_line))
        self.micro_action.setEnabled(state.can_micro)
        if state.next_stretch_name:
            self.stretch_next_action.setText(
                _("Next in rotation: {name}").format(name=state.next_stretch_name)
            )
        self._set_stretches(state.stretches)
        self.pause_menu.menuAction().setVisible(not state.paused)
        self.resume_action.setVisible(state.paused)
        self.skip_action.setText(state.skip_label)
        self.skip_action.setEnabled(state.can_skip)
        self.snooze_action.setVisible(state.can_snooze)
        self.stretch_menu.setEnabled(not state.in_break)

    def _set_stretches(self, stretches: tuple[tuple[str, str], ...]) -> None:
        if tuple((k, a.text()) for k, a in self._stretch_actions.items()) == stretches:
            return
        for action in self._stretch_actions.values():
            self.stretch_menu.removeAction(action)
            action.deleteLater()
        self._stretch_actions = {}
        for stretch_id, name in stretches:
            action = self.stretch_menu.addAction(name)
            action.setData(stretch_id)
            action.triggered.connect(lambda _c=False, s=stretch_id: self.stretch_requested.emit(s))
            self._stretch_actions[stretch_id] = action

    def stretch_action(self, stretch_id: str) -> QAction | None:
        """The submenu entry of one stretch (for tests and accessibility tools)."""
        return self._stretch_actions.get(stretch_id)
