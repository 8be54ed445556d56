"""Fixtures shared by the end-to-end tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest


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
