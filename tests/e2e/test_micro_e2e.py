"""End to end: micro-breaks on a one-minute interval in the real app on the X11 test desktop.

The panel appears at its time, never takes the keyboard focus, goes away by itself, and the
stretch break still comes at its own time. Stretch breaks every four minutes: the earliest a
one-minute micro-break may come before a stretch break is three minutes ahead of it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.app_process import AppProcess, visible_windows
from tests.helpers.wait import wait_until

pytestmark = pytest.mark.slow

MICRO = """\
schema_version = 1

[breaks]
interval_minutes = 4

[notifications]
lead_seconds = 10

[micro]
enabled = true
interval_minutes = 1
seconds = 10
"""

PANEL = "^Micro-break"  # its title; Qt adds " — DeskStretch" for the window manager


@pytest.fixture
def desktop(desktop_with_wm: Any) -> Any:
    """The test desktop with its window manager: focus is the window manager's to give."""
    return desktop_with_wm


@pytest.fixture
def micro_app(start_app: Callable[[str], AppProcess]) -> AppProcess:
    return start_app(MICRO)


def _focus(desktop: Any) -> str:
    return str(desktop.xdotool("getactivewindow")).strip()


def test_a_micro_break_comes_and_goes_and_the_stretch_break_keeps_its_time(
    micro_app: AppProcess,
    desktop: Any,
    user_at_the_desk: None,
    editor: tuple[str, Path],
) -> None:
    window, typed = editor
    status = micro_app.status()
    assert status["micro_shown_as"] == "panel"
    assert 50 <= status["seconds_to_next_micro_break"] <= 60
    stretch_due = datetime.fromisoformat(status["next_break"])
    assert _focus(desktop) == window

    panel = wait_until(
        lambda: visible_windows(desktop, PANEL),
        75,
        what="the micro-break panel",
        until=bool,
        interval=0.25,
    )
    assert panel
    status = micro_app.status()
    assert status["micro_on_screen"] is True
    assert status["state"] == "active"
    assert not visible_windows(desktop, "stretch break"), "a panel, not the stretch window"
    # Keep typing while the panel shows: every key lands in the editor.
    desktop.xdotool("type", "--delay", "40", "keep typing")
    assert _focus(desktop) == window, "the panel took the keyboard focus"
    wait_until(
        lambda: typed.read_text(encoding="utf-8"),
        10,
        what="the typed text in the editor",
        until=lambda text: text == "keep typing",
        interval=0.2,
    )
    assert visible_windows(desktop, PANEL), "typing closed the panel"

    wait_until(
        lambda: visible_windows(desktop, PANEL),
        20,
        what="the panel to close by itself",
        until=lambda found: not found,
        interval=0.25,
    )
    status = micro_app.status()
    assert status["micro_on_screen"] is False
    assert status["today"]["micro_done"] == 1
    assert datetime.fromisoformat(status["next_break"]) == stretch_due
    # The next micro-break would fall within three minutes of the stretch break: none is planned.
    assert status["next_micro_break"] is None

    wait_until(
        lambda: micro_app.status()["state"],
        max(10.0, (stretch_due - datetime.now(stretch_due.tzinfo)).total_seconds() + 20),
        what="the stretch break",
        until=lambda state: state == "in-break",
        interval=0.5,
    )
    # Seen in a break only once it was due: the micro-break did not pull the stretch break in.
    assert datetime.now(stretch_due.tzinfo) >= stretch_due
    time.sleep(0.5)
    assert visible_windows(desktop, "stretch break")


def test_micro_now_and_skip_from_the_command_line(micro_app: AppProcess, desktop: Any) -> None:
    shown = micro_app.cli("micro", "now")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("Micro-break started on screen:")
    wait_until(
        lambda: visible_windows(desktop, PANEL),
        10,
        what="the panel",
        until=bool,
        interval=0.2,
    )
    again = micro_app.cli("micro", "now")
    assert again.returncode == 1
    assert "already" in again.stderr
    skipped = micro_app.cli("micro", "skip")
    assert skipped.returncode == 0, skipped.stderr
    assert "counted as skipped" in skipped.stdout
    wait_until(
        lambda: visible_windows(desktop, PANEL),
        10,
        what="the panel to close",
        until=lambda found: not found,
        interval=0.2,
    )
    assert micro_app.status()["today"]["micro_skipped"] == 1
