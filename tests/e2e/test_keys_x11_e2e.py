"""End to end on X11: a break never steals the keyboard from someone typing.

The real app on the X11 test desktop (Xvfb, openbox, trayer, dunst), the user typing into an
editor with xdotool (real key events through XTEST, which also reset the X server's idle time).
A break that falls due while the user types waits: its window opens at the first pause of about
2 s (at the latest 60 s after it fell due). No typed character goes anywhere but the editor, and
a Space or an Escape typed as the window opens neither pauses nor skips the stretch.
"""

from __future__ import annotations

import string
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.app_process import EARLY_WARNING, AppProcess, visible_windows
from tests.helpers.wait import wait_until

pytestmark = pytest.mark.slow  # e2e: from the desktop fixture (tests/conftest.py)

STRETCH_WINDOW = "stretch break"
#: How long the user keeps typing after the break fell due: well inside the 60 s limit.
TYPING_PAST_DUE = timedelta(seconds=15)
#: xdotool's pause between keys; with the start of the next xdotool, keys stay < 1 s apart.
KEY_DELAY_MS = 120
CHUNK = 8  # keys per xdotool call


@pytest.fixture
def desktop(desktop_with_wm: Any) -> Any:
    """The test desktop with its window manager: focus is the window manager's to give."""
    return desktop_with_wm


class Typist:
    """Types letters into the focused window from a thread, keys less than a second apart."""

    def __init__(self, desktop: Any) -> None:
        self.desktop = desktop
        self.typed = ""
        self.error: BaseException | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="typist", daemon=True)

    def start(self) -> Typist:
        self._thread.start()
        return self

    def _run(self) -> None:
        letters = string.ascii_lowercase
        try:
            while not self._stop.is_set():
                start = len(self.typed) % len(letters)
                chunk = (letters * 2)[start : start + CHUNK]
                self.desktop.xdotool("type", "--delay", str(KEY_DELAY_MS), chunk)
                self.typed += chunk
        except BaseException as exc:  # reported by stop(), in the test's thread
            self.error = exc

    def check(self) -> None:
        """Raise what went wrong in the typing thread, if anything."""
        if self.error is not None:
            raise AssertionError(f"typing failed: {self.error}") from self.error

    def stop(self) -> str:
        """Stop after the current chunk; return everything typed."""
        self._stop.set()
        self._thread.join(timeout=30)
        assert not self._thread.is_alive(), "xdotool did not finish typing"
        self.check()
        return self.typed


def _editor_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _now(due: datetime) -> datetime:
    return datetime.now(due.tzinfo)


def test_a_break_due_while_typing_waits_for_a_pause_and_takes_no_key(
    start_app: Callable[[str], AppProcess], desktop: Any, editor: tuple[str, Path]
) -> None:
    window, text_file = editor
    typist = Typist(desktop).start()  # typing from the start: the user is at the desk
    try:
        app = start_app(EARLY_WARNING)
        status = app.status()
        idle = next(c for c in status["capabilities"] if c["name"] == "idle")
        assert idle["available"]
        assert "(events)" in idle["detail"], idle
        due = datetime.fromisoformat(status["next_break"])
        shown_while_typing: list[str] = []
        while _now(due) < due + TYPING_PAST_DUE:
            shown_while_typing += visible_windows(desktop, STRETCH_WINDOW)
            typist.check()
            time.sleep(0.25)
    finally:
        typed = typist.stop()
    assert not shown_while_typing, "the stretch window opened while the user was typing"
    assert str(desktop.xdotool("getactivewindow")).strip() == window

    wait_until(
        lambda: visible_windows(desktop, STRETCH_WINDOW),
        30,
        what="the stretch window after the typing stopped",
        until=bool,
        interval=0.1,
        details=app.log,
    )
    # The user, not yet looking, goes on with a Space and an Escape.
    desktop.xdotool("key", "--delay", str(KEY_DELAY_MS), "space", "Escape")

    wait_until(
        lambda: _editor_text(text_file),
        10,
        what="every typed character in the editor",
        until=lambda text: text == typed + " ",
        interval=0.2,
    )
    assert str(desktop.xdotool("getactivewindow")).strip() == window, "the window took focus"
    status = app.status()
    assert status["state"] == "in-break", "Escape skipped the break"
    assert status["in_break"] is True
    assert status["today"]["skipped"] == 0
    assert visible_windows(desktop, STRETCH_WINDOW)
    assert "stretch window closed" not in app.log()
    assert "announce: Paused" not in app.log()
