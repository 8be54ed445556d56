"""The break history (issue 15): an SQLite file in the user's data folder.

Only the standard library's :mod:`sqlite3`. :class:`HistoryDB` implements
:class:`deskstretch.core.ports.History`; the records are the frozen types of
:mod:`deskstretch.core.history`.

The file
    One table, ``records(id, kind, at, day, data)``: ``kind`` names the record type
    (``break``, ``micro``, ``snooze``, ``span``, ``flexcheck``, ``restored``), ``at`` is
    when it happened in UTC (ISO 8601, always with microseconds and ``+00:00`` so that
    the text sorts as time does; a span's ``at`` is its start), ``day`` the user's local
    date (ISO), and ``data`` a JSON object with the record's other fields under the
    export's column names (below). Fields a newer DeskStretch adds to ``data`` are
    ignored by this one.

Durability
    WAL journal with ``synchronous=FULL``: every :meth:`HistoryDB.add` is one short
    transaction, and when it returns the record is in the WAL file and fsynced. A
    ``kill -9`` at any moment therefore never loses a record whose ``add`` returned
    (``NORMAL`` would already give that: the WAL write reaches the OS before the commit
    returns); ``FULL`` adds that a power cut or a kernel crash does not lose it either,
    for the price of one fsync per record. DeskStretch writes a few dozen records a
    day, so that price (a millisecond or two on an SSD; ``python -m bench.history``
    prints it) is paid rarely. ``busy_timeout`` is short (:data:`BUSY_TIMEOUT_MS`) since
    the app writes on its interface thread: a file locked by another program makes
    ``add`` give up after that long and keep the record in memory, to be written by the
    next ``add``. WAL lets the command line read (``mode=ro``) while the app writes,
    and the app write while the command line reads. ``secure_delete`` is on, so that
    forgotten records are overwritten, not just unlinked, and ``forget`` checkpoints
    the WAL afterwards (best effort) so old copies leave it too.

Schema versions
    ``PRAGMA user_version`` holds the schema version (:data:`SCHEMA_VERSION`). Each bump
    adds one function to :data:`MIGRATIONS` (key: the version it upgrades from) and
    runs inside the same transaction as the ``user_version`` change, so a migration
    is all or nothing. A bump also adds ``tests/platform/history_schemas/v<N>.sql``
    holding the *old* schema (the one being migrated from) with sample rows of every
    record kind: ``tests/platform/test_history_db_schemas.py`` builds a file from each
    ``v*.sql`` there, opens it and checks that every sample record reads back; the
    sample rows are the same events in every version. ``v1.sql`` is there already.
    A file from a newer DeskStretch (a higher version) opens read-only: it is read,
    never written.

Opening problems, handled like the settings file: nothing is ever deleted and the app
keeps running; :attr:`HistoryDB.problem` holds one sentence for the user (the first
problem; the caller shows it once).

- Not a database or corrupt (``quick_check`` fails): the file (and its ``-wal`` and
  ``-shm``) is renamed aside with a timestamped name and a new one is started.
- From a newer schema: read-only; new records are kept in memory for the session.
- Locked by another program beyond the busy timeout: records wait in memory; each
  later ``add`` tries again (the open too, if the open was what failed).
- A read-only folder, a file in the way of the folder, a full disk: records are kept
  in memory for the session (and written by a later ``add`` if the disk has room
  again); whatever the existing file holds is still read where it can be.

Pruning: :meth:`HistoryDB.open` prunes when given ``keep_days`` and ``today`` (the
app passes both); :meth:`HistoryDB.prune` can also be called on its own.

Export columns (CSV header, and the keys of each JSON record; a column a record type
does not have is empty in CSV and absent in JSON):

=============  ==============================================================
``kind``       ``break``, ``micro``, ``snooze``, ``span``, ``flexcheck``, ``restored``
``at``         UTC ISO 8601: when it happened (a break: it started; a span: its start)
``day``        the user's local date (YYYY-MM-DD)
``end``        break: completed, skipped, stopped, closed, missed; micro: done,
               skipped, missed
``due``        break: when it fell due (empty when the user started it)
``ended``      break: when its window closed; span: its end (UTC ISO)
``reason``     break: scheduled, user, after-hold; span: why (holds: fullscreen...)
``long``       break: true or false
``stretches``  break: the stretches shown, a JSON array of objects with
               ``stretch_id``, ``reps_done``, ``reps``, ``sides_done``, ``phase``,
               ``outcome``; one CSV row per break, this column holding the array
``cue_id``     micro: the cue shown
``until``      snooze: until when (UTC ISO)
``snoozed``    snooze: ``stretch`` or ``micro``
``span``       span: active, away, natural, hold, pause, asleep
``level``      flexcheck: thighs, knees, mid-shin, ankles, toes, floor
``stretch_id`` restored: the stretch put back into the rotation
=============  ==============================================================

The JSON export is one object: ``{"format": "deskstretch-history", "schema_version":
1, "records": [...]}`` with ``long`` a boolean, ``stretches`` an array and empty
values ``null``. Records are oldest first.
"""

