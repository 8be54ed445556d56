"""Tests of the headless GNOME Shell helper itself (real gnome-shell, buses, gjs, Qt on Wayland)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.desktop import NOTIFICATIONS_NAME
from tests.helpers.gnome import GnomeShell, require_gnome, start_gnome
from tests.helpers.wait import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def gnome(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GnomeShell]:
    require_gnome()
    with start_gnome(tmp_path_factory.mktemp("gnome")) as session:
        yield session


def test_the_session_is_private_and_speaks_wayland_only(gnome: GnomeShell) -> None:
    env = gnome.env({"DISPLAY": ":0", "KEEP": "me"})
    assert "DISPLAY" not in env
    assert env["KEEP"] == "me"
    assert env["WAYLAND_DISPLAY"] == str(gnome.runtime_dir / gnome.wayland_display)
    assert env["QT_QPA_PLATFORM"] == "wayland"
    assert env["XDG_CURRENT_DESKTOP"] == "GNOME"
    assert env["XDG_SESSION_TYPE"] == "wayland"
    assert env["DBUS_SESSION_BUS_ADDRESS"] == gnome.bus_address
    assert gnome.bus_address != os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    assert stat.S_IMODE(gnome.runtime_dir.stat().st_mode) == 0o700
    assert (gnome.runtime_dir / gnome.wayland_display).is_socket()
    # gnome-shell's own notification service answers (the gjs helper).
    assert gnome.name_has_owner(NOTIFICATIONS_NAME)
    assert gnome.idle_ms() >= 0


def test_a_screenshot_shows_the_shell(gnome: GnomeShell, tmp_path: Path) -> None:
    from tests.packaging.pngcheck import stats

    shot = gnome.screenshot(tmp_path / "screen.png")
    assert stats(shot, step=8).colours > 3  # the top bar's text on the background


def test_keys_typed_through_remote_desktop_reach_a_focused_qt_window(
    gnome: GnomeShell, tmp_path: Path
) -> None:
    out = tmp_path / "typed.txt"
    env = gnome.env()
    env["PYTHONPATH"] = str(ROOT)
    editor = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.typing_target", str(out)], env=env, cwd=ROOT
    )
    try:
        (window,) = wait_until(
            lambda: gnome.windows_titled("e2e typing target"), 30, what="the editor's window"
        )
        assert window["has-focus"] is True
        gnome.type_keys("Hello gnome 1")
        wait_until(
            lambda: out.read_text(),
            10,
            what="the typed text in the editor",
            until=lambda text: text == "Hello gnome 1",
            details=lambda: repr(out.read_text()),
        )
        assert gnome.idle_ms() < 60_000  # the keys count as input for Mutter's idle monitor
    finally:
        editor.terminate()
        editor.wait(10)
    wait_until(lambda: not gnome.windows_titled("e2e typing target"), 10, what="the window to go")


def test_the_pointer_moves_and_clicks_and_the_hot_corner_is_off(gnome: GnomeShell) -> None:
    assert gnome.overview_shown() is False
    wait_until(gnome.idle_ms, 10, what="half a second idle", until=lambda ms: ms >= 500)
    gnome.pointer_to(0, 0)  # the hot corner: it would open the overview
    gnome.move_pointer(3, 3)
    assert gnome.idle_ms() < 500  # the motion arrived (it is input to Mutter)
    assert gnome.overview_shown() is False
    gnome.click(40, 15)  # the "Activities" button in the top bar
    wait_until(gnome.overview_shown, 10, what="the overview after a click on Activities")
    gnome.set_overview(False)


def test_stopping_ends_every_process_it_started(tmp_path: Path) -> None:
    require_gnome()
    with start_gnome(tmp_path / "gnome") as session:
        procs = [p.popen for p in session._procs]
        assert all(p.poll() is None for p in procs)
    assert all(p.poll() is not None for p in procs)
