"""The stretch window: plays a guided routine with the animated figure and a timer.

Everything on screen is computed from a :class:`~deskstretch.core.session.Session`,
which reads the clock: a refresh at any moment shows exactly where the routine is,
so a late frame never shifts the timing and tests move a fake clock and call
:meth:`StretchWindow.refresh`.

The window must not steal keystrokes from whatever the user is typing into: it
appears on the screen under the mouse, above other windows, without being activated
(``WA_ShowWithoutActivating``), and a :class:`~deskstretch.ui.focusguard.FocusGuard`
keeps it from accepting focus or acting on keys until the user clicked it or stopped
typing for a moment.

Its text comes from :mod:`deskstretch.ui.stretch_texts`, its colours and style sheet
from :mod:`deskstretch.ui.style`, and how a closed break ended from
:func:`deskstretch.core.outcome.outcome_on_close`.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QMargins, QObject, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAccessible,
    QCloseEvent,
    QColor,
    QCursor,
    QGuiApplication,
    QHideEvent,
    QKeyEvent,
    QMouseEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from deskstretch.catalogue.model import PhaseKind, Stretch
from deskstretch.core.announce import Announcement, AnnouncementPlan, whole_seconds
from deskstretch.core.clock import Clock
from deskstretch.core.history import FLEX_LEVELS, FlexLevel, StretchDone
from deskstretch.core.outcome import Outcome, outcome_on_close
from deskstretch.core.progress import stretches_done
from deskstretch.core.session import Session, SessionState, build_timeline
from deskstretch.i18n import _, ngettext
from deskstretch.ui import a11y
from deskstretch.ui.figure import FigureView, figure_palette
from deskstretch.ui.focusguard import FocusGuard
from deskstretch.ui.placement import app_can_place_windows
from deskstretch.ui.reach_choices import ReachChoices, level_phrase
from deskstretch.ui.ring import CountdownRing, seconds_label
from deskstretch.ui.stretch_texts import (
    format_clock,
    needs_text,
    phase_title,
    rep_text,
    switch_text,
)
from deskstretch.ui.style import (
    desktop_is_dark,
    high_contrast,
    palette,
    phase_color,
    stretch_window_sheet,
)

log = logging.getLogger(__name__)

#: Refresh interval: ~60 fps while animating; reduced motion has no tween to draw.
FRAME_MS = 16
REDUCED_MOTION_FRAME_MS = 100
#: While "How far did you reach?" waits for an answer nothing moves: a slow tick will do.
QUESTION_FRAME_MS = 250

#: The smallest the window lets itself be made (a 640 px tile; an old projector).
MINIMUM_SIZE = QSize(640, 480)

#: The stretch whose finish asks "How far did you reach?".
FLEX_CHECK_ID = "toe-touch-check"
#: The finish page waits this long for an answer before it closes anyway (no answer).
QUESTION_SECONDS = 120.0


class _Pages(QStackedWidget):
    """The stacked pages, telling their scroll area the least height the shown page needs.

    A scroll area sizes a height-for-width widget to its *preferred* height, so the stretch
    window would scroll as soon as the figure could not have its preferred size; with the
    least height (wrapped texts whole, the figure and the ring at their smallest) it scrolls
    only when the page cannot be shown whole at all (large text in a small window).
    """

    def _least(self, width: int) -> int:
        page = self.currentWidget()
        layout = page.layout() if page is not None else None
        if layout is None:
            return 0
        if layout.hasHeightForWidth():
            return layout.minimumHeightForWidth(width)
        return layout.minimumSize().height()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._least(width)

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        if page is None:
            return super().minimumSizeHint()
        hint = page.minimumSizeHint()
        return QSize(hint.width(), self._least(max(hint.width(), self.width())))


class StretchWindow(QWidget):
    """Guides the user through one or more stretches.

    Emits ``finished`` exactly once with "completed" (the routine ran to its end),
    "skipped" (closed or Esc before the end) or "stopped" (the "this hurts" button).

    When the routine holds the toe-touch check and reaches its finish with at least one
    rep of it done, the finish page asks "How far did you reach?": ``flex_answered``
    is emitted once with the level chosen (before ``finished``); Skip answers nothing.
    While the question is open the window does not close by itself, except after
    :data:`QUESTION_SECONDS` without an answer; after an answer or Skip the finish
    page counts down its usual seconds again.
    """

    finished = Signal(str)
    flex_answered = Signal(str)
    #: The text just given to a screen reader (a polite announcement); for tests and logs.
    announced = Signal(str)

    def __init__(
        self,
        stretches: Sequence[Stretch],
        clock: Clock,
        *,
        reduced_motion: bool = False,
        next_break_text: Callable[[], str] | None = None,
        finish_note: Callable[[], str] | None = None,
        sound: Callable[[PhaseKind], None] | None = None,
        spoken_cues: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._stretches = tuple(stretches)
        self._session = Session(build_timeline(self._stretches), clock)
        self._session.pause()  # time starts in start()
        self._reduced_motion = reduced_motion
        self._next_break_text = next_break_text
        self._finish_note = finish_note
        self._clock = clock
        self._question_since: float | None = None
        self._stopped_at: float | None = None
        self._closed_early = False
        self._sound = sound
        self._outcome: Outcome | None = None
        self._stopping = False
        self._started = False
        self._hidden_pause = False
        self._last_phase = -1
        self._plan = AnnouncementPlan(spoken_cues)
        self._guard = FocusGuard(self, clock)
        self._dark = desktop_is_dark()
        self._contrast = high_contrast()

        # Titles name the window, not the app: Qt appends " \u2014 DeskStretch" (the
        # application display name) to every title it hands the window manager, on X11 and
        # Wayland alike, unless the title already ends with it.
        self.setWindowTitle(_("Stretch break"))
        self.setObjectName("StretchWindow")
        self.setWindowFlags(Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setAccessibleName(_("DeskStretch stretch break"))
        a11y.set_role(self, QAccessible.Role.Window)  # a frame, not a "filler"

        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(REDUCED_MOTION_FRAME_MS if reduced_motion else FRAME_MS)
        self._timer.timeout.connect(self.refresh)

        self._build()
        self._apply_style()
        self.figure.set_reduced_motion(reduced_motion)
        self.figure.set_dark(self._dark)
        self.refresh()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.name_label = QLabel()
        self.name_label.setObjectName("name")
        self.name_label.setWordWrap(True)  # long names (and large text) take two lines
        self.name_label.setAccessibleDescription(_("Stretch"))
        self.purpose_label = QLabel()
        self.purpose_label.setObjectName("purpose")
        self.purpose_label.setWordWrap(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")
        self.total_label = QLabel()
        self.total_label.setObjectName("total")
        self.total_label.setAccessibleDescription(_("Total time left"))
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.name_label)
        titles.addWidget(self.purpose_label)
        right = QVBoxLayout()
        right.setSpacing(2)
        right.addWidget(self.total_label)
        right.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignRight)
        header = QHBoxLayout()
        header.addLayout(titles, 1)
        header.addLayout(right)

        # --- the playing page
        self.figure = FigureView()
        self.figure.setObjectName("figure")
        self.figure.setAccessibleName(_("Animated figure showing the stretch"))
        self.figure.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        figure_card = QFrame()
        figure_card.setObjectName("card")
        card_layout = QVBoxLayout(figure_card)
        card_layout.setContentsMargins(8, 8, 8, 8)
        card_layout.addWidget(self.figure)

        self.phase_label = QLabel()
        self.phase_label.setObjectName("phase")
        self.phase_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.phase_label.setWordWrap(True)
        self.phase_label.setAccessibleDescription(_("Current step"))
        self.ring = CountdownRing()
        self.ring.setAccessibleName(_("Seconds left in this step"))
        # Full size where there is room; smaller in a low window or beside large text.
        self.ring.setMinimumSize(72, 72)
        self.ring.setMaximumSize(190, 190)
        self.rep_label = QLabel()
        self.rep_label.setObjectName("rep")
        self.rep_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.rep_label.setWordWrap(True)
        self.rep_label.setAccessibleDescription(_("Repetition and side"))
        self.switch_label = QLabel(_("Switch sides"))
        self.switch_label.setObjectName("switch")
        self.switch_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.switch_label.setWordWrap(True)
        self.switch_label.hide()

        side_panel = QVBoxLayout()
        side_panel.setSpacing(6)
        side_panel.addStretch(1)
        side_panel.addWidget(self.phase_label)
        side_panel.addWidget(self.ring, 0, Qt.AlignmentFlag.AlignHCenter)
        side_panel.addWidget(self.rep_label)
        side_panel.addWidget(self.switch_label)
        side_panel.addStretch(1)
        side_widget = QWidget()
        side_widget.setLayout(side_panel)
        # The right-hand column shares the width with the figure (2 to 3) instead of a
        # fixed 250 px: its texts wrap in a narrow window and get room in a wide one.
        side_widget.setMinimumWidth(170)
        side_widget.setMaximumWidth(420)
        side_widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        figure_card.setMinimumSize(160, 140)

        body = QHBoxLayout()
        body.setSpacing(16)
        body.addWidget(figure_card, 3)
        body.addWidget(side_widget, 2)

        self.step_label = QLabel()
        self.step_label.setObjectName("step")
        self.step_label.setWordWrap(True)
        self.step_label.setAccessibleDescription(_("What to do now"))
        self.step_label.setMinimumHeight(48)
        self.needs_label = QLabel()
        self.needs_label.setObjectName("needs")
        self.needs_label.setWordWrap(True)
        self.needs_label.setAccessibleDescription(_("What you need"))
        self.cautions_label = QLabel()
        self.cautions_label.setObjectName("cautions")
        self.cautions_label.setWordWrap(True)
        self.cautions_label.setAccessibleDescription(_("Take care"))
        self.ready_info = QFrame()
        self.ready_info.setObjectName("info")
        info_layout = QVBoxLayout(self.ready_info)
        info_layout.setContentsMargins(12, 8, 12, 8)
        info_layout.setSpacing(4)
        info_layout.addWidget(self.needs_label)
        info_layout.addWidget(self.cautions_label)

        play_page = QWidget()
        play_layout = QVBoxLayout(play_page)
        play_layout.setContentsMargins(0, 0, 0, 0)
        play_layout.setSpacing(8)
        play_layout.addLayout(body, 1)
        play_layout.addWidget(self.step_label)
        play_layout.addWidget(self.ready_info)

        # --- the finish page
        self.finish_ring = CountdownRing()
        self.finish_ring.setFixedSize(120, 120)
        self.finish_ring.setAccessibleName(_("Seconds until this window closes"))
        self.finish_title = QLabel(_("Well done!"))
        self.finish_title.setObjectName("bigtitle")
        self.finish_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.finish_title.setWordWrap(True)
        self.finish_summary = QLabel()
        self.finish_summary.setObjectName("step")
        self.finish_summary.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.finish_summary.setWordWrap(True)
        self.next_break_label = QLabel()
        self.next_break_label.setObjectName("nextbreak")
        self.next_break_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_break_label.setWordWrap(True)
        self.next_break_label.setAccessibleDescription(_("Next break"))
        self.finish_note_label = QLabel()
        self.finish_note_label.setObjectName("muted")
        self.finish_note_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.finish_note_label.setWordWrap(True)
        self.finish_note_label.setAccessibleDescription(_("From your record"))
        self.finish_note_label.hide()
        self.reach: ReachChoices | None = None
        flex = next((s for s in self._stretches if s.id == FLEX_CHECK_ID), None)
        if flex is not None:
            self.reach = ReachChoices(flex.camera)
            self.reach.answered.connect(self._on_reach_answered)
            self.reach.hide()
            for button in self.reach.buttons:
                button.installEventFilter(self)  # keys pass the focus guard first
        self.reach_answer_label = QLabel()
        self.reach_answer_label.setObjectName("nextbreak")
        self.reach_answer_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reach_answer_label.setWordWrap(True)
        self.reach_answer_label.setAccessibleDescription(_("Your answer"))
        self.reach_answer_label.hide()
        self.closing_label = QLabel()
        self.closing_label.setObjectName("muted")
        self.closing_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.closing_label.setWordWrap(True)
        self.done_button = QPushButton(_("Close"))
        self.done_button.setAccessibleName(_("Close the stretch window"))
        self.done_button.clicked.connect(lambda: self._end("completed"))
        finish_page = QWidget()
        finish_layout = QVBoxLayout(finish_page)
        finish_layout.addStretch(2)
        finish_layout.addWidget(self.finish_ring, 0, Qt.AlignmentFlag.AlignHCenter)
        finish_layout.addSpacing(8)
        for widget in (
            self.finish_title,
            self.finish_summary,
            self.finish_note_label,
            self.next_break_label,
        ):
            finish_layout.addWidget(widget)
        if self.reach is not None:
            finish_layout.addSpacing(6)
            finish_layout.addWidget(self.reach)
        finish_layout.addWidget(self.reach_answer_label)
        finish_layout.addSpacing(12)
        finish_layout.addWidget(self.closing_label)
        finish_layout.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignHCenter)
        finish_layout.addStretch(3)

        # --- the safety note after "this hurts"
        self.stop_title = QLabel(_("Stretch stopped"))
        self.stop_title.setObjectName("bigtitle")
        self.stop_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stop_title.setWordWrap(True)
        self.stop_note = QLabel(
            _(
                "Good call. A stretch should feel like a gentle pull, never like pain: "
                "ease out of the position slowly and rest for a moment.\n\n"
                "If the pain does not go away, or comes back every time, stop doing this "
                "stretch and ask a doctor or physiotherapist for advice."
            )
        )
        self.stop_note.setObjectName("note")
        self.stop_note.setWordWrap(True)
        self.stop_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stop_note.setAccessibleDescription(_("Safety note"))
        self.stop_close_button = QPushButton(_("Close"))
        self.stop_close_button.setAccessibleName(_("Close the stretch window"))
        self.stop_close_button.clicked.connect(lambda: self._end("stopped"))
        stop_page = QWidget()
        stop_layout = QVBoxLayout(stop_page)
        stop_layout.setContentsMargins(24, 0, 24, 0)
        stop_layout.addStretch(2)
        stop_layout.addWidget(self.stop_title)
        stop_layout.addSpacing(8)
        stop_layout.addWidget(self.stop_note)
        stop_layout.addSpacing(16)
        stop_layout.addWidget(self.stop_close_button, 0, Qt.AlignmentFlag.AlignHCenter)
        stop_layout.addStretch(3)

        self.pages = _Pages()
        self.play_page, self.finish_page, self.stop_page = play_page, finish_page, stop_page
        for page in (play_page, finish_page, stop_page):
            self.pages.addWidget(page)
        # Large text in a small window: the page scrolls rather than cut its words off.
        self.page_area = QScrollArea()
        self.page_area.setObjectName("pages")
        self.page_area.setWidgetResizable(True)
        self.page_area.setFrameShape(QFrame.Shape.NoFrame)
        self.page_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.page_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.page_area.setWidget(self.pages)
        # The window's background shows through (setWidget turns filling on).
        self.pages.setAutoFillBackground(False)
        self.page_area.viewport().setAutoFillBackground(False)

        # --- controls, in visual (and focus) order
        self.previous_button = QPushButton(_("Previous"))
        self.previous_button.setAccessibleName(_("Previous stretch"))
        self.previous_button.setToolTip(_("Back to the start of this or the previous stretch"))
        self.previous_button.clicked.connect(self.previous_stretch)
        self.pause_button = QPushButton(_("Pause"))
        self.pause_button.setObjectName("primary")
        self.pause_button.setAccessibleName(_("Pause"))
        self.pause_button.setToolTip(_("Pause or resume (Space)"))
        self.pause_button.clicked.connect(self.toggle_pause)
        self.next_button = QPushButton(_("Next"))
        self.next_button.setAccessibleName(_("Next stretch"))
        self.next_button.setToolTip(_("Go on to the next stretch"))
        self.next_button.clicked.connect(self.next_stretch)
        self.stop_button = QPushButton(_("This hurts – stop"))
        self.stop_button.setObjectName("danger")
        self.stop_button.setAccessibleName(_("This hurts – stop the stretch"))
        self.stop_button.clicked.connect(self.stop_for_pain)
        self.skip_button = QPushButton(_("Skip break"))
        self.skip_button.setAccessibleName(_("Skip this break and close"))
        self.skip_button.setToolTip(_("Close without stretching (Esc)"))
        self.skip_button.clicked.connect(lambda: self._end("skipped"))
        self.controls = QWidget()
        controls_column = QVBoxLayout(self.controls)
        controls_column.setContentsMargins(0, 0, 0, 0)
        controls_column.setSpacing(6)
        # One row where it fits; in a narrow window (or with long words, or large text)
        # the stop and skip buttons go on a second row instead of being squeezed.
        self._controls_layout = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._controls_layout.setContentsMargins(0, 0, 0, 0)
        self._controls_layout.setSpacing(6)
        player = QHBoxLayout()
        player.setSpacing(6)
        for button in (self.previous_button, self.pause_button, self.next_button):
            player.addWidget(button)
        player.addStretch(1)
        leave = QHBoxLayout()
        leave.setSpacing(6)
        leave.addStretch(1)
        leave.addWidget(self.stop_button)
        leave.addWidget(self.skip_button)
        self._controls_rows = (player, leave)
        self._controls_layout.addLayout(player, 1)
        self._controls_layout.addLayout(leave, 1)
        controls_column.addLayout(self._controls_layout)
        self.keys_label = QLabel(
            _(
                "Space: pause or resume  ·  Esc: skip  ·  ← →: previous or next stretch  ·  "
                "Tab: go to a button"
            )
        )
        self.keys_label.setObjectName("muted")
        self.keys_label.setWordWrap(True)
        self.keys_label.setAccessibleDescription(_("Keyboard shortcuts"))
        controls_column.addWidget(self.keys_label)  # after the buttons, as on screen
        self._buttons = (
            self.previous_button,
            self.pause_button,
            self.next_button,
            self.stop_button,
            self.skip_button,
            self.done_button,
            self.stop_close_button,
        )
        for button in self._buttons:
            # Space and Enter press the focused button (Space on Pause, the first focus,
            # pauses); Space pauses or resumes when no button has the focus.
            button.setAutoDefault(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.installEventFilter(self)
        ordered = self._buttons[:5]
        for first, second in itertools.pairwise(ordered):
            QWidget.setTabOrder(first, second)

        root = QVBoxLayout(self)
        root.setContentsMargins(16, 14, 16, 12)
        root.setSpacing(10)
        root.addLayout(header)
        root.addWidget(self.page_area, 1)
        root.addWidget(self.controls)
        self.resize(920, 640)
        self.setMinimumSize(MINIMUM_SIZE)

    def _fit_controls(self) -> None:
        """Put the controls on one row or two, whichever the window's width allows."""
        player, leave = self._controls_rows
        spacing = self._controls_layout.spacing()
        needed = player.sizeHint().width() + spacing + leave.sizeHint().width()
        root = self.layout()
        margins = root.contentsMargins() if root is not None else QMargins()
        room = self.width() - margins.left() - margins.right()
        direction = (
            QBoxLayout.Direction.LeftToRight if needed <= room else QBoxLayout.Direction.TopToBottom
        )
        if self._controls_layout.direction() != direction:
            self._controls_layout.setDirection(direction)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit_controls()
        super().resizeEvent(event)

    def _apply_style(self) -> None:
        colors = palette(self._dark)
        self._colors = {
            "text": QColor(colors.text),
            "track": QColor(colors.track),
            "muted": QColor(colors.muted),
        }
        stage = figure_palette(self._dark).background.name()
        self.setStyleSheet(stretch_window_sheet(colors, self.font().pointSizeF(), stage))

    # ------------------------------------------------------------------ public API
    @property
    def session(self) -> Session:
        """The running session (tests and the controller may look at it)."""
        return self._session

    @property
    def is_ticking(self) -> bool:
        """Whether the refresh timer runs (only while visible and playing)."""
        return self._timer.isActive()

    @property
    def keys_ready(self) -> bool:
        """Whether key presses are acted upon yet."""
        return self._guard.ready

    def start(self) -> None:
        """Show the window on the screen under the mouse, above others, without focus.

        The routine's time starts now.
        """
        if not self._started:
            self._started = True
            self._session.seek(0)
            self._session.resume()
            self._guard.restart()
            self._last_phase = -1  # show (and sound) the first phase as a change
        self._place_on_mouse_screen()
        self._guard.before_show()
        self.show()
        if self.focusWidget() is None:
            # The first focus, once the window takes it (a click, or keys after the grace
            # period): Space then pauses, as the line of keys says.
            self.pause_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.refresh()

    def toggle_pause(self) -> None:
        """Pause or resume the routine (Space)."""
        if self._outcome is not None or self._stopping:
            return
        self._session.toggle_pause()
        self._sync_timer()
        self.refresh()

    def next_stretch(self) -> None:
        """Go on to the next stretch, or to the finish after the last one."""
        if self._outcome is None and not self._stopping:
            self._session.skip_stretch()
            self.refresh()

    def previous_stretch(self) -> None:
        """Restart this stretch, or go back to the previous one near its start."""
        if self._outcome is None and not self._stopping:
            self._session.previous_stretch()
            self.refresh()

    @property
    def question_open(self) -> bool:
        """Whether "How far did you reach?" is showing and waits for an answer."""
        return self._question_since is not None

    @property
    def closed_early(self) -> bool:
        """Whether the window was closed before the finish without Skip or "This hurts".

        True after the window manager's close button (or ``close()``) during the
        routine; the break's outcome is then "skipped", and the history records it as
        "closed". False for Skip, Esc (Skip's key), "This hurts" and anything at the finish.
        """
        return self._closed_early

    def progress(self) -> tuple[StretchDone, ...]:
        """For each stretch of the routine: reps and sides done, the phase reached, its outcome.

        Computed from the parts of the routine actually played (so a stretch passed
        over with "Next" shows as skipped); the stretch running when "This hurts" was
        pressed is "stopped".
        """
        return stretches_done(
            self._session.timeline, self._session.played(), stopped_at=self._stopped_at
        )

    def stop_for_pain(self) -> None:
        """Stop the routine and show the safety note; closing it reports "stopped"."""
        if self._outcome is not None:
            return
        self._stopped_at = self._session.elapsed()
        self._stopping = True
        self._session.pause()
        self._sync_timer()
        self._set_page(self.stop_page)
        self.stop_close_button.setFocus(Qt.FocusReason.OtherFocusReason)
        if self._plan.enabled:
            self._announce(_sentences([self.stop_title.text(), self.stop_note.text()]))

    def refresh(self) -> None:
        """Show the state of the routine at the clock's current time."""
        if self._outcome is not None or self._stopping:
            return
        if self._started:
            self._guard.poll()
        state = self._session.state()
        if state.phase_index != self._last_phase:
            self._last_phase = state.phase_index
            self._show_phase(state)
            if self._started:
                self._play_sound(state.kind)
        self._show_time(state)
        if self._started:
            self._announce_tick(state)
        if state.is_finished and self._started:
            if self._question_since is None:
                self._end("completed")
            elif self._clock.monotonic() - self._question_since >= QUESTION_SECONDS:
                log.info("no answer to the reach question; closing")
                self._end("completed")

    # ------------------------------------------------------------------ rendering
    _logged_stretch = ""  # the id of the stretch last named in the log

    def _show_phase(self, state: SessionState) -> None:
        stretch, phase = state.stretch, state.phase
        kind = phase.kind
        if stretch.id != self._logged_stretch:  # once per stretch, for the log and the e2e tests
            self._logged_stretch = stretch.id
            log.info("stretch window shows %s (%s, %s)", stretch.name, stretch.id, stretch.origin)
        self.name_label.setText(stretch.name)
        self.purpose_label.setText(stretch.purpose)
        count = state.stretch_count
        self.count_label.setText(
            _("Stretch {n} of {count}").format(n=state.stretch_index + 1, count=count)
            if count > 1
            else ""
        )
        self.count_label.setVisible(count > 1 and self.pages.currentWidget() is self.play_page)
        self.phase_label.setText(phase_title(kind))
        self.step_label.setText(phase.text)
        self.rep_label.setText(rep_text(state.kind, state.rep, state.reps, state.side))
        self.switch_label.setVisible(kind == "switch")
        if kind == "switch":
            self.switch_label.setText(switch_text(state.side))
        is_ready = kind == "ready"
        self.ready_info.setVisible(is_ready)
        if is_ready:
            self.needs_label.setText(needs_text(stretch))
            cautions = list(stretch.cautions)
            self.cautions_label.setText("\n".join("•  " + c for c in cautions))
            self.cautions_label.setVisible(bool(cautions))
        self._describe_ring(whole_seconds(state.phase_left))
        accent = QColor(phase_color(kind, self._dark))
        self.ring.set_colors(accent, self._colors["track"], self._colors["text"])
        self.finish_ring.set_colors(accent, self._colors["track"], accent)
        last = len(self._session.timeline) - 1
        self.next_button.setEnabled(state.phase_index < last)
        if kind == "finish":
            self._show_finish(state)
        else:
            self._set_page(self.play_page)

    def _set_page(self, page: QWidget) -> None:
        if self.pages.currentWidget() is page:
            return
        self.pages.setCurrentWidget(page)
        playing = page is self.play_page
        # The finish and the safety note have their own "Close" button and no header.
        self.controls.setVisible(playing)
        self.purpose_label.setVisible(playing)
        self.total_label.setVisible(playing)
        self.count_label.setVisible(playing and len(self._stretches) > 1)
        if page is self.stop_page:
            self.name_label.setText(_("DeskStretch"))

    def _show_finish(self, state: SessionState) -> None:
        if state.stretch_count > 1:
            count = state.stretch_count
            summary = ngettext(
                "You finished {count} stretch.", "You finished {count} stretches.", count
            ).format(count=count)
        else:
            summary = _("You finished {name}.").format(name=state.stretch.name)
        self.finish_summary.setText(summary)
        for label, source in (
            (self.next_break_label, self._next_break_text),
            (self.finish_note_label, self._finish_note),
        ):
            text = ""
            if source is not None:
                try:
                    text = source()
                except Exception:  # a wrong line must not break the finish screen
                    log.exception("a finish-screen line failed")
            label.setText(text)
            label.setVisible(bool(text))
        self._set_page(self.finish_page)
        if self._asks_reach():
            self._open_question()

    # ------------------------------------------------------------------ the reach question
    def _asks_reach(self) -> bool:
        if self.reach is None or self.reach.is_done or self._question_since is not None:
            return False
        done = [s for s in self.progress() if s.stretch_id == FLEX_CHECK_ID]
        return any(s.reps_done >= 1 for s in done)

    def _open_question(self) -> None:
        assert self.reach is not None
        log.info("asking how far the hands reached (the toe-touch check)")
        self._question_since = self._clock.monotonic()
        self.reach.set_dark(self._dark)
        self.reach.show()
        self.reach_answer_label.hide()
        # Nothing counts down while the question waits: no ring, no Close.
        self.finish_ring.hide()
        self.done_button.hide()
        self.closing_label.setText(_("Choose one, or Skip (keys 1 to 6)."))
        self._timer.setInterval(QUESTION_FRAME_MS)
        first = next(iter(self.reach.choices.values()))
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_reach_answered(self, level: str) -> None:
        if self._question_since is None or self._outcome is not None:
            return
        self._question_since = None
        assert self.reach is not None
        self.reach.hide()
        answer: FlexLevel | None = next((lv for lv in FLEX_LEVELS if lv == level), None)
        if answer is not None:
            self.reach_answer_label.setText(
                _("Noted: your hands reached {where}.").format(where=level_phrase(answer))
            )
            self.reach_answer_label.show()
            self.flex_answered.emit(answer)
        self.finish_ring.show()
        self.done_button.show()
        self.done_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self._timer.setInterval(REDUCED_MOTION_FRAME_MS if self._reduced_motion else FRAME_MS)
        # The usual finish countdown starts again from the answer.
        timeline = self._session.timeline
        self._session.seek(timeline.finish.start)
        if not self._hidden_pause:
            self._session.resume()  # a Space pressed while the question waited paused it
        self._sync_timer()
        self.refresh()

    def _show_time(self, state: SessionState) -> None:
        phase = state.phase
        if state.kind == "finish" and self._question_since is None:
            left = seconds_label(state.phase_left)
            self.closing_label.setText(
                ngettext(
                    "This window closes in {s} s", "This window closes in {s} s", int(left)
                ).format(s=left)
            )
            fraction = state.phase_left / phase.duration
            if self._reduced_motion:
                fraction = float(left) / max(1.0, phase.duration)
            self.finish_ring.set_countdown(fraction, "✓")
        if self.pages.currentWidget() is self.play_page:
            self.figure.set_state(
                state.stretch, phase.kind, state.progress, phase.side, state.seconds_in_phase
            )
            fraction = state.phase_left / phase.duration if phase.duration > 0 else 0.0
            if self._reduced_motion:
                # No sweeping arc: it steps once a second with the number.
                fraction = float(seconds_label(state.phase_left)) / max(1.0, phase.duration)
            number = seconds_label(state.phase_left)
            # The caption under the number: "1 second", "2 seconds" (plural forms per language).
            caption = _("paused") if state.paused else ngettext("second", "seconds", int(number))
            self.ring.set_countdown(fraction, number, caption)
        total = _("{time} left").format(time=format_clock(state.total_left))
        if self.total_label.text() != total:
            self.total_label.setText(total)
        if state.paused:
            pause_text, pause_name = _("Resume"), _("Resume")
            title = _("Paused")
        else:
            pause_text, pause_name = _("Pause"), _("Pause")
            title = phase_title(state.kind)
        if self.pause_button.text() != pause_text:
            self.pause_button.setText(pause_text)
            self.pause_button.setAccessibleName(pause_name)
        if self.phase_label.text() != title:
            self.phase_label.setText(title)

    # ------------------------------------------------------------------ screen reader
    def _announce_tick(self, state: SessionState) -> None:
        """Tell a screen reader about a new phase or a countdown mark (the plan decides)."""
        seconds = whole_seconds(state.phase_left)
        said = self._plan.observe(state.phase_index, state.kind, seconds)
        if said is None:
            return
        if said.kind == "countdown":
            self._describe_ring(seconds)
        self._announce(self._words(said))

    def _describe_ring(self, seconds: int) -> None:
        # Only at a phase's start and at its marks: a description changed every second
        # would be an accessibility event every second.
        self.ring.setAccessibleDescription(
            ngettext("{n} second", "{n} seconds", seconds).format(n=seconds)
        )

    def _words(self, said: Announcement) -> str:
        """The words on screen for ``said``, as sentences."""
        seconds = ngettext("{n} second", "{n} seconds", said.seconds).format(n=said.seconds)
        if said.kind == "countdown":
            return seconds
        parts: list[str] = []
        if said.kind == "break-start":
            parts.append(self.name_label.text())
        if said.phase == "finish":
            parts += [self.finish_title.text(), self.finish_summary.text()]
            parts += [w.text() for w in (self.finish_note_label, self.next_break_label)]
            if self.reach is not None and self._question_since is not None:
                parts += [self.reach.title.text(), self.closing_label.text()]
            return _sentences(parts)
        parts += [self.phase_label.text(), self.rep_label.text()]
        if said.phase == "switch":
            parts.append(self.switch_label.text())
        parts.append(self.step_label.text())
        if said.phase == "ready":
            parts.append(self.needs_label.text())
            parts += [c.strip("• ") for c in self.cautions_label.text().splitlines()]
        parts.append(seconds)
        return _sentences(parts)

    def _announce(self, text: str) -> None:
        if not text:
            return
        log.debug("announce: %s", text)
        a11y.announce(self, text)
        self.announced.emit(text)

    def _play_sound(self, kind: PhaseKind) -> None:
        if self._sound is None:
            return
        try:
            self._sound(kind)
        except Exception:  # a cue is a nicety; it must never stop the routine
            log.exception("sound cue failed")

    # ------------------------------------------------------------------ lifetime
    def _end(self, outcome: Outcome) -> None:
        """Report ``outcome`` (unless one was reported already) and close."""
        if self._report(outcome):
            self.close()

    def _report(self, outcome: Outcome) -> bool:
        """Emit ``finished`` with ``outcome`` the first time; False when already reported."""
        if self._outcome is not None:
            return False
        self._outcome = outcome
        self._timer.stop()
        log.info("stretch window closed: %s", outcome)
        self.finished.emit(outcome)
        return True

    def _outcome_on_close(self) -> Outcome:
        """What closing the window now means (Esc, the window manager's close button)."""
        return outcome_on_close(
            stopped_for_pain=self._stopping,
            at_finish=self._session.state().kind == "finish",
        )

    def _sync_timer(self) -> None:
        playing = (
            self.isVisible()
            and not self._session.paused
            and self._outcome is None
            and not self._stopping
        )
        if playing and not self._timer.isActive():
            self._timer.start()
        elif not playing and self._timer.isActive():
            self._timer.stop()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (
            QEvent.Type.ApplicationPaletteChange,
            QEvent.Type.PaletteChange,
            QEvent.Type.ThemeChange,
        ):
            # The desktop switched between light and dark, or in or out of high contrast,
            # while the window is open.
            dark = desktop_is_dark()
            contrast = high_contrast()
            if (dark, contrast) != (self._dark, self._contrast):
                self._dark, self._contrast = dark, contrast
                self._apply_style()
                self.figure.set_dark(dark)
                if self.reach is not None:
                    self.reach.set_dark(dark)
                if self._outcome is None:
                    self._show_phase(self._session.state())  # recolours the ring

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._hidden_pause:
            self._hidden_pause = False
            self._session.resume()
            self.refresh()
        self._sync_timer()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._timer.stop()  # nothing ticks while hidden
        # Minimised or hidden: the user cannot follow the routine, so its time stands
        # still too (and it does not "complete" unseen).
        if self._started and self._outcome is None and not self._session.paused:
            self._session.pause()
            self._hidden_pause = True

    def closeEvent(self, event: QCloseEvent) -> None:
        self._timer.stop()
        if self._outcome is None:
            outcome = self._outcome_on_close()
            self._closed_early = outcome == "skipped"
            self._report(outcome)
        super().closeEvent(event)

    # ------------------------------------------------------------------ focus and keys
    def _place_on_mouse_screen(self) -> None:
        screen = QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()
        if self.screen() is not screen:
            self.setScreen(screen)  # before sizing: the screen decides the device pixel ratio
        area = screen.availableGeometry()
        width = min(self.width(), int(area.width() * 0.92))
        height = min(self.height(), int(area.height() * 0.92))
        self.resize(width, height)
        if not app_can_place_windows():
            # Wayland: the compositor places windows and a client's move() is ignored or
            # fights it; the window is left for the compositor to place (and centre).
            return
        frame = QRect(0, 0, width, height)
        frame.moveCenter(area.center())
        self.move(frame.topLeft())

    @property
    def accepts_focus(self) -> bool:
        """Whether the window lets the window manager give it keyboard focus."""
        return self._guard.accepts_focus

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._guard.clicked()
        super().mousePressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress:
            self._guard.clicked()
        elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._handle_key(event, pressable=isinstance(watched, QPushButton))
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._handle_key(event):
            super().keyPressEvent(event)

    def _handle_key(self, event: QKeyEvent, *, pressable: bool = False) -> bool:
        """Act on a key; return True when it was consumed.

        ``pressable``: the key goes to a focused push button, which Space and Enter press.
        """
        if not self._guard.admit_key():
            # Most likely typing meant for another window: swallow it.
            event.accept()
            return True
        key = event.key()
        if self._question_since is not None and self._question_key(event):
            event.accept()
            return True
        if pressable and key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False  # the button presses itself (Space on its release)
        if key == Qt.Key.Key_Escape:
            self._end(self._outcome_on_close())
        elif key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self.toggle_pause()
        elif key == Qt.Key.Key_Right and self.next_button.isVisible():
            self.next_stretch()
        elif key == Qt.Key.Key_Left and self.previous_button.isVisible():
            self.previous_stretch()
        else:
            return False
        event.accept()
        return True

    def _question_key(self, event: QKeyEvent) -> bool:
        """Keys of the reach question: digits choose, arrows move, Return/Space press."""
        reach = self.reach
        assert reach is not None
        key = event.key()
        digits = {Qt.Key.Key_1 + i: level for i, level in enumerate(FLEX_LEVELS)}
        if key in digits:
            reach.choose(digits[key])
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            reach.move_focus(-1)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            reach.move_focus(1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if event.isAutoRepeat():
                return True
            focused = next((b for b in reach.buttons if b.hasFocus()), None)
            if focused is None:
                return False
            focused.click()
        else:
            return False
        return True


_SENTENCE_ENDS = (".", "!", "?", ":", "…", "。", "！", "？")


def _sentences(parts: Sequence[str]) -> str:
    """Join the non-empty ``parts`` as sentences ("Hold. Rep 1 of 2. 10 seconds.")."""
    out = []
    for part in parts:
        text = " ".join(part.split())
        if text:
            out.append(text if text.endswith(_SENTENCE_ENDS) else text + ".")
    return " ".join(out)
