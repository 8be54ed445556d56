"""Finds text that does not fit its widget: the checker behind "nothing is clipped".

:func:`clipped_texts` walks a shown top-level widget and reports every visible text that
the user would see cut off or elided: a label wider (or, word-wrapped, taller) than its
box, a button, check box, tab, group box title or combo box too narrow for its text, and
any widget that sticks out of its parent (so out of the window). It measures with the
fonts the widgets actually use (style sheets included), whatever fonts the machine has,
so the same check holds with DejaVu, Noto CJK or a doubled point size.

Widgets inside a scroll area may extend past its viewport (that is what scrolling is
for), so the viewport does not count as cutting them.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtGui import Qt as GuiQt  # Qt.mightBeRichText lives in QtGui
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QTabBar,
    QToolButton,
    QWidget,
)

#: Rounding between the metrics Qt lays out with and the ones measured here.
SLACK = 1


@dataclass(frozen=True)
class Clip:
    """One text that does not fit: where, what, and by how much."""

    widget: str
    text: str
    reason: str

    def __str__(self) -> str:
        return f"{self.widget}: {self.text!r}: {self.reason}"


def clipped_texts(window: QWidget) -> list[Clip]:
    """Every visible text in ``window`` (shown) that is cut off, elided or outside it."""
    window.ensurePolished()
    found: list[Clip] = []
    for widget in [window, *window.findChildren(QWidget)]:
        if not widget.isVisible() or widget.window() is not window:
            continue
        widget.ensurePolished()
        found.extend(_outside_parent(widget, window))
        if isinstance(widget, QLabel):
            found.extend(_label(widget))
        elif isinstance(widget, QAbstractButton):
            found.extend(_button(widget))
        elif isinstance(widget, QGroupBox):
            found.extend(_group_box(widget))
        elif isinstance(widget, QTabBar):
            found.extend(_tab_bar(widget))
        elif isinstance(widget, QComboBox):
            found.extend(_combo_box(widget))
    return found


def describe(widget: QWidget) -> str:
    """A name for ``widget`` in a report: class, object name and where it is."""
    name = widget.objectName()
    where = widget.mapTo(widget.window(), widget.rect().topLeft())
    size = widget.size()
    label = f"{type(widget).__name__}#{name}" if name else type(widget).__name__
    return f"{label} at {where.x()},{where.y()} {size.width()}x{size.height()}"


def _text_of(widget: QWidget) -> str:
    if isinstance(widget, (QLabel, QAbstractButton)):
        return widget.text()
    if isinstance(widget, QGroupBox):
        return widget.title()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    return ""


def _in_scroll_viewport(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    if parent is None:
        return False
    area = parent.parentWidget()
    return isinstance(area, QAbstractScrollArea) and area.viewport() is parent


def _outside_parent(widget: QWidget, window: QWidget) -> list[Clip]:
    if widget is window:
        return []
    if _in_scroll_viewport(widget):
        return _outside_viewport(widget)
    parent = widget.parentWidget()
    if parent is None or widget.isWindow():
        return []
    if widget.width() <= 0 or widget.height() <= 0:
        text = _text_of(widget)
        if text:
            return [Clip(describe(widget), text, "has no room at all")]
        return []
    if parent.rect().adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(widget.geometry()):
        return []
    return [
        Clip(
            describe(widget),
            _text_of(widget),
            f"sticks out of its parent {describe(parent)}",
        )
    ]


def _outside_viewport(content: QWidget) -> list[Clip]:
    """A scroll area's contents may reach past its viewport only where it can scroll."""
    viewport = content.parentWidget()
    assert viewport is not None
    area = viewport.parentWidget()
    assert isinstance(area, QAbstractScrollArea)
    clips = []
    geometry = content.geometry()
    if geometry.width() > viewport.width() + SLACK and not area.horizontalScrollBar().isVisible():
        clips.append(
            Clip(
                describe(content),
                "",
                f"{geometry.width()} px wide in a {viewport.width()} px view that cannot scroll",
            )
        )
    if geometry.height() > viewport.height() + SLACK and not area.verticalScrollBar().isVisible():
        clips.append(
            Clip(
                describe(content),
                "",
                f"{geometry.height()} px high in a {viewport.height()} px view that cannot scroll",
            )
        )
    return clips


def _shown_text(text: str, mnemonic: bool) -> str:
    """The text as drawn: an "&" marks the mnemonic and is not drawn ("&&" draws one)."""
    if not mnemonic:
        return text
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _plain_size(metrics: QFontMetrics, text: str) -> QSize:
    lines = text.split("\n")
    width = max(metrics.horizontalAdvance(line) for line in lines)
    return QSize(width, metrics.lineSpacing() * (len(lines) - 1) + metrics.height())


def _is_rich(label: QLabel) -> bool:
    fmt = label.textFormat()
    if fmt == Qt.TextFormat.RichText:
        return True
    return fmt == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(label.text())


