"""Suite-wide set-up: Qt offscreen by default, and every test in its own XDG directories."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# No per-example deadline and no too-slow health check: CI machines are shared (and loaded), and
# a slow example or a slow data generation is not a wrong one.
settings.register_profile(
    "deskstretch", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
# In CI the examples are derived from the test names, so a run can be repeated exactly;
# locally they vary from run to run and keep exploring.
settings.register_profile("ci", settings.get_profile("deskstretch"), derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "deskstretch")

# the `desktop` and `desktop_with_wm` fixtures (Xvfb + trayer + dunst on a private bus);
# pytester for tests of this file's hooks (tests/test_markers.py)
pytest_plugins = ["tests.helpers.desktop", "pytester"]

# A test that needs one of these fixtures (directly or through another fixture) gets the marker:
# `-m "not e2e"` then leaves out every test that starts an X server, and `-m "not gui"` every
# test that needs a QApplication, without each file having to remember its markers.
DESKTOP_FIXTURES = frozenset({"desktop", "desktop_with_wm"})
QT_FIXTURES = frozenset({"qtbot", "qapp"})

# GUI tests run offscreen unless a test asks for a real X server (the e2e tests start their own).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every per-user directory into the test's temporary folder.

    No test may read or write the real user's settings, logs or runtime sockets.
    """
    home = tmp_path / "home"
    for name, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_CACHE_HOME", ".cache"),
    ):
        path = home / sub
        path.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(name, str(path))
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "etc-xdg"))
    return home


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``e2e`` every test that starts a desktop and ``gui`` every test that needs Qt."""
    for item in items:
        # The fixture closure: fixtures used through other fixtures (e.g. `app` -> `desktop`).
        names = set(getattr(item, "fixturenames", ()))
        if names & DESKTOP_FIXTURES and item.get_closest_marker("e2e") is None:
            item.add_marker(pytest.mark.e2e)
        if names & QT_FIXTURES and item.get_closest_marker("gui") is None:
            item.add_marker(pytest.mark.gui)
