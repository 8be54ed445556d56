"""Run the real ``deskstretch`` process (and its CLI) inside a test desktop."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tests.helpers.wait import wait_until

CLI = [sys.executable, "-m", "deskstretch"]


class AppProcess:
    """A started ``deskstretch`` with its environment; stops it on ``close``."""

    def __init__(self, env: Mapping[str, str], workdir: Path) -> None:
        self.env = dict(env)
        self.workdir = workdir
        self.stderr_path = workdir / "app-stderr.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, *extra: str) -> AppProcess:
        """Start the app and wait until it answers ``status``."""
        with self.stderr_path.open("ab") as err:
            self.proc = subprocess.Popen(
                [*CLI, "--verbose", *extra], env=self.env, stdout=err, stderr=err, cwd=self.workdir
            )
        self.wait_until_ready()
        return self

    def cli(self, *args: str, timeout: float = 20) -> subprocess.CompletedProcess[str]:
        """Run ``deskstretch ARGS`` as a user would."""
        return subprocess.run(
            [*CLI, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def status(self) -> dict[str, Any]:
        """``status --json``, parsed."""
        proc = self.cli("status", "--json")
        assert proc.returncode == 0, (
            f"status failed ({proc.returncode}): {proc.stderr}\n{self.log()}"
        )
        data: dict[str, Any] = json.loads(proc.stdout)
        return data

    def wait_until_ready(self, timeout: float = 20) -> None:
        """Wait until the instance answers status (bounded)."""

        def answer() -> str | None:
            """None once status answers, else its stderr; fails at once if the app died."""
            if self.proc is not None and self.proc.poll() is not None:
                raise AssertionError(f"app exited early ({self.proc.returncode}):\n{self.log()}")
            proc = self.cli("status", "--json", timeout=10)
            return None if proc.returncode == 0 else proc.stderr

        wait_until(
            answer,
            timeout,
            what="the app to answer status",
            until=lambda stderr: stderr is None,
            interval=0.1,
            details=self.log,
        )

    def wait_exit(self, timeout: float) -> int:
        """Wait for the process to end; return its exit code."""
        assert self.proc is not None
        return self.proc.wait(timeout=timeout)

    def kill9(self) -> None:
        """Crash the app the hard way."""
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=5)

    def log(self) -> str:
        """The app's stderr so far (for failure messages)."""
        try:
            return self.stderr_path.read_text(errors="replace")[-6000:]
        except OSError:
            return ""

    def close(self) -> None:
        """Stop the app if it still runs."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


def app_env(desktop_env: Mapping[str, str]) -> dict[str, str]:
    """The test process's environment (with its isolated XDG dirs) plus the desktop's."""
    env = dict(os.environ)
    env.update(desktop_env)
    env.pop("QT_QPA_PLATFORM", None)
    env["QT_QPA_PLATFORM"] = "xcb"
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    # No sound server: the developer's own (a call in progress would hold the breaks these
    # tests wait for) is not asked, and pactl does not autospawn one that outlives the test.
    env["PULSE_SERVER"] = "unix:/nonexistent/deskstretch-tests-have-no-sound-server"
    return env


def visible_windows(desktop: Any, name: str) -> list[str]:
    """X window ids of visible windows whose title contains ``name``."""
    found: str = desktop.xdotool("search", "--onlyvisible", "--name", name)
    return found.split()
