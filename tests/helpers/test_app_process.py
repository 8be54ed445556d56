"""The environment the e2e tests give the real app: the test's, never the developer's session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from deskstretch.app.config_cli import default_store
from tests.helpers.app_process import app_env


def test_the_app_gets_the_tests_home_and_not_the_developers_session(
    isolated_user_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    monkeypatch.setenv("XDG_SESSION_TYPE", "wayland")
    monkeypatch.setenv("XDG_CURRENT_DESKTOP", "GNOME")
    env = app_env({"DISPLAY": ":5", "DBUS_SESSION_BUS_ADDRESS": "unix:path=/x"})
    assert env["HOME"] == str(isolated_user_dirs)
    assert env["DISPLAY"] == ":5"
    assert env["QT_QPA_PLATFORM"] == "xcb"
    for name in ("WAYLAND_DISPLAY", "XDG_SESSION_TYPE", "XDG_CURRENT_DESKTOP"):
        assert name not in env


def test_the_app_does_not_look_at_the_machines_camera_but_the_user_file_is_untouched(
    isolated_user_dirs: Path,
) -> None:
    env = app_env({})
    assert env["XDG_CONFIG_DIRS"] == os.environ["XDG_CONFIG_DIRS"]  # what the store reads below
    loaded = default_store().load()
    assert loaded.prefs.dnd.camera is False
    assert loaded.prefs.dnd.microphone is True  # only the camera is switched off
    assert not (isolated_user_dirs / ".config" / "deskstretch" / "settings.toml").exists()
