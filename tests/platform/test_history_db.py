"""The history store on real SQLite files: codec, reading and writing, pruning, export, and
every way opening can go wrong (corrupt, newer, locked, read-only, full)."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskstretch.core.history import BreakRecord, MicroRecord, Record, Span
from deskstretch.core.ports import History
from deskstretch.platform import history_db
from deskstretch.platform.history_db import (
    COLUMNS,
    SCHEMA_VERSION,
    HistoryDB,
    HistoryError,
    fields,
    from_fields,
    from_row,
    open_history,
    to_row,
)
from deskstretch.platform.paths import history_path
from tests.platform.history_samples import at, one_of_each, records

DAY = date(2026, 3, 2)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


@pytest.fixture
def db(path: Path) -> Iterator[HistoryDB]:
    store = HistoryDB.open(path)
    yield store
    store.close()


def count_rows(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM records").fetchone()[0])
    finally:
        conn.close()


# ------------------------------------------------------------------ codec


@given(records)
def test_every_record_type_survives_a_row(record: Record) -> None:
    row = to_row(record)
    assert from_row(row.kind, row.at, row.day, row.data) == record


@given(records)
def test_every_record_type_survives_the_json_export_form(record: Record) -> None:
    obj = json.loads(json.dumps(fields(record)))
    assert from_fields(obj) == record
    assert set(obj) <= set(COLUMNS)


@given(st.lists(records, max_size=12))
def test_records_read_back_as_added_oldest_first(
    tmp_path_factory: pytest.TempPathFactory, batch: list[Record]
) -> None:
    store = HistoryDB.open(tmp_path_factory.mktemp("h") / "history.sqlite3")
    try:
        for record in batch:
            store.add(record)
        assert store.problem is None
        key = [to_row(r).at for r in batch]
        expected = [r for _, r in sorted(zip(key, batch, strict=True), key=lambda p: p[0])]
        assert store.records() == expected
    finally:
        store.close()


def test_a_naive_time_is_not_recorded_and_add_does_not_raise(db: HistoryDB) -> None:
    from datetime import datetime

    db.add(MicroRecord(datetime(2026, 3, 2, 9), DAY, "look-away", "done"))
    assert db.records() == []
    assert db.problem is not None


def test_a_row_this_version_cannot_read_is_skipped(db: HistoryDB, path: Path) -> None:
    db.add_many(one_of_each(DAY))
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO records (kind, at, day, data) VALUES ('teleport', ?, ?, '{}')",
        (at(DAY, 13).isoformat(), DAY.isoformat()),
    )
    conn.execute(
        "INSERT INTO records (kind, at, day, data) VALUES ('micro', ?, ?, 'not json')",
        (at(DAY, 14).isoformat(), DAY.isoformat()),
    )
    conn.commit()
    conn.close()
    assert db.records() == one_of_each(DAY)


# ------------------------------------------------------------------ the store


def test_it_is_a_history_port_and_lives_in_the_data_folder(db: HistoryDB) -> None:
    store: History = db
    assert store.records() == []
    assert history_path() == Path(os.environ["XDG_DATA_HOME"]) / "deskstretch" / "history.sqlite3"


def test_the_file_is_created_in_wal_mode_with_the_schema_version(db: HistoryDB, path: Path) -> None:
    assert db.problem is None
    assert db.writable
    db.add(one_of_each(DAY)[0])
    other = sqlite3.connect(path)
    try:
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert other.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        other.close()
    assert db._conn is not None
    assert db._conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_records_since_a_day_and_across_a_reopen(path: Path) -> None:
    store = HistoryDB.open(path)
    days = [DAY + timedelta(days=n) for n in range(4)]
    for day in days:
        store.add_many(one_of_each(day))
    store.close()
    again = HistoryDB.open(path)
    try:
        assert len(again.records()) == 4 * len(one_of_each(DAY))
        since = again.records(since=days[2])
        assert since == one_of_each(days[2]) + one_of_each(days[3])
    finally:
        again.close()


def test_prune_keeps_the_last_keep_days_and_zero_keeps_all(db: HistoryDB) -> None:
    for n in range(10):
        db.add(MicroRecord(at(DAY + timedelta(days=n), 9), DAY + timedelta(days=n), "c", "done"))
    today = DAY + timedelta(days=9)
    assert db.prune(0, today) == 0
    assert db.prune(3, today) == 6
    assert [r.day for r in db.records()] == [today - timedelta(days=n) for n in (3, 2, 1, 0)]


def test_open_prunes_when_given_keep_days_and_today(path: Path) -> None:
    store = HistoryDB.open(path)
    store.add_many(one_of_each(DAY) + one_of_each(DAY + timedelta(days=400)))
    store.close()
    again = HistoryDB.open(path, keep_days=365, today=DAY + timedelta(days=400))
    try:
        assert again.records() == one_of_each(DAY + timedelta(days=400))
    finally:
        again.close()


def test_forget_before_a_day_and_everything(db: HistoryDB, path: Path) -> None:
    for n in range(3):
        db.add_many(one_of_each(DAY + timedelta(days=n)))
    per_day = len(one_of_each(DAY))
    assert db.forget(before=DAY + timedelta(days=1)) == per_day
    assert {r.day for r in db.records()} == {DAY + timedelta(days=1), DAY + timedelta(days=2)}
    assert db.forget() == 2 * per_day
    assert db.records() == []
    assert count_rows(path) == 0


def test_forget_leaves_no_copy_of_the_records_in_the_file(db: HistoryDB, path: Path) -> None:
    later = DAY + timedelta(days=1)
    db.add(MicroRecord(at(DAY, 9), DAY, "a-very-private-cue-id", "done"))
    db.add(MicroRecord(at(later, 9), later, "kept", "done"))
    assert db.forget(before=later) == 1
    for file in path.parent.iterdir():  # while the app still has the file open
        assert b"a-very-private-cue-id" not in file.read_bytes(), file.name
    db.close()
    for file in path.parent.iterdir():
        assert b"a-very-private-cue-id" not in file.read_bytes(), file.name


def test_export_json_parses_back_to_every_record(db: HistoryDB) -> None:
    db.add_many(one_of_each(DAY))
    out = io.StringIO()
    assert db.export("json", out) == len(one_of_each(DAY))
    doc = json.loads(out.getvalue())
    assert doc["format"] == "deskstretch-history"
    assert doc["schema_version"] == SCHEMA_VERSION
    assert [from_fields(r) for r in doc["records"]] == one_of_each(DAY)


def test_export_csv_has_the_documented_columns_and_one_row_per_record(db: HistoryDB) -> None:
    db.add_many(one_of_each(DAY))
    out = io.StringIO()
    assert db.export("csv", out) == len(one_of_each(DAY))
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == COLUMNS
    back: list[Record] = []
    for row in rows:
        obj: dict[str, object] = {k: v for k, v in row.items() if v != ""}
        if row["kind"] == "break":
            obj["long"] = row["long"] == "true"
            obj["stretches"] = json.loads(row["stretches"])
        back.append(from_fields(obj))
    assert back == one_of_each(DAY)
    brk = next(r for r in rows if r["kind"] == "break")
    assert [s["stretch_id"] for s in json.loads(brk["stretches"])] == ["neck-tilt", "wrist-flex"]


def test_export_refuses_an_unknown_format(db: HistoryDB) -> None:
    with pytest.raises(ValueError, match="csv or json"):
        db.export("xml", io.StringIO())  # type: ignore[arg-type]


# ------------------------------------------------------------------ migrations


def test_migrations_run_one_per_bump_in_one_transaction(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    HistoryDB.open(path).close()  # a v1 file

    def v1_to_v2(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE records ADD COLUMN note TEXT")

    monkeypatch.setattr(history_db, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(history_db.MIGRATIONS, 1, v1_to_v2)
    store = HistoryDB.open(path)
    try:
        assert store.problem is None
        store.add(one_of_each(DAY)[0])
        assert store.records() == [one_of_each(DAY)[0]]
    finally:
        store.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    assert "note" in [c[1] for c in conn.execute("PRAGMA table_info(records)")]
    conn.close()


def test_a_failing_migration_leaves_the_old_version_whole(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = HistoryDB.open(path)
    store.add_many(one_of_each(DAY))
    store.close()

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM records")
        raise sqlite3.OperationalError("a migration bug")

    monkeypatch.setattr(history_db, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(history_db.MIGRATIONS, 1, broken)
    failed = open_history(path)
    assert failed.problem is not None
    failed.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM records").fetchone()[0] == len(one_of_each(DAY))
    conn.close()


# ------------------------------------------------------------------ opening problems


def test_a_corrupt_file_is_set_aside_and_a_new_one_started(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database, it is what the user had" * 100)
    store = HistoryDB.open(path)
    try:
        assert store.writable
        assert store.problem is not None
        assert "kept as history.sqlite3.broken-" in store.problem
        store.add(one_of_each(DAY)[0])
        assert store.records() == [one_of_each(DAY)[0]]
    finally:
        store.close()
    aside = [p for p in path.parent.iterdir() if ".broken-" in p.name]
    assert len(aside) == 1
    assert aside[0].read_bytes() == b"this is not a database, it is what the user had" * 100


def test_a_damaged_page_is_found_and_the_file_kept_aside(path: Path) -> None:
    store = HistoryDB.open(path)
    for n in range(200):
        store.add(MicroRecord(at(DAY, 9), DAY, f"cue-{n}" * 20, "done"))
    store.close()
    data = bytearray(path.read_bytes())
    assert len(data) > 3 * 4096
    data[2 * 4096 : 3 * 4096] = b"\xff" * 4096  # a page of the table, overwritten
    path.write_bytes(bytes(data))
    again = HistoryDB.open(path)
    try:
        assert again.problem is not None
        assert "kept as" in again.problem
        assert again.writable
        assert again.records() == []
    finally:
        again.close()
    assert any(".broken-" in p.name for p in path.parent.iterdir())


def test_a_file_from_a_newer_version_is_read_but_never_written(path: Path) -> None:
    store = HistoryDB.open(path)
    store.add_many(one_of_each(DAY))
    store.close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()

    newer = HistoryDB.open(path)
    try:
        assert newer.problem is not None
        assert "newer DeskStretch" in newer.problem
        assert not newer.writable
        later = MicroRecord(at(DAY, 20), DAY, "late", "done")
        newer.add(later)  # kept for the session, not written
        assert newer.records() == [*one_of_each(DAY), later]
        with pytest.raises(HistoryError):
            newer.forget()
    finally:
        newer.close()
    assert count_rows(path) == len(one_of_each(DAY))


def test_a_locked_file_keeps_records_in_memory_and_writes_them_later(path: Path) -> None:
    store = HistoryDB.open(path, busy_timeout_ms=50)
    first, second, third = one_of_each(DAY)[:3]
    store.add(first)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        store.add(second)  # returns (after the busy timeout) without raising
        assert store.problem is not None
        assert "in use by another program" in store.problem
        assert store.pending == 1
        assert store.records() == [first, second]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    store.add(third)
    assert store.pending == 0
    store.close()
    assert count_rows(path) == 3


def test_a_file_locked_while_opening_is_opened_by_a_later_add(path: Path) -> None:
    path.parent.mkdir(parents=True)
    holder = sqlite3.connect(path, isolation_level=None)  # rollback journal: locks readers out
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO t VALUES (1)")
    try:
        store = HistoryDB.open(path, busy_timeout_ms=50)
        assert store.problem is not None
        assert "in use by another program" in store.problem
        store.add(one_of_each(DAY)[0])
        assert store.pending == 1
    finally:
        holder.execute("COMMIT")
        holder.close()
    store.add(one_of_each(DAY)[1])
    try:
        assert store.writable
        assert store.pending == 0
        assert store.records() == one_of_each(DAY)[:2]
    finally:
        store.close()


def test_a_file_in_the_way_of_the_folder_keeps_records_in_memory(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("a file where the folder should be")
    store = open_history(tmp_path / "data" / "history.sqlite3")
    try:
        assert store.problem is not None
        assert "a file is in the way" in store.problem
        assert "kept in memory" in store.problem
        store.add_many(one_of_each(DAY))
        assert store.records() == one_of_each(DAY)
    finally:
        store.close()
    assert (tmp_path / "data").read_text() == "a file where the folder should be"


def test_a_read_only_file_keeps_records_in_memory_and_reads_the_file(path: Path) -> None:
    """SQLite refusing every write (what a read-only file or mount gives) keeps the app going.

    ``PRAGMA query_only`` makes SQLite answer writes with its read-only error, as a file the user
    may not write does; unlike chmod it holds for root too, so the test runs everywhere.
    """
    store = HistoryDB.open(path)
    store.add_many(one_of_each(DAY))
    store.close()
    again = open_history(path)
    try:
        assert again._conn is not None
        again._conn.execute("PRAGMA query_only = ON")
        later = MicroRecord(at(DAY, 20), DAY, "late", "done")
        again.add(later)
        assert again.problem is not None
        assert "kept in memory" in again.problem
        assert again.records() == [*one_of_each(DAY), later]
    finally:
        again.close()
    assert count_rows(path) == len(one_of_each(DAY)) + (0 if again.pending else 1)


def test_a_full_disk_keeps_records_in_memory_and_writes_them_when_there_is_room(
    db: HistoryDB, path: Path
) -> None:
    assert db._conn is not None
    pages = db._conn.execute("PRAGMA page_count").fetchone()[0]
    db._conn.execute(f"PRAGMA max_page_count = {pages}")  # what SQLite sees on a full disk
    big = [MicroRecord(at(DAY, 9), DAY, "x" * 3000, "done") for _ in range(4)]
    db.add_many(big)
    assert db.problem is not None
    assert "the disk is full" in db.problem
    assert db.pending == 4
    assert db.records() == big
    db._conn.execute("PRAGMA max_page_count = 1000000")
    db.add(one_of_each(DAY)[0])
    assert db.pending == 0
    assert count_rows(path) == 5


def test_open_history_never_raises(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(self: HistoryDB) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(HistoryDB, "_open_writable", boom)
    store = open_history(path)
    assert store.problem is not None
    store.add(one_of_each(DAY)[0])
    assert store.records() == [one_of_each(DAY)[0]]
    store.close()


# ------------------------------------------------------------------ read-only connections


def test_a_read_only_reader_never_creates_a_file(path: Path) -> None:
    reader = HistoryDB.open(path, read_only=True)
    assert reader.records() == []
    assert reader.problem is not None
    reader.close()
    assert not path.exists()


def test_a_reader_does_not_block_the_apps_writes(db: HistoryDB, path: Path) -> None:
    db.add_many(one_of_each(DAY))
    reader = HistoryDB.open(path, read_only=True)
    try:
        assert reader._conn is not None
        reader._conn.execute("BEGIN")
        assert reader._conn.execute("SELECT count(*) FROM records").fetchone()[0] == 8
        later = MicroRecord(at(DAY, 20), DAY, "late", "done")
        db.add(later)  # while the reader holds its read transaction open
        assert db.pending == 0
        assert db.problem is None
        reader._conn.execute("COMMIT")
        assert reader.records()[-1] == later
        with pytest.raises(HistoryError):
            reader.forget()
    finally:
        reader.close()


def test_records_are_oldest_first_whatever_the_order_they_came_in(db: HistoryDB) -> None:
    shuffled = list(reversed(one_of_each(DAY)))
    for record in shuffled:
        db.add(record)
    assert db.records() == one_of_each(DAY)
    assert isinstance(db.records()[0], Span)
    assert sum(isinstance(r, BreakRecord) for r in db.records()) == 2