from __future__ import annotations

import contextlib
import csv
import json
import logging
import os
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, TextIO, cast, get_args

from deskstretch.core.clock import wall_time
from deskstretch.core.history import (
    FLEX_LEVELS,
    BreakEnd,
    BreakRecord,
    FlexCheck,
    MicroRecord,
    Record,
    Restored,
    SnoozeRecord,
    Span,
    SpanKind,
    StretchDone,
)
from deskstretch.i18n import _
from deskstretch.settings.store import os_reason

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 250  # the app writes on its interface thread: wait at most this long
CLI_BUSY_TIMEOUT_MS = 5000  # the command line may wait longer for the app's write to end

COLUMNS: tuple[str, ...] = (
    "kind",
    "at",
    "day",
    "end",
    "due",
    "ended",
    "reason",
    "long",
    "stretches",
    "cue_id",
    "until",
    "snoozed",
    "span",
    "level",
    "stretch_id",
)

ExportFormat = Literal["csv", "json"]


class HistoryError(Exception):
    """An explicit request (``forget``) could not be done; the message is for the user."""


# ------------------------------------------------------------------ the record codec


@dataclass(frozen=True)
class Row:
    """A record as stored: its kind, UTC time, local day and the JSON of the rest."""

    kind: str
    at: str
    day: str
    data: str


def _iso(value: datetime) -> str:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"a naive time cannot be recorded: {value!r}")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _iso_or_none(value: datetime | None) -> str | None:
    return None if value is None else _iso(value)


def _time(text: Any) -> datetime:
    if not isinstance(text, str):
        raise ValueError(f"not a time: {text!r}")
    value = datetime.fromisoformat(text)
    if value.tzinfo is UTC:  # as this module writes them
        return value
    if value.tzinfo is None:  # written by hand: read as UTC, like the rest of the file
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _time_or_none(text: Any) -> datetime | None:
    return None if text is None or text == "" else _time(text)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"not text: {value!r}")
    return value


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"not a whole number: {value!r}")
    return value


_BREAK_ENDS = frozenset(get_args(BreakEnd))
_SPAN_KINDS = frozenset(get_args(SpanKind))
_STRETCH_OUTCOMES = frozenset(("completed", "skipped", "stopped"))
_MICRO_ENDS = frozenset(("done", "skipped", "missed"))
_SNOOZED = frozenset(("stretch", "micro"))
_LEVELS = frozenset(FLEX_LEVELS)


def _one_of(value: Any, allowed: frozenset[str]) -> Any:
    if value not in allowed:
        raise ValueError(f"unexpected value {value!r}")
    return value


def fields(record: Record) -> dict[str, Any]:
    """``record`` as the export's columns (``kind``, ``at``, ``day``, then its own), JSON-ready."""
    out: dict[str, Any]
    if isinstance(record, BreakRecord):
        out = {
            "kind": "break",
            "at": _iso(record.at),
            "end": record.end,
            "due": _iso_or_none(record.due),
            "ended": _iso_or_none(record.ended),
            "reason": record.reason,
            "long": record.long,
            "stretches": [
                {
                    "stretch_id": s.stretch_id,
                    "reps_done": s.reps_done,
                    "reps": s.reps,
                    "sides_done": s.sides_done,
                    "phase": s.phase,
                    "outcome": s.outcome,
                }
                for s in record.stretches
            ],
        }
    elif isinstance(record, MicroRecord):
        out = {"kind": "micro", "at": _iso(record.at), "end": record.end, "cue_id": record.cue_id}
    elif isinstance(record, SnoozeRecord):
        out = {
            "kind": "snooze",
            "at": _iso(record.at),
            "until": _iso(record.until),
            "snoozed": record.kind,
        }
    elif isinstance(record, Span):
        out = {
            "kind": "span",
            "at": _iso(record.start),
            "ended": _iso(record.end),
            "span": record.kind,
            "reason": record.reason,
        }
    elif isinstance(record, FlexCheck):
        out = {"kind": "flexcheck", "at": _iso(record.at), "level": record.level}
    elif isinstance(record, Restored):
        out = {"kind": "restored", "at": _iso(record.at), "stretch_id": record.stretch_id}
    else:  # pragma: no cover - the union is closed; a new type must be added above
        raise TypeError(f"not a history record: {record!r}")
    out["day"] = record.day.isoformat()
    return out


