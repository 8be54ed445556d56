"""End to end under a wlroots desktop: the real ``deskstretch`` on headless sway 1.7 (Wayland,
no X), waybar as the StatusNotifierItem tray host and mako as the notification server, on a private
session D-Bus. The same scenario as the X11 tests (test_app_e2e.py, test_schedule_e2e.py): start,
status, stretch now from the tray menu, a left click on the icon, a scheduled break with its
notice, an idle natural break, quit."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from deskstretch.platform.idle_wayland import WaylandIdleMonitor
from tests.helpers.app_process import EARLY_WARNING, AppProcess, app_env
from tests.helpers.sway import SwayDesktop
from tests.helpers.wait import wait_until
from tests.packaging.pngcheck import stats

pytestmark = pytest.mark.slow  # e2e: from the sway_desktop fixture (tests/conftest.py)

OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
EXIT_TIMEOUT_S = 15

#: A break far off and a one-minute natural break: a minute without input is a break in itself.
NATURAL_BREAK = """\
schema_version = 1

[breaks]
interval_minutes = 5

[idle]
natural_break_minutes = 1
"""


@pytest.fixture
def start_app(
    sway_desktop: SwayDesktop, tmp_path: Path, isolated_user_dirs: Path
) -> Iterator[Callable[[str | None], AppProcess]]:
    """Starts the real app in the sway session, with the user's settings.toml given as text."""
    started: list[AppProcess] = []

    def start(settings_text: str | None = None) -> AppProcess:
        if settings_text is not None:
            settings = isolated_user_dirs / ".config" / "deskstretch" / "settings.toml"
            settings.parent.mkdir(parents=True, exist_ok=True)
            settings.write_text(settings_text)
        env = app_env(sway_desktop.env())
        env.update(sway_desktop.env())  # app_env sets X11's: this is a Wayland session
        proc = AppProcess(env, tmp_path)
        started.append(proc)
        return proc.start()

    yield start
    for proc in started:
        proc.close()


@pytest.fixture
def app(start_app: Callable[[str | None], AppProcess]) -> AppProcess:
    return start_app(None)


@pytest.fixture
def user_at_the_desk(sway_desktop: SwayDesktop) -> Iterator[None]:
    """Someone touching the keyboard (a Shift press) every few seconds: without input the app
    sees nobody at the computer, and an absent user's breaks are (rightly) put off."""
    stop = threading.Event()

    def press() -> None:
        while not stop.wait(4):
            sway_desktop.type_keys("-k", "Shift_L")

    thread = threading.Thread(target=press, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(timeout=10)


def capabilities(app: AppProcess) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in app.status()["capabilities"]}


def describe(window: dict[str, Any] | None) -> str:
    """What sway saw of a window, for messages and the report."""
    if window is None:
        return "no window"
    keys = ("name", "app_id", "type", "floating", "focused", "rect", "geometry", "shell")
    return json.dumps({k: window.get(k) for k in keys}, default=str)


def test_status_names_the_sni_tray_and_idle_as_events(app: AppProcess) -> None:
    caps = capabilities(app)
    assert caps["tray"]["available"] is True
    assert "StatusNotifierItem" in caps["tray"]["detail"]
    assert caps["idle"]["available"] is True
    assert caps["idle"]["detail"].endswith("(events)")
    assert "org_kde_kwin_idle" in caps["idle"]["detail"]  # sway 1.7's protocol
    assert caps["notifications.freedesktop"]["available"] is True
    assert "mako" in caps["notifications.freedesktop"]["detail"]


def test_stretch_now_from_the_tray_menu_opens_the_stretch_window(
    app: AppProcess, sway_desktop: SwayDesktop
) -> None:
    entry = sway_desktop.tray_menu_click("Next in rotation")  # in the "Stretch now" submenu
    assert entry.enabled
    window = wait_until(
        lambda: sway_desktop.window("Stretch break"), 20, what="the stretch window", interval=0.2
    )
    assert window is not None
    assert window["app_id"] == "io.github.deskstretch.DeskStretch"
    assert app.status()["state"] == "in-break"
    OUTPUT.mkdir(exist_ok=True)
    shot = sway_desktop.screenshot(OUTPUT / "sway-stretch.png")
    found = stats(shot, step=4)
    assert found.colours > 50, "the window and bar should draw, not one or two flat colours"
    print("stretch window under sway:", describe(window))


