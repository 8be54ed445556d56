"""The clipping checker finds what a user would see cut off, and only that."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabBar,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.helpers.fit import clipped_texts

TEXT = "This hurts – stop"


def window(qtbot: QtBot) -> QWidget:
    top = QWidget()
    qtbot.addWidget(top)
    top.resize(400, 300)
    return top


def test_a_button_too_narrow_for_its_text_is_reported(qtbot: QtBot) -> None:
    top = window(qtbot)
    button = QPushButton(TEXT, top)
    width = QFontMetrics(button.font()).horizontalAdvance(TEXT) // 2
    button.setGeometry(10, 10, width, button.sizeHint().height())
    top.show()
    clips = clipped_texts(top)
    assert [c.text for c in clips] == [TEXT]
    assert "QPushButton" in clips[0].widget


def test_a_button_at_its_size_hint_fits(qtbot: QtBot) -> None:
    top = window(qtbot)
    button = QPushButton(TEXT, top)
    button.setGeometry(10, 10, button.sizeHint().width(), button.sizeHint().height())
    top.show()
    assert clipped_texts(top) == []


def test_a_button_just_narrower_than_its_text_plus_margins_is_reported(qtbot: QtBot) -> None:
    top = window(qtbot)
    button = QPushButton(TEXT, top)
    text = QFontMetrics(button.font()).horizontalAdvance(TEXT)
    button.setGeometry(10, 10, text + 1, button.sizeHint().height())  # no room for margins
    top.show()
    assert [c.text for c in clipped_texts(top)] == [TEXT]


def test_a_check_box_counts_its_indicator(qtbot: QtBot) -> None:
    top = window(qtbot)
    box = QCheckBox("Play a sound", top)
    text = QFontMetrics(box.font()).horizontalAdvance("Play a sound")
    box.setGeometry(10, 10, text, box.sizeHint().height())
    top.show()
    assert [c.text for c in clipped_texts(top)] == ["Play a sound"]


@pytest.mark.parametrize("rich", [False, True])
def test_a_label_narrower_than_its_text_is_reported(qtbot: QtBot, rich: bool) -> None:
    top = window(qtbot)
    text = "<b>5 reps – starting on the left side</b>" if rich else "5 reps – starting on the left"
    label = QLabel(text, top)
    label.setGeometry(10, 10, 80, 40)
    top.show()
    assert [c.text for c in clipped_texts(top)] == [text]
    label.setGeometry(10, 10, label.sizeHint().width(), label.sizeHint().height())
    assert clipped_texts(top) == []


def test_a_word_wrapped_label_lower_than_its_lines_is_reported(qtbot: QtBot) -> None:
    top = window(qtbot)
    text = "Ease out of the position slowly and rest for a moment. " * 3
    label = QLabel(text, top)
    label.setWordWrap(True)
    label.setGeometry(10, 10, 200, QFontMetrics(label.font()).height())  # one line
    top.show()
    assert [c.text for c in clipped_texts(top)] == [text]
    label.setGeometry(10, 10, 200, label.heightForWidth(200))
    assert clipped_texts(top) == []


def test_a_rich_text_wrapped_label_counts_its_markup(qtbot: QtBot) -> None:
    top = window(qtbot)
    text = "<h2>" + "Take care of your back " * 4 + "</h2>"
    label = QLabel(text, top)
    label.setWordWrap(True)
    plain = QLabel("Take care of your back " * 4, top)
    plain.setWordWrap(True)
    label.setGeometry(10, 10, 200, plain.heightForWidth(200))  # enough for plain text only
    plain.setGeometry(10, 200, 200, plain.heightForWidth(200))
    top.show()
    assert [c.text for c in clipped_texts(top)] == [text]


def test_a_widget_sticking_out_of_the_window_is_reported(qtbot: QtBot) -> None:
    top = window(qtbot)
    label = QLabel("Skip", top)
    label.setGeometry(380, 10, label.sizeHint().width(), label.sizeHint().height())
    top.show()
    assert [c.text for c in clipped_texts(top)] == ["Skip"]


def test_widgets_scrolled_out_of_a_scroll_area_are_not_cut(qtbot: QtBot) -> None:
    top = window(qtbot)
    area = QScrollArea(top)
    area.setGeometry(0, 0, 200, 100)
    inner = QWidget()
    layout = QVBoxLayout(inner)
    for n in range(20):
        layout.addWidget(QLabel(f"line {n}"))
    area.setWidget(inner)
    top.show()
    assert clipped_texts(top) == []


def test_a_squeezed_tab_is_reported(qtbot: QtBot) -> None:
    top = window(qtbot)
    bar = QTabBar(top)
    bar.setUsesScrollButtons(False)
    for name in ("Breaks", "Schedule", "Notifications"):
        bar.addTab(name)
    bar.setGeometry(0, 0, 120, bar.sizeHint().height())
    top.show()
    assert "Notifications" in [c.text for c in clipped_texts(top)]


def test_a_narrow_combo_box_and_group_box_title_are_reported(qtbot: QtBot) -> None:
    top = window(qtbot)
    combo = QComboBox(top)
    combo.addItem("Every 45 minutes while working")
    combo.setGeometry(0, 0, 90, combo.sizeHint().height())
    box = QGroupBox("When a break falls due", top)
    box.setGeometry(0, 60, 60, 80)
    top.show()
    texts = sorted(c.text for c in clipped_texts(top))
    assert texts == ["Every 45 minutes while working", "When a break falls due"]
    combo.setGeometry(0, 0, combo.sizeHint().width(), combo.sizeHint().height())
    box.setGeometry(0, 60, 300, 80)
    assert clipped_texts(top) == []


def test_hidden_widgets_are_not_checked(qtbot: QtBot) -> None:
    top = window(qtbot)
    button = QPushButton(TEXT, top)
    button.setGeometry(10, 10, 20, 20)
    button.hide()
    top.show()
    assert clipped_texts(top) == []


def test_contents_wider_than_a_scroll_area_that_cannot_scroll_sideways_are_reported(
    qtbot: QtBot,
) -> None:
    top = window(qtbot)
    area = QScrollArea(top)
    area.setGeometry(0, 0, 200, 100)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    inner = QLabel("A long line that does not fit in two hundred pixels at all")
    area.setWidget(inner)
    inner.resize(inner.sizeHint().width(), 40)
    top.show()
    assert [c.reason for c in clipped_texts(top)] == [
        f"{inner.width()} px wide in a {area.viewport().width()} px view that cannot scroll"
    ]