def _label(label: QLabel) -> list[Clip]:
    text = label.text()
    if not text or not label.pixmap().isNull():
        return []
    box = label.contentsRect()
    inset = 2 * max(0, label.margin()) + max(0, label.indent())
    room = QSize(box.width() - inset, box.height() - 2 * max(0, label.margin()))
    clips: list[Clip] = []
    if label.wordWrap():
        high = label.heightForWidth(label.width())
        if high > label.height() + SLACK:
            clips.append(
                Clip(describe(label), text, f"wrapped, needs {high} px high, has {label.height()}")
            )
        # A word longer than the line (a path, a long compound) cannot wrap and runs off.
        doc = _document(label)
        doc.setTextWidth(room.width())
        if doc.idealWidth() > room.width() + SLACK:
            clips.append(
                Clip(
                    describe(label),
                    text,
                    f"a word needs {doc.idealWidth():.0f} px, has {room.width()}",
                )
            )
        return clips
    if _is_rich(label):
        doc = _document(label)
        needed = QSize(round(doc.idealWidth()), round(doc.size().height()))
    else:
        shown = _shown_text(text, label.buddy() is not None)
        needed = _plain_size(QFontMetrics(label.font()), shown)
    if needed.width() > room.width() + SLACK:
        clips.append(
            Clip(describe(label), text, f"needs {needed.width()} px wide, has {room.width()}")
        )
    if needed.height() > room.height() + SLACK:
        clips.append(
            Clip(describe(label), text, f"needs {needed.height()} px high, has {room.height()}")
        )
    return clips


def _document(label: QLabel) -> QTextDocument:
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setDefaultFont(label.font())
    if _is_rich(label):
        doc.setHtml(label.text())
    else:
        doc.setPlainText(label.text())
    return doc


def _button(button: QAbstractButton) -> list[Clip]:
    text = _shown_text(button.text(), True)
    if not text:
        return []
    if isinstance(button, QToolButton):
        needed = button.sizeHint()
    else:
        metrics = QFontMetrics(button.font())
        contents = _plain_size(metrics, text)
        if not button.icon().isNull():
            icon = button.iconSize()
            contents = QSize(
                contents.width() + icon.width() + 4, max(contents.height(), icon.height())
            )
        option = QStyleOptionButton()
        option.initFrom(button)
        # A focused button may draw a thicker focus border inside the same box: that is
        # drawn over the padding, it does not push the text out.
        option.state &= ~QStyle.StateFlag.State_HasFocus
        option.text = button.text()
        option.icon = button.icon()
        option.iconSize = button.iconSize()
        if isinstance(button, QCheckBox):
            kind = QStyle.ContentsType.CT_CheckBox
        elif isinstance(button, QRadioButton):
            kind = QStyle.ContentsType.CT_RadioButton
        else:
            kind = QStyle.ContentsType.CT_PushButton
            if isinstance(button, QPushButton) and button.isFlat():
                option.features |= QStyleOptionButton.ButtonFeature.Flat
        needed = button.style().sizeFromContents(kind, option, contents, button)
    if needed.width() > button.width() + SLACK:
        return [
            Clip(
                describe(button), button.text(), f"needs {needed.width()} px, has {button.width()}"
            )
        ]
    if needed.height() > button.height() + SLACK:
        return [
            Clip(
                describe(button),
                button.text(),
                f"needs {needed.height()} px high, has {button.height()}",
            )
        ]
    return []


def _group_box(box: QGroupBox) -> list[Clip]:
    title = _shown_text(box.title(), True)
    if not title:
        return []
    needed = QFontMetrics(box.font()).horizontalAdvance(title)
    if box.isCheckable():
        style = box.style()
        needed += style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + style.pixelMetric(
            QStyle.PixelMetric.PM_CheckBoxLabelSpacing
        )
    if needed > box.width() + SLACK:
        return [Clip(describe(box), box.title(), f"title needs {needed} px, has {box.width()}")]
    return []


def _tab_bar(bar: QTabBar) -> list[Clip]:
    clips: list[Clip] = []
    metrics = QFontMetrics(bar.font())
    space = bar.style().pixelMetric(QStyle.PixelMetric.PM_TabBarTabHSpace, None, bar)
    for index in range(bar.count()):
        if not bar.isTabVisible(index):
            continue
        text = _shown_text(bar.tabText(index), True)
        rect: QRect = bar.tabRect(index)
        needed = metrics.horizontalAdvance(text) + space
        if not bar.tabIcon(index).isNull():
            needed += bar.iconSize().width() + 4
        if needed > rect.width() + SLACK:
            clips.append(
                Clip(
                    describe(bar), bar.tabText(index), f"tab needs {needed} px, has {rect.width()}"
                )
            )
        if not bar.rect().contains(rect):
            clips.append(Clip(describe(bar), bar.tabText(index), "tab outside the tab bar"))
    return clips


def _combo_box(combo: QComboBox) -> list[Clip]:
    text = combo.currentText()
    if not text:
        return []
    option = QStyleOptionComboBox()
    option.initFrom(combo)
    option.editable = combo.isEditable()
    option.currentText = text
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox,
        option,
        QStyle.SubControl.SC_ComboBoxEditField,
        combo,
    )
    needed = QFontMetrics(combo.font()).horizontalAdvance(text)
    if not combo.itemIcon(combo.currentIndex()).isNull():
        needed += combo.iconSize().width() + 4
    if needed > field.width() + SLACK:
        return [Clip(describe(combo), text, f"needs {needed} px, field has {field.width()}")]
    return []