def test_a_left_click_on_the_tray_icon_opens_the_status_window(
    app: AppProcess, sway_desktop: SwayDesktop
) -> None:
    assert sway_desktop.window("DeskStretch") is None
    sway_desktop.tray_activate()
    window = wait_until(
        lambda: sway_desktop.window("DeskStretch"), 20, what="the status window", interval=0.2
    )
    assert window is not None
    assert "Stretch break" not in window["name"]
    print("status window under sway:", describe(window))
    assert window["floating"], "sway tiled the status window: " + describe(window)


def test_a_scheduled_break_sends_its_notice_to_mako(
    start_app: Callable[[str | None], AppProcess],
    sway_desktop: SwayDesktop,
    user_at_the_desk: None,
) -> None:
    with sway_desktop.notify_monitor() as monitor:
        app = start_app(EARLY_WARNING)
        warning = monitor.wait_for(lambda c: c["app_name"] == "DeskStretch", timeout=40)
        assert warning["error"] is None
        assert warning["summary"].startswith("Stretch break in")
        shown = wait_until(
            sway_desktop.makoctl_list,
            10,
            what="mako to show the notice",
            until=lambda items: any(i.get("app-name") == "DeskStretch" for i in items),
        )
        assert any(i["summary"] == warning["summary"] for i in shown)
        assert app.status()["state"] == "active"
        caps = capabilities(app)
        assert caps["notifications"]["detail"].startswith("last notice shown by freedesktop")


def test_a_minute_without_input_counts_as_a_natural_break(
    start_app: Callable[[str | None], AppProcess], sway_desktop: SwayDesktop
) -> None:
    app = start_app(NATURAL_BREAK)
    assert app.status()["idle_aware"] is True
    # Nobody touches anything for longer than the natural break (and the app's slowest look at
    # idle time: a third of it): the compositor's own idle time, through a connection of ours.
    compositor = WaylandIdleMonitor(environ=sway_desktop.env())
    try:
        wait_until(
            compositor.idle_seconds,
            150,
            what="the seat to be idle for the natural break and a look more",
            until=lambda idle: (idle or 0) >= 85,
            interval=1,
        )
    finally:
        compositor.close()
    assert natural_spans(app) == []  # counted when the user is back, not before
    sway_desktop.type_keys("-k", "Shift_L")
    spans = wait_until(
        lambda: natural_spans(app), 40, what="a natural break in the history", details=app.log
    )
    assert len(spans) == 1
    assert app.status()["seconds_to_next_break"] > 4 * 60  # the interval restarted on return


def natural_spans(app: AppProcess) -> list[dict[str, Any]]:
    """The natural breaks in ``deskstretch history export --format json``."""
    out = app.cli("history", "export", "--format", "json")
    assert out.returncode == 0, out.stderr
    if not out.stdout.strip():  # "No history yet." (on stderr)
        return []
    records: list[dict[str, Any]] = json.loads(out.stdout)["records"]
    return [r for r in records if r.get("kind") == "span" and r.get("span") == "natural"]


def test_quit_ends_the_process_cleanly(app: AppProcess, sway_desktop: SwayDesktop) -> None:
    assert sway_desktop.tray_items()
    proc = app.cli("quit")
    assert proc.returncode == 0, proc.stderr
    assert app.wait_exit(EXIT_TIMEOUT_S) == 0
    assert app.cli("status").returncode == 3
    wait_until(lambda: not sway_desktop.tray_items(), 10, what="the tray item to go")


