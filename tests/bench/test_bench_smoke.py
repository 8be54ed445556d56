"""Smoke test of the benchmark runner: ``python -m bench --quick`` completes and prints figures.

A benchmark is not a test: nothing here asserts a timing or a budget. It checks that
the runner measures every app and every part on a real headless desktop, so a change
that breaks the bench (or stops the app from reaching the tray) is noticed in CI.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.desktop import require_desktop_tools
from tests.helpers.sway import require_sway_tools

REPO = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.slow, pytest.mark.e2e]


def test_quick_bench_measures_every_app_and_prints_the_budget_table(tmp_path: Path) -> None:
    require_desktop_tools(tray=True, notify=True)
    require_sway_tools()  # the idle runs are made under sway as well
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert "| budget | DeskStretch | limit | result | notes |" in done.stdout
    assert "start -> tray icon" in done.stdout
    assert "Idle in the tray under sway" in done.stdout

    data = json.loads(out.read_text())
    for key in ("floor-a", "floor-b", "deskstretch"):
        rounds = data["startup"][key]
        assert rounds["errors"] == [], rounds["errors"]
        assert len(rounds["samples_ms"]) == 2  # --quick: two start-up rounds
        assert all(ms is not None and ms > 0 for ms in rounds["samples_ms"])
        app = data["apps"][key]
        assert app["errors"] == [], app["errors"]
        assert app["start_to_tray_ms"] is not None
        assert app["start_to_tray_ms"] > 0
        assert app["pss_mib"] is not None
        assert app["pss_mib"] > 0
        assert app["wakeups_per_s"] is not None
        on_sway = data["apps_sway"][key]
        assert on_sway["errors"] == [], on_sway["errors"]
        assert on_sway["pss_mib"] is not None
        assert on_sway["pss_mib"] > 0
    after = data["afterbreak"]
    assert after["errors"] == []
    assert after["open_cold_ms"] is not None
    assert after["open_cold_ms"] > 0
    assert after["paint_1920x1080_median_ms"] is not None
    assert after["animation_fps"] is not None
    assert after["animation_fps"] > 0
    assert data["simulation"]["breaks"] > 0
    measured = [b for b in data["budgets"] if b["figure"] is not None]
    assert len(measured) == len(data["budgets"])  # every budget got a figure
