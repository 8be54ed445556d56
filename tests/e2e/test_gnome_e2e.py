"""End to end under GNOME Shell 43 on Wayland: the real ``deskstretch`` process as a Wayland client
of a headless gnome-shell (virtual monitor), with gnome-shell's own notification service and
Mutter's idle monitor, on private buses. The suite starts and stops all of it
(tests/helpers/gnome.py).

GNOME has no tray without an extension, so the app shows its status window; keys go in through
Mutter's RemoteDesktop as a keyboard's would.
"""

from __future__ import annotations

import string
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.app_process import EARLY_WARNING, AppProcess, app_env
from tests.helpers.gnome import GnomeShell, require_gnome, start_gnome
from tests.helpers.typing_target import TITLE as TYPING_TITLE
from tests.helpers.wait import wait_until
from tests.packaging.pngcheck import stats

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output"
EXIT_TIMEOUT_S = 15
STATUS_WINDOW = "DeskStretch"  # the status window's whole title
STRETCH_WINDOW = "Stretch break"

# A one-minute natural break, with the next break far enough out not to come first.
NATURAL_BREAK = """\
schema_version = 1

[breaks]
interval_minutes = 10

[idle]
natural_break_minutes = 1
"""


@pytest.fixture(scope="module")
def gnome(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GnomeShell]:
    require_gnome()
    with start_gnome(tmp_path_factory.mktemp("gnome")) as session:
        yield session


@pytest.fixture
def start_app(
    gnome: GnomeShell, tmp_path: Path, isolated_user_dirs: Path
) -> Iterator[Callable[[str | None], AppProcess]]:
    """Starts the real app as a Wayland client of the shell, with settings.toml given as text."""
    started: list[AppProcess] = []

    def start(settings_text: str | None) -> AppProcess:
        if settings_text is not None:
            settings = isolated_user_dirs / ".config" / "deskstretch" / "settings.toml"
            settings.parent.mkdir(parents=True, exist_ok=True)
            settings.write_text(settings_text)
        env = app_env(gnome.env())  # the test's HOME, XDG dirs and site settings...
        env.update(gnome.env({}))  # ...under GNOME on Wayland (app_env picks X11)
        proc = AppProcess(env, tmp_path)
        started.append(proc)
        return proc.start()

    yield start
    for proc in started:
        proc.close()
    # The next test starts from an empty desktop.
    wait_until(
        lambda: not gnome.windows_titled(STATUS_WINDOW),
        20,
        what="the app's windows to go",
        details=lambda: repr(gnome.windows()),
    )


def windows_titled(gnome: GnomeShell, title: str) -> list[dict[str, Any]]:
    """Shown windows whose whole title is ``title`` (or starts with it, then " — ")."""
    return [
        w
        for w in gnome.windows_titled(title)
        if w["title"] == title or w["title"].startswith(title + " \u2014 ")
    ]


def capabilities(app: AppProcess) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in app.status()["capabilities"]}


def test_no_tray_a_status_window_idle_as_events_and_stretch_now_from_its_button(
    gnome: GnomeShell, start_app: Callable[[str | None], AppProcess]
) -> None:
    app = start_app(None)
    caps = capabilities(app)
    assert caps["tray"]["available"] is False  # GNOME shows no tray without an extension
    assert caps["idle"]["available"] is True
    assert caps["idle"]["detail"] == "GNOME Mutter idle monitor (events)"
    assert caps["notifications.freedesktop"]["available"] is True

    (status_window,) = wait_until(
        lambda: windows_titled(gnome, STATUS_WINDOW), 20, what="the status window"
    )
    assert status_window["has-focus"] is True
    assert not windows_titled(gnome, STRETCH_WINDOW)

    # "Stretch now" is the status window's first button, so it has the keyboard focus: a
    # Space typed on the (RemoteDesktop) keyboard presses it.
    gnome.press("space")
    (stretch,) = wait_until(
        lambda: windows_titled(gnome, STRETCH_WINDOW), 20, what="the stretch window"
    )
    assert stretch["title"] == "Stretch break \u2014 DeskStretch"  # the app's name once
    assert app.status()["state"] == "in-break"
    # Under GNOME on Wayland the stretch window takes the keyboard focus (which is why a due
    # break waits for a pause in typing).
    assert stretch["has-focus"] is True
    assert stretch["width"] < 1280
    assert stretch["height"] < 800

    # A picture for people to look at, once the first frames are painted (many shades);
    # docs/images/gnome-stretch.png is a copy of it.
    wait_until(
        lambda: gnome.screenshot_window(OUTPUT / "gnome-stretch-window.png"),
        20,
        what="a painted stretch window",
        until=lambda path: stats(path, step=4).colours > 20,
        interval=0.25,
        details=app.log,
    )
    gnome.screenshot(OUTPUT / "gnome-screen-with-stretch-window.png")

    quit_ = app.cli("quit")
    assert quit_.returncode == 0, quit_.stderr
    assert app.wait_exit(timeout=EXIT_TIMEOUT_S) == 0


