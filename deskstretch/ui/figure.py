"""The animated stretch figure: QPainter rendering of a pose frame, and its widget.

``paint_figure`` draws a :class:`deskstretch.pose.Frame` (capsule limbs, head, props)
into any rectangle; ``FigureView`` is the widget the stretch window embeds. The view
never animates by itself: it repaints when ``set_state`` is called, so the player's
clock drives it and tests can jump to any moment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from deskstretch.catalogue.model import PhaseKind, Side, Stretch
from deskstretch.i18n import _
from deskstretch.pose import Frame, Prop, frame_for
from deskstretch.ui.style import high_contrast


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
    furniture: QColor
    furniture_edge: QColor


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
    furniture=QColor("#e2d3bb"),
    furniture_edge=QColor("#a88d66"),
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
    furniture=QColor("#3a342d"),
    furniture_edge=QColor("#86745b"),
)


# High contrast: the limbs at 3:1 or more against the stage (WCAG's figure for graphics),
# the props drawn as outlines that show.
HIGH_CONTRAST_LIGHT = FigurePalette(
    background=QColor("#ffffff"),
    torso=QColor("#003f9e"),
    near=QColor("#001f5c"),
    far=QColor("#4d7fc7"),
    floor=QColor("#000000"),
    mat=QColor("#ffffff"),
    mat_edge=QColor("#000000"),
    bar=QColor("#000000"),
    frame=QColor("#595959"),
    furniture=QColor("#ffffff"),
    furniture_edge=QColor("#000000"),
)
HIGH_CONTRAST_DARK = FigurePalette(
    background=QColor("#000000"),
    torso=QColor("#8ec1ff"),
    near=QColor("#d6ebff"),
    far=QColor("#5a8fd0"),
    floor=QColor("#ffffff"),
    mat=QColor("#000000"),
    mat_edge=QColor("#ffffff"),
    bar=QColor("#ffffff"),
    frame=QColor("#a0a0a0"),
    furniture=QColor("#000000"),
    furniture_edge=QColor("#ffffff"),
)


def figure_palette(dark: bool) -> FigurePalette:
    """The palette for the light or the dark theme (high contrast when the desktop asks)."""
    if high_contrast():
        return HIGH_CONTRAST_DARK if dark else HIGH_CONTRAST_LIGHT
    return DARK if dark else LIGHT


# Widths are in device pixels: the painter is never scaled, because Qt's fast path for
# antialiased wide lines only applies without a scaling transform (a scaled painter
# made a 1080p frame about five times slower). Pens are cached by colour and width.
_PENS: dict[tuple[int, float, int], QPen] = {}
_NO_PEN = QPen(Qt.PenStyle.NoPen)


def _pen(color: QColor, width: float, cap: Qt.PenCapStyle = Qt.PenCapStyle.FlatCap) -> QPen:
    width = round(width * 4.0) / 4.0  # quarter pixels: plenty crisp, keeps the cache small
    key = (color.rgba(), width, int(cap.value))
    pen = _PENS.get(key)
    if pen is None:
        if len(_PENS) > 512:
            _PENS.clear()
        pen = QPen(color, width, Qt.PenStyle.SolidLine, cap, Qt.PenJoinStyle.RoundJoin)
        _PENS[key] = pen
    return pen


@dataclass
class _PropCache:
    key: tuple[int, float, float, float, float, bool]
    props: tuple[Prop, ...]
    paths: list[tuple[Prop, QPainterPath, float]]


_PROP_CACHE: list[_PropCache] = []


def _prop_paths(
    props: tuple[Prop, ...],
    key: tuple[int, float, float, float, float, bool],
    to_device: Callable[[float, float], QPointF],
    s: float,
) -> list[tuple[Prop, QPainterPath, float]]:
    # A stretch's props are the same tuple object in every frame (cached by the pose
    # layer), so their device paths are built once per size.
    for entry in _PROP_CACHE:
        if entry.key == key and entry.props is props:
            return entry.paths
    paths: list[tuple[Prop, QPainterPath, float]] = []
    for prop in props:
        path = QPainterPath()
        if prop.points:
            path.moveTo(to_device(*prop.points[0]))
            for x, y in prop.points[1:]:
                path.lineTo(to_device(x, y))
            if prop.closed:
                path.closeSubpath()
        paths.append((prop, path, prop.thickness * s))
    _PROP_CACHE.insert(0, _PropCache(key, props, paths))
    del _PROP_CACHE[8:]
    return paths


def figure_mapping(
    bounds: tuple[float, float, float, float], rect: QRectF
) -> tuple[float, float, float] | None:
    """How :func:`paint_figure` fits ``bounds`` into ``rect``: scale and origin ``(s, ox, oy)``,
    so a figure point (x, y) lands at (ox + x * s, oy - y * s); None when ``rect`` has no room.

    Drawings on top of the figure (a micro-break's eyes, the reach answer's fingertip dot) use
    it to land where the figure is.
    """
    x0, y0, x1, y1 = bounds
    bw, bh = max(x1 - x0, 1e-6), max(y1 - y0, 1e-6)
    margin = 0.05 * min(rect.width(), rect.height())
    avail_w, avail_h = rect.width() - 2 * margin, rect.height() - 2 * margin
    if avail_w <= 0 or avail_h <= 0:
        return None
    s = min(avail_w / bw, avail_h / bh)
    return s, rect.center().x() - (x0 + x1) / 2.0 * s, rect.center().y() + (y0 + y1) / 2.0 * s


def paint_figure(painter: QPainter, rect: QRectF, frame: Frame, dark: bool) -> None:
    """Draw ``frame`` scaled to fit ``rect`` (with a margin), centred, antialiased.

    Args:
        painter: An active painter; its state is restored afterwards.
        rect: Where to draw, in the painter's coordinates.
        frame: The frame from :func:`deskstretch.pose.frame_for`.
        dark: Use the dark palette.
    """
    pal = figure_palette(dark)
    mapping = figure_mapping(frame.bounds, rect)
    if mapping is None:
        return
    s, ox, oy = mapping

    def to_device(x: float, y: float) -> QPointF:
        return QPointF(ox + x * s, oy - y * s)

    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setClipRect(rect)

    key = (id(frame.props), rect.x(), rect.y(), rect.width(), rect.height(), dark)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for prop, path, width in _prop_paths(frame.props, key, to_device, s):
        if prop.kind == "floor":
            y = oy - prop.points[0][1] * s
            painter.setPen(_pen(pal.floor, max(1.0, width)))
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        elif prop.kind == "mat":
            # The fill is drawn without antialiasing (a large antialiased polygon costs
            # about a millisecond at 1080p); the antialiased edge line hides the steps.
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(_NO_PEN)
            painter.setBrush(pal.mat)
            painter.drawPath(path)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(_pen(pal.mat_edge, max(1.5, 0.006 * s), Qt.PenCapStyle.RoundCap))
            painter.drawPath(path)
        elif prop.kind in ("chair", "desk"):
            # Boards (seat, backrest, desk top) are filled outlines as thick as the board,
            # so they read as a slab from the side and as a panel from the front; legs and
            # rails are lines.
            if prop.closed:
                painter.setBrush(pal.furniture)
            painter.setPen(_pen(pal.furniture_edge, max(1.5, width), Qt.PenCapStyle.RoundCap))
            painter.drawPath(path)
            painter.setBrush(Qt.BrushStyle.NoBrush)
        elif prop.kind in ("frame", "bar"):
            color = pal.frame if prop.kind == "frame" else pal.bar
            painter.setPen(_pen(color, max(1.0, width), Qt.PenCapStyle.RoundCap))
            painter.drawPath(path)

    # Each capsule is a flat-capped wide line plus a disc at each end: much cheaper for
    # Qt's rasteriser than a round-capped line or a polygon, and it looks the same.
    for seg in frame.segments:
        # Limbs on the far side are a different shade so depth reads without outlines.
        color = (pal.far if seg.far else pal.near) if seg.layer == "limb" else pal.torso
        r = seg.thickness * s / 2.0
        a = to_device(*seg.start)
        painter.setPen(_NO_PEN)
        painter.setBrush(color)
        painter.drawEllipse(a, r, r)
        if seg.start != seg.end:
            b = to_device(*seg.end)
            painter.drawEllipse(b, r, r)
            painter.setPen(_pen(color, 2.0 * r))
            painter.drawLine(a, b)
    painter.restore()


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
        self.setAccessibleName(_("Stretch figure"))
        self.setAccessibleDescription(_("No stretch is shown."))
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
    def _phase_words(self, phase: PhaseKind) -> str:
        # Literal strings so the translation tools can find every one of them.
        words = {
            "ready": _("in the starting position"),
            "move": _("moving into the stretch"),
            "hold": _("holding the stretch"),
            "release": _("coming out of the stretch"),
            "switch": _("getting ready for the other side"),
            "rest": _("resting between repetitions"),
            "finish": _("finished"),
        }
        return words.get(phase, "")

    def _update_description(self, stretch: Stretch, phase: PhaseKind, side: Side | None) -> None:
        key = (stretch.id, phase, side)
        if key == self._description_key:
            return
        self._description_key = key
        doing = self._phase_words(phase)
        if side == "left":
            text = _("{name}, left side: the figure is {doing}.")
        elif side == "right":
            text = _("{name}, right side: the figure is {doing}.")
        else:
            text = _("{name}: the figure is {doing}.")
        step = stretch.steps.get(phase, "")
        description = text.format(name=stretch.name, doing=doing)
        if step:
            description = f"{description} {step}"
        self.setAccessibleDescription(description)
