"""The budgets of issue #8, judged against one run's figures, and the table that shows them."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Anchors measured on this machine in issue #8 (other break apps, idle in the tray).
ANCHORS: list[dict[str, Any]] = [
    {"app": "RSIBreak (C++/KDE)", "start_ms": 144, "cpu": 0.045, "wakeups": 4.1, "pss": 70},
    {"app": "Workrave (C++/GTK)", "start_ms": 177, "cpu": 0.093, "wakeups": 11.2, "pss": 66},
    {"app": "Safe Eyes (Python/GTK)", "start_ms": 590, "cpu": 0.146, "wakeups": 4.5, "pss": 100},
]
PSS_CEILING_MIB = 65.0  # "below every anchor (65 MB here)"
FRAME_MS_60FPS = 1000.0 / 60.0


@dataclass(frozen=True)
class Verdict:
    """One budget line of the table."""

    name: str
    figure: float | None
    unit: str
    limit: float | None
    limit_text: str
    passed: bool | None  # None: not measured
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        """As plain JSON values."""
        return {
            "budget": self.name,
            "figure": self.figure,
            "unit": self.unit,
            "limit": self.limit,
            "limit_text": self.limit_text,
            "passed": self.passed,
            "note": self.note,
        }


def _get(data: dict[str, Any], *path: str) -> float | None:
    node: Any = data
    for key in path:
        if not isinstance(node, dict) or node.get(key) is None:
            return None
        node = node[key]
    return float(node)


def judge(figures: dict[str, Any]) -> list[Verdict]:
    """Every budget of the issue, with DeskStretch's figure and the limit it is held to.

    ``figures`` is the runner's ``summary``: ``apps.<key>.<figure>`` medians,
    ``afterbreak`` medians and ``simulation``.
    """
    apps = figures.get("apps", {})
    out: list[Verdict] = []

    def add(
        name: str,
        figure: float | None,
        unit: str,
        limit: float | None,
        limit_text: str,
        ok: Callable[[float, float], bool],
        note: str = "",
    ) -> None:
        passed = None if figure is None or limit is None else ok(figure, limit)
        out.append(Verdict(name, figure, unit, limit, limit_text, passed, note))

    def lt(a: float, b: float) -> bool:
        return a < b

    def le(a: float, b: float) -> bool:
        return a <= b

    ds = apps.get("deskstretch", {})
    add(
        "idle CPU (% of one core)",
        ds.get("cpu_percent_ns"),
        "%",
        0.01,
        "<= 0.01 %",
        le,
        f"scheduler run time; tick-sampled figure: {_fmt(ds.get('cpu_percent'), '%', 3)}",
    )
    add("wake-ups/s (idle)", ds.get("wakeups_per_s"), "/s", 0.5, "<= 0.5/s", le)
    # Ratios are taken run by run (DeskStretch against the floor measured just before it),
    # then the median: PSS moves with whatever else maps the same libraries at the moment.
    floor_b = _get(apps, "floor-b", "pss_mib")
    pss = ds.get("pss_mib")
    pss_ratio = _run_ratio(apps, "floor-b", ("idle", "pss_mib"))
    add(
        "PSS idle",
        pss,
        "MiB",
        PSS_CEILING_MIB,
        "<= 1.1 x floor-b (same run) and < 65 MiB",
        lambda a, b: a < b and pss_ratio is not None and pss_ratio <= 1.1,
        _pss_note(pss_ratio, floor_b, ds.get("anon_mib"), _get(apps, "floor-b", "anon_mib")),
    )
    startup = figures.get("startup")
    if startup:  # the start-up rounds: many short runs, the ratio taken round by round
        floor_a = _get(startup, "floor-a", "start_to_tray_ms")
        start = _get(startup, "deskstretch", "start_to_tray_ms")
        start_ratio = _round_ratio(startup, "floor-a")
        rounds = len(startup.get("deskstretch", {}).get("samples_ms", []))
        how = f"median of {rounds} per-round ratios"
    else:  # only the idle runs timed the start
        floor_a = _get(apps, "floor-a", "start_to_tray_ms")
        start = ds.get("start_to_tray_ms")
        start_ratio = _run_ratio(apps, "floor-a", ("start_to_tray_ms",))
        how = "median of per-run ratios"
    add(
        "start -> tray icon",
        start,
        "ms",
        None if floor_a is None else 1.3 * floor_a,
        "<= 1.3 x floor-a (same run)",
        lambda _a, _b: start_ratio is not None and start_ratio <= 1.3,
        ""
        if start_ratio is None
        else f"{start_ratio:.2f} x floor-a ({how}; floor-a {_fmt(floor_a, 'ms', 0)})",
    )
    ab = figures.get("afterbreak", {})
    add(
        "PSS growth over open/close cycles",
        ab.get("cycle_pss_growth_mib"),
        "MiB",
        5.0,
        "< 5 MiB in total",
        lt,
        f"{ab.get('cycles', '?')} cycles",
    )
    add(
        "break event -> first painted frame (first break)",
        ab.get("open_cold_ms"),
        "ms",
        150.0,
        "< 150 ms",
        lt,
        f"later breaks: {_fmt(ab.get('open_warm_median_ms'), 'ms', 1)} median",
    )
    for stat in ("median", "p99"):
        ms = ab.get(f"paint_1920x1080_{stat}_ms")
        add(
            f"paint one frame 1920x1080 ({stat})",
            ms,
            "ms",
            0.25 * FRAME_MS_60FPS,
            "< 25 % of 16.7 ms (4.17 ms)",
            lt,
            ""
            if ms is None
            else f"{100 * ms / FRAME_MS_60FPS:.0f} % of a 60 fps frame; "
            f"800x600: {_fmt(ab.get(f'paint_800x600_{stat}_ms'), 'ms', 2)}",
        )
    add(
        "10 s of animation (% of one core)",
        ab.get("animation_cpu_percent"),
        "%",
        25.0,
        "< 25 % of one core",
        lt,
        f"{_fmt(ab.get('animation_fps'), 'fps', 0)}; X server "
        f"{_fmt(ab.get('animation_xserver_cpu_percent'), '%', 1)}",
    )
    sim = figures.get("simulation", {})
    days = sim.get("days")
    full_year = isinstance(days, int) and days >= 365
    add(
        "a simulated year of workdays (CPU)",
        sim.get("cpu_s"),
        "s",
        2.0 if full_year else None,
        "< 2 s",
        lt,
        f"{days if days is not None else '?'} days, {sim.get('breaks', '?')} breaks"
        + ("" if full_year or days is None else " (shorter than a year: not judged)"),
    )
    return out


def _median_ratio(ours: list[Any], floors: list[Any]) -> float | None:
    """Median of DeskStretch's figure / the floor's, pair by pair (a run or a round each)."""
    ratios = [a / b for a, b in zip(ours, floors, strict=False) if a is not None and b]
    return statistics.median(ratios) if ratios else None


def _run_ratio(apps: dict[str, Any], floor_key: str, path: tuple[str, ...]) -> float | None:
    """Median over runs of DeskStretch's figure / the floor's figure in the same run."""

    def figures(key: str) -> list[float | None]:
        return [_get(run, *path) for run in apps.get(key, {}).get("runs", [])]

    return _median_ratio(figures("deskstretch"), figures(floor_key))


def _round_ratio(startup: dict[str, Any], floor_key: str) -> float | None:
    """Median over start-up rounds of DeskStretch's time / the floor's time in that round."""
    return _median_ratio(
        startup.get("deskstretch", {}).get("samples_ms", []),
        startup.get(floor_key, {}).get("samples_ms", []),
    )


def _pss_note(
    ratio: float | None, floor: float | None, anon: float | None, floor_anon: float | None
) -> str:
    parts = []
    if ratio is not None:
        parts.append(
            f"{ratio:.2f} x floor-b (median of per-run ratios; floor-b {_fmt(floor, 'MiB', 1)})"
        )
    if anon is not None and floor_anon:
        parts.append(f"anonymous {anon:.1f} MiB vs floor-b's {floor_anon:.1f}")
    return "; ".join(parts)


def _fmt(value: Any, unit: str, digits: int) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{float(value):.{digits}f} {unit}".strip()


def _digits(unit: str, value: float) -> int:
    if unit == "%":
        return 3 if abs(value) < 1 else 1
    if unit == "ms":
        return 2 if value < 10 else 0
    return 2


def budget_table(verdicts: list[Verdict]) -> str:
    """Markdown table: budget, DeskStretch's figure, the limit, pass/fail, notes."""
    lines = ["| budget | DeskStretch | limit | result | notes |", "|---|---|---|---|---|"]
    for v in verdicts:
        figure = "n/a" if v.figure is None else _fmt(v.figure, v.unit, _digits(v.unit, v.figure))
        result = {True: "PASS", False: "**FAIL**", None: "not measured"}[v.passed]
        lines.append(f"| {v.name} | {figure} | {v.limit_text} | {result} | {v.note} |")
    return "\n".join(lines)


