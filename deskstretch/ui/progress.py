"""The Progress window: what the history says, at a glance (issue 15).

It renders a :class:`~deskstretch.core.stats.Summary` and nothing else: every number is
computed by :mod:`deskstretch.core.stats`, the same code as ``deskstretch stats``. The two
charts (breaks per day, the flexibility level over time) are drawn with QPainter: they are
small, and a plotting library would cost more memory than the whole window (see
docs/charts.md). Each chart takes the keyboard focus and carries an accessible description
that says its numbers, so a screen reader user hears what a sighted user sees.

This module is imported only when the window opens (the app imports it inside a function).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, QLocale, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from deskstretch import i18n
from deskstretch.core.history import FLEX_LEVELS
from deskstretch.core.stats import DayStats, FlexPoint, Summary
from deskstretch.i18n import _, ngettext
from deskstretch.ui.reach_choices import level_phrase, level_word
from deskstretch.ui.style import Palette, palette


@dataclass(frozen=True)
class ChartColors:
    """The colours the charts draw with, for one theme."""

    taken: str
    skipped: str
    snoozed: str
    grid: str
    text: str
    muted: str
    line: str


def chart_colors(colors: Palette) -> ChartColors:
    """Chart colours that go with ``colors`` (taken is the accent; skipped warm; snoozed grey)."""
    if colors.dark:
        return ChartColors(
            colors.accent, "#f0b454", "#7d869a", colors.line, colors.text, colors.muted, "#6fa3f0"
        )
    return ChartColors(
        colors.accent, "#d98a1c", "#a9b0bf", colors.line, colors.text, colors.muted, "#2f6fd0"
    )


def duration_text(seconds: int) -> str:
    """ "45 min", "6 h 05 min" (whole minutes), "0 min" for nothing."""
    minutes = round(seconds / 60)
    if minutes < 60:
        return ngettext("{n} min", "{n} min", minutes).format(n=minutes)
    rest = minutes % 60
    return ngettext("{h} h {m:02d} min", "{h} h {m:02d} min", rest).format(h=minutes // 60, m=rest)


def _date(day: date, translated: str, english: str) -> str:
    """``day`` in a QLocale date pattern (the translation's: each language orders day and
    month its own way), with the locale's month and day names. The pseudo-locale's
    "translation" of a pattern is no pattern, so it keeps the English one."""
    pattern = english if i18n.language() == i18n.PSEUDO else translated
    return QLocale().toString(QDate(day.year, day.month, day.day), pattern)


def day_text(day: date, this_year: int | None = None) -> str:
    """ "3 March", or "3 March 2025" when ``day`` is not in ``this_year`` (in the locale's
    words and the order the translation gives)."""
    if this_year in (None, day.year):
        # TRANSLATORS: a QLocale date pattern (d day, MMMM month name, yyyy year), "3 March".
        return _date(day, _("d MMMM"), "d MMMM")
    # TRANSLATORS: a QLocale date pattern, "3 March 2025".
    return _date(day, _("d MMMM yyyy"), "d MMMM yyyy")


def long_day_text(day: date) -> str:
    """ "Monday 3 March"."""
    # TRANSLATORS: a QLocale date pattern (dddd the day's name), "Monday 3 March".
    return _date(day, _("dddd d MMMM"), "dddd d MMMM")


def day_description(stats: DayStats) -> str:
    """One day of the bar chart in words: "Monday 3 March: 5 taken, 1 skipped, 2 snoozed"."""
    if stats.due == 0 and stats.snoozed == 0:
        return _("{day}: no breaks due").format(day=long_day_text(stats.day))
    return _("{day}: {taken} taken, {skipped} skipped, {snoozed} snoozed").format(
        day=long_day_text(stats.day),
        taken=stats.taken,
        skipped=stats.skipped,
        snoozed=stats.snoozed,
    )


def flex_sentence(points: Sequence[FlexPoint], change: int | None, this_year: int) -> str:
    """How the toe-touch reach changed since the first check, in one sentence."""
    if not points:
        return _("No toe-touch check yet. A break will offer it now and then.")
    first, last = points[0], points[-1]
    if change is None:
        return _(
            "One check so far: you reached {where} on {day}. The next one will show the change."
        ).format(where=level_phrase(FLEX_LEVELS[last.level]), day=day_text(last.day, this_year))
    since = day_text(first.day, this_year)
    if change == 0:
        return _("The same reach as on {day}: {level}.").format(
            day=since, level=level_word(FLEX_LEVELS[last.level])
        )
    n = abs(change)
    if change > 0:
        text = ngettext(
            "{n} level further than on {day}: from {first} to {last}.",
            "{n} levels further than on {day}: from {first} to {last}.",
            n,
        )
    else:
        text = ngettext(
            "{n} level less than on {day}: from {first} to {last}.",
            "{n} levels less than on {day}: from {first} to {last}.",
            n,
        )
    return text.format(
        n=n,
        day=since,
        first=level_phrase(FLEX_LEVELS[first.level]),
        last=level_phrase(FLEX_LEVELS[last.level]),
    )


class _Chart(QWidget):
    """What both charts share: focusable, themed, a grid line with its label, a focus frame."""

    def __init__(
        self, name: str, accessible_name: str, colors: ChartColors, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.colors = colors
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(accessible_name)

    def set_colors(self, colors: ChartColors) -> None:
        """Redraw in another theme."""
        self.colors = colors
        self.update()

    def _grid_line(
        self, painter: QPainter, y: float, span: tuple[float, float], label: tuple[float, str]
    ) -> None:
        """A grid line across ``span`` (left, right) at ``y``, labelled in the axis to its left."""
        (left, right), (axis_w, text) = span, label
        line = QFontMetricsF(self.font()).height()
        painter.setPen(QPen(QColor(self.colors.grid), 1))
        painter.drawLine(QPointF(left, y), QPointF(right, y))
        painter.setPen(QColor(self.colors.muted))
        painter.drawText(
            QRectF(0, y - line / 2, axis_w, line),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            text,
        )

    def _focus_frame(self, painter: QPainter) -> None:
        if self.hasFocus():
            painter.setPen(QPen(QColor(self.colors.taken), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 6, 6)


class DayBars(_Chart):
    """Breaks per day as stacked bars (taken, skipped, snoozed), a week per group.

    Focusable, with the numbers of every day in its accessible description.
    """

    def __init__(self, colors: ChartColors, parent: QWidget | None = None) -> None:
        super().__init__("daybars", _("Breaks per day"), colors, parent)
        self.days: tuple[DayStats, ...] = ()

    def sizeHint(self) -> QSize:
        """Room for the bars and the legend."""
        return QSize(560, 200)

    def set_days(self, days: Sequence[DayStats]) -> None:
        """Show ``days`` (oldest first) and describe them for screen readers."""
        self.days = tuple(days)
        lines = [day_description(d) for d in reversed(self.days)]
        self.setAccessibleDescription(
            _("Newest first. {days}.").format(days=". ".join(lines)) if lines else _("No days.")
        )
        self.setToolTip("")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Legend on top, bars in the middle, dates underneath."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        c = self.colors
        metrics = QFontMetricsF(self.font())
        line = metrics.height()
        width, height = float(self.width()), float(self.height())
        # legend
        x = 4.0
        for name, color in (
            (_("taken"), c.taken),
            (_("skipped"), c.skipped),
            (_("snoozed"), c.snoozed),
        ):
            painter.fillRect(QRectF(x + 4, line * 0.35, line * 0.6, line * 0.6), QColor(color))
            x += line * 0.85 + 4
            painter.setPen(QColor(c.text))
            painter.drawText(QPointF(x, line * 0.95), name)
            x += metrics.horizontalAdvance(name) + line
        top = line * 1.9
        bottom = height - line * 1.4
        axis_w = metrics.horizontalAdvance("00") + 6
        left, right = axis_w, width - 4
        if not self.days or bottom - top < 10:
            painter.end()
            return
        peak = max(max(d.taken + d.skipped + d.snoozed for d in self.days), 1)
        scale_top = max(4, ((peak + 3) // 4) * 4)
        # grid lines with counts
        painter.setPen(QPen(QColor(c.grid), 1))
        for k in range(5):
            value = scale_top * k // 4
            y = bottom - (bottom - top) * value / scale_top
            self._grid_line(painter, y, (left, right), (axis_w - 4, str(value)))
        n = len(self.days)
        slot = (right - left) / n
        bar = max(2.0, slot * 0.68)
        for i, d in enumerate(self.days):
            cx = left + slot * (i + 0.5)
            y = bottom
            for count, color in (
                (d.taken, c.taken),
                (d.skipped, c.skipped),
                (d.snoozed, c.snoozed),
            ):
                if count:
                    h = (bottom - top) * count / scale_top
                    painter.fillRect(QRectF(cx - bar / 2, y - h, bar, h), QColor(color))
                    y -= h
            if d.day.weekday() == 0 and i > 0:  # a thin line before each Monday
                painter.setPen(QPen(QColor(c.grid), 1, Qt.PenStyle.DashLine))
                painter.drawLine(QPointF(left + slot * i, top), QPointF(left + slot * i, bottom))
            label = self._label(d.day, i, slot, metrics)
            if label:
                painter.setPen(QColor(c.muted if d.day != self.days[-1].day else c.text))
                painter.drawText(
                    QPointF(cx - metrics.horizontalAdvance(label) / 2, height - 4), label
                )
        self._focus_frame(painter)
        painter.end()

    def _label(self, day: date, i: int, slot: float, metrics: QFontMetricsF) -> str:
        """Day numbers where they fit: every day, or Mondays and the last day."""
        text = str(day.day)
        if slot >= metrics.horizontalAdvance("00") + 4:
            return text
        if day.weekday() == 0 or i == len(self.days) - 1:
            return text
        return ""


class FlexChart(_Chart):
    """The toe-touch level over time: a line through every check, levels as rows."""

    def __init__(self, colors: ChartColors, parent: QWidget | None = None) -> None:
        super().__init__("flexchart", _("Flexibility over time"), colors, parent)
        self.points: tuple[FlexPoint, ...] = ()

    def sizeHint(self) -> QSize:
        """A small chart."""
        return QSize(360, 190)

    def set_points(self, points: Sequence[FlexPoint], sentence: str) -> None:
        """Show ``points`` (oldest first); ``sentence`` says the change in words."""
        self.points = tuple(points)
        said = "; ".join(
            f"{day_text(p.day, 0)}: {level_word(FLEX_LEVELS[p.level])}" for p in self.points
        )
        self.setAccessibleDescription(
            _("{sentence} Checks: {checks}.").format(sentence=sentence, checks=said)
            if said
            else sentence
        )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Level names on the left, one row each; the checks joined by a line."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        c = self.colors
        metrics = QFontMetricsF(self.font())
        line = metrics.height()
        width, height = float(self.width()), float(self.height())
        names = [level_word(level) for level in reversed(FLEX_LEVELS)]
        axis_w = max(metrics.horizontalAdvance(n) for n in names) + 8
        top, bottom = line * 0.7, height - line * 1.5
        left, right = axis_w, width - 10
        rows = len(FLEX_LEVELS) - 1
        for k, name in enumerate(names):
            y = top + (bottom - top) * k / rows
            self._grid_line(painter, y, (left, right), (axis_w - 6, name))
        if self.points:
            first = self.points[0].day.toordinal()
            span = max(self.points[-1].day.toordinal() - first, 1)

            def at(p: FlexPoint) -> QPointF:
                x = left + 8 + (right - left - 16) * (p.day.toordinal() - first) / span
                if len(self.points) == 1:
                    x = (left + right) / 2
                y = top + (bottom - top) * (rows - p.level) / rows
                return QPointF(x, y)

            path = QPainterPath(at(self.points[0]))
            for p in self.points[1:]:
                path.lineTo(at(p))
            painter.setPen(QPen(QColor(c.line), 2.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            painter.setBrush(QColor(c.line))
            radius = 3.5 if len(self.points) < 30 else 2.5
            for p in self.points:
                painter.drawEllipse(at(p), radius, radius)
            painter.setPen(QColor(c.muted))
            for p, align in ((self.points[0], "left"), (self.points[-1], "right")):
                text = day_text(p.day, self.points[-1].day.year)
                x = at(p).x() - (metrics.horizontalAdvance(text) if align == "right" else 0)
                x = min(max(x, left), right - metrics.horizontalAdvance(text))
                painter.drawText(QPointF(x, height - 4), text)
                if len(self.points) == 1:
                    break
        self._focus_frame(painter)
        painter.end()


class Figure(QFrame):
    """One headline number with what it means underneath."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.value = QLabel()
        self.value.setObjectName("value")
        self.caption = QLabel()
        self.caption.setObjectName("caption")
        self.caption.setWordWrap(True)
        self.value.setAccessibleName(name)
        self.caption.setAccessibleName(_("{name}, explained").format(name=name))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(2)
        heading = QLabel(name)
        heading.setObjectName("muted")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        layout.addStretch(1)

    def show_value(self, value: str, caption: str) -> None:
        """Set the number and its caption."""
        self.value.setText(value)
        self.caption.setText(caption)
        self.setAccessibleDescription(f"{value}. {caption}")


