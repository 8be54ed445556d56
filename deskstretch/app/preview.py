"""``deskstretch preview ID --out DIR``: render a stretch routine to PNG files offscreen.

Every frame is what the stretch window would show at that moment - the figure,
the stretch's name, the step text, the rep and side, the countdown ring and the
time left - painted with QPainter into a QImage, so no display is needed. Besides
``frame-00001.png``... it writes ``contact-sheet.png``: one labelled picture per
phase, to check a whole routine at a glance (and for the README).
"""

from __future__ import annotations

import logging
import math
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
)

from deskstretch.catalogue.loader import Catalogue
from deskstretch.catalogue.model import PhaseKind, Stretch
from deskstretch.core.session import Session, SessionState, Timeline, build_timeline
from deskstretch.i18n import _, ngettext
from deskstretch.pose import frame_for
from deskstretch.ui.figure import figure_palette, paint_figure
from deskstretch.ui.ring import paint_ring, seconds_label
from deskstretch.ui.stretch_texts import format_clock, phase_title, rep_text
from deskstretch.ui.style import palette, phase_color

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_USAGE = 2
FRAME_NAME = "frame-{index:05d}.png"
CONTACT_SHEET = "contact-sheet.png"
#: PNG "quality" for Qt: high means little compression, which is much faster to write.
PNG_QUALITY = 80
THUMB_SIZE = (400, 300)
SHEET_COLUMNS = 4


def load_catalogue() -> Catalogue:
    """The stretches a preview by id may name: the built-in ones and the user's routines."""
    from deskstretch.app.routines import load_stretches

    return load_stretches()


def _stretch_from_file(path: Path) -> Stretch | None:
    """The routine in ``path``; None (its problems on stderr) when it has any."""
    from deskstretch.app.routines_cli import check

    stretch, problems = check(path)
    for line in problems:
        sys.stderr.write(line + "\n")
    if stretch is None:
        sys.stderr.write(
            _("deskstretch preview: the file has problems (above); nothing was rendered") + "\n"
        )
    return stretch


def _looks_like_file(text: str) -> bool:
    return text.endswith(".toml") or "/" in text or "\\" in text or Path(text).is_file()


@dataclass(frozen=True)
class Theme:
    """Colours of a rendered frame (the stretch window's palette)."""

    dark: bool
    background: QColor
    card: QColor
    line: QColor
    text: QColor
    muted: QColor


def theme_colors(theme: str) -> Theme:
    """The palette for "light" or "dark"."""
    colors = palette(theme == "dark")
    return Theme(
        colors.dark, QColor(colors.background), QColor(colors.card), QColor(colors.line),
        QColor(colors.text), QColor(colors.muted),
    )  # fmt: skip


class _StillClock:
    """A clock that stands still: the renderer seeks the session to each frame's time."""

    def now(self) -> datetime:
        return datetime(2000, 1, 1, tzinfo=UTC)

    def monotonic(self) -> float:
        return 0.0

    def local_zone(self) -> tzinfo:
        return UTC


@dataclass(frozen=True)
class FrameLayout:
    """Where the parts of a frame go (``unit`` is 1.0 at 600x450 and scales the rest)."""

    unit: float
    header: QRectF
    card: QRectF
    column: QRectF
    step: QRectF


def frame_layout(rect: QRectF) -> FrameLayout:
    """Lay out a frame: header on top, step text at the bottom, figure and ring between."""
    unit = min(rect.width() / 4, rect.height() / 3) / 150
    margin = 20 * unit
    x0, inner_w = rect.left() + margin, rect.width() - 2 * margin
    header = QRectF(x0, rect.top() + margin, inner_w, 36 * unit)
    step_h = 58 * unit
    step = QRectF(x0, rect.bottom() - margin - step_h, inner_w, step_h)
    top, bottom = header.bottom() + 12 * unit, step.top() - 10 * unit
    side_w = min(210 * unit, inner_w * 0.36)
    card = QRectF(x0, top, inner_w - side_w - 14 * unit, bottom - top)
    column = QRectF(card.right() + 14 * unit, top, side_w, bottom - top)
    return FrameLayout(unit, header, card, column, step)


