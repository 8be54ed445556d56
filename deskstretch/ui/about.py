"""The About dialog: version, what works on this desktop (and how to fix what does not)."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from deskstretch import __version__
from deskstretch.core.ports import Capability
from deskstretch.i18n import _
from deskstretch.ui.icons import render_icon


class AboutDialog(QDialog):
    """Shows the version and an honest capability report."""

    def __init__(
        self,
        capabilities: Sequence[Capability],
        log_path: Path | None,
        settings_path: Path | None,
        parent: QWidget | None = None,
        *,
        history_path: Path | None = None,
        on_progress: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About DeskStretch"))
        logo = QLabel()
        logo.setPixmap(render_icon("active", 64, self.devicePixelRatioF()))
        title = QLabel(f"<h2>DeskStretch {html.escape(__version__)}</h2>")
        intro = QLabel(
            _(
                "Reminds you to get up from the desk and shows you, step by step, "
                "how to do each stretch."
            )
        )
        intro.setWordWrap(True)
        rows = []
        for cap in capabilities:
            mark = "\u2714" if cap.available else "\u2716"
            hint = f"<br><i>{html.escape(cap.hint)}</i>" if cap.hint and not cap.available else ""
            rows.append(
                f"<tr><td>{mark}</td><td><b>{html.escape(cap.name)}</b></td>"
                f"<td>{html.escape(cap.detail)}{hint}</td></tr>"
            )
        self.report = QLabel(
            "<p><b>"
            + _("On this desktop")
            + "</b></p><table cellspacing=4>"
            + "".join(rows)
            + "</table>"
        )
        self.report.setObjectName("capabilities")
        self.report.setTextFormat(Qt.TextFormat.RichText)
        self.report.setWordWrap(True)
        self.report.setAccessibleName(_("What works on this desktop"))
        files = QLabel(
            _("Settings: {settings}\nHistory: {history}\nLog: {log}").format(
                settings=settings_path or "-", history=history_path or "-", log=log_path or "-"
            )
        )
        files.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        self.progress_button: QPushButton | None = None
        if on_progress is not None:
            self.progress_button = buttons.addButton(
                _("Your progress…"), QDialogButtonBox.ButtonRole.ActionRole
            )
            self.progress_button.clicked.connect(on_progress)
        head = QHBoxLayout()
        head.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.addWidget(title)
        text.addWidget(intro)
        head.addLayout(text, 1)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addLayout(head)
        body_layout.addWidget(self.report)
        # The paths cannot wrap: they scroll sideways on their own, so the rest still wraps
        # to the dialog's width.
        paths = _scroll_area("paths", files, sideways=True)
        # Room for the lines and for the scroll bar under them when they need it.
        bar = paths.horizontalScrollBar().sizeHint().height()
        paths.setMinimumHeight(files.sizeHint().height() + bar)
        paths.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        body_layout.addWidget(paths)
        body_layout.addStretch(1)
        # Large text in a small screen: the report scrolls (a long path sideways) rather
        # than being cut off.
        area = _scroll_area("aboutBody", body, sideways=False)
        layout = QVBoxLayout(self)
        layout.addWidget(area, 1)
        layout.addWidget(buttons)
        self.setMinimumWidth(min(480, 60 * self.fontMetrics().averageCharWidth()))


def _scroll_area(name: str, content: QWidget, *, sideways: bool) -> QScrollArea:
    """A frameless area in the dialog's own colours that scrolls ``content`` one way only:
    sideways (``sideways``) or down."""
    area = QScrollArea()
    area.setObjectName(name)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    off = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    if sideways:
        area.setVerticalScrollBarPolicy(off)
    else:
        area.setHorizontalScrollBarPolicy(off)
    area.setWidget(content)
    content.setAutoFillBackground(False)
    area.viewport().setAutoFillBackground(False)
    return area
