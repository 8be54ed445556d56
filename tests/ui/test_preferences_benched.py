"""The Stretches tab lists the stretches taken out because they hurt, each with "Put back"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from deskstretch.settings.model import Preferences
from deskstretch.ui.preferences import PreferencesDialog

pytestmark = pytest.mark.gui

OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "flexcheck"
# Noon UTC: the same calendar day in any local time zone from UTC-11 to UTC+11.
MAR_12 = datetime(2026, 3, 12, 12, 0, tzinfo=UTC)
MAR_20 = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
NAMES = {"hip-flexor": "Hip flexor stretch", "camel": "Camel"}


@pytest.fixture
def make(qtbot: QtBot) -> Callable[..., PreferencesDialog]:
    def build(**kwargs: Any) -> PreferencesDialog:
        kwargs.setdefault("stretch_details", {})
        kwargs.setdefault("stretch_names", NAMES)
        dialog = PreferencesDialog(Preferences(), **kwargs)
        qtbot.addWidget(dialog)
        return dialog

    return build


def _show_stretches_tab(dialog: PreferencesDialog) -> None:
    dialog.show()
    dialog.tabs.setCurrentIndex(2)
    QApplication.processEvents()


def test_nothing_benched_hides_the_section(make: Callable[..., PreferencesDialog]) -> None:
    dialog = make()
    _show_stretches_tab(dialog)
    assert not dialog.benched_box.isVisible()
    assert dialog.restored == ()


def test_each_benched_stretch_says_why_and_since_when(
    make: Callable[..., PreferencesDialog],
) -> None:
    dialog = make(benched={"hip-flexor": MAR_12, "camel": MAR_20})
    _show_stretches_tab(dialog)
    assert dialog.benched_box.isVisible()
    texts = [label.text() for label in dialog.benched_labels.values()]
    # In catalogue order: the hip flexor stretch comes first.
    assert texts == [
        "Hip flexor stretch – hurt twice within two weeks, last on 12 Mar",
        "Camel – hurt twice within two weeks, last on 20 Mar",
    ]
    button = dialog.put_back_buttons["hip-flexor"]
    assert button.text() == "Put back"
    assert button.accessibleName() == "Put Hip flexor stretch back into your breaks"
    OUTPUT.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(OUTPUT / "preferences-stretches-benched.png"))


def test_put_back_reports_the_id_once_and_says_so(
    qtbot: QtBot, make: Callable[..., PreferencesDialog]
) -> None:
    calls: list[str] = []
    dialog = make(benched={"hip-flexor": MAR_12, "camel": MAR_20}, restore=calls.append)
    _show_stretches_tab(dialog)
    button = dialog.put_back_buttons["camel"]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # disabled now: nothing more
    dialog.put_back("camel")
    dialog.put_back("not-benched")
    assert calls == ["camel"]
    assert dialog.restored == ("camel",)
    assert not button.isEnabled()
    assert dialog.benched_labels["camel"].text() == "Camel – back in your breaks"
    assert dialog.put_back_buttons["hip-flexor"].isEnabled()


def test_ask_passes_the_benched_stretches_through_and_keeps_its_answer(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    def put_back_and_cancel(self: PreferencesDialog) -> int:
        qtbot.mouseClick(self.put_back_buttons["hip-flexor"], Qt.MouseButton.LeftButton)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        return self.result()

    monkeypatch.setattr(PreferencesDialog, "exec", put_back_and_cancel)
    result = PreferencesDialog.ask(
        Preferences(), stretch_details={}, benched={"hip-flexor": MAR_12}, restore=calls.append
    )
    # Put back acts at once, even when the dialog is cancelled afterwards.
    assert result is None
    assert calls == ["hip-flexor"]
