"""``python -m bench.history`` runs and reports every figure (none is asserted: a bench)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_history_bench_reports_its_figures(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench.history", "--adds", "5", "--days", "2", "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["year_records"] == result["year_read_records"] == 2 * 36
    assert result["year_file_kib"] > 0
    assert result["add_ms_median"] > 0
    assert "pss_growth_kib" in result
    assert not Path(result["dir"]).exists()  # the bench cleans up after itself
