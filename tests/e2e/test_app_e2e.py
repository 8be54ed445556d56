"""End to end: the real ``deskstretch`` process under Xvfb with a real tray host (trayer) and a real
notification server (dunst) on a private session D-Bus. The suite starts and stops all of it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.app_process import EARLY_WARNING, AppProcess, app_env, visible_windows
from tests.helpers.wait import wait_until
from tests.packaging.pngcheck import stats

pytestmark = pytest.mark.slow  # e2e: from the desktop fixture (tests/conftest.py)

OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
XSHOT = Path(__file__).resolve().parents[1] / "helpers" / "xshot.py"
# A correctness bound (the process does end, with code 0), generous for a loaded machine; how fast
# quitting is would be a benchmark's business, not a test's.
EXIT_TIMEOUT_S = 15


@pytest.fixture
def app(desktop: Any, tmp_path: Path) -> Iterator[AppProcess]:
    proc = AppProcess(app_env(desktop.env()), tmp_path)
    yield proc.start()
    proc.close()


def tray_children(desktop: Any) -> list[str]:
    """Our windows embedded in trayer's panel (XEmbed reparents the icon into the panel)."""
    tree = desktop.run("xwininfo", "-root", "-tree", check=False).splitlines()
    found: list[str] = []
    panel_indent: int | None = None
    for line in tree:
        indent = len(line) - len(line.lstrip())
        if '("panel" "trayer")' in line:
            panel_indent = indent
            continue
        if panel_indent is not None:
            if line.strip() and indent <= panel_indent:
                panel_indent = None
            elif '"DeskStretch"' in line and "1x1" not in line:
                found.append(line.strip())
    return found


