"""End to end (issue 16): a routine added with ``deskstretch routines add`` reaches the running
app: ``list-stretches`` shows it, ``deskstretch stretch ID`` plays it in the stretch window, and
``routines remove`` takes it away again. The routine is tiny (one rep, a one-second hold)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.app_process import AppProcess, app_env, visible_windows
from tests.helpers.wait import wait_until

pytestmark = pytest.mark.slow

WINDOW = "stretch break"
ROUTINE_ID = "e2e-shoulder-shrug"
ROUTINE_NAME = "Quick shoulder shrug"

ROUTINE = f"""\
format = 1
id = "{ROUTINE_ID}"
language = "en"
place = "desk"
equipment = []
position = "standing"
sides = false
reps = 1
camera = "side"
props = ["floor"]

[timing]
move = 0.5
hold = 1
release = 0.5
rest = 0

[text]
name = "{ROUTINE_NAME}"
purpose = "Loosens the shoulders after typing."
cautions = ["Stop if it pinches."]
timing_note = "A short hold, for the test."

[text.steps]
ready = "Stand tall, arms by your sides."
move = "Lift both shoulders towards your ears."
hold = "Hold them up and breathe."
release = "Let them drop."

[poses.start]
from = "stand"
contacts = ["feet on floor"]

[poses.hold]
from = "start"
joints = {{ left_shoulder_elev = 20, right_shoulder_elev = 20 }}
contacts = ["feet on floor"]

[[keyframes.move]]
at = 0.0
pose = "start"
[[keyframes.move]]
at = 1.0
pose = "hold"
"""


@pytest.fixture
def app(desktop: Any, tmp_path: Path) -> Iterator[AppProcess]:
    proc = AppProcess(app_env(desktop.env()), tmp_path)
    yield proc.start()
    proc.close()


def test_an_added_routine_is_listed_played_and_removed(
    app: AppProcess, desktop: Any, tmp_path: Path
) -> None:
    routine = tmp_path / "shrug.toml"
    routine.write_text(ROUTINE)
    checked = app.cli("routines", "check", str(routine))
    assert checked.returncode == 0, checked.stdout + checked.stderr

    added = app.cli("routines", "add", str(routine))
    assert added.returncode == 0, added.stderr
    assert "The running DeskStretch now offers it." in added.stdout

    listed = app.cli("list-stretches")
    assert listed.returncode == 0, listed.stderr
    line = next(x for x in listed.stdout.splitlines() if x.startswith(ROUTINE_ID))
    assert ROUTINE_NAME in line
    assert "[yours]" in line
    assert "routines: ok - 1 of yours" in app.cli("status").stdout

    started = app.cli("stretch", ROUTINE_ID)
    assert started.returncode == 0, started.stderr
    wait_until(lambda: visible_windows(desktop, WINDOW), 15, what="the stretch window")
    wait_until(
        lambda: f"stretch window shows {ROUTINE_NAME} ({ROUTINE_ID}" in app.log(),
        15,
        what="the routine in the stretch window",
        details=app.log,
    )
    assert app.status()["in_break"]
    # One rep of about 2 s plus the getting-ready phase: the window closes by itself.
    wait_until(
        lambda: visible_windows(desktop, WINDOW),
        60,
        what="the routine to end",
        until=lambda found: not found,
        interval=0.5,
    )

    removed = app.cli("routines", "remove", ROUTINE_ID)
    assert removed.returncode == 0, removed.stderr
    assert "The running DeskStretch no longer offers it." in removed.stdout
    listed = app.cli("list-stretches")
    assert ROUTINE_ID not in listed.stdout
    gone = app.cli("stretch", ROUTINE_ID)
    assert gone.returncode == 2
    assert "unknown stretch" in gone.stderr
