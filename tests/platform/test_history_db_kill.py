"""A ``kill -9`` at any moment leaves a history that opens and holds every record whose
``add`` returned before the kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from deskstretch.core.history import MicroRecord
from deskstretch.platform.history_db import HistoryDB

REPO = Path(__file__).resolve().parents[2]

# The child adds records as fast as it can; after each add has returned (and the record is
# in the file, not waiting in memory) it writes the record's number to its stdout. The
# pipe is the handshake: what the parent reads was reported after add() returned.
CHILD = """
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from deskstretch.core.history import MicroRecord
from deskstretch.platform.history_db import HistoryDB

db = HistoryDB.open(Path(sys.argv[1]))
assert db.problem is None, db.problem
start = int(sys.argv[2])
base = datetime(2026, 3, 2, 9, tzinfo=UTC)
n = start
while True:
    db.add(MicroRecord(base + timedelta(seconds=n), date(2026, 3, 2), f"cue-{n}", "done"))
    if db.pending == 0:
        sys.stdout.write(f"{n}\\n")
        sys.stdout.flush()
    n += 1
"""


def test_a_kill_9_loses_no_record_whose_add_returned(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    reported: list[int] = []
    start = 0
    for wait_for in (7, 31, 3, 120):  # kill after a different number of adds each round
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path), str(start)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        assert proc.stdout is not None
        seen = 0
        for line in proc.stdout:
            reported.append(int(line))
            seen += 1
            if seen >= wait_for:
                break
        proc.send_signal(signal.SIGKILL)
        rest, err = proc.communicate(timeout=60)  # what it reported before it died
        assert proc.returncode == -signal.SIGKILL, err
        reported.extend(int(x) for x in rest.split())
        assert seen >= wait_for, err
        start = reported[-1] + 1000  # the next round's numbers are new

        db = HistoryDB.open(path)
        try:
            assert db.problem is None
            kept = {r.cue_id for r in db.records() if isinstance(r, MicroRecord)}
        finally:
            db.close()
        missing = [n for n in reported if f"cue-{n}" not in kept]
        assert missing == []
