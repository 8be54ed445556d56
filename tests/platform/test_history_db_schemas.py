"""Every older history schema kept under ``history_schemas/`` opens in this version, is
upgraded to :data:`SCHEMA_VERSION` and reads back every sample record.

A schema bump adds the file of the schema it upgrades from (``v<N>.sql``: the schema as
that version wrote it, with the rows of ``one_of_each(2026-03-02)``), so each old schema
stays tested against every later migration.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from deskstretch.platform.history_db import SCHEMA_VERSION, HistoryDB
from tests.platform.history_samples import one_of_each

SCHEMAS = sorted((Path(__file__).parent / "history_schemas").glob("v*.sql"))
SAMPLE_DAY = date(2026, 3, 2)


def test_there_is_a_file_for_the_current_schema() -> None:
    assert [p.name for p in SCHEMAS][-1] == f"v{SCHEMA_VERSION}.sql"


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda p: p.stem)
def test_an_old_file_opens_upgraded_with_every_record(tmp_path: Path, schema: Path) -> None:
    path = tmp_path / "history.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(schema.read_text())
    conn.close()

    db = HistoryDB.open(path)
    try:
        assert db.problem is None
        assert db.writable
        assert db.records() == one_of_each(SAMPLE_DAY)
        db.add(one_of_each(SAMPLE_DAY)[0])
        assert len(db.records()) == len(one_of_each(SAMPLE_DAY)) + 1
    finally:
        db.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_an_empty_file_is_version_0_and_gets_the_current_schema(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.touch()
    db = HistoryDB.open(path)
    try:
        assert db.problem is None
        db.add_many(one_of_each(SAMPLE_DAY))
        assert db.records() == one_of_each(SAMPLE_DAY)
    finally:
        db.close()