def from_fields(obj: Mapping[str, Any]) -> Record:
    """The record a :func:`fields` mapping (or a JSON export entry) describes.

    Raises:
        ValueError: An unknown kind, or a field missing or of the wrong type.
    """
    try:
        return _from_fields(obj)
    except (KeyError, TypeError) as exc:
        raise ValueError(f"not a history record: {exc}") from exc


def _stretch(obj: Mapping[str, Any]) -> StretchDone:
    return StretchDone(
        stretch_id=_text(obj["stretch_id"]),
        reps_done=_count(obj["reps_done"]),
        reps=_count(obj["reps"]),
        sides_done=_count(obj["sides_done"]),
        phase=_text(obj["phase"]),
        outcome=_one_of(obj["outcome"], _STRETCH_OUTCOMES),
    )


def _from_fields(obj: Mapping[str, Any]) -> Record:
    kind = obj["kind"]
    at = _time(obj["at"])
    day = date.fromisoformat(_text(obj["day"]))
    if kind == "break":
        long = obj["long"]
        if not isinstance(long, bool):
            raise ValueError(f"long is not true or false: {long!r}")
        stretches = obj.get("stretches") or []
        if not isinstance(stretches, list):
            raise ValueError("stretches is not a list")
        return BreakRecord(
            at=at,
            day=day,
            due=_time_or_none(obj.get("due")),
            ended=_time_or_none(obj.get("ended")),
            reason=_text(obj["reason"]),
            end=cast(BreakEnd, _one_of(obj["end"], _BREAK_ENDS)),
            long=long,
            stretches=tuple(_stretch(s) for s in stretches),
        )
    if kind == "micro":
        return MicroRecord(
            at=at,
            day=day,
            cue_id=_text(obj["cue_id"]),
            end=_one_of(obj["end"], _MICRO_ENDS),
        )
    if kind == "snooze":
        return SnoozeRecord(
            at=at,
            day=day,
            until=_time(obj["until"]),
            kind=_one_of(obj.get("snoozed", "stretch"), _SNOOZED),
        )
    if kind == "span":
        return Span(
            kind=cast(SpanKind, _one_of(obj["span"], _SPAN_KINDS)),
            start=at,
            end=_time(obj["ended"]),
            day=day,
            reason=_text(obj.get("reason") or ""),
        )
    if kind == "flexcheck":
        return FlexCheck(at=at, day=day, level=_one_of(obj["level"], _LEVELS))
    if kind == "restored":
        return Restored(at=at, day=day, stretch_id=_text(obj["stretch_id"]))
    raise ValueError(f"unknown record kind {kind!r}")


def to_row(record: Record) -> Row:
    """``record`` as it is stored. Raises ValueError for a naive time."""
    obj = fields(record)
    kind, at, day = obj.pop("kind"), obj.pop("at"), obj.pop("day")
    return Row(kind, at, day, json.dumps(obj, separators=(",", ":"), sort_keys=True))


def from_row(kind: str, at: str, day: str, data: str) -> Record:
    """The record a stored row holds. Raises ValueError when it cannot be read."""
    try:
        obj = json.loads(data)
    except json.JSONDecodeError as exc:
        raise ValueError(f"the row's data is not JSON: {exc}") from exc
    if not isinstance(obj, dict):
        raise ValueError("the row's data is not a JSON object")
    return from_fields({**obj, "kind": kind, "at": at, "day": day})


