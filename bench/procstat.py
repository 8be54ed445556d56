"""Figures of a running process tree read from Linux ``/proc``.

* CPU: ``utime + stime`` from ``/proc/PID/stat`` (clock ticks, usually 10 ms each), and
  for resolution also the scheduler's own run time in nanoseconds from
  ``/proc/PID/task/TID/schedstat`` (ticks are sampled; an app that wakes briefly a few
  times a minute can show 0 ticks while it did run).
* Wake-ups: voluntary + nonvoluntary context switches of every thread
  (``/proc/PID/task/*/status``); each one is the thread going to sleep or being put
  off the CPU, so their rate is the rate at which the thread was woken.
* Memory: PSS from ``/proc/PID/smaps_rollup`` (shared pages split among their users),
  with RSS, USS and anonymous memory beside it. PSS and USS both move when other
  processes map the same libraries (a library page only this process maps is private);
  anonymous memory (Python objects, Qt's heap) does not.

A process tree is the process and every descendant (``/proc/PID/task/TID/children``).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

CLK_TCK = os.sysconf("SC_CLK_TCK")
PROC = Path("/proc")


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return ""


def tree(pid: int) -> list[int]:
    """``pid`` and all its living descendants."""
    found: list[int] = []
    todo = [pid]
    while todo:
        current = todo.pop()
        if not (PROC / str(current)).exists():
            continue
        found.append(current)
        for task in (PROC / str(current) / "task").glob("*"):
            todo.extend(int(c) for c in _read(task / "children").split())
    return found


def _tasks(pid: int) -> list[Path]:
    try:
        return list((PROC / str(pid) / "task").iterdir())
    except (FileNotFoundError, ProcessLookupError):
        return []


def cpu_ticks(pid: int) -> int:
    """utime + stime of the whole process (all threads), in clock ticks."""
    text = _read(PROC / str(pid) / "stat")
    if not text:
        return 0
    # The command name may contain spaces; fields after it start at index 2 (state).
    fields = text.rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def run_ns(pid: int) -> int:
    """Nanoseconds every thread of ``pid`` spent on a CPU (schedstat)."""
    total = 0
    for task in _tasks(pid):
        text = _read(task / "schedstat")
        if text:
            total += int(text.split()[0])
    return total


def context_switches(pid: int) -> int:
    """Voluntary + nonvoluntary context switches summed over every thread of ``pid``."""
    total = 0
    for task in _tasks(pid):
        for line in _read(task / "status").splitlines():
            if line.startswith(("voluntary_ctxt_switches:", "nonvoluntary_ctxt_switches:")):
                total += int(line.split()[1])
    return total


def memory_kib(pid: int) -> dict[str, int]:
    """``smaps_rollup`` of ``pid`` in KiB: Pss, Rss, Uss (private clean + dirty) and Anonymous."""
    fields: dict[str, int] = {}
    for line in _read(PROC / str(pid) / "smaps_rollup").splitlines():
        name, _, rest = line.partition(":")
        parts = rest.split()
        if parts and parts[0].isdigit():
            fields[name] = int(parts[0])
    return {
        "pss": fields.get("Pss", 0),
        "rss": fields.get("Rss", 0),
        "uss": fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0),
        "anon": fields.get("Anonymous", 0),
    }


def pss_kib(pid: int) -> int:
    """Proportional set size of ``pid`` in KiB (0 if it is gone)."""
    return memory_kib(pid)["pss"]


def qt_sharers(library: str = "libQt6Core") -> int:
    """How many processes on the machine map ``library`` now.

    PSS divides each shared page among the processes that map it, so an app's PSS
    drops while other Qt programs from the same venv run (on a shared machine:
    other people's GUI tests). The count is recorded to explain that noise.
    """
    count = 0
    for entry in PROC.iterdir():
        if entry.name.isdigit() and library in _read(entry / "maps"):
            count += 1
    return count


def threads(pid: int) -> int:
    """How many threads ``pid`` has."""
    return len(_tasks(pid))


@dataclass(frozen=True)
class Sample:
    """One reading of a process tree."""

    at: float  # time.monotonic()
    pids: tuple[int, ...]
    ticks: int
    run_ns: int
    switches: int
    pss_kib: int
    rss_kib: int
    uss_kib: int
    anon_kib: int
    threads: int
    qt_sharers: int

    @classmethod
    def of_tree(cls, pid: int) -> Sample:
        """Read the tree rooted at ``pid`` now."""
        pids = tuple(tree(pid))
        at = time.monotonic()
        ticks = sum(cpu_ticks(p) for p in pids)
        ran = sum(run_ns(p) for p in pids)
        switches = sum(context_switches(p) for p in pids)
        memory = [memory_kib(p) for p in pids]
        return cls(
            at=at,
            pids=pids,
            ticks=ticks,
            run_ns=ran,
            switches=switches,
            pss_kib=sum(m["pss"] for m in memory),
            rss_kib=sum(m["rss"] for m in memory),
            uss_kib=sum(m["uss"] for m in memory),
            anon_kib=sum(m["anon"] for m in memory),
            threads=sum(threads(p) for p in pids),
            qt_sharers=qt_sharers(),
        )


@dataclass(frozen=True)
class Rates:
    """What a tree did between two samples."""

    seconds: float
    cpu_percent: float  # of one core, from ticks
    cpu_percent_ns: float  # of one core, from schedstat
    wakeups_per_s: float
    pss_mib: float  # at the end
    rss_mib: float  # at the end
    uss_mib: float  # at the end: pages no other process maps (library code too, when alone)
    anon_mib: float  # at the end: heap and other anonymous memory, whoever else runs
    threads: int  # at the end
    processes: int  # at the end
    qt_sharers: int  # processes mapping libQt6Core at the end (explains PSS noise)

    @classmethod
    def between(cls, first: Sample, last: Sample) -> Rates:
        """Rates from ``first`` to ``last`` (the same tree, the later one wins for PSS)."""
        seconds = max(last.at - first.at, 1e-9)
        return cls(
            seconds=seconds,
            cpu_percent=100.0 * (last.ticks - first.ticks) / CLK_TCK / seconds,
            cpu_percent_ns=100.0 * (last.run_ns - first.run_ns) / 1e9 / seconds,
            wakeups_per_s=(last.switches - first.switches) / seconds,
            pss_mib=last.pss_kib / 1024.0,
            rss_mib=last.rss_kib / 1024.0,
            uss_mib=last.uss_kib / 1024.0,
            anon_mib=last.anon_kib / 1024.0,
            threads=last.threads,
            processes=len(last.pids),
            qt_sharers=last.qt_sharers,
        )