def idle_table(
    apps: dict[str, dict[str, Any]],
    labels: dict[str, str],
    runs: int,
    startup: dict[str, dict[str, Any]] | None = None,
) -> str:
    """Markdown table of the idle figures: our floors and DeskStretch, then the anchors.

    The start-up column comes from the start-up rounds when they ran, else from the
    idle runs.
    """
    lines = [
        "| app | start -> tray icon | idle CPU (% of one core) | wake-ups/s | PSS | anonymous |",
        "|---|---|---|---|---|---|",
    ]
    for key, label in labels.items():
        fig = apps.get(key, {})
        start_ms = (startup or {}).get(key, {}).get("start_to_tray_ms", fig.get("start_to_tray_ms"))
        cpu = fig.get("cpu_percent_ns")
        cpu_text = "n/a" if cpu is None else f"{cpu:.4f} ({_fmt(fig.get('cpu_percent'), '', 3)})"
        lines.append(
            f"| {label} | {_fmt(start_ms, 'ms', 0)} | {cpu_text} | "
            f"{_fmt(fig.get('wakeups_per_s'), '', 2)} | {_fmt(fig.get('pss_mib'), 'MiB', 1)} | "
            f"{_fmt(fig.get('anon_mib'), 'MiB', 1)} |"
        )
    for a in ANCHORS:
        lines.append(
            f"| {a['app']} (issue #8, not re-measured) | {a['start_ms']} ms | {a['cpu']:.3f} | "
            f"{a['wakeups']} | {a['pss']} MB | n/a |"
        )
    lines.append("")
    rounds = len((startup or {}).get("deskstretch", {}).get("samples_ms", []))
    start_text = f"Start -> tray icon: median of {rounds} start-up round(s). " if rounds else ""
    idle_text = (
        f"Idle figures: medians of {runs} run(s). Idle CPU: scheduler run time (schedstat), "
        "with the tick-sampled utime+stime figure in brackets. Anonymous: heap and Python "
        "objects, the part that does not change when other processes map the same libraries "
        "(PSS does)."
        if apps
        else "Idle figures: not measured in this run."
    )
    lines.append(start_text + idle_text)
    return "\n".join(lines)
