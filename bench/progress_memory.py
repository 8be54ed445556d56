"""What the Progress window costs in memory: ``python -m bench.progress_memory``.

Runs one child process per case (offscreen Qt) and prints PSS, RSS and USS in MiB, read from
``/proc/self/smaps_rollup``:

- ``baseline``: a QApplication with one small shown window, the window never opened;
- ``open``: the same, then ``deskstretch.core.stats`` summarizes a seeded year (365 days x 16
  breaks) and the Progress window opens at 900x640 and paints;
- ``closed``: after that window is closed and deleted (and ``closed_trimmed``: after glibc's
  ``malloc_trim(0)`` hands free heap pages back, to show how much of it was only kept by the
  allocator).

Inside ``open`` the steps are measured too: ``imported`` (stats, catalogue, window module),
``records_dropped`` (a year of records built, summarized and dropped again).

Also times ``summarize`` over the year (365-day period; best of 5). Figures are noisy on a
shared machine (PSS divides shared Qt pages among every process that maps them), so USS (the
private pages) is the figure to compare. Used for docs/charts.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import gc, json, os, sys, time
sys.path.insert(0, sys.argv[1])
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QLabel

def mem():
    fields = {}
    with open("/proc/self/smaps_rollup") as f:
        for line in f:
            name, _, rest = line.partition(":")
            parts = rest.split()
            if parts and parts[0].isdigit():
                fields[name] = int(parts[0])
    uss = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
    return {"pss": fields["Pss"] / 1024, "rss": fields["Rss"] / 1024, "uss": uss / 1024}

def settle():
    for _ in range(5):
        app.processEvents()
    gc.collect()

app = QApplication([])
label = QLabel("idle")
label.show()
settle()
out = {"baseline": mem()}
if sys.argv[2] == "open":
    from datetime import date
    from deskstretch.catalogue.loader import load_catalogue
    from deskstretch.core.stats import summarize
    from deskstretch.ui.progress import ProgressWindow
    from tests.helpers.history_fixtures import BERLIN, seeded_year
    settle()
    out["imported"] = mem()
    today = date(2026, 11, 27)
    records = seeded_year(today)
    catalogue = load_catalogue()
    names = {i: catalogue.get(i).name for i in catalogue.ids}
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        summarize(records, today, days=365, zone=BERLIN)
        times.append(time.perf_counter() - t0)
    best = min(times)
    out["summarize_year_ms"] = best * 1000
    summary = summarize(records, today, zone=BERLIN)
    del records
    settle()
    out["records_dropped"] = mem()
    window = ProgressWindow(summary, names)
    window.resize(900, 640)
    window.show()
    window.grab()
    settle()
    out["open"] = mem()
    window.close()
    window.deleteLater()
    del window
    settle()
    out["closed"] = mem()
    import ctypes
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    out["closed_trimmed"] = mem()
print(json.dumps(out))
"""


def run(case: str) -> dict[str, object]:
    """Run one case in a fresh interpreter and return what it measured."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT), case],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    """Print the cases side by side."""
    started = time.perf_counter()
    never = run("never")
    opened = run("open")
    print(json.dumps({"never_opened": never, "opened": opened}, indent=2))
    print(f"({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