def csv_value(value: Any) -> str:
    """One CSV cell: empty for none, ``true``/``false``, JSON for the stretches."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


# ------------------------------------------------------------------ schema and migrations


def _v0_to_v1(conn: sqlite3.Connection) -> None:
    """The first schema: one table of records, indexed by day for ``since`` and pruning."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS records ("
        " id INTEGER PRIMARY KEY,"
        " kind TEXT NOT NULL,"
        " at TEXT NOT NULL,"
        " day TEXT NOT NULL,"
        " data TEXT NOT NULL)"
    )
    conn.execute("CREATE INDEX IF NOT EXISTS records_day ON records(day)")


#: One function per bump, keyed by the version it upgrades from.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {0: _v0_to_v1}


def migrate(conn: sqlite3.Connection, version: int, target: int | None = None) -> int:
    """Upgrade the file from ``version`` to ``target`` (:data:`SCHEMA_VERSION`) in one
    transaction; returns the version reached. ``conn`` must be in autocommit mode."""
    target = SCHEMA_VERSION if target is None else target
    if version >= target:
        return version
    conn.execute("BEGIN IMMEDIATE")
    try:
        for step in range(version, target):
            MIGRATIONS[step](conn)
            conn.execute(f"PRAGMA user_version = {step + 1}")
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    if version:
        log.info("history: schema upgraded from version %d to %d", version, target)
    return target


# ------------------------------------------------------------------ errors in plain words


def _code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _is_busy(exc: BaseException) -> bool:
    return _code(exc) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in str(exc)


def _is_corrupt(exc: BaseException) -> bool:
    return _code(exc) in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def _cannot_read(path: Path, exc: BaseException) -> str:
    return _("The break history at {path} cannot be read ({reason}).").format(
        path=path, reason=_reason(exc)
    )


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return os_reason(exc)  # the settings file's words for the same failures
    code = _code(exc)
    if code == sqlite3.SQLITE_FULL:
        return _("the disk is full")
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM):
        return _("it is read-only")
    if code == sqlite3.SQLITE_CANTOPEN:
        return _("the file cannot be opened")
    if _is_busy(exc):
        return _("another program is using it")
    return str(exc)


class _Corrupt(Exception):
    """quick_check found damage."""


# ------------------------------------------------------------------ the store


