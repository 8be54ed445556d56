"""``deskstretch stats``: the Progress window's figures in a terminal, from the history file."""

from __future__ import annotations

import io
import json
import os
from datetime import date
from pathlib import Path

import pytest

from deskstretch.app import cli
from deskstretch.core.clock import SystemClock
from deskstretch.core.history import BreakRecord, StretchDone
from deskstretch.platform.history_db import open_history
from tests.helpers.history_fixtures import local


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        code = cli.main(list(argv), out=out, err=err)
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def history_file() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "deskstretch" / "history.sqlite3"


def today() -> date:
    clock = SystemClock()
    return clock.now().astimezone(clock.local_zone()).date()


def test_no_history_yet_says_so_and_creates_nothing() -> None:
    code, out, _ = run("stats")
    assert code == 0
    assert "No history yet" in out
    assert not history_file().exists()


def test_a_completed_and_a_skipped_break_appear_with_their_stretches() -> None:
    day = today()
    zone = SystemClock().local_zone()
    done = StretchDone("hip-flexor", 5, 5, 10, "finish", "completed")
    skipped = StretchDone("camel", 1, 5, 0, "hold", "skipped")
    at = local(day, 0, zone)
    store = open_history(history_file())
    store.add(BreakRecord(at, day, at, at, "scheduled", "completed", False, (done,)))
    store.add(BreakRecord(at, day, at, at, "scheduled", "skipped", False, (skipped,)))
    store.close()

    code, out, _ = run("stats", "--json", "--days", "7")
    assert code == 0
    data = json.loads(out)
    assert data["totals"]["taken"] == 1
    assert data["totals"]["skipped"] == 1
    assert data["adherence"] == 0.5
    by_id = {s["id"]: s for s in data["stretches"]}
    assert by_id["hip-flexor"]["done"] == 1
    assert by_id["camel"]["skipped"] == 1

    code, out, _ = run("stats", "--days", "7")
    assert code == 0
    assert "1 taken of 2 due (50%)" in out
    assert "Hip flexor stretch" in out


@pytest.mark.parametrize("days", ["0", "4000"])
def test_days_out_of_range_is_a_usage_error(days: str) -> None:
    code, _, err = run("stats", "--days", days)
    assert code == 2
    assert "between 1 and 3650" in err
