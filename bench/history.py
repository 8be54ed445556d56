"""What the break history costs (issue 15): figures printed, not asserted.

- ``add_ms_median``: the time ``HistoryDB.add`` takes for one break record (three
  stretches), median of ``--adds`` (200) adds on a WAL file with ``synchronous=FULL``
  (one fsync per add: the figure depends on the disk under ``--dir``).
- ``year_file_kib``: the file after a simulated year, 365 days x 16 breaks (three
  stretches each), 17 spans at the computer, two away and one hold per day, written a
  day per transaction, then closed (the WAL folded in).
- ``pss_growth_kib``: how much the PSS of a fresh process grows from importing the store,
  opening a file and adding 100 records (``/proc/self/smaps_rollup``; Linux only), measured
  in a child process so nothing else of the bench is counted.

The time to compute a year of statistics is added by the statistics' own bench.

Run as ``python -m bench.history [--adds N] [--days N] [--dir DIR] [--json]``; ``python -m
bench --only history`` runs it as a part of the bench.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
FIRST_DAY = date(2026, 1, 5)


def _pss_kib() -> int | None:
    try:
        text = Path("/proc/self/smaps_rollup").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return None


def _break(day: date, n: int) -> Any:
    from deskstretch.core.history import BreakRecord, StretchDone

    start = datetime(day.year, day.month, day.day, 8, tzinfo=UTC) + timedelta(minutes=30 * n)
    return BreakRecord(
        at=start,
        day=day,
        due=start,
        ended=start + timedelta(minutes=3),
        reason="scheduled",
        end="completed" if n % 5 else "skipped",
        long=n % 4 == 3,
        stretches=tuple(
            StretchDone(sid, 2, 2, 4, "done", "completed")
            for sid in ("neck-side-tilt", "seated-spinal-twist", "wrist-flexor-stretch")
        ),
    )


def _day_records(day: date) -> list[Any]:
    from deskstretch.core.history import Span

    base = datetime(day.year, day.month, day.day, 7, 45, tzinfo=UTC)
    out: list[Any] = [_break(day, n) for n in range(16)]
    for n in range(17):
        start = base + timedelta(minutes=30 * n)
        out.append(Span("active", start, start + timedelta(minutes=27), day))
    out.append(Span("away", base + timedelta(hours=4), base + timedelta(hours=4, minutes=45), day))
    out.append(Span("away", base + timedelta(hours=9), base + timedelta(hours=9, minutes=5), day))
    out.append(Span("hold", base + timedelta(hours=2), base + timedelta(hours=3), day, "camera"))
    return out


def add_time(folder: Path, adds: int) -> dict[str, float]:
    """Median and 90th percentile of ``adds`` single adds, in ms."""
    from deskstretch.platform.history_db import HistoryDB

    db = HistoryDB.open(folder / "adds.sqlite3")
    samples: list[float] = []
    try:
        for n in range(adds):
            record = _break(FIRST_DAY + timedelta(days=n // 16), n % 16)
            t0 = time.perf_counter()
            db.add(record)
            samples.append((time.perf_counter() - t0) * 1000)
        if db.problem:
            raise RuntimeError(db.problem)
    finally:
        db.close()
    samples.sort()
    return {
        "add_ms_median": statistics.median(samples),
        "add_ms_p90": samples[int(0.9 * (len(samples) - 1))],
    }


def year_file(folder: Path, days: int) -> dict[str, float]:
    """Write ``days`` simulated days; the file's size and the count of records."""
    from deskstretch.platform.history_db import HistoryDB

    path = folder / "year.sqlite3"
    db = HistoryDB.open(path)
    count = 0
    try:
        for d in range(days):
            batch = _day_records(FIRST_DAY + timedelta(days=d))
            db.add_many(batch)
            count += len(batch)
        if db.problem:
            raise RuntimeError(db.problem)
        t0 = time.perf_counter()
        records = db.records()
        read_ms = (time.perf_counter() - t0) * 1000
        read = len(records)
        stats_ms = _stats_time(records, FIRST_DAY + timedelta(days=days - 1))
    finally:
        db.close()
    size = sum(p.stat().st_size for p in folder.glob("year.sqlite3*"))
    return {
        "year_days": days,
        "year_records": count,
        "year_file_kib": size / 1024,
        "year_read_all_ms": read_ms,
        "year_read_records": read,
        "year_stats_ms": stats_ms,
    }


def _stats_time(records: list[Any], today: date) -> float:
    """Best of five: the statistics of the whole year (what the Progress window computes)."""
    from zoneinfo import ZoneInfo

    from deskstretch.core.stats import summarize

    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        summarize(records, today, days=365, zone=ZoneInfo("Europe/Berlin"))
        best = min(best, (time.perf_counter() - t0) * 1000)
    return best


def pss_child(folder: Path) -> dict[str, float | None]:
    """In this (fresh) process: PSS before, after import, after open + 100 adds."""
    before = _pss_kib()
    from deskstretch.platform.history_db import HistoryDB

    imported = _pss_kib()
    db = HistoryDB.open(folder / "pss.sqlite3")
    for n in range(100):
        db.add(_break(FIRST_DAY + timedelta(days=n // 16), n % 16))
    after = _pss_kib()
    db.close()
    if before is None or imported is None or after is None:
        return {"pss_growth_kib": None, "pss_import_kib": None}
    return {"pss_growth_kib": after - before, "pss_import_kib": imported - before}


def run(adds: int, days: int, folder: Path | None) -> dict[str, Any]:
    """Every figure, in a temporary folder under ``folder`` (the system's temp if None)."""
    work = Path(tempfile.mkdtemp(prefix="deskstretch-history-bench-", dir=folder))
    try:
        result: dict[str, Any] = {"dir": str(work)}
        result.update(add_time(work, adds))
        result.update(year_file(work, days))
        child = subprocess.run(
            [sys.executable, "-m", "bench.history", "--pss-child", str(work)],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        result.update(json.loads(child.stdout))
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def table(result: dict[str, Any]) -> str:
    """The figures as a few lines of text."""

    def fmt(value: Any, spec: str) -> str:
        return "n/a" if value is None else format(value, spec)

    return "\n".join(
        [
            f"  add one break record: median {fmt(result['add_ms_median'], '.2f')} ms, "
            f"90th percentile {fmt(result['add_ms_p90'], '.2f')} ms (WAL, synchronous=FULL)",
            f"  {result['year_days']} days ({result['year_records']} records): "
            f"{fmt(result['year_file_kib'] / 1024, '.2f')} MiB on disk, all read back in "
            f"{fmt(result['year_read_all_ms'], '.0f')} ms; the year's statistics computed in "
            f"{fmt(result['year_stats_ms'], '.0f')} ms (target < 100 ms)",
            f"  PSS growth after import + open + 100 adds: "
            f"{fmt(result['pss_growth_kib'], 'd')} KiB "
            f"(of which the import: {fmt(result['pss_import_kib'], 'd')} KiB)",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Print the figures (``--json``: one JSON object)."""
    parser = argparse.ArgumentParser(prog="python -m bench.history", description=__doc__)
    parser.add_argument("--adds", type=int, default=200, help="adds timed (median), 200")
    parser.add_argument("--days", type=int, default=365, help="simulated days for the size, 365")
    parser.add_argument("--dir", type=Path, default=None, help="where to put the files")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--pss-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.pss_child is not None:
        print(json.dumps(pss_child(args.pss_child)))
        return 0
    result = run(args.adds, args.days, args.dir)
    print(json.dumps(result) if args.json else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