class RoutineRenderer:
    """Paints the routine of one or more stretches at any moment of its timeline."""

    def __init__(self, stretches: list[Stretch], theme: str = "light") -> None:
        self.timeline: Timeline = build_timeline(stretches)
        self.session = Session(self.timeline, _StillClock())
        self.session.pause()
        self.colors = theme_colors(theme)

    def state_at(self, seconds: float) -> SessionState:
        """Where the routine is ``seconds`` after its start."""
        self.session.seek(seconds)
        return self.session.state()

    def render(self, seconds: float, width: int, height: int) -> QImage:
        """A new image of the routine at ``seconds``."""
        image = QImage(width, height, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        try:
            self.paint(painter, QRectF(0, 0, width, height), self.state_at(seconds))
        finally:
            painter.end()
        return image

    def paint(self, painter: QPainter, rect: QRectF, state: SessionState) -> None:
        """Paint one frame into ``rect``: header, figure, ring, rep line, step text."""
        colors = self.colors
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.fillRect(rect, colors.background)
        layout = frame_layout(rect)
        unit, header, step, card, column = (
            layout.unit, layout.header, layout.step, layout.card, layout.column,
        )  # fmt: skip
        phase = state.phase

        # Header: the stretch's name and the time left.
        painter.setFont(self._font(painter, 26 * unit, QFont.Weight.DemiBold))
        painter.setPen(colors.text)
        painter.drawText(
            header, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, state.stretch.name
        )
        painter.setFont(self._font(painter, 17 * unit, QFont.Weight.DemiBold))
        left = (
            _("{time} left").format(time=format_clock(state.total_left))
            if phase.kind != "finish"
            else _("Done")
        )
        painter.drawText(header, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, left)

        # Bottom: the step text (wrapped).
        painter.setFont(self._font(painter, 17 * unit))
        painter.drawText(
            step,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap,
            phase.text,
        )

        # Middle: figure card on the left, ring column on the right.
        path = QPainterPath()
        path.addRoundedRect(card, 12 * unit, 12 * unit)
        painter.fillPath(path, figure_palette(colors.dark).background)
        painter.setPen(QPen(colors.line, max(1.0, unit)))
        painter.drawPath(path)
        frame = frame_for(
            state.stretch, phase.kind, state.progress, phase.side, state.seconds_in_phase
        )
        painter.save()
        painter.setClipPath(path)
        paint_figure(
            painter, card.adjusted(6 * unit, 6 * unit, -6 * unit, -6 * unit), frame, colors.dark
        )
        painter.restore()

        title_h = 30 * unit
        rep_h = 26 * unit
        ring_side = min(column.width() * 0.9, column.height() - title_h - rep_h - 10 * unit)
        block_h = title_h + ring_side + rep_h
        block_top = column.top() + (column.height() - block_h) / 2
        painter.setPen(colors.text)
        title_text = phase_title(phase.kind)
        painter.setFont(
            self._fitted(painter, title_text, 19 * unit, column.width(), QFont.Weight.DemiBold)
        )
        painter.drawText(
            QRectF(column.left(), block_top, column.width(), title_h),
            Qt.AlignmentFlag.AlignCenter,
            title_text,
        )
        ring_rect = QRectF(0, 0, ring_side, ring_side)
        ring_rect.moveCenter(column.center())
        ring_rect.moveTop(block_top + title_h)
        accent = QColor(phase_color(phase.kind, colors.dark))
        fraction = state.phase_left / phase.duration if phase.duration > 0 else 0.0
        done = phase.kind == "finish"
        label = "✓" if done else seconds_label(state.phase_left)
        caption = "" if done else _("seconds")
        paint_ring(painter, ring_rect, fraction, label, caption, accent, colors.line, colors.text)
        painter.setPen(colors.muted)
        painter.setFont(self._font(painter, 14 * unit))
        painter.drawText(
            QRectF(
                column.left() - 10 * unit, ring_rect.bottom(), column.width() + 20 * unit, rep_h
            ),
            Qt.AlignmentFlag.AlignCenter,
            rep_text(phase.kind, phase.rep, phase.reps, phase.side),
        )

    @classmethod
    def _fitted(
        cls,
        painter: QPainter,
        text: str,
        pixels: float,
        width: float,
        weight: QFont.Weight = QFont.Weight.Normal,
    ) -> QFont:
        """The font at ``pixels``, made smaller when ``text`` would not fit in ``width``."""
        font = cls._font(painter, pixels, weight)
        advance = QFontMetricsF(font).horizontalAdvance(text)
        if advance > width > 0:
            font = cls._font(painter, pixels * width / advance * 0.97, weight)
        return font

    @staticmethod
    def _font(
        painter: QPainter, pixels: float, weight: QFont.Weight = QFont.Weight.Normal
    ) -> QFont:
        font = QFont(painter.font())
        font.setPixelSize(max(6, round(pixels)))
        font.setWeight(weight)
        return font


def _ensure_gui_app() -> QGuiApplication | None:
    """Return the running GUI application, or start one on the offscreen platform."""
    app = QCoreApplication.instance()
    if app is None:
        # "-platform offscreen" wins over QT_QPA_PLATFORM: no display is needed or used.
        return QGuiApplication(["deskstretch-preview", "-platform", "offscreen"])
    return app if isinstance(app, QGuiApplication) else None


def render_frames(renderer: RoutineRenderer, out: Path, size: tuple[int, int], fps: int) -> int:
    """Write ``round(duration x fps)`` frames to ``out``; return how many."""
    count = round(renderer.timeline.duration * fps)
    width, height = size
    image = QImage(width, height, QImage.Format.Format_RGB32)
    for index in range(count):
        painter = QPainter(image)
        try:
            renderer.paint(painter, QRectF(0, 0, width, height), renderer.state_at(index / fps))
        finally:
            painter.end()
        path = out / FRAME_NAME.format(index=index + 1)
        if not image.save(str(path), None, PNG_QUALITY):  # format from the suffix
            raise OSError(_("cannot write {file}").format(file=path))
    return count


def contact_sheet_moment(start: float, end: float, kind: PhaseKind) -> float:
    """The moment that shows a phase best: the middle, or near the end of a move or release."""
    fraction = 0.7 if kind in ("move", "release") else 0.5
    return start + (end - start) * fraction


SHEET_GAP, SHEET_LABEL_H, SHEET_TITLE_H = 16, 30, 56


def sheet_cells(count: int) -> tuple[tuple[int, int], list[QRectF]]:
    """The contact sheet's size and the thumbnail rectangle of each of ``count`` phases."""
    thumb_w, thumb_h = THUMB_SIZE
    gap = SHEET_GAP
    columns = max(1, min(SHEET_COLUMNS, count))
    rows = max(1, math.ceil(count / columns))
    width = gap + columns * (thumb_w + gap)
    height = SHEET_TITLE_H + rows * (thumb_h + SHEET_LABEL_H + gap) + gap
    cells = [
        QRectF(
            gap + (n % columns) * (thumb_w + gap),
            SHEET_TITLE_H + (n // columns) * (thumb_h + SHEET_LABEL_H + gap),
            thumb_w,
            thumb_h,
        )
        for n in range(count)
    ]
    return (width, height), cells


def render_contact_sheet(renderer: RoutineRenderer, path: Path, *, first_rep: bool = False) -> int:
    """Write one labelled thumbnail per phase into a grid; return the number of phases.

    With ``first_rep`` only the first rep (both sides) and the ready and finish phases are
    shown: the whole routine at a glance, small enough for a README.
    """
    phases = [
        p
        for p in renderer.timeline.phases
        if not first_rep or p.kind in ("ready", "finish") or (p.rep == 1 and p.kind != "rest")
    ]
    (width, height), cells = sheet_cells(len(phases))
    gap, label_h, title_h = SHEET_GAP, SHEET_LABEL_H, SHEET_TITLE_H
    sheet = QImage(width, height, QImage.Format.Format_RGB32)
    colors = renderer.colors
    painter = QPainter(sheet)
    try:
        painter.fillRect(sheet.rect(), colors.background)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        title = ngettext(
            "{name}: {count} phase, {time} in all",
            "{name}: {count} phases, {time} in all",
            len(phases),
        ).format(
            name=", ".join(s.name for s in renderer.timeline.stretches),
            count=len(phases),
            time=format_clock(renderer.timeline.duration),
        )
        painter.setPen(colors.text)
        painter.setFont(RoutineRenderer._font(painter, 24, QFont.Weight.DemiBold))
        painter.drawText(
            QRectF(gap, 0, width - 2 * gap, title_h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            title,
        )
        label_font = RoutineRenderer._font(painter, 14)
        for number, (phase, target) in enumerate(zip(phases, cells, strict=True)):
            x, y, thumb_w, thumb_h = target.x(), target.y(), target.width(), target.height()
            painter.save()
            painter.setClipRect(target)
            painter.translate(x, y)
            moment = contact_sheet_moment(phase.start, phase.end, phase.kind)
            renderer.paint(painter, QRectF(0, 0, thumb_w, thumb_h), renderer.state_at(moment))
            painter.restore()
            painter.setPen(QPen(colors.line, 1))
            painter.drawRect(target)
            side = f", {phase.side}" if phase.side else ""
            rep = (
                f" {phase.rep}/{phase.reps}{side}" if phase.kind not in ("ready", "finish") else ""
            )
            label = f"{number + 1}. {phase.kind}{rep}  ·  {format_clock(phase.start)}–" + (
                f"{format_clock(phase.end)}"
            )
            painter.setPen(colors.text)
            painter.setFont(label_font)
            painter.drawText(
                QRectF(x, y + thumb_h, thumb_w, label_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
    finally:
        painter.end()
    if not sheet.save(str(path)):
        raise OSError(_("cannot write {file}").format(file=path))
    return len(phases)


def run_preview(
    stretch_id: str,
    out: Path,
    size: tuple[int, int] = (800, 600),
    fps: int = 30,
    theme: str = "light",
    *,
    first_rep_sheet: bool = False,
) -> int:
    """Render the routine of one stretch to numbered PNG frames and a contact sheet.

    Returns 0 on success, 2 (with a message on stderr) for an unknown stretch id,
    bad arguments or an output folder that cannot be written.
    """
    if size[0] < 16 or size[1] < 16 or fps < 1 or theme not in ("light", "dark"):
        sys.stderr.write(
            _("deskstretch preview: invalid size {size}, fps {fps} or theme {theme}").format(
                size=size, fps=fps, theme=repr(theme)
            )
            + "\n"
        )
        return EXIT_USAGE
    if _looks_like_file(stretch_id):
        stretch = _stretch_from_file(Path(stretch_id))
        if stretch is None:
            return EXIT_USAGE
        return _render(stretch, out, size, fps, theme, first_rep_sheet=first_rep_sheet)
    catalogue = load_catalogue()
    stretch = catalogue.get(stretch_id)
    if stretch is None:
        valid = ", ".join(catalogue.ids) or _("(none: the catalogue did not load)")
        sys.stderr.write(
            _("deskstretch preview: unknown stretch id {id}. Valid ids: {ids}").format(
                id=repr(stretch_id), ids=valid
            )
            + "\n"
        )
        return EXIT_USAGE
    return _render(stretch, out, size, fps, theme, first_rep_sheet=first_rep_sheet)


def _render(
    stretch: Stretch,
    out: Path,
    size: tuple[int, int],
    fps: int,
    theme: str,
    *,
    first_rep_sheet: bool,
) -> int:
    stretch_id = stretch.id
    app = _ensure_gui_app()
    if app is None:
        sys.stderr.write(
            _("deskstretch preview: a non-GUI Qt application is already running") + "\n"
        )
        return EXIT_USAGE
    try:
        out.mkdir(parents=True, exist_ok=True)
        for old in out.glob("frame-*.png"):  # frames of an earlier, longer render
            old.unlink()
        renderer = RoutineRenderer([stretch], theme)
        count = render_frames(renderer, out, size, fps)
        phases = render_contact_sheet(renderer, out / CONTACT_SHEET, first_rep=first_rep_sheet)
    except OSError as exc:
        sys.stderr.write(f"deskstretch preview: {exc}\n")
        return EXIT_USAGE
    log.info("preview of %s: %d frames, %d phases in %s", stretch_id, count, phases, out)
    frames = ngettext(
        "{count} frame ({seconds} s at {fps} fps)",
        "{count} frames ({seconds} s at {fps} fps)",
        count,
    ).format(count=count, seconds=f"{renderer.timeline.duration:g}", fps=fps)
    sheet = ngettext("{file} ({n} phase)", "{file} ({n} phases)", phases).format(
        file=CONTACT_SHEET, n=phases
    )
    # TRANSLATORS: {frames}: "450 frames (15 s at 30 fps)"; {sheet}: "contact-sheet.png (9 phases)".
    sys.stdout.write(
        _("Wrote {frames} and {sheet} to {folder}").format(frames=frames, sheet=sheet, folder=out)
        + "\n"
    )
    return EXIT_OK