@pytest.mark.e2e  # starts its own sway (no tray host)
def test_without_a_tray_the_status_window_floats_and_notices_go_to_mako_not_a_toast(
    tmp_path: Path, isolated_user_dirs: Path
) -> None:
    from tests.helpers.sway import require_sway_tools, start_sway

    require_sway_tools()
    settings = isolated_user_dirs / ".config" / "deskstretch" / "settings.toml"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(EARLY_WARNING)
    with start_sway(tmp_path / "sway", tray=False) as desk, desk.notify_monitor() as monitor:
        env = app_env(desk.env())
        env.update(desk.env())
        app = AppProcess(env, tmp_path)
        try:
            app.start()
            panel = wait_until(
                lambda: desk.window("DeskStretch"), 20, what="the status window", interval=0.2
            )
            assert panel is not None
            print("status window under sway:", describe(panel))
            assert panel["floating"], "sway tiled the status window: " + describe(panel)
            warning = monitor.wait_for(lambda c: c["app_name"] == "DeskStretch", timeout=40)
            assert warning["error"] is None
            wait_until(
                desk.makoctl_list,
                10,
                what="mako to show the notice",
                until=lambda items: any(i.get("app-name") == "DeskStretch" for i in items),
            )
            # The toast is not used on Wayland: sway would give it the keyboard.
            assert desk.window("Notice") is None
            OUTPUT.mkdir(exist_ok=True)
            desk.screenshot(OUTPUT / "sway-no-tray.png")
        finally:
            app.close()


#: Keys typed across the due time: one every half second (below the 2 s pause that opens a due
#: break), for long enough to cover the due time with room on both sides.
TYPED = "thequickbrownfoxjumpsoverthelazydog" * 2
KEY_GAP_MS = 500


def test_a_break_due_while_typing_waits_for_a_pause_and_steals_no_keys(
    start_app: Callable[[str | None], AppProcess], sway_desktop: SwayDesktop, tmp_path: Path
) -> None:
    typed_file = tmp_path / "typed.txt"
    root = Path(__file__).resolve().parents[2]
    editor = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.typing_target", str(typed_file)],
        env={**sway_desktop.env(), "PYTHONPATH": str(root)},
        cwd=root,
    )
    try:
        wait_until(
            lambda: (w := sway_desktop.window("e2e typing target")) is not None and w["focused"],
            20,
            what="the editor to have the keyboard",
        )
        app = start_app(EARLY_WARNING)
        # Start typing about 12 s before the break falls due; typing lasts about 35 s.
        wait_until(
            lambda: app.status()["seconds_to_next_break"],
            90,
            what="the due time to come near",
            until=lambda left: left <= 12,
            interval=0.5,
        )
        keys: list[str] = []
        for ch in TYPED:
            keys += [ch, "-s", str(KEY_GAP_MS)]
        # Then the pause that lets the window open, and Space and Escape as it opens.
        keys += ["-s", "2600", "-k", "space", "-s", "300", "-k", "Escape"]
        typist = sway_desktop.type_keys_async(*keys)
        seen: list[tuple[int, bool]] = []  # (characters in the editor, stretch window shown)

        def look() -> bool:
            shown = sway_desktop.window("Stretch break") is not None
            seen.append((len(typed_file.read_text(encoding="utf-8")), shown))
            return shown

        def typing_done() -> bool:
            look()
            return typist.poll() is not None

        wait_until(typing_done, 120, what="the typing to end", interval=0.2)
        early = [count for count, shown in seen if shown and count < len(TYPED)]
        assert not early, f"the stretch window was up after {early[0]} of {len(TYPED)} keys"
        wait_until(look, 30, what="the stretch window after the typing stopped", interval=0.2)
        text = typed_file.read_text(encoding="utf-8")
        assert text.startswith(TYPED), f"a typed key was lost: {text!r}"
        print(f"keys after the pause went to the editor: {text[len(TYPED) :]!r}")
        status = app.status()
        assert status["state"] == "in-break"
        assert status["today"]["skipped"] == 0  # Escape as it opened did not skip it
        window = sway_desktop.window("Stretch break")
        print("stretch window after typing:", describe(window))
        # For people to look at: the Pause button still says Pause (Space did not pause it).
        sway_desktop.screenshot(OUTPUT / "sway-after-typing.png")
    finally:
        editor.terminate()
        editor.wait(10)
