"""DeskStretch after a break: window open time, open/close leaks, frame cost, animation CPU.

Run as its own process (``python -m bench.afterbreak --json OUT``) so that its memory
and CPU are DeskStretch's alone. It starts like the idle app (QApplication, the
catalogue, the controller module) and then does what a break does: the controller's
way of building the stretch window (import on first use, construct with the system
clock) is repeated here, and ``start()`` shows it. Times are taken with
``time.perf_counter``; CPU with ``time.process_time`` (all threads of this process).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

FRAME_BUDGET_MS = 1000.0 / 60.0


def _pss_kib() -> int:
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _cpu_of(pid: int) -> float:
    """utime + stime of another process, in seconds (0 if unreadable)."""
    import os

    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = text.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class _PaintCounter:
    """Counts paint events reaching one widget (an event filter)."""

    def __init__(self) -> None:
        from PySide6.QtCore import QEvent, QObject

        paint = QEvent.Type.Paint

        class Filter(QObject):
            count = 0

            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() == paint:
                    Filter.count += 1
                return False

        self._cls = Filter
        self.filter = Filter()

    @property
    def count(self) -> int:
        return self._cls.count


def _pump_until(app: Any, done: Callable[[], bool], timeout_s: float) -> bool:
    from PySide6.QtCore import QEventLoop

    deadline = time.perf_counter() + timeout_s
    while not done():
        if time.perf_counter() > deadline:
            return False
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
    return True


def _pump_for(app: Any, seconds: float) -> None:
    """Run a real event loop for ``seconds`` (it sleeps between events, as the app does).

    ``processEvents(flags, ms)`` would not do: that overload never blocks, so a loop
    around it spins and the process shows ~100 % CPU whatever the window does.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    timer = QTimer(loop)
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(round(seconds * 1000))
    loop.exec()


def _delete_later_now(app: Any) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    app.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


def _open(app: Any, stretches: list[Any], outcomes: list[str]) -> tuple[Any, float, Any]:
    """A break: build the window the controller's way, show it, wait for the figure's paint.

    Returns:
        The window, milliseconds from the break event to the figure's first painted
        frame (processed), and the paint counter installed on the figure.
    """
    started = time.perf_counter()
    # As the controller's window factory does (the import is part of the first break).
    from deskstretch.core.clock import SystemClock
    from deskstretch.ui.stretch_window import StretchWindow

    window = StretchWindow(
        list(stretches), SystemClock(), reduced_motion=False, next_break_text=lambda: ""
    )
    window.finished.connect(outcomes.append)
    counter = _PaintCounter()
    window.figure.installEventFilter(counter.filter)
    window.start()
    if not _pump_until(app, lambda: counter.count > 0, 10.0):
        raise RuntimeError("the stretch window's figure was never painted")
    return window, (time.perf_counter() - started) * 1000.0, counter


def measure_windows(app: Any, cycles: int, animation_s: float, xserver_pid: int) -> dict[str, Any]:
    """Cold open + animation CPU on the first window, then ``cycles`` open/close cycles."""
    from deskstretch.catalogue.loader import load_catalogue

    catalogue = load_catalogue()
    stretches = [catalogue.stretches[0]]
    outcomes: list[str] = []
    result: dict[str, Any] = {"stretch": stretches[0].id}

    pss_before_first = _pss_kib()
    window, cold_ms, counter = _open(app, stretches, outcomes)
    result["open_cold_ms"] = cold_ms

    # Animation: let the first window play as a real break does.
    frames0 = counter.count
    cpu0, wall0, x0 = time.process_time(), time.perf_counter(), _cpu_of(xserver_pid)
    _pump_for(app, animation_s)
    cpu1, wall1, x1 = time.process_time(), time.perf_counter(), _cpu_of(xserver_pid)
    wall = wall1 - wall0
    result["animation"] = {
        "seconds": wall,
        "cpu_percent": 100.0 * (cpu1 - cpu0) / wall,
        "frames_painted": counter.count - frames0,
        "fps": (counter.count - frames0) / wall,
        "xserver_cpu_percent": 100.0 * (x1 - x0) / wall if xserver_pid else None,
        "ticking": bool(window.is_ticking),
    }
    window.close()
    del window, counter
    _delete_later_now(app)
    pss_after_first = _pss_kib()
    result["pss_first_break_cost_mib"] = (pss_after_first - pss_before_first) / 1024.0

    opens: list[float] = []
    pss_series: list[int] = [pss_after_first]
    for i in range(cycles):
        window, ms, counter = _open(app, stretches, outcomes)
        opens.append(ms)
        _pump_for(app, 0.05)  # a few animated frames, as on screen
        window.close()
        del window, counter
        _delete_later_now(app)
        if (i + 1) % 10 == 0 or i + 1 == cycles:
            pss_series.append(_pss_kib())
    pss_end = _pss_kib()
    result["cycles"] = {
        "count": cycles,
        "pss_start_mib": pss_after_first / 1024.0,
        "pss_end_mib": pss_end / 1024.0,
        "pss_growth_mib": (pss_end - pss_after_first) / 1024.0,
        "pss_series_mib": [round(k / 1024.0, 2) for k in pss_series],
        "open_median_ms": statistics.median(opens) if opens else None,
        "open_p99_ms": _percentile(opens, 0.99) if opens else None,
        "outcomes_ok": len(outcomes) == cycles + 1,
    }
    from PySide6.QtWidgets import QApplication

    result["top_level_widgets_left"] = sum(
        1 for w in QApplication.topLevelWidgets() if w.objectName() == "StretchWindow"
    )
    return result


