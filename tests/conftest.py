"""Suite-wide set-up: Qt offscreen by default, and every test in its own XDG directories."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from deskstretch import i18n
from tests.helpers.shortdir import short_dir

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
pytest_plugins += ["tests.helpers.sway"]  # the `sway_desktop` fixture (sway, waybar, mako)

# A test that needs one of these fixtures (directly or through another fixture) gets the marker:
# `-m "not e2e"` then leaves out every test that starts an X server, and `-m "not gui"` every
# test that needs a QApplication, without each file having to remember its markers.
DESKTOP_FIXTURES = frozenset({"desktop", "desktop_with_wm"})
DESKTOP_FIXTURES |= {"sway_desktop"}
QT_FIXTURES = frozenset({"qtbot", "qapp"})

# The developer's desktop must not reach the tests: these would change how Qt draws (scale, DPI,
# style, theme), which display or compositor it talks to, or what it logs. Removed at import,
# before any QApplication exists.
DESKTOP_VARIABLES = (
    "QT_SCALE_FACTOR",
    "QT_SCREEN_SCALE_FACTORS",
    "QT_FONT_DPI",
    "QT_ENABLE_HIGHDPI_SCALING",
    "QT_AUTO_SCREEN_SCALE_FACTOR",
    "QT_QPA_PLATFORMTHEME",
    "QT_STYLE_OVERRIDE",
    "QT_LOGGING_RULES",
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "XDG_SESSION_TYPE",
    "XDG_CURRENT_DESKTOP",
)
for _name in DESKTOP_VARIABLES:
    os.environ.pop(_name, None)
# GUI tests in this process always run offscreen (also under tools/run-with-desktop.sh, which
# sets xcb): a test that needs X starts a desktop and hands its env() to a child process.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
# No test talks to the user's buses by accident: a test that wants a bus starts a private one
# and passes its address (Desktop.env(), DBUS_SYSTEM_BUS_ADDRESS in test_sleepwatch.py).
NO_BUS = "unix:path=/nonexistent/deskstretch-tests-have-no-bus"
os.environ["DBUS_SESSION_BUS_ADDRESS"] = NO_BUS
os.environ["DBUS_SYSTEM_BUS_ADDRESS"] = NO_BUS


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point HOME and every per-user directory into the test's temporary folder.

    No test may read or write the real user's settings, logs or runtime sockets.
    """
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    monkeypatch.setenv("HOME", str(home))
    for name, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_CACHE_HOME", ".cache"),
    ):
        path = home / sub
        path.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(name, str(path))
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "etc-xdg"))
    # English, whatever this machine's locale; a test that wants a language asks for it.
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    i18n.install("en")
    # The app's IPC socket lives here: short enough for sun_path whatever tmp_path's length.
    with short_dir(tmp_path / "run", prefix="ds-run-") as runtime:
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
        yield home
    i18n.install("en")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``e2e`` every test that starts a desktop and ``gui`` every test that needs Qt."""
    for item in items:
        # The fixture closure: fixtures used through other fixtures (e.g. `app` -> `desktop`).
        names = set(getattr(item, "fixturenames", ()))
        if names & DESKTOP_FIXTURES and item.get_closest_marker("e2e") is None:
            item.add_marker(pytest.mark.e2e)
        if names & QT_FIXTURES and item.get_closest_marker("gui") is None:
            item.add_marker(pytest.mark.gui)
