""" "How far did you reach?": the toe-touch check's six answers, each a small figure.

A row of buttons, one per depth (thighs ... floor), each showing the figure folded to
that depth with its word under it, plus "Skip". The stretch window puts it on its
finish page and does the keyboard handling (it gates keys with its focus guard).
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

from deskstretch.core.history import FLEX_LEVELS, FlexLevel
from deskstretch.i18n import _
from deskstretch.pose.reach import reach_frame
from deskstretch.ui.figure import figure_mapping, paint_figure
from deskstretch.ui.style import palette

#: Picture size of one answer, logical pixels (width, height).
PICTURE = QSize(76, 84)


def level_word(level: FlexLevel) -> str:
    """The word under an answer's picture."""
    words: dict[FlexLevel, str] = {
        "thighs": _("Thighs"),
        "knees": _("Knees"),
        "mid-shin": _("Mid-shin"),
        "ankles": _("Ankles"),
        "toes": _("Toes"),
        "floor": _("Floor"),
    }
    return words[level]


def level_phrase(level: FlexLevel) -> str:
    """How far the hands reached, as the end of a sentence ("your knees", "the floor")."""
    phrases: dict[FlexLevel, str] = {
        "thighs": _("your thighs"),
        "knees": _("your knees"),
        "mid-shin": _("the middle of your shins"),
        "ankles": _("your ankles"),
        "toes": _("your toes"),
        "floor": _("the floor"),
    }
    return phrases[level]


def reach_picture(level: FlexLevel, camera: str, dark: bool, ratio: float = 1.0) -> QPixmap:
    """The figure folded to ``level``, with the fingertips marked, ``PICTURE`` sized."""
    w, h = round(PICTURE.width() * ratio), round(PICTURE.height() * ratio)
    image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    frame = reach_frame(level, camera)
    rect = QRectF(0, 0, w, h)
    paint_figure(painter, rect, frame, dark)
    # A dot on the near fingertips says "this far" at a glance.
    mapping = figure_mapping(frame.bounds, rect)
    hands = [seg for seg in frame.segments if seg.part.endswith("_hand") and not seg.far]
    if hands and mapping is not None:
        s, ox, oy = mapping
        fx, fy = hands[-1].end
        r = 3.5 * ratio
        painter.setPen(QPen(Qt.PenStyle.NoPen))
        painter.setBrush(QColor(palette(dark).accent))
        painter.drawEllipse(QRectF(ox + fx * s - r, oy - fy * s - r, 2 * r, 2 * r))
    painter.end()
    image.setDevicePixelRatio(ratio)
    return QPixmap.fromImage(image)


class ReachChoices(QWidget):
    """The question and its answers. Emits ``answered`` once: a level, or "" for Skip."""

    answered = Signal(str)

    def __init__(self, camera: str = "three-quarter", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._camera = camera
        self._dark = False
        self._done = False
        self.title = QLabel(_("How far did you reach?"))
        self.title.setObjectName("question")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.choices: dict[FlexLevel, QToolButton] = {}
        row = QHBoxLayout()
        row.setSpacing(6)
        row.addStretch(1)
        for number, level in enumerate(FLEX_LEVELS, start=1):
            button = QToolButton()
            button.setObjectName("reach")
            button.setText(level_word(level))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            button.setIconSize(PICTURE)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setAccessibleName(_("Reached {where}").format(where=level_phrase(level)))
            button.setToolTip(_("{word} (key {n})").format(word=level_word(level), n=number))
            button.clicked.connect(lambda _checked=False, lv=level: self.choose(lv))
            self.choices[level] = button
            row.addWidget(button)
        row.addStretch(1)
        self.skip_button = QPushButton(_("Skip"))
        self.skip_button.setAccessibleName(_("Skip the question"))
        self.skip_button.setToolTip(_("Do not record how far you reached this time"))
        self.skip_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.skip_button.clicked.connect(self.skip)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addLayout(row)
        layout.addWidget(self.skip_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.setAccessibleName(_("How far did you reach?"))
        order: list[QWidget] = [*self.choices.values(), self.skip_button]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self._paint_icons()

    @property
    def buttons(self) -> tuple[QToolButton | QPushButton, ...]:
        """The answers then Skip, in focus order."""
        return (*self.choices.values(), self.skip_button)

    @property
    def is_done(self) -> bool:
        """Whether an answer (or Skip) was given."""
        return self._done

    def set_dark(self, dark: bool) -> None:
        """Redraw the pictures for the dark or the light theme."""
        if dark != self._dark:
            self._dark = dark
            self._paint_icons()

    def _paint_icons(self) -> None:
        ratio = self.devicePixelRatioF() or 1.0
        for level, button in self.choices.items():
            button.setIcon(QIcon(reach_picture(level, self._camera, self._dark, ratio)))

    def choose(self, level: FlexLevel) -> None:
        """Answer ``level`` (once)."""
        if not self._done:
            self._done = True
            self.answered.emit(level)

    def skip(self) -> None:
        """Answer nothing (once)."""
        if not self._done:
            self._done = True
            self.answered.emit("")

    def move_focus(self, step: int) -> None:
        """Move the keyboard focus ``step`` buttons along the row (wrapping)."""
        buttons = self.buttons
        current = next((i for i, b in enumerate(buttons) if b.hasFocus()), -1)
        if current < 0:
            target = 0 if step > 0 else len(buttons) - 1
        else:
            target = (current + step) % len(buttons)
        buttons[target].setFocus(Qt.FocusReason.TabFocusReason)
