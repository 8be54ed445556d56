"""The animated stretch figure: QPainter rendering of a pose frame, and its widget.

``paint_figure`` draws a :class:`deskstretch.pose.Frame` (capsule limbs, head, props)
into any rectangle; ``FigureView`` is the widget the stretch window embeds. The view
never animates by itself: it repaints when ``set_state`` is called, so the player's
clock drives it and tests can jump to any moment.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from deskstretch.catalogue.model import PhaseKind, Side, Stretch
from deskstretch.pose import Frame, Prop, frame_for


@dataclass(frozen=True)
class FigurePalette:
    """Colours of the figure and its props for one theme."""

    background: QColor
    torso: QColor
    near: QColor
    far: QColor
    floor: QColor
    mat: QColor
    mat_edge: QColor
    bar: QColor
    frame: QColor


LIGHT = FigurePalette(
    background=QColor("#f6f4ef"),
    torso=QColor("#3d7cc2"),
    near=QColor("#1f5a96"),
    far=QColor("#98bde4"),
    floor=QColor("#b4ac9f"),
    mat=QColor("#d5e5da"),
    mat_edge=QColor("#a3c2ad"),
    bar=QColor("#4d5258"),
    frame=QColor("#d8d1c5"),
)
DARK = FigurePalette(
    background=QColor("#1d2125"),
    torso=QColor("#6aa6e6"),
    near=QColor("#a5d2ff"),
    far=QColor("#3b6189"),
    floor=QColor("#545b63"),
    mat=QColor("#2a3a31"),
    mat_edge=QColor("#3f5a48"),
    bar=QColor("#aab1b9"),
    frame=QColor("#343a41"),
)


def figure_palette(dark: bool) -> FigurePalette:
    """The palette for the light or the dark theme."""
    return DARK if dark else LIGHT


# Pens are in figure units (body height = 1) because the painter is scaled, so they do
# not depend on the widget size and can be cached for the life of the process.
_PENS: dict[tuple[int, float], QPen] = {}
_PATHS: dict[int, tuple[tuple[Prop, ...], list[tuple[Prop, QPainterPath]]]] = {}
_NO_PEN = QPen(Qt.PenStyle.NoPen)


def _pen(color: QColor, width: float) -> QPen:
    key = (color.rgba(), round(width, 4))
    pen = _PENS.get(key)
    if pen is None:
        pen = QPen(color, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                   Qt.PenJoinStyle.RoundJoin)
        _PENS[key] = pen
    return pen


def _prop_paths(props: tuple[Prop, ...]) -> list[tuple[Prop, QPainterPath]]:
    # Props of a stretch are the same tuple object for every frame (cached by the pose
    # layer), so their paths are built once.
    hit = _PATHS.get(id(props))
    if hit is not None and hit[0] is props:
        return hit[1]
    paths: list[tuple[Prop, QPainterPath]] = []
    for prop in props:
        path = QPainterPath()
        if prop.points:
            path.moveTo(QPointF(*prop.points[0]))
            for x, y in prop.points[1:]:
                path.lineTo(QPointF(x, y))
            if prop.closed:
                path.closeSubpath()
        paths.append((prop, path))
    if len(_PATHS) > 64:
        _PATHS.clear()
    _PATHS[id(props)] = (props, paths)
    return paths


def paint_figure(painter: QPainter, rect: QRectF, frame: Frame, dark: bool) -> None:
    """Draw ``frame`` scaled to fit ``rect`` (with a margin), centred, antialiased.

    Args:
        painter: An active painter; its state is restored afterwards.
        rect: Where to draw, in the painter's coordinates.
        frame: The frame from :func:`deskstretch.pose.frame_for`.
        dark: Use the dark palette.
    """
    pal = figure_palette(dark)
    x0, y0, x1, y1 = frame.bounds
    bw, bh = max(x1 - x0, 1e-6), max(y1 - y0, 1e-6)
    margin = 0.05 * min(rect.width(), rect.height())
    avail_w, avail_h = rect.width() - 2 * margin, rect.height() - 2 * margin
    if avail_w <= 0 or avail_h <= 0:
        return
    s = min(avail_w / bw, avail_h / bh)
    cx, cy = rect.center().x(), rect.center().y()
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setClipRect(rect)
    painter.translate(cx, cy)
    painter.scale(s, -s)  # y up, in body-height units from here on
    painter.translate(-(x0 + x1) / 2.0, -(y0 + y1) / 2.0)
    half_w = rect.width() / (2.0 * s)
    mid_x = (x0 + x1) / 2.0

    painter.setBrush(Qt.BrushStyle.NoBrush)
    for prop, path in _prop_paths(frame.props):
        if prop.kind == "floor":
            y = prop.points[0][1]
            painter.setPen(_pen(pal.floor, prop.thickness))
            painter.drawLine(QPointF(mid_x - half_w, y), QPointF(mid_x + half_w, y))
        elif prop.kind == "mat":
            painter.setPen(_pen(pal.mat_edge, 0.008))
            painter.setBrush(QBrush(pal.mat))
            painter.drawPath(path)
            painter.setBrush(Qt.BrushStyle.NoBrush)
        elif prop.kind == "frame":
            painter.setPen(_pen(pal.frame, prop.thickness))
            painter.drawPath(path)
        elif prop.kind == "bar":
            painter.setPen(_pen(pal.bar, prop.thickness))
            painter.drawPath(path)

    painter.setBrush(Qt.BrushStyle.NoBrush)
    for seg in frame.segments:
        # Limbs on the far side are a different shade so depth reads without outlines.
        color = (pal.far if seg.far else pal.near) if seg.layer == "limb" else pal.torso
        if seg.start == seg.end:
            painter.setPen(_NO_PEN)
            painter.setBrush(color)
            r = seg.thickness / 2.0
            painter.drawEllipse(QPointF(*seg.start), r, r)
            painter.setBrush(Qt.BrushStyle.NoBrush)
        else:
            painter.setPen(_pen(color, seg.thickness))
            painter.drawLine(QPointF(*seg.start), QPointF(*seg.end))
    painter.restore()


_PHASE_WORDS: dict[str, str] = {
    "ready": "in the starting position",
    "move": "moving into the stretch",
    "hold": "holding the stretch",
    "release": "coming out of the stretch",
    "switch": "getting ready for the other side",
    "rest": "resting between repetitions",
    "finish": "finished",
}


class FigureView(QWidget):
    """The widget that shows the animated figure of the current stretch.

    It keeps no timer: the player calls :meth:`set_state` for every frame it wants
    shown, and the view repaints once per call.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FigureView")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 90)
        self.setAccessibleName(self.tr("Stretch figure"))
        self.setAccessibleDescription(self.tr("No stretch is shown."))
        self._dark = False
        self._reduced_motion = False
        self._state: tuple[Stretch, PhaseKind, float, Side | None, float] | None = None
        self._frame: Frame | None = None
        self._description_key: tuple[str, str, str | None] | None = None

    # ------------------------------------------------------------ state in
    def set_state(
        self,
        stretch: Stretch,
        phase: PhaseKind,
        progress: float,
        side: Side | None,
        seconds_in_phase: float,
    ) -> None:
        """Show ``stretch`` at a moment of a phase and repaint once."""
        self._state = (stretch, phase, progress, side, seconds_in_phase)
        self._frame = frame_for(
            stretch, phase, progress, side, seconds_in_phase, self._reduced_motion
        )
        self._update_description(stretch, phase, side)
        self.update()

    def set_reduced_motion(self, reduced: bool) -> None:
        """Key poses only (no tweening or breathing) when ``reduced`` is true."""
        if reduced == self._reduced_motion:
            return
        self._reduced_motion = reduced
        if self._state is not None:
            self.set_state(*self._state)

    def set_dark(self, dark: bool) -> None:
        """Use the dark palette when ``dark`` is true."""
        if dark != self._dark:
            self._dark = dark
            self.update()

    def frame(self) -> Frame | None:
        """The frame currently shown (None before the first ``set_state``)."""
        return self._frame

    def reduced_motion(self) -> bool:
        """Whether key poses are shown without tweening."""
        return self._reduced_motion

    # ------------------------------------------------------------ Qt
    def sizeHint(self) -> QSize:
        return QSize(480, 360)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), figure_palette(self._dark).background)
        if self._frame is not None:
            paint_figure(painter, QRectF(self.rect()), self._frame, self._dark)
        painter.end()

    # ------------------------------------------------------------ words
    def _update_description(self, stretch: Stretch, phase: PhaseKind, side: Side | None) -> None:
        key = (stretch.id, phase, side)
        if key == self._description_key:
            return
        self._description_key = key
        doing = self.tr(_PHASE_WORDS.get(phase, ""))
        if side == "left":
            text = self.tr("{name}, left side: the figure is {doing}.")
        elif side == "right":
            text = self.tr("{name}, right side: the figure is {doing}.")
        else:
            text = self.tr("{name}: the figure is {doing}.")
        step = stretch.steps.get(phase, "")
        description = text.format(name=stretch.name, doing=doing)
        if step:
            description = f"{description} {step}"
        self.setAccessibleDescription(description)