class HistoryDB:
    """The break history on disk (or in memory where the disk cannot take it).

    Use :meth:`open` (or :func:`open_history`, which never raises), not the constructor.
    Not thread-safe: one thread (the app's interface thread) uses it.
    """

    def __init__(self, path: Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        """An unopened store for ``path``; :meth:`open` is the way in."""
        self.path = Path(path)
        #: The first thing the user should be told, in one sentence (None when all is well).
        self.problem: str | None = None
        self._busy_ms = busy_timeout_ms
        self._conn: sqlite3.Connection | None = None
        self._writable = False  # writes reach the file
        self._retry_open = False  # opening failed for a passing reason (locked)
        self._pending: list[tuple[Record, Row]] = []

    # -------------------------------------------------------------- opening

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        read_only: bool = False,
        keep_days: int | None = None,
        today: date | None = None,
        busy_timeout_ms: int | None = None,
    ) -> HistoryDB:
        """Open (creating it, unless ``read_only``) the history at ``path``.

        Problems do not raise: they leave :attr:`problem` set (see the module's text).

        Args:
            path: The database file.
            read_only: Only read (``mode=ro``; never creates, never writes, never blocks
                the app's writes). For the command line.
            keep_days: With ``today``, prune records older than this many days (0 keeps
                all); done after opening, only when the file is writable.
            today: The user's local date, for pruning.
            busy_timeout_ms: How long a write waits for another program's lock
                (:data:`BUSY_TIMEOUT_MS` unless given).
        """
        db = cls(Path(path), busy_timeout_ms=busy_timeout_ms or BUSY_TIMEOUT_MS)
        if read_only:
            db._open_read_only()
        else:
            db._open_writable()
            if keep_days and today is not None and db._writable:
                db.prune(keep_days, today)
        return db

    def _tell(self, sentence: str) -> None:
        if self.problem is None:
            self.problem = sentence

    def _connect(self, *, read_only: bool) -> sqlite3.Connection:
        if read_only:
            uri = self.path.resolve().as_uri() + "?mode=ro"
            conn = sqlite3.connect(uri, uri=True, timeout=self._busy_ms / 1000)
        else:
            conn = sqlite3.connect(self.path, timeout=self._busy_ms / 1000)
        conn.isolation_level = None  # autocommit: transactions are explicit and short
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self._busy_ms)}")
            conn.execute("PRAGMA cache_size = -1024")  # 1 MiB: a year is a few MiB
        except BaseException:
            conn.close()
            raise
        return conn

    def _open_read_only(self) -> None:
        try:
            conn = self._connect(read_only=True)
            try:
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if (
                    version == 0
                    and not conn.execute(
                        "SELECT 1 FROM sqlite_master WHERE name = 'records'"
                    ).fetchone()
                ):
                    conn.close()
                    return  # an empty file: nothing recorded yet
            except BaseException:
                conn.close()
                raise
        except sqlite3.Error as exc:
            log.warning("history: cannot read %s: %s", self.path, exc)
            self._tell(_cannot_read(self.path, exc))
            return
        self._conn = conn
        if version > SCHEMA_VERSION:
            self._tell(
                _(
                    "The break history was written by a newer DeskStretch (history version "
                    "{version}); it is read as far as this version understands it."
                ).format(version=version)
            )

    def _open_writable(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._keep_in_memory(exc)
            return
        try:
            self._conn = self._prepare()
        except sqlite3.Error as exc:
            if _is_busy(exc):
                log.warning("history: %s is locked: %s", self.path, exc)
                self._retry_open = True
                self._tell_locked()
            elif _is_corrupt(exc):
                self._start_afresh(str(exc))
            else:
                self._keep_in_memory(exc)
        except _Corrupt as exc:
            self._start_afresh(str(exc))

    def _prepare(self) -> sqlite3.Connection:
        """Connect, check, migrate; sets ``_writable``. Raises sqlite3.Error or _Corrupt."""
        conn = self._connect(read_only=False)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            check = conn.execute("PRAGMA quick_check").fetchone()
            if not check or check[0] != "ok":
                raise _Corrupt(str(check[0]) if check else "quick_check found nothing")
            if version > SCHEMA_VERSION:
                log.warning("history: %s has schema %d > %d", self.path, version, SCHEMA_VERSION)
                self._tell(
                    _(
                        "The break history was written by a newer DeskStretch (history version "
                        "{version}); it is read but not written, so breaks of this session are "
                        "not kept after DeskStretch quits."
                    ).format(version=version)
                )
                self._writable = False
                return conn
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":  # e.g. a file system without shared memory
                log.warning("history: journal mode is %s, not wal", mode)
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA secure_delete = ON")
            migrate(conn, version)
        except BaseException:
            conn.close()
            raise
        self._writable = True
        self._retry_open = False
        return conn

    def _tell_locked(self) -> None:
        self._tell(
            _(
                "The break history at {path} is in use by another program; breaks are kept in "
                "memory and written as soon as it is free."
            ).format(path=self.path)
        )

    def _keep_in_memory(self, exc: BaseException) -> None:
        """The file cannot be written: keep this session's records in memory, read the file."""
        log.warning("history: cannot write %s: %s", self.path, exc)
        self._tell(
            _(
                "DeskStretch cannot write its break history at {path} ({reason}); breaks of "
                "this session are kept in memory only."
            ).format(path=self.path, reason=_reason(exc))
        )
        self._writable = False
        if self._conn is None and self.path.is_file():
            with contextlib.suppress(sqlite3.Error, OSError):
                conn = self._connect(read_only=True)
                try:
                    conn.execute("SELECT count(*) FROM records").fetchone()
                except sqlite3.Error:
                    conn.close()
                else:
                    self._conn = conn

    def _set_aside(self) -> Path | None:
        """Rename the file (and its -wal and -shm) to a free timestamped name."""
        stamp = datetime.fromtimestamp(wall_time(), UTC).strftime("%Y%m%d-%H%M%S")
        for n in range(100):
            aside = self.path.with_name(f"{self.path.name}.broken-{stamp}" + (f"-{n}" if n else ""))
            if aside.exists():
                continue
            try:
                os.rename(self.path, aside)
            except OSError as exc:
                log.warning("history: could not move %s aside: %s", self.path, exc)
                return None
            for suffix in ("-wal", "-shm"):  # a stale WAL must not be replayed into a new file
                side = Path(str(self.path) + suffix)
                if side.exists():
                    try:
                        os.rename(side, Path(str(aside) + suffix))
                    except OSError as exc:
                        log.warning("history: could not move %s aside: %s", side, exc)
            log.warning("history: unreadable file moved to %s", aside)
            return aside
        return None

    def _start_afresh(self, detail: str) -> None:
        log.warning("history: %s is damaged: %s", self.path, detail)
        aside = self._set_aside()
        if aside is None:
            self._tell(
                _(
                    "The break history at {path} could not be read and could not be moved "
                    "aside; breaks of this session are kept in memory only."
                ).format(path=self.path)
            )
            return
        try:
            self._conn = self._prepare()
        except (sqlite3.Error, _Corrupt) as exc:
            self._keep_in_memory(exc if isinstance(exc, sqlite3.Error) else OSError(str(exc)))
            return
        self._tell(
            _(
                "The break history could not be read ({error}). It was kept as {file} and a "
                "new one was started."
            ).format(error=detail, file=aside.name)
        )

    # -------------------------------------------------------------- writing

    @property
    def writable(self) -> bool:
        """Whether records reach the file (False: kept in memory for the session)."""
        return self._writable

    @property
    def readable(self) -> bool:
        """Whether a file is open to read from (False: nothing recorded, or unreadable)."""
        return self._conn is not None

    @property
    def pending(self) -> int:
        """Records kept in memory, not (yet) in the file."""
        return len(self._pending)

    def add(self, record: Record) -> None:
        """Keep ``record``: one short transaction. Never raises."""
        self.add_many((record,))

    def add_many(self, records: Iterable[Record]) -> None:
        """Keep ``records`` in one transaction. Never raises."""
        for record in records:
            try:
                self._pending.append((record, to_row(record)))
            except Exception:  # a bug in the caller must not stop the app
                log.exception("history: cannot record %r", record)
                self._tell(_("A break could not be recorded (an internal error; see the log)."))
        self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        if self._conn is None and self._retry_open:
            self._open_writable()
        conn = self._conn
        if conn is None or not self._writable:
            return
        rows = [(r.kind, r.at, r.day, r.data) for _record, r in self._pending]
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany(
                    "INSERT INTO records (kind, at, day, data) VALUES (?, ?, ?, ?)", rows
                )
                conn.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            log.warning("history: %d record(s) kept in memory: %s", len(rows), exc)
            if _is_busy(exc):
                self._tell_locked()
            else:
                self._tell(
                    _(
                        "DeskStretch cannot write its break history ({reason}); breaks are kept "
                        "in memory and written when it can."
                    ).format(reason=_reason(exc))
                )
            return
        except Exception:
            log.exception("history: unexpected error writing %s", self.path)
            self._tell(_("A break could not be recorded (an internal error; see the log)."))
            return
        self._pending.clear()

    def _delete(self, where: str, args: tuple[str, ...]) -> int:
        conn = self._conn
        if conn is None or not self._writable:
            if self.problem:
                message = _("The break history at {path} cannot be changed: {problem}")
            else:
                message = _("The break history at {path} cannot be changed.")
            raise HistoryError(message.format(path=self.path, problem=self.problem))
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                cursor = conn.execute(f"DELETE FROM records {where}", args)
                conn.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            log.warning("history: delete failed: %s", exc)
            raise HistoryError(
                _("The break history at {path} could not be changed ({reason}).").format(
                    path=self.path, reason=_reason(exc)
                )
            ) from exc
        return cursor.rowcount

    def prune(self, keep_days: int, today: date) -> int:
        """Delete records whose day is more than ``keep_days`` days before ``today``.

        ``keep_days`` 0 keeps everything. Returns how many were deleted; never raises
        (a failure is logged and counts as 0).
        """
        if keep_days <= 0:
            return 0
        cutoff = (today - timedelta(days=keep_days)).isoformat()
        self._pending = [p for p in self._pending if p[1].day >= cutoff]
        try:
            removed = self._delete("WHERE day < ?", (cutoff,))
        except HistoryError as exc:
            log.warning("history: not pruned: %s", exc)
            return 0
        if removed:
            log.info("history: %d record(s) from before %s pruned", removed, cutoff)
        return removed

    def forget(self, before: date | None = None) -> int:
        """Delete every record (``before`` None) or those whose day is before ``before``.

        Returns how many records were deleted from the file and from memory.

        Raises:
            HistoryError: The file cannot be changed (read-only, newer, locked...).
        """
        if before is None:
            kept: list[tuple[Record, Row]] = []
        else:
            kept = [p for p in self._pending if p[1].day >= before.isoformat()]
        dropped = len(self._pending) - len(kept)
        if before is None:
            removed = self._delete("", ())
        else:
            removed = self._delete("WHERE day < ?", (before.isoformat(),))
        self._pending = kept
        assert self._conn is not None  # _delete raised otherwise
        with contextlib.suppress(sqlite3.Error):  # old copies of the pages leave the WAL too
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return removed + dropped

    # -------------------------------------------------------------- reading

    def records(self, since: date | None = None) -> list[Record]:
        """Every record whose local day is ``since`` or later (all when None), oldest first.

        Includes records kept in memory. A row this version cannot read is skipped (and
        logged). Never raises.
        """
        found: list[tuple[str, Record]] = []
        conn = self._conn
        if conn is not None:
            query = "SELECT kind, at, day, data FROM records"
            args: tuple[str, ...] = ()
            if since is not None:
                query += " WHERE day >= ?"
                args = (since.isoformat(),)
            try:
                rows = conn.execute(query + " ORDER BY at, id", args).fetchall()
            except sqlite3.Error as exc:
                log.warning("history: cannot read %s: %s", self.path, exc)
                self._tell(_cannot_read(self.path, exc))
                rows = []
            skipped = 0
            for kind, at, day, data in rows:
                try:
                    found.append((at, from_row(kind, at, day, data)))
                except ValueError as exc:
                    skipped += 1
                    if skipped == 1:
                        log.warning("history: a %s row cannot be read: %s", kind, exc)
            if skipped:
                log.warning("history: %d row(s) skipped", skipped)
        floor = since.isoformat() if since is not None else ""
        found.extend((row.at, rec) for rec, row in self._pending if row.day >= floor)
        found.sort(key=lambda pair: pair[0])  # stable: the file's order among equal times
        return [rec for _at, rec in found]

    def first_day(self) -> date | None:
        """The local day of the oldest record kept (None when there is none). Never raises."""
        days: list[str] = [row.day for _record, row in self._pending]
        conn = self._conn
        if conn is not None:
            try:
                (oldest,) = conn.execute("SELECT min(day) FROM records").fetchone()
            except sqlite3.Error as exc:
                log.warning("history: cannot read %s: %s", self.path, exc)
                oldest = None
            if isinstance(oldest, str):
                days.append(oldest)
        try:
            return date.fromisoformat(min(days)) if days else None
        except ValueError:
            return None

    def export(self, fmt: ExportFormat, out: TextIO) -> int:
        """Write every record to ``out`` as CSV or JSON (see the module's text); returns
        how many. Raises ValueError for another format, OSError if ``out`` fails."""
        if fmt not in ("csv", "json"):
            raise ValueError(f"unknown export format {fmt!r}: csv or json")
        entries = [fields(r) for r in self.records()]
        if fmt == "json":
            doc = {
                "format": "deskstretch-history",
                "schema_version": SCHEMA_VERSION,
                "records": entries,
            }
            json.dump(doc, out, indent=1, ensure_ascii=False)
            out.write("\n")
        else:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(COLUMNS)
            for entry in entries:
                writer.writerow([csv_value(entry.get(c)) for c in COLUMNS])
        return len(entries)

    def close(self) -> None:
        """Write what waits in memory if it can, then close the file. Never raises."""
        with contextlib.suppress(Exception):
            self._flush()
        if self._pending:
            log.warning("history: %d record(s) could not be written", len(self._pending))
        conn, self._conn = self._conn, None
        self._writable = False
        self._retry_open = False
        if conn is not None:
            with contextlib.suppress(sqlite3.Error):
                conn.close()


def open_history(
    path: Path, *, keep_days: int | None = None, today: date | None = None
) -> HistoryDB:
    """Open the app's history for writing; never raises (a store that keeps records in
    memory, with :attr:`HistoryDB.problem` set, when even that went wrong)."""
    try:
        return HistoryDB.open(path, keep_days=keep_days, today=today)
    except Exception:  # a bug must not stop the app
        log.exception("history: unexpected error opening %s", path)
        db = HistoryDB(Path(path))
        db.problem = _(
            "DeskStretch could not open its break history (an internal error; see the log); "
            "breaks of this session are kept in memory only."
        )
        return db
