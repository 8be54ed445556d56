"""A real fullscreen window under Xvfb with openbox holds breaks; leaving fullscreen releases."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from deskstretch.platform import x11
from deskstretch.platform.dnd import REASON_FULLSCREEN, DndProbe
from deskstretch.settings.model import Dnd
from tests.helpers.desktop import Desktop
from tests.helpers.wait import wait_until

ONLY_FULLSCREEN = Dnd(fullscreen=True, camera=False, microphone=False, desktop=False)

# A presentation stand-in: a Qt window that goes fullscreen and obeys "normal"/"full" on stdin.
HELPER = """
import sys
from PySide6.QtCore import QSocketNotifier
from PySide6.QtWidgets import QApplication, QWidget

app = QApplication([])
window = QWidget()
window.setWindowTitle("DeskStretch test presentation")
window.showFullScreen()

def on_line():
    line = sys.stdin.readline().strip()
    if line == "normal":
        window.showNormal()
    elif line == "full":
        window.showFullScreen()
    else:
        app.quit()

notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
notifier.activated.connect(on_line)
print("ready", flush=True)
app.exec()
"""


def _wait_for_reasons(probe: DndProbe, reasons: tuple[str, ...]) -> None:
    """The window manager and the X server apply a state change a moment later."""
    wait_until(
        lambda: probe.active_reasons(ONLY_FULLSCREEN),
        15,
        what=f"fullscreen reasons {reasons}",
        until=lambda got: got == reasons,
        interval=0.1,
    )


@pytest.fixture
def presentation(desktop_with_wm: Desktop, tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    script = tmp_path / "presentation.py"
    script.write_text(HELPER)
    proc = subprocess.Popen(
        [sys.executable, str(script)],
        env=desktop_with_wm.env(),
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready", desktop_with_wm.log_text()
    try:
        yield proc
    finally:
        proc.kill()
        proc.wait(10)
        for pipe in (proc.stdin, proc.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()


def _send(proc: subprocess.Popen[str], line: str) -> None:
    assert proc.stdin is not None
    proc.stdin.write(line + "\n")
    proc.stdin.flush()


def _probe(desk: Desktop, own_pid: int | None = None) -> DndProbe:
    return DndProbe(
        platform="linux",
        environ={"DISPLAY": desk.display},
        bus_address=desk.bus_address,
        own_pid=own_pid,
    )


def test_a_focused_fullscreen_window_holds_and_leaving_fullscreen_releases(
    desktop_with_wm: Desktop, presentation: subprocess.Popen[str]
) -> None:
    probe = _probe(desktop_with_wm)
    _wait_for_reasons(probe, (REASON_FULLSCREEN,))
    _send(presentation, "normal")
    _wait_for_reasons(probe, ())
    _send(presentation, "full")
    _wait_for_reasons(probe, (REASON_FULLSCREEN,))
    cap = probe.capabilities()[0]
    assert (cap.name, cap.available) == ("dnd.fullscreen", True)
    assert REASON_FULLSCREEN in cap.detail


def test_our_own_fullscreen_window_does_not_hold_the_break(
    desktop_with_wm: Desktop, presentation: subprocess.Popen[str]
) -> None:
    other = _probe(desktop_with_wm)
    _wait_for_reasons(other, (REASON_FULLSCREEN,))
    ours = _probe(desktop_with_wm, own_pid=presentation.pid)  # as if the stretch window were it
    assert ours.active_reasons(ONLY_FULLSCREEN) == ()


def test_a_closed_fullscreen_window_releases(
    desktop_with_wm: Desktop, presentation: subprocess.Popen[str]
) -> None:
    probe = _probe(desktop_with_wm)
    _wait_for_reasons(probe, (REASON_FULLSCREEN,))
    _send(presentation, "quit")
    presentation.wait(10)
    _wait_for_reasons(probe, ())


def test_without_a_window_manager_fullscreen_is_unreadable_and_says_why(
    desktop: Desktop,
) -> None:
    probe = _probe(desktop)
    assert probe.active_reasons(ONLY_FULLSCREEN) == ()
    cap = probe.capabilities()[0]
    assert not cap.available
    assert "window manager" in cap.detail


def test_with_a_window_manager_and_nothing_focused_fullscreen_is_readable_and_off(
    desktop_with_wm: Desktop,
) -> None:
    probe = _probe(desktop_with_wm)
    assert probe.active_reasons(ONLY_FULLSCREEN) == ()
    cap = probe.capabilities()[0]
    assert (cap.name, cap.available, cap.detail) == (
        "dnd.fullscreen",
        True,
        "readable (not active now)",
    )


def test_a_window_that_vanished_between_two_reads_does_not_end_the_app(
    desktop: Desktop,
) -> None:
    # Xlib's default handler would exit the process on this BadWindow.
    with x11.open_display(desktop.display) as disp:
        assert disp is not None
        assert disp.property_values(0x3FFFFF, "_NET_WM_STATE") is None
        assert disp.property_values(disp.root, "_NET_SUPPORTED") is None  # no WM: unset
