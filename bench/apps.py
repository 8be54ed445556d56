"""Start a tray app on the bench desktop and measure it: start to tray icon, then idle.

One run = start the app, time until its icon is embedded in the tray host, let it
settle, then read its process tree at the start and the end of a quiet window.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bench.procstat import Rates, Sample
from bench.xtray import TrayWatcher

if TYPE_CHECKING:
    from bench.sni import SniWatcher

REPO = Path(__file__).resolve().parent.parent
VENV_PYTHON = REPO / ".venv" / "bin" / "python"
TRAY_TIMEOUT_S = 30.0
POLL_S = 0.002
#: How often the bench's stand-in user moves the mouse while an app is measured idle.
NUDGE_EVERY_S = 15.0


@dataclass(frozen=True)
class AppSpec:
    """One app to measure."""

    key: str  # "floor-a", "floor-b", "deskstretch"
    label: str
    argv: tuple[str, ...]
    isolated_dirs: bool = False  # its own XDG and temp folders (DeskStretch keeps state)


def python() -> str:
    """The project's venv interpreter (the pinned dependencies), else this one."""
    return str(VENV_PYTHON) if VENV_PYTHON.exists() else sys.executable


def app_specs() -> list[AppSpec]:
    """The two floor apps and DeskStretch, in the order they are measured."""
    py = python()
    return [
        AppSpec(
            "floor-a",
            "bare PySide6 tray (QApplication + QSystemTrayIcon + QMenu)",
            (py, "-m", "bench.floor_tray"),
        ),
        AppSpec(
            "floor-b",
            "bare tray + APScheduler QtScheduler + plyer",
            (py, "-m", "bench.floor_sched"),
        ),
        AppSpec(
            "deskstretch",
            "DeskStretch (python -m deskstretch)",
            (py, "-m", "deskstretch"),
            isolated_dirs=True,
        ),
    ]


@dataclass(frozen=True)
class RunResult:
    """The figures of one run of one app."""

    app: str
    start_to_tray_ms: float | None
    idle: Rates | None
    error: str = ""

    def to_json(self) -> dict[str, object]:
        """As plain JSON values."""
        data: dict[str, object] = {
            "app": self.app,
            "start_to_tray_ms": self.start_to_tray_ms,
            "error": self.error,
        }
        data["idle"] = asdict(self.idle) if self.idle is not None else None
        return data


def _isolated_env(env: dict[str, str], home: Path) -> dict[str, str]:
    """Point every per-user place into ``home`` so the run neither reads nor leaves state."""
    for name, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_CACHE_HOME", ".cache"),
    ):
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[name] = str(home / sub)
    env["XDG_CONFIG_DIRS"] = str(home / "etc-xdg")
    tmp = home / "tmp"
    tmp.mkdir(exist_ok=True)
    env["TMPDIR"] = str(tmp)  # QLocalServer's socket: never meet a real instance
    return env


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            proc.wait(5)


