"""Fixtures shared by the end-to-end tests."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.app_process import AppProcess, app_env, visible_windows
from tests.helpers.typing_target import TITLE
from tests.helpers.wait import wait_until


@pytest.fixture
def user_at_the_desk(desktop: Any) -> Iterator[None]:
    """Someone moving the mouse every few seconds: without input the app sees nobody at the
    computer, and an absent user's breaks are (rightly) put off."""
    stop = threading.Event()

    def jiggle() -> None:
        x = 100
        while not stop.wait(4):
            x = 300 - x
            desktop.xdotool("mousemove", str(x), "200")

    thread = threading.Thread(target=jiggle, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(timeout=10)


@pytest.fixture
def start_app(
    desktop: Any, tmp_path: Path, isolated_user_dirs: Path
) -> Iterator[Callable[[str], AppProcess]]:
    """Starts the real app on the test desktop with the user's settings.toml given as text."""
    started: list[AppProcess] = []

    def start(settings_text: str) -> AppProcess:
        settings = isolated_user_dirs / ".config" / "deskstretch" / "settings.toml"
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(settings_text)
        proc = AppProcess(app_env(desktop.env()), tmp_path)
        started.append(proc)
        return proc.start()

    yield start
    for proc in started:
        proc.close()


@pytest.fixture
def editor(desktop: Any, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A focused one-line editor the user types into: its window id and the file with its text."""
    text = tmp_path / "typed.txt"
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.typing_target", str(text)],
        env=app_env(desktop.env()),
    )
    try:
        window = wait_until(
            lambda: visible_windows(desktop, TITLE),
            20,
            what="the test editor",
            until=bool,
            interval=0.2,
        )[0]
        desktop.xdotool("windowactivate", "--sync", window)
        yield window, text
    finally:
        proc.terminate()
        proc.wait(timeout=15)
