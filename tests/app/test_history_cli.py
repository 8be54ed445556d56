"""``deskstretch history path | export | forget`` end to end, with the test's own HOME."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from deskstretch.app import cli
from deskstretch.core.history import MicroRecord
from deskstretch.platform.history_db import COLUMNS, SCHEMA_VERSION, HistoryDB, from_fields
from tests.platform.history_samples import at, one_of_each

DAY = date(2026, 3, 2)
REPO = Path(__file__).resolve().parents[2]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        code = cli.main(list(argv), out=out, err=err)
    except SystemExit as exc:  # argparse's errors
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def data_file() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "deskstretch" / "history.sqlite3"


@pytest.fixture
def app_db() -> Iterator[HistoryDB]:
    """The running app's store, open (for writing) while the commands run."""
    db = HistoryDB.open(data_file())
    db.add_many(one_of_each(DAY) + one_of_each(DAY + timedelta(days=1)))
    yield db
    db.close()


def test_path_prints_the_file_in_the_data_folder_without_creating_it() -> None:
    code, out, _ = run("history", "path")
    assert code == 0
    assert out.strip() == str(data_file())
    assert not data_file().exists()


@pytest.mark.parametrize(
    "argv",
    [
        ("history", "export"),
        ("history", "export", "--format", "json"),
        ("history", "forget", "--all"),
    ],
)
def test_without_a_history_the_commands_say_so_and_create_nothing(argv: tuple[str, ...]) -> None:
    code, out, err = run(*argv)
    assert code == 0
    assert "No history yet" in out + err
    assert not data_file().exists()
    assert not data_file().parent.exists()


def test_export_json_to_stdout_while_the_app_writes(app_db: HistoryDB) -> None:
    code, out, err = run("history", "export", "--format", "json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["schema_version"] == SCHEMA_VERSION
    assert [from_fields(r) for r in doc["records"]] == app_db.records()
    later = MicroRecord(at(DAY, 23), DAY + timedelta(days=1), "late", "done")
    app_db.add(later)  # the app keeps writing after an export
    assert app_db.pending == 0
    assert app_db.problem is None


def test_export_csv_to_a_file(app_db: HistoryDB, tmp_path: Path) -> None:
    target = tmp_path / "out" / "history.csv"
    target.parent.mkdir()
    code, out, err = run("history", "export", "--out", str(target))
    assert code == 0, err
    assert f"Exported 16 records to {target}" in out
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"), newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 16
    assert [r["kind"] for r in rows[:3]] == ["span", "break", "micro"]
    assert [p.name for p in target.parent.iterdir()] == ["history.csv"]  # no temporary file left


def test_export_to_a_folder_that_does_not_exist_fails_clearly(
    app_db: HistoryDB, tmp_path: Path
) -> None:
    code, _, err = run("history", "export", "--out", str(tmp_path / "no" / "such" / "x.csv"))
    assert code == 1
    assert "cannot write" in err


def test_forget_before_a_day_while_the_app_runs(app_db: HistoryDB) -> None:
    code, out, err = run("history", "forget", "--before", (DAY + timedelta(days=1)).isoformat())
    assert code == 0, err
    assert out.strip() == "Deleted 8 records from before 2026-03-03."
    assert {r.day for r in app_db.records()} == {DAY + timedelta(days=1)}
    app_db.add(one_of_each(DAY + timedelta(days=2))[0])  # the app is not blocked afterwards
    assert app_db.pending == 0


def test_forget_all(app_db: HistoryDB) -> None:
    code, out, _ = run("history", "forget", "--all")
    assert code == 0
    assert "Deleted 16 records" in out
    assert app_db.records() == []


@pytest.mark.parametrize("bad", ["2026-13-01", "yesterday", "03/02/2026"])
def test_forget_with_a_bad_date_exits_2_and_deletes_nothing(app_db: HistoryDB, bad: str) -> None:
    code, out, err = run("history", "forget", "--before", bad)
    assert code == 2
    assert "YYYY-MM-DD" in err
    assert repr(bad) in err
    assert out == ""
    assert len(app_db.records()) == 16


def test_forget_needs_all_or_before(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run("history", "forget")
    assert code == 2
    assert "--all" in capsys.readouterr().err


def test_forget_refuses_a_history_from_a_newer_version(app_db: HistoryDB) -> None:
    conn = sqlite3.connect(data_file())
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    code, _, err = run("history", "forget", "--all")
    assert code == 1
    assert "newer DeskStretch" in err
    assert "Nothing was deleted" in err
    assert len(app_db.records()) == 16


def test_export_of_a_damaged_file_says_so_and_leaves_it_alone() -> None:
    data_file().parent.mkdir(parents=True)
    data_file().write_bytes(b"not a database" * 100)
    code, out, err = run("history", "export")
    assert code == 1
    assert "cannot be read" in err
    assert out == ""
    assert data_file().read_bytes() == b"not a database" * 100


def test_the_installed_command_exports_and_forgets(app_db: HistoryDB) -> None:
    def deskstretch(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "deskstretch", "history", *argv],
            capture_output=True,
            text=True,
            check=False,
            cwd=REPO,
            timeout=60,
        )

    exported = deskstretch("export", "--format", "json")
    assert exported.returncode == 0, exported.stderr
    assert len(json.loads(exported.stdout)["records"]) == 16
    forgot = deskstretch("forget", "--all")
    assert forgot.returncode == 0, forgot.stderr
    assert "Deleted 16 records" in forgot.stdout
    assert app_db.records() == []