def screenshot(desktop: Any, window: str, name: str) -> Path:
    """Save a PNG of an X window into test-output/ (for people to look at)."""
    OUTPUT.mkdir(exist_ok=True)
    shot = OUTPUT / name
    grabbed = subprocess.run(
        [sys.executable, str(XSHOT), str(shot), window],
        env=desktop.env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert grabbed.returncode == 0, grabbed.stderr
    return shot


def test_tray_icon_embeds_in_the_tray_host(app: AppProcess, desktop: Any) -> None:
    children = wait_until(
        lambda: tray_children(desktop), 10, what="an icon window inside trayer", interval=0.1
    )
    assert children, "trayer has no embedded icon"
    status = app.status()
    tray = next(c for c in status["capabilities"] if c["name"] == "tray")
    assert tray["available"] is True


def test_a_left_click_on_the_tray_icon_opens_the_status_window(
    app: AppProcess, desktop: Any
) -> None:
    icon = wait_until(
        lambda: tray_children(desktop), 10, what="an icon window inside trayer", interval=0.1
    )[0].split()[0]
    app.wait_until_ready()

    def status_windows() -> list[str]:
        # The status window is titled "DeskStretch", as is the icon's own window in the tray.
        found = visible_windows(desktop, "^DeskStretch$")
        return [
            w for w in found if int(w) != int(icon, 16) and window_geometry(desktop, w)[2] > 100
        ]

    assert not status_windows()
    x, y, width, height = window_geometry(desktop, icon)
    desktop.xdotool("mousemove", str(x + width // 2), str(y + height // 2), "click", "1")
    shown = wait_until(
        status_windows, 10, what="the status window after a left click", interval=0.1
    )
    wx, wy, ww, wh = window_geometry(desktop, shown[0])
    screen_width, screen_height = map(int, desktop.xdotool("getdisplaygeometry").split())
    assert 0 <= wx <= screen_width - ww, (wx, ww)  # whole on the screen
    assert 0 <= wy <= screen_height - wh, (wy, wh)
    # By the icon it was opened from, not in a corner of its own.
    assert abs(wx + ww / 2 - (x + width / 2)) <= ww
    assert abs(wy + wh / 2 - (y + height / 2)) <= wh
    screenshot(desktop, shown[0], "e2e-tray-click-status-window.png")
    # A second click on the icon puts it away again. Two clicks closer than the double-click
    # interval (Qt's default: 400 ms, on the X server's clock) are a double click, which the
    # icon leaves alone: this one comes well after it.
    time.sleep(0.6)
    desktop.xdotool("mousemove", str(x + width // 2), str(y + height // 2), "click", "1")

    def what_is_there() -> str:
        # If it stays, the whole screen and the app's log say what the click met instead.
        screenshot(desktop, "0", "e2e-tray-second-click-screen.png")
        return f"pointer: {desktop.xdotool('getmouselocation')}\n{app.log()[-3000:]}"

    wait_until(
        lambda: not status_windows(),
        20,
        what="the status window to hide",
        interval=0.1,
        details=what_is_there,
    )
    assert app.status()["state"] == "active"


def test_status_json_has_the_documented_keys(app: AppProcess) -> None:
    status = app.status()
    for key in (
        "state",
        "next_break",
        "seconds_to_next_break",
        "paused_until",
        "hold_reason",
        "today",
    ):
        assert key in status, key
    assert status["state"] == "active"
    assert set(status["today"]) >= {"taken", "skipped", "snoozed"}
    assert 0 < status["seconds_to_next_break"] <= 30 * 60


def test_stretch_opens_a_deskstretch_window_and_counts_as_a_break(
    app: AppProcess, desktop: Any
) -> None:
    before = app.status()
    proc = app.cli("stretch", "hip-flexor")
    assert proc.returncode == 0, proc.stderr
    windows = wait_until(
        lambda: visible_windows(desktop, "stretch break"),
        10,
        what="the stretch window",
        interval=0.1,
    )
    # Poll until the first frames are painted (a figure and text: many shades), not a fixed sleep.
    shot = wait_until(
        lambda: screenshot(desktop, windows[-1], "e2e-stretch-window.png"),
        20,  # each try grabs and decodes a PNG in pure Python: about a second, more under load
        what="a painted stretch window in the screenshot",
        until=lambda path: stats(path, step=4).colours > 20,
        interval=0.25,
        details=app.log,
    )
    assert shot.stat().st_size > 5000
    status = app.status()
    assert status["state"] == "in-break"
    assert before["state"] == "active"


def window_geometry(desktop: Any, window: str) -> tuple[int, int, int, int]:
    """x, y, width, height of an X window, as xdotool reports it."""
    values = dict(
        line.split("=", 1)
        for line in desktop.xdotool("getwindowgeometry", "--shell", window).split()
        if "=" in line
    )
    return int(values["X"]), int(values["Y"]), int(values["WIDTH"]), int(values["HEIGHT"])


def test_the_stretch_window_has_one_app_name_in_its_title_and_opens_centred(
    app: AppProcess, desktop: Any
) -> None:
    desktop.xdotool("mousemove", "700", "500")  # the pointer's screen is the one it opens on
    assert app.cli("stretch", "hip-flexor").returncode == 0
    windows = wait_until(
        lambda: visible_windows(desktop, "stretch break"), 10, what="the stretch window"
    )
    # The title as the window manager (and the task switcher) gets it.
    title = desktop.run("xprop", "-id", windows[-1], "_NET_WM_NAME")
    assert title.split("=", 1)[1].strip() == '"Stretch break \u2014 DeskStretch"', title
    x, y, width, height = window_geometry(desktop, windows[-1])
    screen_width, screen_height = map(int, desktop.xdotool("getdisplaygeometry").split())
    assert width < screen_width
    assert height < screen_height
    # Centred within a few pixels (the window's frame is not known before it is shown).
    assert abs(x + width / 2 - screen_width / 2) <= 8, (x, width, screen_width)
    assert abs(y + height / 2 - screen_height / 2) <= 8, (y, height, screen_height)


def test_a_second_launch_does_not_start_a_second_instance(app: AppProcess) -> None:
    second = app.cli(timeout=30)
    assert second.returncode == 0, second.stderr
    assert "already running" in second.stdout
    assert app.proc is not None
    assert app.proc.poll() is None
    assert app.status()["state"] == "active"


def test_quit_ends_the_process_cleanly(app: AppProcess) -> None:
    proc = app.cli("quit")
    assert proc.returncode == 0, proc.stderr
    assert app.wait_exit(timeout=EXIT_TIMEOUT_S) == 0
    assert app.cli("status").returncode == 3


def test_a_crashed_instance_does_not_block_the_next_start(app: AppProcess, tmp_path: Path) -> None:
    app.kill9()
    assert app.cli("status").returncode == 3
    again = AppProcess(app.env, tmp_path)
    try:
        again.start()
        assert again.status()["state"] == "active"
    finally:
        again.close()


def test_garbage_on_the_socket_gets_an_error_and_the_app_keeps_working(app: AppProcess) -> None:
    path = Path(app.env["XDG_RUNTIME_DIR"]) / f"deskstretch-{os.getuid()}.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(5)
        sock.connect(str(path))
        sock.sendall(b"\x00\x01 definitely not json\n")
        reply = json.loads(sock.makefile("rb").readline())
    assert reply["ok"] is False
    assert "JSON" in reply["error"]
    assert app.status()["state"] == "active"


@pytest.mark.e2e  # starts its own desktop (no tray), not through the fixture
def test_without_a_tray_the_app_shows_a_status_window_and_the_cli_works(tmp_path: Path) -> None:
    from tests.helpers.desktop import require_desktop_tools, start_desktop

    require_desktop_tools()
    with start_desktop(tmp_path / "desktop", tray=False) as desk:
        proc = AppProcess(app_env(desk.env()), tmp_path)
        try:
            proc.start()
            windows = wait_until(
                lambda: visible_windows(desk, "DeskStretch"),
                10,
                what="the status window",
                interval=0.1,
            )
            screenshot(desk, windows[-1], "e2e-no-tray-status-window.png")
            status = proc.status()
            tray = next(c for c in status["capabilities"] if c["name"] == "tray")
            assert tray["available"] is False
            assert "AppIndicator" in tray["hint"]
            assert proc.cli("pause", "1h").returncode == 0
            assert proc.status()["state"] == "paused"
            assert proc.cli("quit").returncode == 0
            assert proc.wait_exit(timeout=EXIT_TIMEOUT_S) == 0
        finally:
            proc.close()


def test_preferences_open_over_ipc_and_quit_still_works_with_the_dialog_open(
    app: AppProcess, desktop: Any
) -> None:
    from deskstretch.app import ipc  # the CLI has no command for it; the tray menu does

    env_socket = Path(app.env["XDG_RUNTIME_DIR"]) / f"deskstretch-{os.getuid()}.sock"
    reply = ipc.send("show-preferences", name=str(env_socket))
    assert reply["ok"] is True
    windows = wait_until(
        lambda: visible_windows(desktop, "Preferences"),
        10,
        what="the Preferences dialog",
        interval=0.1,
    )
    assert windows
    assert app.status()["state"] == "active"  # the dialog does not block the app
    assert app.cli("quit").returncode == 0
    assert app.wait_exit(timeout=EXIT_TIMEOUT_S) == 0


def test_a_corrupt_settings_file_is_set_aside_and_the_user_is_told(
    desktop: Any, tmp_path: Path, isolated_user_dirs: Path
) -> None:
    folder = isolated_user_dirs / ".config" / "deskstretch"
    folder.mkdir(parents=True, exist_ok=True)
    broken = b"[breaks\ninterval_minutes = = 45 \xff\n"
    (folder / "settings.toml").write_bytes(broken)
    with desktop.notify_monitor() as monitor:
        proc = AppProcess(app_env(desktop.env()), tmp_path)
        try:
            proc.start()
            notice = monitor.wait_for(lambda c: c["summary"] == "DeskStretch settings", timeout=15)
            assert "default" in notice["body"].lower()
            assert proc.status()["seconds_to_next_break"] > 25 * 60  # defaults in use
        finally:
            proc.close()
    kept = [p for p in folder.iterdir() if p.name != "settings.toml"]
    assert any(p.read_bytes() == broken for p in kept), "the user's file must be kept"


def test_skip_and_pause_from_the_cli_end_the_break_on_screen(app: AppProcess, desktop: Any) -> None:
    started = app.cli("stretch", "trunk-rotation")
    assert started.returncode == 0, started.stderr
    wait_until(lambda: visible_windows(desktop, "stretch break"), 10, what="the stretch window")
    assert app.status()["state"] == "in-break"

    skipped = app.cli("skip")
    assert skipped.returncode == 0, skipped.stderr
    assert skipped.stdout.startswith(
        "The break on screen ended, counted as skipped. Next break at "
    )
    wait_until(
        lambda: not visible_windows(desktop, "stretch break"), 10, what="the window to close"
    )
    status = app.status()
    assert status["state"] == "active"
    assert status["in_break"] is False
    assert (status["today"]["taken"], status["today"]["skipped"]) == (0, 1)

    app.cli("stretch", "hip-flexor")
    wait_until(
        lambda: visible_windows(desktop, "stretch break"), 10, what="the second stretch window"
    )
    paused = app.cli("pause", "30m")
    assert paused.returncode == 0, paused.stderr
    assert paused.stdout.startswith("The break on screen ended, counted as skipped. Paused until ")
    wait_until(
        lambda: not visible_windows(desktop, "stretch break"), 10, what="the window to close"
    )
    status = app.status()
    assert status["state"] == "paused"
    assert status["paused_until"] is not None
    assert status["today"]["skipped"] == 2

    refused = app.cli("skip")  # paused: there is nothing to skip, and the CLI says so
    assert refused.returncode == 1
    assert refused.stdout == ""
    assert "Breaks are paused, so there is no break to skip." in refused.stderr
    assert app.status()["today"]["skipped"] == 2


def test_the_report_names_the_tray_kind_and_the_notification_chain(app: AppProcess) -> None:
    caps = {c["name"]: c for c in app.status()["capabilities"]}
    assert caps["tray"]["detail"] == "tray icon shown (XEmbed)"  # trayer, no SNI watcher
    assert caps["notifications"]["detail"] == "freedesktop first in line; then: tray, toast"
    assert caps["notifications.tray"]["detail"] == "balloons from the tray icon (XEmbed)"


@pytest.mark.e2e  # starts its own desktop (no tray, no notification server)
def test_without_a_tray_or_server_the_report_and_the_notices_go_to_the_toast(
    tmp_path: Path, isolated_user_dirs: Path
) -> None:
    from tests.helpers.desktop import require_desktop_tools, start_desktop

    require_desktop_tools()
    settings = isolated_user_dirs / ".config" / "deskstretch" / "settings.toml"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(EARLY_WARNING)
    with start_desktop(tmp_path / "desktop", tray=False, notify=False) as desk:
        proc = AppProcess(app_env(desk.env()), tmp_path)
        try:
            proc.start()
            caps = {c["name"]: c for c in proc.status()["capabilities"]}
            assert caps["tray"]["available"] is False
            # not "tray first in line": there is no tray icon to show a balloon from
            assert caps["notifications"]["detail"] == "toast first in line; then: nothing"
            assert caps["notifications.tray"]["detail"] == "no tray icon shown"
            assert caps["notifications.freedesktop"]["available"] is False

            toast = wait_until(
                lambda: visible_windows(desk, "^Notice"),
                40,
                what="the break warning as a toast",
                interval=0.2,
            )
            assert toast
            caps = {c["name"]: c for c in proc.status()["capabilities"]}
            detail = caps["notifications"]["detail"]
            assert detail == "last notice shown by toast; in line now: toast"

            assert proc.cli("snooze").returncode == 0  # the warning no longer holds: it goes
            wait_until(
                lambda: not visible_windows(desk, "^Notice"),
                10,
                what="the toast to close",
                interval=0.2,
            )
        finally:
            proc.close()