class _Started:
    """An app started on the bench desktop, timed until its icon is embedded in the tray."""

    def __init__(
        self,
        spec: AppSpec,
        display: str,
        panel: int,
        desktop_env: Mapping[str, str],
        log_dir: Path,
        sni_bus: str | None = None,
    ) -> None:
        env = dict(desktop_env)
        env["PYTHONPATH"] = str(REPO)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.home = Path(tempfile.mkdtemp(prefix=f"bench-{spec.key}-"))
        if spec.isolated_dirs:
            env = _isolated_env(env, self.home)
        self.log_path = log_dir / f"{spec.key}.log"
        # Under sway the tray is waybar's StatusNotifierItem host: watch its registrations.
        self.watcher: TrayWatcher | SniWatcher
        if sni_bus:
            from bench.sni import SniWatcher

            self.watcher = SniWatcher(sni_bus)
        else:
            self.watcher = TrayWatcher(display, panel, env)
        before: set[int] | set[str] = self.watcher.icons()
        self.embedded_ms: float | None = None
        self.error = ""
        with self.log_path.open("ab") as log:
            started = time.perf_counter()
            self.proc = subprocess.Popen(
                list(spec.argv),
                env=env,
                cwd=REPO,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
        deadline = started + TRAY_TIMEOUT_S
        while time.perf_counter() < deadline:
            if self.watcher.icons() - before:
                self.embedded_ms = (time.perf_counter() - started) * 1000.0
                return
            if self.proc.poll() is not None:
                break
            time.sleep(POLL_S)
        why = (
            f"exited with {self.proc.returncode}"
            if self.proc.poll() is not None
            else f"no tray icon within {TRAY_TIMEOUT_S:.0f} s"
        )
        self.error = f"{why}; log: {self.log_path}"

    def close(self) -> None:
        _stop(self.proc)
        self.watcher.close()
        # Keep the app's own log (it lives in the throw-away home) beside the bench's logs.
        with self.log_path.open("ab") as out:
            for found in sorted(self.home.rglob("*.log")):
                out.write(f"--- {found.relative_to(self.home)} ---\n".encode())
                out.write(found.read_bytes())
        shutil.rmtree(self.home, ignore_errors=True)


def time_to_tray(
    spec: AppSpec, display: str, panel: int, desktop_env: Mapping[str, str], log_dir: Path
) -> RunResult:
    """Start ``spec``, time its tray icon, stop it: one start-up sample, no idle figures."""
    started = _Started(spec, display, panel, desktop_env, log_dir)
    try:
        return RunResult(spec.key, started.embedded_ms, None, started.error)
    finally:
        started.close()


def _wait(seconds: float, nudge: Callable[[], object] | None) -> None:
    """Sleep ``seconds``, moving the mouse every :data:`NUDGE_EVERY_S` when ``nudge`` is given."""
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        time.sleep(min(left, NUDGE_EVERY_S))
        if nudge is not None and end - time.monotonic() > 0:
            nudge()


def measure(
    spec: AppSpec,
    display: str,
    panel: int,
    desktop_env: Mapping[str, str],
    settle_s: float,
    window_s: float,
    log_dir: Path,
    nudge: Callable[[], object] | None = None,
    sni_bus: str | None = None,
) -> RunResult:
    """Start ``spec`` on the desktop, time its tray icon, then measure it idle.

    ``nudge`` moves the mouse (away from the tray): called before the start and every
    :data:`NUDGE_EVERY_S` after it, it keeps the session's idle time low, so DeskStretch is
    measured in its everyday state (a user at the desk, the next break scheduled) and not
    as after a long absence, when it has no break to schedule and has not even loaded
    APScheduler: 5 MiB less, and not what users run.

    With ``sni_bus`` (a session bus address) the tray is a StatusNotifierItem host on that
    bus (waybar under sway) instead of the XEmbed panel ``panel`` on ``display``.
    """
    if nudge is not None:
        nudge()
    started = _Started(spec, display, panel, desktop_env, log_dir, sni_bus)
    try:
        if started.embedded_ms is None:
            return RunResult(spec.key, None, None, started.error)
        proc = started.proc
        _wait(settle_s, nudge)
        first = Sample.of_tree(proc.pid)
        _wait(window_s, nudge)
        last = Sample.of_tree(proc.pid)
        if proc.poll() is not None:
            return RunResult(
                spec.key,
                started.embedded_ms,
                None,
                f"exited with {proc.returncode} while idle; log: {started.log_path}",
            )
        return RunResult(spec.key, started.embedded_ms, Rates.between(first, last))
    finally:
        started.close()


def stack_versions() -> dict[str, str]:
    """Versions of the pinned stack in the venv the apps run with."""
    code = (
        "import json, importlib.metadata as m\n"
        "names = ['PySide6-Essentials', 'APScheduler', 'plyer', 'platformdirs', 'jeepney']\n"
        "out = {}\n"
        "for n in names:\n"
        "    try: out[n] = m.version(n)\n"
        "    except m.PackageNotFoundError: out[n] = 'missing'\n"
        "import platform; out['python'] = platform.python_version()\n"
        "print(json.dumps(out))\n"
    )
    import json

    done = subprocess.run(
        [python(), "-c", code], capture_output=True, text=True, check=False, env=dict(os.environ)
    )
    try:
        return dict(json.loads(done.stdout))
    except ValueError:
        return {}


def argv_text(argv: Sequence[str]) -> str:
    """A command line for the report, with the interpreter shown relative to the repo."""
    parts = [str(Path(a).relative_to(REPO)) if a.startswith(str(REPO)) else a for a in argv]
    return " ".join(parts)
