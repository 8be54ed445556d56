"""End to end: what a screen reader gets from the running app, through the real AT-SPI registry.

The real ``deskstretch`` runs under Xvfb on a private session bus (tests/helpers/desktop.py) with
``at-spi-bus-launcher`` on that bus and Qt's accessibility on. A separate inspector process
(tests/helpers/atspi_inspect.py, Debian's /usr/bin/python3 with pyatspi, which is what Orca
uses) dumps the app's accessible tree and records its events. The transcript of what was
announced goes to test-output/a11y-transcript.txt (the README's accessibility section quotes it).
"""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.app_process import AppProcess, app_env
from tests.helpers.desktop import require_programs, require_system_python_module
from tests.helpers.wait import wait_until

pytestmark = pytest.mark.slow  # e2e: from the desktop fixture (tests/conftest.py)

OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
INSPECT = Path(__file__).resolve().parents[1] / "helpers" / "atspi_inspect.py"
SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
WINDOW_NAME = "DeskStretch stretch break"
# Bounds for things that happen on their own schedule (a slow, shared machine): generous.
START_S = 30
# hip-flexor: "Get ready" 5 s, then "Move into the stretch" 3 s, then "Hold" 10 s.
PHASES_S = 40

Node = dict[str, Any]


def _walk(node: Node) -> Iterator[Node]:
    yield node
    for child in node.get("children", []):
        yield from _walk(child)