def _frames(samples: int) -> list[Any]:
    """Frames across every catalogue stretch's timeline, as the player would show them."""
    from deskstretch.catalogue.loader import load_catalogue
    from deskstretch.core.session import build_timeline
    from deskstretch.pose import frame_for

    frames: list[Any] = []
    stretches = load_catalogue().stretches
    per_stretch = max(1, samples // max(1, len(stretches)))
    for stretch in stretches:
        timeline = build_timeline([stretch])
        step = timeline.duration / per_stretch
        for i in range(per_stretch):
            t = i * step
            phase = timeline[timeline.index_at(t)]
            length = max(phase.end - phase.start, 1e-6)
            frames.append(
                frame_for(
                    stretch,
                    phase.kind,
                    min(1.0, (t - phase.start) / length),
                    phase.side,
                    t - phase.start,
                    False,
                )
            )
    return frames


def measure_frame_cost(samples: int) -> dict[str, Any]:
    """Median and p99 of painting one frame with ``paint_figure`` into a QImage."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    from deskstretch.ui.figure import figure_palette, paint_figure

    frames = _frames(samples)
    out: dict[str, Any] = {"frames": len(frames)}
    background = figure_palette(False).background
    for width, height in ((800, 600), (1920, 1080)):
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        rect = QRectF(0, 0, width, height)
        for frame in frames[:10]:  # warm caches (pens, prop paths) as a running window has
            painter = QPainter(image)
            paint_figure(painter, rect, frame, False)
            painter.end()
        costs: list[float] = []
        for frame in frames:
            t0 = time.perf_counter()
            painter = QPainter(image)
            painter.fillRect(image.rect(), background)
            paint_figure(painter, rect, frame, False)
            painter.end()
            costs.append((time.perf_counter() - t0) * 1000.0)
        median, p99 = statistics.median(costs), _percentile(costs, 0.99)
        out[f"{width}x{height}"] = {
            "median_ms": median,
            "p99_ms": p99,
            "median_pct_of_60fps": 100.0 * median / FRAME_BUDGET_MS,
            "p99_pct_of_60fps": 100.0 * p99 / FRAME_BUDGET_MS,
        }
    # What the player computes per frame besides painting (pose maths), for context.
    from deskstretch.catalogue.loader import load_catalogue
    from deskstretch.pose import frame_for

    stretch = load_catalogue().stretches[0]
    compute: list[float] = []
    for i in range(min(samples, 300)):
        t0 = time.perf_counter()
        frame_for(stretch, "move", (i % 100) / 100.0, "left", i / 60.0, False)
        compute.append((time.perf_counter() - t0) * 1000.0)
    out["frame_for_median_ms"] = statistics.median(compute)
    return out


def main(argv: list[str] | None = None) -> int:
    """Entry point: measure and write JSON to ``--json``."""
    parser = argparse.ArgumentParser(prog="python -m bench.afterbreak")
    parser.add_argument("--cycles", type=int, default=100)
    parser.add_argument("--animation", type=float, default=10.0)
    parser.add_argument("--frames", type=int, default=600)
    parser.add_argument("--xserver-pid", type=int, default=0)
    parser.add_argument("--json", type=Path, required=True)
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    # The idle app has these loaded already (assembly.py): the break starts from there.
    import deskstretch.app.controller  # noqa: F401
    from deskstretch.catalogue.loader import load_catalogue

    load_catalogue()
    result: dict[str, Any] = {"platform": app.platformName()}
    result["windows"] = measure_windows(app, args.cycles, args.animation, args.xserver_pid)
    result["frame_cost"] = measure_frame_cost(args.frames)
    args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
