"""``python -m bench`` (``make bench``): measure DeskStretch against the floor of its stack.

Starts a headless desktop (Xvfb, a private session bus, dunst, trayer: the test
suite's ``tests/helpers/desktop.py``), then, interleaved run by run: the bare tray
floor app, the tray + APScheduler + plyer floor app and DeskStretch, each timed from
start to its icon embedded in trayer and measured idle. Then, in their own processes,
what happens after a break (window open time, open/close cycles, frame cost,
animation CPU), the scheduler simulation and the break history's costs
(``bench/history.py``). Prints the tables and writes JSON.
See docs/performance.md.

Start-up is timed apart from the idle runs as well: ``--startup-runs`` rounds (15) in
which each app is started, timed to its icon and stopped at once, the order rotating
from round to round. Start-up times of ~200 ms move by tens of milliseconds with
whatever else the machine does, so the figure is the median of many short rounds, and
the ratio to the floor is taken round by round.

Options: ``--runs N`` (default 3), ``--settle S`` (10), ``--window S`` (60),
``--startup-runs N`` (15), ``--cycles N`` (100), ``--quick`` (1 run, 2 start-up rounds,
2 s settle, 5 s window, 10 cycles, short animation and simulation; a smoke run, not
figures to quote), ``--out PATH``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench import apps as appbench
from bench.budgets import budget_table, idle_table, judge

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "bench" / "results" / "latest.json"


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=None, help="runs per app (median), 3")
    parser.add_argument("--settle", type=float, default=None, help="seconds before measuring, 10")
    parser.add_argument("--window", type=float, default=None, help="idle window in seconds, 60")
    parser.add_argument(
        "--startup-runs", type=int, default=None, help="start-up rounds per app (median), 15"
    )
    parser.add_argument("--cycles", type=int, default=None, help="window open/close cycles, 100")
    parser.add_argument("--animation", type=float, default=None, help="animation seconds, 10")
    parser.add_argument("--days", type=int, default=None, help="simulated days, 365")
    parser.add_argument("--quick", action="store_true", help="a fast smoke run (1 run, short)")
    parser.add_argument(
        "--only",
        choices=["startup", "idle", "afterbreak", "simulation", "history"],
        action="append",
        help="measure only these parts (repeatable)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON output file")
    parser.add_argument(
        "--render",
        type=Path,
        metavar="JSON",
        help="print the tables of an earlier run's JSON (judged again) and exit",
    )
    args = parser.parse_args(argv)
    quick = args.quick
    defaults = {
        "runs": 1 if quick else 3,
        "startup_runs": 2 if quick else 15,
        "settle": 2.0 if quick else 10.0,
        "window": 5.0 if quick else 60.0,
        "cycles": 10 if quick else 100,
        "animation": 2.0 if quick else 10.0,
        "days": 30 if quick else 365,
    }
    for key, value in defaults.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    args.frames = 60 if quick else 600
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.startup_runs < 1:
        parser.error("--startup-runs must be at least 1")
    return args


def _median(values: list[float | None]) -> float | None:
    got = [v for v in values if v is not None]
    return statistics.median(got) if got else None


def _say(text: str) -> None:
    print(text, flush=True)


def _mouse_mover(desk: Any) -> Any:
    """A stand-in user: each call moves the pointer by one pixel, far from the tray."""
    step = [0]

    def nudge() -> None:
        step[0] ^= 1
        desk.xdotool("mousemove", str(900 + step[0]), "500")

    return nudge


def _key_presser(sway: Any, seconds: float) -> Any:
    """A stand-in user under sway for ``seconds``: ONE wtype process pressing Shift every
    :data:`bench.apps.NUDGE_EVERY_S` (no window has the focus, so the keys reach nobody).

    One process, not one per press: each wtype makes a virtual keyboard, and the seat gaining
    and losing its only keyboard sends every Wayland client (the measured app too) a burst of
    seat events; pressed every 15 s that showed as about 1 wake-up/s even in the floor apps.
    """
    gap_ms = str(round(appbench.NUDGE_EVERY_S * 1000))
    presses = int(seconds // appbench.NUDGE_EVERY_S) + 2
    keys: list[str] = []
    for _ in range(presses):
        keys += ["-k", "Shift_L", "-s", gap_ms]
    return sway.type_keys_async(*keys)


def _idle_part(args: argparse.Namespace, desk: Any, log_dir: Path) -> dict[str, Any]:
    panel = desk.tray_window_id()

    def one(spec: appbench.AppSpec) -> appbench.RunResult:
        return appbench.measure(
            spec,
            desk.display,
            panel,
            desk.env(),
            args.settle,
            args.window,
            log_dir,
            nudge=_mouse_mover(desk),
        )

    return _idle_runs(args, one)


def _sway_idle_part(args: argparse.Namespace, log_dir: Path) -> dict[str, Any]:
    """The idle runs again under headless sway (Wayland, waybar's SNI tray, mako):
    tests/helpers/sway.py's desktop. An error dict when sway cannot run here."""
    from tests.helpers.sway import SwayError, missing_sway_tools, start_sway

    missing = missing_sway_tools()
    if missing:
        return {"errors": ["no sway desktop, missing: " + ", ".join(missing)]}
    try:
        with start_sway(log_dir / "sway") as sway:

            def one(spec: appbench.AppSpec) -> appbench.RunResult:
                presser = _key_presser(sway, args.settle + args.window + 60)
                try:
                    return appbench.measure(
                        spec,
                        "",
                        0,
                        sway.env(),
                        args.settle,
                        args.window,
                        log_dir / "sway",
                        sni_bus=sway.bus_address,
                    )
                finally:
                    presser.terminate()
                    presser.wait(10)

            return _idle_runs(args, one)
    except SwayError as exc:
        return {"errors": [f"the sway desktop failed: {exc}"]}


def _idle_runs(args: argparse.Namespace, measure: Any) -> dict[str, Any]:
    """``args.runs`` interleaved idle runs of every app, each measured by ``measure(spec)``."""
    specs = appbench.app_specs()
    runs: dict[str, list[appbench.RunResult]] = {s.key: [] for s in specs}
    for run in range(args.runs):
        for spec in specs:
            _say(
                f"  run {run + 1}/{args.runs}: {spec.key} "
                f"(settle {args.settle:g} s, window {args.window:g} s)"
            )
            result = measure(spec)
            if result.error:
                _say(f"    error: {result.error}")
            else:
                idle = result.idle
                assert idle is not None
                _say(
                    f"    tray {result.start_to_tray_ms:.0f} ms, CPU {idle.cpu_percent_ns:.4f} %,"
                    f" {idle.wakeups_per_s:.2f} wake-ups/s, PSS {idle.pss_mib:.1f} MiB"
                    f" (anon {idle.anon_mib:.1f}, RSS {idle.rss_mib:.1f}; {idle.qt_sharers}"
                    f" Qt processes), {idle.threads} threads"
                )
            runs[spec.key].append(result)
    summary: dict[str, Any] = {}
    for spec in specs:
        got = runs[spec.key]
        idles = [r.idle for r in got]
        summary[spec.key] = {
            "label": spec.label,
            "command": appbench.argv_text(spec.argv),
            "start_to_tray_ms": _median([r.start_to_tray_ms for r in got]),
            "cpu_percent": _median([i.cpu_percent if i else None for i in idles]),
            "cpu_percent_ns": _median([i.cpu_percent_ns if i else None for i in idles]),
            "wakeups_per_s": _median([i.wakeups_per_s if i else None for i in idles]),
            "pss_mib": _median([i.pss_mib if i else None for i in idles]),
            "uss_mib": _median([i.uss_mib if i else None for i in idles]),
            "anon_mib": _median([i.anon_mib if i else None for i in idles]),
            "qt_sharers": [i.qt_sharers if i else None for i in idles],
            "rss_mib": _median([i.rss_mib if i else None for i in idles]),
            "threads": _median([float(i.threads) if i else None for i in idles]),
            "runs": [r.to_json() for r in got],
            "errors": [r.error for r in got if r.error],
        }
    return summary


STARTUP_PAUSE_S = 0.5  # between two starts: let the stopped app's exit settle


def _startup_part(args: argparse.Namespace, desk: Any, log_dir: Path) -> dict[str, Any]:
    """Rounds of start -> icon -> stop for every app; the order rotates every round."""
    panel = desk.tray_window_id()
    specs = appbench.app_specs()
    samples: dict[str, list[float | None]] = {s.key: [] for s in specs}
    errors: dict[str, list[str]] = {s.key: [] for s in specs}
    _say(f"  {args.startup_runs} round(s), each app started and stopped once per round")
    for run in range(args.startup_runs):
        shift = run % len(specs)
        order = specs[shift:] + specs[:shift]
        figures = []
        for spec in order:
            result = appbench.time_to_tray(spec, desk.display, panel, desk.env(), log_dir)
            samples[spec.key].append(result.start_to_tray_ms)
            if result.error:
                errors[spec.key].append(result.error)
                figures.append(f"{spec.key} error")
            else:
                figures.append(f"{spec.key} {result.start_to_tray_ms:.0f} ms")
            time.sleep(STARTUP_PAUSE_S)
        _say(f"  round {run + 1}/{args.startup_runs}: " + ", ".join(figures))
    return {
        spec.key: {
            "start_to_tray_ms": _median(samples[spec.key]),
            "samples_ms": samples[spec.key],
            "errors": errors[spec.key],
        }
        for spec in specs
    }


def _xvfb_pid(desk: Any) -> int:
    for proc in getattr(desk, "_procs", []):
        if proc.name == "xvfb":
            return int(proc.popen.pid)
    return 0


def _afterbreak_part(args: argparse.Namespace, desk: Any, log_dir: Path) -> dict[str, Any]:
    raw: list[dict[str, Any]] = []
    errors: list[str] = []
    for run in range(args.runs):
        _say(
            f"  run {run + 1}/{args.runs}: stretch window ({args.cycles} cycles, "
            f"{args.animation:g} s animation, frame cost)"
        )
        out = log_dir / f"afterbreak-{run}.json"
        env = desk.env()
        env["PYTHONPATH"] = str(REPO)
        cmd = [
            appbench.python(),
            "-m",
            "bench.afterbreak",
            "--cycles",
            str(args.cycles),
            "--animation",
            str(args.animation),
            "--frames",
            str(args.frames),
            "--xserver-pid",
            str(_xvfb_pid(desk)),
            "--json",
            str(out),
        ]
        with (log_dir / "afterbreak.log").open("ab") as log:
            done = subprocess.run(
                cmd, env=env, cwd=REPO, stdout=log, stderr=log, check=False, timeout=600
            )
        if done.returncode != 0 or not out.exists():
            errors.append(f"afterbreak exited {done.returncode}; see {log_dir / 'afterbreak.log'}")
            _say(f"    error: {errors[-1]}")
            continue
        data = json.loads(out.read_text())
        raw.append(data)
        w, f = data["windows"], data["frame_cost"]
        _say(
            f"    first open {w['open_cold_ms']:.0f} ms, "
            f"cycles {w['cycles']['pss_growth_mib']:+.2f} MiB, "
            f"animation {w['animation']['cpu_percent']:.1f} %, "
            f"paint 1920x1080 median {f['1920x1080']['median_ms']:.2f} ms"
        )

    def med(*path: str) -> float | None:
        values: list[float | None] = []
        for data in raw:
            node: Any = data
            for key in path:
                node = node.get(key) if isinstance(node, dict) else None
            values.append(None if node is None else float(node))
        return _median(values)

    return {
        "platform": raw[0]["platform"] if raw else None,
        "cycles": args.cycles,
        "open_cold_ms": med("windows", "open_cold_ms"),
        "open_warm_median_ms": med("windows", "cycles", "open_median_ms"),
        "open_warm_p99_ms": med("windows", "cycles", "open_p99_ms"),
        "first_break_pss_cost_mib": med("windows", "pss_first_break_cost_mib"),
        "cycle_pss_growth_mib": med("windows", "cycles", "pss_growth_mib"),
        "animation_cpu_percent": med("windows", "animation", "cpu_percent"),
        "animation_fps": med("windows", "animation", "fps"),
        "animation_xserver_cpu_percent": med("windows", "animation", "xserver_cpu_percent"),
        "paint_800x600_median_ms": med("frame_cost", "800x600", "median_ms"),
        "paint_800x600_p99_ms": med("frame_cost", "800x600", "p99_ms"),
        "paint_1920x1080_median_ms": med("frame_cost", "1920x1080", "median_ms"),
        "paint_1920x1080_p99_ms": med("frame_cost", "1920x1080", "p99_ms"),
        "frame_for_median_ms": med("frame_cost", "frame_for_median_ms"),
        "runs": raw,
        "errors": errors,
    }


def _run_json(module: str, *args: str) -> dict[str, Any] | None:
    """Run ``python -m MODULE ARGS`` in a fresh process; its JSON answer, or None (said why)."""
    done = subprocess.run(
        [appbench.python(), "-m", module, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
    )
    if done.returncode != 0:
        _say(f"    error: {done.stderr.strip()[-500:]}")
        return None
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _simulation_part(args: argparse.Namespace) -> dict[str, Any]:
    results: list[dict[str, Any]] = []
    for run in range(args.runs):
        _say(f"  run {run + 1}/{args.runs}: {args.days} simulated days")
        result = _run_json("bench.simulate", "--days", str(args.days))
        if result is None:
            continue
        results.append(result)
        _say(f"    {results[-1]['cpu_s']:.2f} s CPU, {results[-1]['breaks']} breaks")
    if not results:
        return {"errors": ["the simulation failed"]}
    summary = dict(results[0])
    summary["cpu_s"] = _median([r["cpu_s"] for r in results])
    summary["wall_s"] = _median([r["wall_s"] for r in results])
    summary["runs"] = results
    return summary


def _history_part(args: argparse.Namespace) -> dict[str, Any]:
    """``python -m bench.history`` in its own process (its PSS figure needs a fresh one)."""
    from bench import history

    command = ["bench.history", "--json"]
    if args.quick:
        command += ["--adds", "20", "--days", "30"]
    result = _run_json(*command)
    if result is None:
        return {"errors": ["the history bench failed"]}
    _say(history.table(result))
    result["errors"] = []
    return result


def _tables(summary: dict[str, Any], runs: int) -> str:
    verdicts = judge(summary)
    summary["budgets"] = [v.to_json() for v in verdicts]
    labels = {s.key: s.label for s in appbench.app_specs()}
    tables = ""
    if "apps" in summary or "startup" in summary:
        tables += "Idle in the tray (floors measured in the same run):\n\n"
        tables += idle_table(summary.get("apps", {}), labels, runs, summary.get("startup")) + "\n\n"
    if summary.get("apps_sway", {}).get("deskstretch"):
        tables += "Idle in the tray under sway (Wayland; floors measured in the same run):\n\n"
        tables += idle_table(summary["apps_sway"], labels, runs) + "\n\n"
    tables += "Budgets (issue #8):\n\n" + budget_table(verdicts) + "\n"
    summary["tables_markdown"] = tables
    return tables


def main(argv: list[str] | None = None) -> int:
    """Run the bench; 0 when every part was measured (budgets may still fail), 2 if not."""
    args = _parse(argv)
    if args.render is not None:
        old = json.loads(args.render.read_text())
        _say(_tables(old, int(old.get("settings", {}).get("runs", 0))))
        return 0
    parts = set(args.only or ["startup", "idle", "afterbreak", "simulation", "history"])
    sys.path.insert(0, str(REPO))
    from tests.helpers.desktop import DesktopError, missing_tools, start_desktop

    started = time.monotonic()
    log_dir = Path(tempfile.mkdtemp(prefix="deskstretch-bench-"))
    summary: dict[str, Any] = {
        "settings": {
            k: getattr(args, k)
            for k in (
                "runs",
                "startup_runs",
                "settle",
                "window",
                "cycles",
                "animation",
                "days",
                "quick",
            )
        },
        "machine": {
            "cpus": os.cpu_count(),
            "kernel": platform.release(),
            "load_at_start": list(os.getloadavg()),
        },
        "stack": appbench.stack_versions(),
        "git": _git_state(),
        "logs": str(log_dir),
    }
    _say(f"DeskStretch bench: {summary['settings']} logs in {log_dir}")
    _compile_bytecode()
    if parts & {"startup", "idle", "afterbreak"}:
        missing = missing_tools(tray=True, notify=True)
        if missing:
            _say("cannot start the bench desktop, missing: " + ", ".join(missing))
            return 2
        try:
            with start_desktop(log_dir / "desktop", screen="1920x1080x24") as desk:
                if "startup" in parts:
                    _say("start -> tray icon:")
                    summary["startup"] = _startup_part(args, desk, log_dir)
                if "idle" in parts:
                    _say("idle in the tray:")
                    summary["apps"] = _idle_part(args, desk, log_dir)
                if "afterbreak" in parts:
                    _say("after a break:")
                    summary["afterbreak"] = _afterbreak_part(args, desk, log_dir)
        except DesktopError as exc:
            _say(f"the bench desktop failed: {exc}")
            return 2
    if "idle" in parts:
        _say("idle in the tray under sway (Wayland, waybar's StatusNotifierItem tray):")
        summary["apps_sway"] = _sway_idle_part(args, log_dir)
    if "simulation" in parts:
        _say("scheduler simulation:")
        summary["simulation"] = _simulation_part(args)
    if "history" in parts:
        _say("break history (issue 15):")
        summary["history"] = _history_part(args)
    summary["machine"]["load_at_end"] = list(os.getloadavg())
    summary["seconds"] = time.monotonic() - started

    tables = _tables(summary, args.runs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2, default=asdict))
    _say("")
    _say(tables)
    _say(
        f"JSON: {args.out}  ({summary['seconds']:.0f} s, load {summary['machine']['load_at_end']})"
    )
    parts_measured = ("startup", "apps", "apps_sway", "afterbreak")
    errors = [e for part in parts_measured for e in _errors(summary.get(part))]
    errors += summary.get("simulation", {}).get("errors", [])
    errors += summary.get("history", {}).get("errors", [])
    if errors:
        _say("not everything was measured:\n  " + "\n  ".join(errors))
        return 2
    return 0


def _compile_bytecode() -> None:
    """Bring the ``.pyc`` files of the measured code up to date before anything is timed.

    An installed app has them (pip compiles at install time, the bundle ships them); a
    checkout right after an edit does not, and the first start would compile the changed
    modules: tens of milliseconds more and several MiB of heap left fragmented by the
    compiler, which once made one run of three look 5 MiB heavier than the others.
    """
    subprocess.run(
        [appbench.python(), "-m", "compileall", "-q", "deskstretch", "bench"],
        cwd=REPO,
        check=False,
        stdout=subprocess.DEVNULL,
    )


def _git_state() -> dict[str, str]:
    """The commit measured and which app files differ from it (the app is measured live).

    "unknown" for both where that cannot be told: git not installed, or not a git checkout
    (an unpacked sdist).
    """

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", *args], cwd=REPO, capture_output=True, text=True, check=False
            )
        except OSError:  # FileNotFoundError: no git on this machine
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    head = git("rev-parse", "--short", "HEAD")
    dirty = git("status", "--short", "--", "deskstretch") if head is not None else None
    if head is None or dirty is None:
        return {"head": "unknown", "dirty": "unknown"}
    return {"head": head, "dirty": dirty}


def _errors(part: Any) -> list[str]:
    if not isinstance(part, dict):
        return []
    found = list(part.get("errors", []))
    for value in part.values():
        if isinstance(value, dict):
            found.extend(value.get("errors", []))
    return found


if __name__ == "__main__":
    sys.exit(main())
