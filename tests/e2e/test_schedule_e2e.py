"""End to end: a real break on a one-minute interval, with the warning reaching dunst first, and a
pause that keeps it away until resumed."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from tests.helpers.app_process import EARLY_WARNING, AppProcess, visible_windows
from tests.helpers.wait import wait_until

pytestmark = pytest.mark.slow  # e2e: from the desktop fixture (tests/conftest.py)

FAST = """\
schema_version = 1

[breaks]
interval_minutes = 1

[notifications]
lead_seconds = 10
"""


@pytest.fixture
def fast_app(start_app: Callable[[str], AppProcess]) -> AppProcess:
    return start_app(FAST)


def test_pause_keeps_breaks_away_and_resume_brings_the_warning_then_the_window(
    fast_app: AppProcess, desktop: Any, user_at_the_desk: None
) -> None:
    with desktop.notify_monitor() as monitor:
        status = fast_app.status()
        assert status["state"] == "active"
        assert status["seconds_to_next_break"] <= 60

        paused = fast_app.cli("pause", "30m")
        assert paused.returncode == 0, paused.stderr
        status = fast_app.status()
        assert status["state"] == "paused"
        assert status["paused_until"] is not None
        # while paused, the next break is one interval after the pause ends
        assert status["next_break"] is None or status["next_break"] > status["paused_until"]

        # The break would have been due within a minute of the start: let that minute pass.
        time.sleep(62)
        assert fast_app.status()["state"] == "paused"
        assert not [c for c in monitor.calls if c["app_name"] == "DeskStretch"]
        assert not visible_windows(desktop, "stretch break")

        resumed = fast_app.cli("resume")
        assert resumed.returncode == 0, resumed.stderr
        status = fast_app.status()
        assert status["state"] == "active"
        assert 50 <= status["seconds_to_next_break"] <= 60

        warning = monitor.wait_for(lambda c: c["app_name"] == "DeskStretch", timeout=70)
        assert warning["summary"].startswith("Stretch break in")
        assert "Next:" in warning["body"]
        assert [key for key, _label in warning["actions"]] == ["start", "snooze"]
        assert warning["error"] is None
        before_window = visible_windows(desktop, "stretch break")
        assert not before_window, "the window must come after the warning, not with it"

        wait_until(
            lambda: fast_app.status()["state"],
            25,
            what="the break to start",
            until=lambda state: state == "in-break",
            interval=0.25,
        )
        assert fast_app.status()["state"] == "in-break"
        assert visible_windows(desktop, "stretch break")


def test_the_snooze_button_on_the_notification_snoozes_the_break(
    fast_app: AppProcess, desktop: Any, user_at_the_desk: None
) -> None:
    with desktop.notify_monitor() as monitor:
        warning = monitor.wait_for(lambda c: c["app_name"] == "DeskStretch", timeout=70)
        assert warning["id"]
        due_before = fast_app.status()["next_break"]
        desktop.invoke_action(warning["id"], "snooze")
        wait_until(
            lambda: fast_app.status()["today"]["snoozed"],
            10,
            what="the snooze to be counted",
            until=lambda snoozed: snoozed != 0,
            interval=0.2,
        )
        status = fast_app.status()
        assert status["today"]["snoozed"] == 1
        assert status["next_break"] > due_before
        assert status["seconds_to_next_break"] > 4 * 60
        assert not visible_windows(desktop, "stretch break")


@pytest.mark.parametrize("command", ["snooze", "stretch"])
def test_a_warning_that_no_longer_holds_is_taken_off_the_screen(
    start_app: Callable[[str], AppProcess], desktop: Any, user_at_the_desk: None, command: str
) -> None:
    with desktop.notify_monitor() as monitor:
        app = start_app(EARLY_WARNING)
        warning = monitor.wait_for(lambda c: c["app_name"] == "DeskStretch", timeout=40)
        assert warning["summary"].startswith("Stretch break in")
        assert int(desktop.run("dunstctl", "count", "displayed")) == 1
        assert monitor.closes == []  # still true: it stays up

        done = app.cli(command)  # the user snoozes, or starts the break, from the CLI (IPC)
        assert done.returncode == 0, done.stderr
        monitor.wait_for_close(warning["id"])
        # dunst took it down: "closed by a call to CloseNotification" (reason 3)
        monitor.wait_for_signal("NotificationClosed", lambda a: a == (warning["id"], 3))
        assert int(desktop.run("dunstctl", "count", "displayed")) == 0
        assert "break warning withdrawn" in app.log()
