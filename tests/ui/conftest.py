"""Fixtures shared by the widget tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from deskstretch.settings.model import Preferences
from deskstretch.ui.preferences import PreferencesDialog


@pytest.fixture
def make(qtbot: QtBot) -> Callable[..., PreferencesDialog]:
    """Builds a Preferences dialog (no thumbnails) that the test tears down."""

    def build(prefs: Preferences | None = None, **kwargs: Any) -> PreferencesDialog:
        kwargs.setdefault("stretch_details", {})
        dialog = PreferencesDialog(prefs or Preferences(), **kwargs)
        qtbot.addWidget(dialog)
        return dialog

    return build
