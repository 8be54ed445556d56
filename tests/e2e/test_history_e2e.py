"""End to end (issue 15): the real app records breaks in its history file, and
``deskstretch stats --json`` shows them with their stretch ids and the flexibility answer.

One break runs the toe-touch check to its end and the user answers "ankles" with the 4 key;
another is skipped from the command line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.app_process import AppProcess, app_env, visible_windows
from tests.helpers.wait import wait_until

pytestmark = pytest.mark.slow

WINDOW = "stretch break"


@pytest.fixture
def desktop(desktop_with_wm: Any) -> Any:
    """The test desktop with its window manager (so the window can be given the keyboard)."""
    return desktop_with_wm


@pytest.fixture
def app(desktop: Any, tmp_path: Path) -> Iterator[AppProcess]:
    proc = AppProcess(app_env(desktop.env()), tmp_path)
    yield proc.start()
    proc.close()


def stats(app: AppProcess) -> dict[str, Any]:
    done = app.cli("stats", "--json")
    assert done.returncode == 0, done.stderr
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def test_breaks_and_the_flexibility_answer_reach_the_statistics(
    app: AppProcess, desktop: Any
) -> None:
    assert stats(app)["totals"]["due"] == 0  # a fresh user: nothing yet

    skipped = app.cli("stretch", "trunk-rotation")
    assert skipped.returncode == 0, skipped.stderr
    wait_until(lambda: visible_windows(desktop, WINDOW), 15, what="the stretch window")
    assert app.cli("skip").returncode == 0
    wait_until(
        lambda: visible_windows(desktop, WINDOW),
        15,
        what="the window to close",
        until=lambda found: not found,
    )

    started = app.cli("stretch", "toe-touch-check")
    assert started.returncode == 0, started.stderr
    window = wait_until(lambda: visible_windows(desktop, WINDOW), 15, what="the stretch window")[0]
    # The routine runs about 67 s, then asks how far the hands reached.
    wait_until(
        lambda: "asking how far the hands reached" in app.log(),
        150,
        what="the reach question",
        interval=1.0,
    )
    desktop.xdotool("windowactivate", "--sync", window)
    desktop.xdotool("key", "--window", window, "4")
    wait_until(
        lambda: stats(app)["flexibility"]["checks"],
        20,
        what="the answer in the history",
        interval=0.5,
    )

    data = stats(app)
    assert [c["name"] for c in data["flexibility"]["checks"]] == ["ankles"]
    by_id = {s["id"]: s for s in data["stretches"]}
    assert by_id["trunk-rotation"]["skipped"] == 1
    wait_until(
        lambda: {s["id"]: s["done"] for s in stats(app)["stretches"]}.get("toe-touch-check"),
        20,
        what="the finished check to be recorded",
        until=lambda done: done == 1,
        interval=0.5,
    )
    totals = stats(app)["totals"]
    assert (totals["due"], totals["taken"], totals["skipped"]) == (2, 1, 1)