def _run_inspector(env: dict[str, str], *args: str, timeout: float = 30) -> Node | None:
    done = subprocess.run(
        [SYSTEM_PYTHON, str(INSPECT), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        return None
    tree: Node = json.loads(done.stdout)
    return tree


class EventLog:
    """The inspector's ``listen`` mode in the background: one parsed event per line."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.events: list[Node] = []
        self._lock = threading.Lock()
        self._log = log_path.open("w")
        self.proc = subprocess.Popen(
            [SYSTEM_PYTHON, str(INSPECT), "listen"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
        )
        self._thread = threading.Thread(target=self._pump, daemon=True)
        self._thread.start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._log.write(line)
            self._log.flush()
            try:
                event = json.loads(line)
            except ValueError:
                continue
            with self._lock:
                self.events.append(event)

    def of_type(self, kind: str) -> list[Node]:
        with self._lock:
            return [e for e in self.events if e.get("type") == kind]

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)
        self._thread.join(timeout=5)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self._log.close()


@contextmanager
def accessibility_bus(desktop: Any, tmp_path: Path) -> Iterator[dict[str, str]]:
    """at-spi-bus-launcher on the desktop's session bus, accessibility switched on."""
    env = desktop.env()
    log = (tmp_path / "at-spi-bus-launcher.log").open("w")
    launcher = subprocess.Popen(
        [BUS_LAUNCHER, "--launch-immediately"], env=env, stdout=log, stderr=log
    )
    try:
        wait_until(
            lambda: desktop.name_has_owner("org.a11y.Bus"),
            START_S,
            what="at-spi-bus-launcher to own org.a11y.Bus",
        )
        subprocess.run(
            [
                "dbus-send",
                "--session",
                "--print-reply",
                "--dest=org.a11y.Bus",
                "/org/a11y/bus",
                "org.freedesktop.DBus.Properties.Set",
                "string:org.a11y.Status",
                "string:IsEnabled",
                "variant:boolean:true",
            ],
            env=env,
            check=True,
            capture_output=True,
            timeout=20,
        )
        yield env
    finally:
        launcher.terminate()
        try:
            launcher.wait(timeout=5)
        except subprocess.TimeoutExpired:
            launcher.kill()
            launcher.wait(timeout=5)
        log.close()


def _stretch_window(env: dict[str, str]) -> Node | None:
    """The stretch window's node once its labels are there, else None."""
    tree = _run_inspector(env, "dump")
    if tree is None:
        return None
    children: list[Node] = tree.get("children", [])
    for child in children:
        if child["name"] == WINDOW_NAME and any(
            n["role"] == "label" and n["name"] for n in _walk(child)
        ):
            return child
    return None


def _announcements(events: EventLog) -> Callable[[], list[str]]:
    return lambda: [str(e.get("any_data") or "") for e in events.of_type("object:announcement")]


def test_a_screen_reader_reads_the_stretch_window_and_hears_each_phase_once(
    desktop: Any, tmp_path: Path
) -> None:
    require_programs({BUS_LAUNCHER: "at-spi2-core", "dbus-send": "dbus-bin"})
    require_system_python_module("pyatspi", "python3-pyatspi")
    with accessibility_bus(desktop, tmp_path) as bus_env:
        env = app_env(desktop.env())
        env["QT_LINUX_ACCESSIBILITY_ALWAYS_ON"] = "1"
        app = AppProcess(env, tmp_path)
        events = EventLog(bus_env, tmp_path / "atspi-events.jsonl")
        try:
            wait_until(lambda: events.of_type("ready"), START_S, what="the AT-SPI listener")
            app.start()
            proc = app.cli("stretch", "hip-flexor")
            assert proc.returncode == 0, proc.stderr
            window = wait_until(
                lambda: _stretch_window(bus_env),
                START_S,
                what="the stretch window on the AT-SPI bus",
                interval=0.5,
                details=app.log,
            )
            heard = _announcements(events)
            # The phases go on: wait until "Hold" was announced (the third phase).
            wait_until(
                heard,
                PHASES_S,
                what="the announcement of the hold",
                until=lambda said: any(s.startswith("Hold.") for s in said),
                interval=0.2,
                details=lambda: "\n".join(heard()) + "\n" + app.log(),
            )
            said = heard()
            later = _stretch_window(bus_env)
        finally:
            events.close()
            app.close()

    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "a11y-stretch-window.json").write_text(json.dumps(window, indent=1))
    (OUTPUT / "a11y-transcript.txt").write_text("\n".join(said) + "\n")

    assert window is not None
    # A window, not a "filler", named for what it is.
    assert window["role"] in ("frame", "dialog"), window["role"]
    labels = [n for n in _walk(window) if n["role"] == "label" and "showing" in n["states"]]
    read = {n["name"] for n in labels}
    # Every label reads its text; categories are only descriptions.
    assert "Hip flexor stretch" in read
    assert "Get ready" in read
    assert any(t.endswith(" left") and ":" in t for t in read), read  # "1:57 left"
    assert "5 reps – starting on the left side" in read
    assert not read & {"Stretch", "Total time left", "Current step", "Repetition and side"}
    by_name = {n["name"]: n for n in labels}
    assert by_name["Hip flexor stretch"]["description"] == "Stretch"
    assert any(n["name"].startswith("Space: pause or resume") for n in labels)
    figure = next(n for n in _walk(window) if n["name"] == "Animated figure showing the stretch")
    assert figure["description"], "the figure describes its pose"
    ring = next(n for n in _walk(window) if n["name"] == "Seconds left in this step")
    assert ring["description"].endswith("seconds")
    buttons = {n["name"] for n in _walk(window) if n["role"] == "push button"}
    assert {"Pause", "This hurts – stop the stretch", "Skip this break and close"} <= buttons

    # Each phase announced once, politely, with the words on screen; no per-second chatter.
    assert said[0].startswith("Hip flexor stretch. Get ready. 5 reps – starting on the left side.")
    assert said[0].endswith("5 seconds.")
    moves = [s for s in said if s.startswith("Move into the stretch.")]
    assert len(moves) == 1, said
    assert "Rep 1 of 5 – left side." in moves[0]
    assert len([s for s in said if s.startswith("Hold.")]) == 1, said
    assert len(said) <= 4, said  # break start, move, hold (and its 5 s mark at most)
    politeness = {e["detail1"] for e in events.of_type("object:announcement")}
    assert politeness == {1}, politeness  # ATSPI_LIVE_POLITE
    assert later is not None
    assert any(n["name"] == "Hold" for n in _walk(later)), "the phase label reads the new phase"
