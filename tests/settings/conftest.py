"""The settings tests validate stretch ids against a fixed list, not the growing catalogue."""

from __future__ import annotations

import pytest

from tests.helpers.settings_doubles import pin_stretch_ids


@pytest.fixture(autouse=True)
def _pinned_stretch_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    pin_stretch_ids(monkeypatch)
