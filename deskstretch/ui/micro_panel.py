"""The micro-break panel: a small card in the screen corner with a short cue.

It shows a looping figure (the head and eyes, or the head and shoulders), the cue's name
and instruction, and a countdown ring. Like the toast it floats above other windows and
never takes the keyboard focus, so typing goes on into the window the user was working
in. The time left is read from the clock on every repaint, never counted down by the
timer; the timer only asks for repaints while the panel shows. It closes by itself when
the time is up (``finished``); a click on it closes it early (``skipped``).
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAccessible,
    QColor,
    QCursor,
    QGuiApplication,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from deskstretch.catalogue.micro import micro_cue
from deskstretch.i18n import _, ngettext
from deskstretch.pose.micro import MicroFrame, micro_frame
from deskstretch.ui import a11y
from deskstretch.ui.figure import figure_mapping, figure_palette, paint_figure
from deskstretch.ui.ring import CountdownRing, seconds_label
from deskstretch.ui.style import palette

if TYPE_CHECKING:
    from PySide6.QtGui import QHideEvent, QKeyEvent, QMouseEvent

    from deskstretch.catalogue.micro import MicroCue
    from deskstretch.core.clock import Clock

PANEL_SIZE = QSize(300, 160)
MARGIN = 16
FRAME_MS = 66  # about 15 frames a second: smooth enough for slow moves, cheap
REDUCED_MOTION_FRAME_MS = 250  # only the ring moves


def panel_position(size: QSize, available: QRect) -> QPoint:
    """Top-left point that puts a panel of ``size`` in the bottom-right corner of
    ``available`` (a screen's free area), ``MARGIN`` pixels in from both edges."""
    x = available.right() + 1 - MARGIN - size.width()
    y = available.bottom() + 1 - MARGIN - size.height()
    return QPoint(max(available.left(), x), max(available.top(), y))


def paint_micro(painter: QPainter, rect: QRectF, shown: MicroFrame, dark: bool) -> None:
    """Draw a cue's frame into ``rect``: the figure, its eyes and the distant point."""
    pal = figure_palette(dark)
    # The crop is the least that must show; a taller picture shows more of the body below
    # (a bust standing on the bottom edge) instead of a gap above the head.
    x0, y0, x1, y1 = shown.frame.bounds
    if rect.width() > 0 and (y1 - y0) / (x1 - x0) < rect.height() / rect.width():
        # At most half again as much: a wide crop would otherwise shrink to the whole body.
        y0 = max(y1 - (x1 - x0) * rect.height() / rect.width(), y1 - 1.5 * (y1 - y0))
    figure = replace(shown.frame, bounds=(x0, y0, x1, y1))
    paint_figure(painter, rect, figure, dark)
    mapping = figure_mapping(figure.bounds, rect)
    if mapping is None:
        return
    s, ox, oy = mapping

    def at(x: float, y: float) -> QPointF:
        return QPointF(ox + x * s, oy - y * s)

    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setClipRect(rect)
    if shown.sight is not None:
        start, far = shown.sight
        sight_pen = QPen(pal.far, max(1.0, 0.006 * s), Qt.PenStyle.DashLine)
        sight_pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(sight_pen)
        reach = at(far[0] - math.copysign(0.05, far[0] - start[0]), far[1])
        painter.drawLine(at(start[0] + math.copysign(0.07, far[0] - start[0]), start[1]), reach)
        # A distant hill with a tree: something far away to rest the eyes on.
        tip = at(*far)
        w, h = 0.05 * s, 0.035 * s
        hill = QPainterPath()
        hill.moveTo(tip.x() - w, tip.y() + h)
        hill.quadTo(tip.x(), tip.y() - h * 0.6, tip.x() + w, tip.y() + h)
        hill.closeSubpath()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(pal.mat_edge)
        painter.drawPath(hill)
        painter.setBrush(pal.near)
        trunk = QRectF(tip.x() - 0.0025 * s, tip.y() - 0.02 * s, 0.005 * s, 0.025 * s)
        painter.drawRect(trunk)
        painter.drawEllipse(QPointF(tip.x(), tip.y() - 0.026 * s), 0.012 * s, 0.014 * s)
    white = QColor("#fbfbfd")
    pupil_color = QColor("#172233")
    for eye in shown.eyes:
        c = at(*eye.center)
        rx, ry = eye.radius * s * eye.squash, eye.radius * s
        box = QRectF(c.x() - rx, c.y() - ry, 2 * rx, 2 * ry)
        outline = QPainterPath()
        outline.addEllipse(box)
        painter.save()
        painter.setClipPath(outline, Qt.ClipOperation.IntersectClip)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(white)
        painter.drawEllipse(box)
        painter.setBrush(pupil_color)
        pupil = QPointF(c.x() + eye.pupil[0] * s, c.y() - eye.pupil[1] * s)
        painter.drawEllipse(pupil, ry * 0.55 * eye.squash, ry * 0.55)
        if eye.lid > 0.0:
            # The upper lid (the colour of the head) comes down over the eye.
            painter.setBrush(pal.torso)
            painter.drawRect(QRectF(box.left(), box.top(), box.width(), box.height() * eye.lid))
        painter.restore()
        line = QPen(pal.near, max(1.0, 0.18 * ry))
        line.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(line)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        edge = box.top() + box.height() * eye.lid
        if eye.lid >= 0.98:
            # Closed: a gentle downward curve, the lashes' line.
            closed = QPainterPath()
            closed.moveTo(box.left(), c.y())
            closed.quadTo(c.x(), c.y() + ry * 0.7, box.right(), c.y())
            painter.drawPath(closed)
        elif eye.lid > 0.05:
            half = math.sqrt(max(0.0, 1.0 - ((edge - c.y()) / ry) ** 2)) * rx
            painter.drawLine(QPointF(c.x() - half, edge), QPointF(c.x() + half, edge))
    painter.restore()


class MicroFigure(QWidget):
    """The panel's figure: paints the frame it was last given."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MicroFigure")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.setFixedWidth(112)
        self._frame: MicroFrame | None = None
        self._dark = False

    def set_frame(self, shown: MicroFrame, dark: bool) -> None:
        """Show ``shown`` (repaints)."""
        self._frame, self._dark = shown, dark
        self.update()

    def frame(self) -> MicroFrame | None:
        """The frame shown (None before the first cue)."""
        return self._frame

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), figure_palette(self._dark).background)
            if self._frame is not None:
                paint_micro(painter, QRectF(self.rect()), self._frame, self._dark)
        finally:
            painter.end()


class MicroPanel(QWidget):
    """A small always-on-top card that shows one micro-break cue for a few seconds.

    Signals:
        finished: The time ran out and the panel closed itself.
        skipped: The user clicked the panel (or pressed Esc) and it closed.
    """

    finished = Signal()
    skipped = Signal()

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._cue: MicroCue | None = None
        self._start = 0.0
        self._seconds = 0.0
        self._dark = False
        self._styled: bool | None = None  # the theme of the style sheet set last
        self._reduced_motion = False
        self._ended = True
        self._typing_in: QWidget | None = None  # our window that was active when it showed

        self.setWindowFlags(
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.WindowDoesNotAcceptFocus
        )
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setObjectName("MicroPanel")
        self.setWindowTitle(_("Micro-break"))
        self.setFixedSize(PANEL_SIZE)  # grown to the text in show_cue (long words, large text)
        # A popup that never takes focus: a screen reader reads a "notification" as it appears.
        a11y.set_role(self, QAccessible.Role.Notification)

        self.figure = MicroFigure()
        self.name_label = QLabel()
        self.name_label.setObjectName("name")
        self.name_label.setWordWrap(True)
        self.instruction_label = QLabel()
        self.instruction_label.setObjectName("instruction")
        self.instruction_label.setWordWrap(True)
        self.ring = CountdownRing()
        self.ring.setMinimumSize(44, 44)
        self.ring.setFixedSize(48, 48)
        self.hint_label = QLabel(_("Click to skip"))
        self.hint_label.setObjectName("hint")
        self.hint_label.setWordWrap(True)
        for label in (self.name_label, self.instruction_label, self.hint_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
        for child in (self.figure, self.name_label, self.instruction_label, self.ring):
            child.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hint_label.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.setSpacing(8)
        bottom.addWidget(self.ring)
        bottom.addWidget(self.hint_label, 1, Qt.AlignmentFlag.AlignVCenter)
        words = QVBoxLayout()
        words.setContentsMargins(0, 8, 0, 0)
        words.setSpacing(3)
        words.addWidget(self.name_label)
        words.addWidget(self.instruction_label)
        words.addStretch(1)
        words.addLayout(bottom)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(1, 1, 10, 8)
        layout.setSpacing(10)
        layout.addWidget(self.figure)
        layout.addLayout(words, 1)

        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self.refresh)

    # ------------------------------------------------------------ state
    @property
    def cue_id(self) -> str | None:
        """The id of the cue shown (or last shown), None before the first."""
        return self._cue.id if self._cue is not None else None

    @property
    def is_ticking(self) -> bool:
        """Whether the repaint timer runs (only while the panel shows)."""
        return self._timer.isActive()

    def remaining(self) -> float:
        """Seconds left of the cue, from the clock (0 when none shows)."""
        if self._cue is None or self._ended:
            return 0.0
        return max(0.0, self._seconds - self.elapsed())

    def elapsed(self) -> float:
        """Seconds since the current cue began, from the clock."""
        return max(0.0, self._clock.monotonic() - self._start)

    # ------------------------------------------------------------ intents in
    def show_cue(self, cue_id: str, seconds: float, *, dark: bool, reduced_motion: bool) -> None:
        """Show the cue ``cue_id`` for ``seconds``; it replaces a cue already showing.

        Raises:
            KeyError: ``cue_id`` is not a known cue.
        """
        cue = micro_cue(cue_id)
        self._cue = cue
        self._seconds = max(0.0, seconds)
        self._start = self._clock.monotonic()
        self._ended = False
        self._reduced_motion = reduced_motion
        self._dark = dark
        if dark != self._styled:
            # WORKAROUND: set once before the first show. Qt (6.x) kept the first of two
            # style sheets set on a widget that had never been shown, so a panel built
            # light and shown dark kept dark text on its dark card.
            self._styled = dark
            self._apply_style()
        name, instruction = _(cue.name), _(cue.instruction)
        self.name_label.setText(name)
        self.instruction_label.setText(instruction)
        self.setAccessibleName(_("Micro-break: {name}").format(name=name))
        self.setAccessibleDescription(instruction)
        self.figure.setAccessibleName(name)
        self.figure.setAccessibleDescription(instruction)
        self.ring.setAccessibleName(_("Seconds left"))
        whole = round(self._seconds)
        self.ring.setAccessibleDescription(
            ngettext("{n} second", "{n} seconds", whole).format(n=whole)
        )
        self._timer.setInterval(REDUCED_MOTION_FRAME_MS if reduced_motion else FRAME_MS)
        active = QApplication.activeWindow()
        if active is not None and not (
            active.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus
        ):
            self._typing_in = active
        self._fit_text()
        self._place_near_pointer()
        self.refresh()
        if self._ended:  # no time to show it at all
            return
        self.show()
        self._timer.start()

    def skip(self) -> None:
        """Close the cue early, as the user asked (emits ``skipped``)."""
        self._end(skipped=True)

    def refresh(self) -> None:
        """Show the cue at the clock's current moment; close it once its time is up."""
        if self._cue is None or self._ended:
            return
        left = self.remaining()
        if left <= 0.0:
            self._end(skipped=False)
            return
        fraction = left / self._seconds if self._seconds > 0 else 0.0
        self.ring.set_countdown(fraction, seconds_label(left))
        self.figure.set_frame(
            micro_frame(self._cue, self.elapsed(), self._reduced_motion), self._dark
        )

    # ------------------------------------------------------------ Qt
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            event.accept()
            self.skip()
            return
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            self.skip()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self._give_back_activation()

    def hideEvent(self, event: QHideEvent) -> None:
        # Hidden (by us, or by the window system): no repaints, no CPU.
        self._timer.stop()
        super().hideEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        colors = palette(self._dark)
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(QPen(QColor(colors.line), 1.0))
            painter.setBrush(QColor(colors.card))
            painter.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
        finally:
            painter.end()

    # ------------------------------------------------------------ inside
    def _end(self, *, skipped: bool) -> None:
        if self._ended:
            return
        self._ended = True
        self._timer.stop()
        self.hide()
        if skipped:
            self.skipped.emit()
        else:
            self.finished.emit()

    def _give_back_activation(self) -> None:
        # The window hints say "do not activate", but a platform that ignores them (Qt's
        # offscreen platform does; so may a window manager) activates the panel anyway. If
        # one of our windows had the keys (say, Preferences), it gets them back at once.
        window = self._typing_in
        if window is None:
            return
        try:
            if window.isVisible():
                window.activateWindow()
        except RuntimeError:  # that window was deleted meanwhile
            self._typing_in = None

    def _fit_text(self) -> None:
        """Grow from :data:`PANEL_SIZE` as far as the cue's words need: wider with a larger
        font, taller with a longer text, never smaller."""
        scale = max(1.0, self.fontMetrics().averageCharWidth() / 7.0)
        width = round(PANEL_SIZE.width() * min(scale, 2.0))
        layout = self.layout()
        height = PANEL_SIZE.height()
        if layout is not None:
            layout.activate()
            height = max(height, layout.totalHeightForWidth(width))
        self.setFixedSize(width, height)

    def _place_near_pointer(self) -> None:
        screen = QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()
        if self.screen() is not screen:
            self.setScreen(screen)
        self.move(panel_position(self.size(), screen.availableGeometry()))

    def _apply_style(self) -> None:
        colors = palette(self._dark)
        base = self.font().pointSizeF()
        if base <= 0:
            base = 10.0
        self.setStyleSheet(
            f"""
            QLabel {{ color: {colors.text}; background: transparent; }}
            QLabel#name {{ font-size: {base * 1.15:.1f}pt; font-weight: 600; }}
            QLabel#hint {{ color: {colors.muted}; font-size: {base * 0.9:.1f}pt; }}
            """
        )
        self.ring.set_colors(QColor(colors.accent), QColor(colors.track), QColor(colors.text))
        self.update()
