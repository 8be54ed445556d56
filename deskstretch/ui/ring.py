"""The countdown ring of the stretch window (and of the preview frames).

A thick arc that empties clockwise from twelve o'clock as the phase runs out,
with the whole seconds left in the middle. :func:`paint_ring` does the drawing so
the offscreen preview renders exactly what the window shows.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from deskstretch.ui.style import LIGHT, high_contrast


def seconds_label(seconds_left: float) -> str:
    """Whole seconds left, rounded up (so "1" shows until the phase really ends)."""
    return str(max(0, math.ceil(seconds_left - 1e-6)))


def paint_ring(
    painter: QPainter,
    rect: QRectF,
    fraction_left: float,
    label: str,
    caption: str,
    accent: QColor,
    track: QColor,
    text: QColor,
) -> None:
    """Draw the ring centred in ``rect``.

    Args:
        painter: An active painter (its state is restored afterwards).
        rect: The area to fill; the ring is the largest circle that fits.
        fraction_left: How much of the arc is left, 0..1.
        label: The big text in the middle (the seconds).
        caption: A small line under it ("seconds", "paused").
        accent: Colour of the remaining arc.
        track: Colour of the empty track.
        text: Colour of the label.
    """
    side = min(rect.width(), rect.height())
    if side <= 4:
        return
    pen_width = max(2.0, side * 0.085)
    inner = side - pen_width
    circle = QRectF(0, 0, inner, inner)
    circle.moveCenter(rect.center())
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    pen = QPen(track, pen_width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(circle)
    fraction = min(max(fraction_left, 0.0), 1.0)
    if fraction > 0:
        pen.setColor(accent)
        painter.setPen(pen)
        # Qt angles are in 1/16 degree, counter-clockwise; negative spans go clockwise.
        painter.drawArc(circle, 90 * 16, -round(fraction * 360 * 16))
    font = QFont(painter.font())
    font.setPixelSize(max(6, round(side * 0.30)))
    font.setWeight(QFont.Weight.DemiBold)
    painter.setFont(font)
    painter.setPen(text)
    number_box = QRectF(circle.left(), circle.top(), circle.width(), circle.height() * 0.62)
    painter.drawText(
        number_box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, label
    )
    if caption:
        small = QFont(font)
        small.setPixelSize(max(5, round(side * 0.085)))
        small.setWeight(QFont.Weight.Normal)
        # A long word ("Sekunden", a pseudo-locale caption) shrinks to the ring's width
        # rather than running past it.
        room = inner * 0.8
        width = QFontMetricsF(small).horizontalAdvance(caption)
        if width > room > 0:
            small.setPixelSize(max(5, int(small.pixelSize() * room / width)))
        painter.setFont(small)
        muted = QColor(text)
        if not high_contrast():  # at high contrast the caption keeps the full text colour
            muted.setAlphaF(0.7)
        painter.setPen(muted)
        caption_box = QRectF(
            circle.left(), circle.top() + circle.height() * 0.64, circle.width(), side * 0.14
        )
        painter.drawText(
            caption_box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, caption
        )
    painter.restore()


class CountdownRing(QWidget):
    """Shows how much of the current phase is left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CountdownRing")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setMinimumSize(96, 96)
        self._fraction = 1.0
        self._label = ""
        self._caption = ""
        self._accent = QColor("#1f9e89")
        self._track = QColor(LIGHT.line)
        self._text = QColor(LIGHT.text)

    # The ring draws itself as a circle in the square that fits; it does not ask layouts
    # for a height that follows its width (that would stop a low window from shrinking it).
    def sizeHint(self) -> QSize:
        return QSize(200, 200)

    @property
    def fraction_left(self) -> float:
        """The arc shown, 0..1."""
        return self._fraction

    @property
    def label(self) -> str:
        """The text in the middle."""
        return self._label

    def set_colors(self, accent: QColor, track: QColor, text: QColor) -> None:
        """Colour the arc, its track and the label."""
        if (accent, track, text) != (self._accent, self._track, self._text):
            self._accent, self._track, self._text = QColor(accent), QColor(track), QColor(text)
            self.update()

    def set_countdown(self, fraction_left: float, label: str, caption: str = "") -> None:
        """Show ``fraction_left`` of the arc with ``label`` inside; repaints only on change."""
        fraction = min(max(fraction_left, 0.0), 1.0)
        # Sub-pixel arc changes are invisible; skipping them saves repaints at 60 fps.
        changed = abs(fraction - self._fraction) >= 1 / 2000 or (label, caption) != (
            self._label,
            self._caption,
        )
        if changed:
            self._fraction, self._label, self._caption = fraction, label, caption
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            paint_ring(
                painter,
                QRectF(self.rect()).adjusted(2, 2, -2, -2),
                self._fraction,
                self._label,
                self._caption,
                self._accent,
                self._track,
                self._text,
            )
        finally:
            painter.end()