class ProgressWindow(QWidget):
    """The Progress window: this week and the last weeks, per stretch, and flexibility.

    Args:
        summary: What to show.
        stretch_names: Catalogue names by stretch id (ids not in it are shown as they are).
        dark: Whether to use the dark palette.
        parent: The parent widget, if any.
    """

    #: Below this width the stretches and the flexibility chart stack instead of sitting side
    #: by side.
    NARROW = 860

    def __init__(
        self,
        summary: Summary,
        stretch_names: Mapping[str, str],
        *,
        dark: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ProgressWindow")
        self.setWindowTitle(_("Your progress"))
        self.stretch_names = dict(stretch_names)
        self.colors = palette(dark)
        charts = chart_colors(self.colors)

        self.stack = QStackedWidget()
        # --- the empty state
        self.empty_page = QWidget()
        self.empty_title = QLabel(_("No breaks recorded yet"))
        self.empty_title.setObjectName("title")
        self.empty_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_title.setWordWrap(True)
        self.empty_label = QLabel(
            _(
                "When your first break falls due it shows up here: taken, skipped or snoozed, "
                "day by day, with your streak and how far you reach in the toe-touch check."
            )
        )
        self.empty_label.setObjectName("empty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setAccessibleName(_("No history yet"))
        empty_layout = QVBoxLayout(self.empty_page)
        empty_layout.setContentsMargins(48, 24, 48, 24)
        empty_layout.setSpacing(14)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_title)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addStretch(2)

        # --- the figures
        self.content = QWidget()
        self.content.setObjectName("content")
        self.title_label = QLabel(_("Your progress"))
        self.title_label.setObjectName("title")
        self.period_label = QLabel()
        self.period_label.setObjectName("muted")
        self.period_label.setWordWrap(True)

        self.adherence = Figure(_("Breaks taken"))
        self.streak = Figure(_("Streak"))
        self.computer = Figure(_("At the computer"))
        self.longest = Figure(_("Longest without a break"))
        self.figures = (self.adherence, self.streak, self.computer, self.longest)
        self.figure_grid = QGridLayout()
        self.figure_grid.setSpacing(10)

        self.bars_heading = QLabel(_("Breaks per day"))
        self.bars_heading.setObjectName("heading")
        self.week_label = QLabel()
        self.week_label.setWordWrap(True)
        self.week_label.setAccessibleName(_("This week"))
        self.bars = DayBars(charts)

        self.stretch_heading = QLabel(_("Per stretch"))
        self.stretch_heading.setObjectName("heading")
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Stretch"), _("Done"), _("Skipped"), _("Stopped")])
        self.table.setAccessibleName(_("Per stretch: done, skipped and stopped"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the next control
        self.table.verticalHeader().setVisible(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.no_stretches_label = QLabel(_("No stretches shown in these weeks."))
        self.no_stretches_label.setWordWrap(True)

        self.flex_heading = QLabel(_("Toe-touch reach"))
        self.flex_heading.setObjectName("heading")
        self.flex_label = QLabel()
        self.flex_label.setWordWrap(True)
        self.flex_label.setAccessibleName(_("Flexibility change"))
        self.flex_chart = FlexChart(charts)

        stretch_box = QVBoxLayout()
        stretch_box.addWidget(self.stretch_heading)
        stretch_box.addWidget(self.table)
        stretch_box.addWidget(self.no_stretches_label)
        stretch_box.addStretch(1)
        flex_box = QVBoxLayout()
        flex_box.addWidget(self.flex_heading)
        flex_box.addWidget(self.flex_label)
        flex_box.addWidget(self.flex_chart, 1)
        self.lower_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.lower_row.setSpacing(18)
        self.lower_row.addLayout(stretch_box, 1)
        self.lower_row.addLayout(flex_box, 1)

        content_layout = QVBoxLayout(self.content)
        content_layout.setContentsMargins(18, 14, 18, 10)
        content_layout.setSpacing(8)
        content_layout.addWidget(self.title_label)
        content_layout.addWidget(self.period_label)
        content_layout.addLayout(self.figure_grid)
        content_layout.addSpacing(6)
        content_layout.addWidget(self.bars_heading)
        content_layout.addWidget(self.week_label)
        content_layout.addWidget(self.bars, 3)
        content_layout.addSpacing(6)
        content_layout.addLayout(self.lower_row, 2)

        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("scroll")
        self.scroll_area.setWidget(self.content)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.stack.addWidget(self.scroll_area)
        self.stack.addWidget(self.empty_page)

        self.close_button = QPushButton(_("Close"))
        self.close_button.setObjectName("primary")
        self.close_button.setAccessibleName(_("Close the progress window"))
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(18, 6, 18, 12)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)

        self._columns = 0
        self._arrange(self.width())
        self._apply_palette()
        self.setMinimumSize(560, 420)
        self.resize(900, 640)
        self.render(summary)
        self.close_button.setFocus()

    # ---------------------------------------------------------------- state

    # The project's widgets take their state through render(state); this one hides
    # QWidget.render(target, ...) (painting into a device), which nothing calls on it.
    def render(self, summary: Summary) -> None:  # type: ignore[override]
        """Show ``summary`` (the window keeps no other state)."""
        self.summary = summary
        if not summary.has_history:
            self.stack.setCurrentWidget(self.empty_page)
            return
        self.stack.setCurrentWidget(self.scroll_area)
        totals, n = summary.totals, len(summary.days)
        if n > 1:
            period = ngettext(
                "The last {n} day, {start} to {end}", "The last {n} days, {start} to {end}", n
            ).format(
                n=n, start=day_text(summary.start, summary.today.year), end=day_text(summary.today)
            )
        else:
            period = _("Today, {day}").format(day=day_text(summary.today))
        self.period_label.setText(period)
        if summary.adherence is None:
            self.adherence.show_value("–", _("No break fell due in these days."))
        else:
            self.adherence.show_value(
                QLocale().toString(round(summary.adherence * 100)) + "%",
                ngettext(
                    "{taken} of {due} break due; {snoozed} snoozed.",
                    "{taken} of {due} breaks due; {snoozed} snoozed.",
                    totals.due,
                ).format(taken=totals.taken, due=totals.due, snoozed=totals.snoozed),
            )
        self.streak.show_value(
            ngettext("{n} day", "{n} days", summary.streak).format(n=summary.streak),
            ngettext(
                "In a row with at least {n} break taken; days off don't count.",
                "In a row with at least {n} breaks taken; days off don't count.",
                summary.streak_breaks,
            ).format(n=summary.streak_breaks),
        )
        at_computer = totals.days_at_computer
        if at_computer:
            self.computer.show_value(
                duration_text(totals.active_seconds // at_computer),
                ngettext(
                    "A day on average, over {n} day at the computer.",
                    "A day on average, over {n} days at the computer.",
                    at_computer,
                ).format(n=at_computer),
            )
        else:
            self.computer.show_value("–", _("No time at the computer recorded."))
        today = duration_text(summary.days[-1].longest_work_seconds)
        self.longest.show_value(
            duration_text(totals.longest_work_seconds),
            _("Of work in one go, in these days. Today: {today}.").format(today=today),
        )

        week = [
            d for d in summary.days if (summary.today - d.day).days < summary.today.weekday() + 1
        ]
        taken = sum(d.taken for d in week)
        skipped = sum(d.skipped for d in week)
        snoozed = sum(d.snoozed for d in week)
        self.week_label.setText(
            _("This week so far: {taken} taken, {skipped} skipped, {snoozed} snoozed.").format(
                taken=taken, skipped=skipped, snoozed=snoozed
            )
        )
        self.bars.set_days(summary.days)

        self.table.setRowCount(len(summary.stretches))
        for row, s in enumerate(summary.stretches):
            name = QTableWidgetItem(self.stretch_names.get(s.stretch_id, s.stretch_id))
            name.setToolTip(s.stretch_id)
            self.table.setItem(row, 0, name)
            for col, value in enumerate((s.done, s.skipped, s.stopped), start=1):
                item = QTableWidgetItem(str(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        # Tall enough for every row (a dozen at most): the window scrolls, not the table.
        shown_rows = max(1, min(len(summary.stretches), 12))
        self.table.setFixedHeight(
            self.table.horizontalHeader().sizeHint().height()
            + self.table.verticalHeader().defaultSectionSize() * shown_rows
            + 2 * self.table.frameWidth()
            + 4
        )
        self.table.setVisible(bool(summary.stretches))
        self.no_stretches_label.setVisible(not summary.stretches)
        rows = "; ".join(
            _("{name}: {done} done, {skipped} skipped, {stopped} stopped").format(
                name=self.stretch_names.get(s.stretch_id, s.stretch_id),
                done=s.done,
                skipped=s.skipped,
                stopped=s.stopped,
            )
            for s in summary.stretches
        )
        self.table.setAccessibleDescription(rows)

        sentence = flex_sentence(summary.flex, summary.flex_change, summary.today.year)
        self.flex_label.setText(sentence)
        self.flex_chart.set_points(summary.flex, sentence)
        self.flex_chart.setVisible(bool(summary.flex))
        self._columns = 0  # the figures' texts changed: choose the columns afresh
        self._arrange(self.width())

    # ---------------------------------------------------------------- layout and look

    def _arrange(self, width: int) -> None:
        """Four figures in a row when there is room, two by two otherwise (the room their
        numbers need: "2 h 14 min" is longer in some languages)."""
        spacing = self.figure_grid.spacing()
        needed = sum(f.minimumSizeHint().width() + spacing for f in self.figures) + 36
        columns = 4 if width >= max(self.NARROW, needed) else 2
        if columns != self._columns:
            self._columns = columns
            for figure in self.figures:
                self.figure_grid.removeWidget(figure)
            for i, figure in enumerate(self.figures):
                self.figure_grid.addWidget(figure, i // columns, i % columns)
            for col in range(4):
                self.figure_grid.setColumnStretch(col, 1 if col < columns else 0)
        self.lower_row.setDirection(
            QBoxLayout.Direction.LeftToRight
            if width >= self.NARROW
            else QBoxLayout.Direction.TopToBottom
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Rearrange the figures for the new width."""
        self._arrange(event.size().width())
        super().resizeEvent(event)

    def _apply_palette(self) -> None:
        c = self.colors
        base = QFont().pointSizeF()
        base = base if base > 0 else 10.0
        self.setStyleSheet(
            f"""
            QWidget#ProgressWindow, QWidget#content, QScrollArea#scroll,
            QScrollArea#scroll > QWidget > QWidget {{ background: {c.background}; }}
            QLabel {{ color: {c.text}; }}
            QLabel#title {{ font-size: {base * 1.7:.1f}pt; font-weight: 600; }}
            QLabel#heading {{ font-size: {base * 1.2:.1f}pt; font-weight: 600; }}
            QLabel#muted, QLabel#caption {{ color: {c.muted}; }}
            QLabel#value {{ font-size: {base * 1.8:.1f}pt; font-weight: 600; color: {c.accent}; }}
            QLabel#empty {{ font-size: {base * 1.2:.1f}pt; color: {c.muted}; }}
            QFrame#card {{ background: {c.card}; border: 1px solid {c.line};
                border-radius: 10px; }}
            QFrame#card QLabel {{ background: transparent; border: none; }}
            QTableWidget {{ background: {c.card}; color: {c.text}; border: 1px solid {c.line};
                border-radius: 8px; selection-background-color: {c.info};
                selection-color: {c.text}; }}
            QTableWidget:focus {{ border: 2px solid {c.accent}; }}
            QHeaderView::section {{ background: {c.info}; color: {c.muted}; border: none;
                padding: 4px 8px; }}
            QPushButton {{ color: {c.text}; background: {c.card}; border: 1px solid {c.line};
                border-radius: 8px; padding: 7px 16px; min-width: 72px; }}
            QPushButton:focus {{ border: 2px solid {c.text}; }}
            QPushButton#primary {{ background: {c.accent}; color: {c.on_accent};
                border-color: {c.accent}; font-weight: 600; }}
            QScrollBar:vertical {{ background: {c.background}; width: 12px; margin: 0; }}
            QScrollBar::handle:vertical {{ background: {c.line}; border-radius: 5px;
                min-height: 30px; margin: 2px; }}
            QScrollBar::handle:vertical:hover {{ background: {c.muted}; }}
            QScrollBar::add-line, QScrollBar::sub-line {{ height: 0; }}
            QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
            """
        )
        charts = chart_colors(c)
        self.bars.set_colors(charts)
        self.flex_chart.set_colors(charts)

    def set_dark(self, dark: bool) -> None:
        """Follow the desktop into the dark (or light) palette."""
        self.colors = palette(dark)
        self._apply_palette()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc closes the window."""
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)
