"""Safety from the record: stretches that hurt twice are taken out of the rotation.

A stretch the user stopped with "This hurts" twice within a fortnight is benched from
the second stop on, until the user puts it back (a :class:`~deskstretch.core.history.Restored`
record for it made after that stop). Pure: the records and the time are inputs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from deskstretch.core.history import BreakRecord, Record, Restored

#: Two stops closer together than this bench a stretch.
BENCH_WITHIN = timedelta(days=14)


@dataclass(frozen=True)
class Bench:
    """Why a stretch is out of the rotation.

    Attributes:
        stretch_id: The catalogue id.
        since: The stop that benched it (the second of two within the window).
        first: The stop before it.
    """

    stretch_id: str
    since: datetime
    first: datetime


def _stops_and_restores(
    records: Iterable[Record], now: datetime
) -> tuple[dict[str, list[datetime]], dict[str, list[datetime]]]:
    stops: dict[str, list[datetime]] = {}
    restores: dict[str, list[datetime]] = {}
    for record in records:
        if isinstance(record, BreakRecord):
            if record.at > now:
                continue
            for done in record.stretches:
                if done.outcome == "stopped":
                    stops.setdefault(done.stretch_id, []).append(record.at)
        elif isinstance(record, Restored) and record.at <= now:
            restores.setdefault(record.stretch_id, []).append(record.at)
    return stops, restores


def benches(
    records: Iterable[Record], now: datetime, *, within: timedelta = BENCH_WITHIN
) -> dict[str, Bench]:
    """The stretches out of the rotation at ``now``, with the two stops that put them there.

    Stops are counted afresh after each time the user put the stretch back: a stop from
    before a restore never counts towards a new bench.

    Args:
        records: Recorded events in any order (other kinds are ignored).
        now: Aware UTC; records after it are ignored.
        within: Two stops at most this far apart bench the stretch.

    Returns:
        By stretch id, why it is benched; stretches in the rotation are absent.
    """
    stops, restores = _stops_and_restores(records, now)
    result: dict[str, Bench] = {}
    for stretch_id, times in stops.items():
        events = sorted([(t, 1) for t in times] + [(t, 0) for t in restores.get(stretch_id, [])])
        previous: datetime | None = None
        bench: Bench | None = None
        for at, is_stop in events:
            if not is_stop:
                # Put back: the slate is clean; stops before this no longer count.
                if bench is not None and at >= bench.since:
                    bench = None
                previous = None
                continue
            if bench is None and previous is not None and at - previous <= within:
                bench = Bench(stretch_id, at, previous)
            previous = at
        if bench is not None:
            result[stretch_id] = bench
    return result


def benched(
    records: Iterable[Record], now: datetime, *, within: timedelta = BENCH_WITHIN
) -> dict[str, datetime]:
    """The stretches out of the rotation at ``now``, each with the stop that benched it.

    See :func:`benches`; this keeps only the time of the second stop.
    """
    return {sid: b.since for sid, b in benches(records, now, within=within).items()}