def test_an_idle_minute_is_a_natural_break_that_restarts_the_interval(
    gnome: GnomeShell, start_app: Callable[[str | None], AppProcess]
) -> None:
    gnome.press("Shift")  # the user is here when the app starts
    app = start_app(NATURAL_BREAK)
    before = app.status()
    assert before["state"] == "active"
    first_due = before["next_break"]
    # Nobody touches the computer for more than the natural break's minute (Mutter's clock;
    # Mutter's idle watch tells the app at the minute, and its user-active watch at the return).
    wait_until(gnome.idle_ms, 120, what="a minute idle", until=lambda ms: ms > 62_000, interval=1)
    gnome.press("Shift")  # back at the desk
    after = wait_until(
        app.status,
        30,
        what="the interval to restart from the return",
        # (while the user is away there is no next break: None until they are back)
        until=lambda status: status["next_break"] not in (None, first_due),
        interval=0.5,
        details=app.log,
    )
    assert after["state"] == "active"
    assert after["next_break"] > first_due
    assert 9 * 60 < after["seconds_to_next_break"] <= 10 * 60


@pytest.fixture
def open_editor(gnome: GnomeShell, tmp_path: Path) -> Iterator[Callable[[], Path]]:
    """Opens a one-line editor (a Qt Wayland client) the user types into; returns the file
    that holds its text. Stopped at the end of the test."""
    started: list[subprocess.Popen[bytes]] = []

    def open_() -> Path:
        text = tmp_path / "typed.txt"
        env = gnome.env()
        env["PYTHONPATH"] = str(ROOT)
        started.append(
            subprocess.Popen(
                [sys.executable, "-m", "tests.helpers.typing_target", str(text)],
                env=env,
                cwd=ROOT,
            )
        )
        return text

    yield open_
    for proc in started:
        proc.terminate()
        proc.wait(timeout=15)


def test_a_scheduled_break_is_announced_and_waits_for_a_pause_in_typing_losing_no_key(
    gnome: GnomeShell,
    start_app: Callable[[str | None], AppProcess],
    open_editor: Callable[[], Path],
) -> None:
    with gnome.notify_monitor() as monitor:
        app = start_app(EARLY_WARNING)  # warned about 10 s after the start, due after a minute
        wait_until(lambda: windows_titled(gnome, STATUS_WINDOW), 20, what="the status window")
        editor = open_editor()  # after the app's status window, so it has the keyboard
        (window,) = wait_until(
            lambda: windows_titled(gnome, TYPING_TITLE), 30, what="the test editor"
        )
        assert window["has-focus"] is True
        due = datetime.fromisoformat(app.status()["next_break"])

        # Type steadily (keys well under 2 s apart) from now until 10 s past the due time.
        # Each round also asks gnome-shell for its windows, which takes a while on a loaded
        # machine: the short sleep keeps the gaps between keys well below the 2 s pause.
        typed = ""
        last = time.monotonic()
        longest_gap = 0.0
        while datetime.now(UTC) < due + timedelta(seconds=10):
            key = string.ascii_lowercase[len(typed) % 26]
            gnome.press(key)
            now = time.monotonic()
            longest_gap, last = max(longest_gap, now - last), now
            typed += key
            assert not windows_titled(gnome, STRETCH_WINDOW), (
                f"the stretch window opened while keys were flowing ({len(typed)} typed; "
                f"longest gap between two keys {longest_gap:.1f} s)\n{app.log()[-2000:]}"
            )
            time.sleep(0.15)  # a fast typist's pace, not a wait for anything

        # The warning went to gnome-shell's notification service before the break...
        warning = monitor.wait_for(lambda c: c["app_name"] == "DeskStretch", timeout=1)
        assert warning["summary"].startswith("Stretch break in")
        assert warning["error"] is None
        assert warning["id"]
        assert [key for key, _label in warning["actions"]] == ["start", "snooze"]
        assert warning["hints"]["desktop-entry"] == ("s", "io.github.deskstretch.DeskStretch")
        # ...and at the due time a notice that replaced it says the window waits.
        waiting = monitor.wait_for(lambda c: c["summary"] == "Stretch break", timeout=1)
        assert waiting["replaces_id"] == warning["id"]
        assert "break window waits for a pause in typing" in app.log()

        # The user stops typing: the window opens at the pause, and the notice goes.
        wait_until(
            lambda: windows_titled(gnome, STRETCH_WINDOW),
            20,
            what="the stretch window after the pause",
            details=app.log,
        )
        assert "break window opens: pause" in app.log()
        assert app.status()["state"] == "in-break"
        monitor.wait_for_close(waiting["id"])
        # gnome-shell took it down: "closed by a call to CloseNotification" (reason 3)
        monitor.wait_for_signal("NotificationClosed", lambda a: a == (waiting["id"], 3))
        # Every key went into the editor, none to the stretch window.
        assert editor.read_text(encoding="utf-8") == typed
