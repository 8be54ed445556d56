"""Fixtures shared by the app tests: `deskstretch config` against a store in the test's folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskstretch.settings.store import SettingsStore
from tests.helpers.config_run import Cli


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "cfg" / "settings.toml"


@pytest.fixture
def cli(path: Path) -> Cli:
    return Cli(SettingsStore(path))
