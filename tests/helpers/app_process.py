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


# Organisation defaults for every app a test starts (the user's own settings.toml stays the
# test's to write): do-not-disturb does not look at the machine's real cameras, so a developer in
# a video call does not hold the breaks these tests wait for (tests/platform/test_dnd*.py check
# the camera detection with their own fakes).
SITE_SETTINGS = """\
[dnd]
camera = false
"""

# The developer's session, which the app would otherwise probe (Wayland backends, GNOME/KDE).
SESSION_VARIABLES = ("WAYLAND_DISPLAY", "XDG_SESSION_TYPE", "XDG_CURRENT_DESKTOP")


def write_site_settings(env: Mapping[str, str]) -> Path:
    """Write :data:`SITE_SETTINGS` as the organisation file the app started with ``env`` reads.

    ``env`` must carry the test's own XDG_CONFIG_DIRS (tests/conftest.py's isolated_user_dirs).
    """
    dirs = env.get("XDG_CONFIG_DIRS", "")
    assert dirs, "no XDG_CONFIG_DIRS: the app would read the machine's /etc/xdg"
    assert not dirs.startswith("/etc"), f"not the test's XDG_CONFIG_DIRS: {dirs!r}"
    site = Path(dirs.split(os.pathsep)[0]) / "deskstretch" / "settings.toml"
    site.parent.mkdir(parents=True, exist_ok=True)
    site.write_text(SITE_SETTINGS)
    return site


def app_env(desktop_env: Mapping[str, str]) -> dict[str, str]:
    """The test process's environment (its isolated HOME and XDG dirs) plus the desktop's.

    Also writes the organisation settings (:data:`SITE_SETTINGS`) the app will read.
    """
    env = dict(os.environ)
    env.update(desktop_env)
    for name in SESSION_VARIABLES:
        env.pop(name, None)
    # HOME and the XDG dirs come from os.environ: the test's own (tests/conftest.py).
    write_site_settings(env)
    env.pop("QT_QPA_PLATFORM", None)
    env["QT_QPA_PLATFORM"] = "xcb"
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    # No sound server: the developer's own (a call in progress would hold the breaks these
    # tests wait for) is not asked, and pactl does not autospawn one that outlives the test.
    env["PULSE_SERVER"] = "unix:/nonexistent/deskstretch-tests-have-no-sound-server"
    return env


def visible_windows(desktop: Any, name: str) -> list[str]:
    """X window ids of visible windows whose title contains ``name``.

    ``name`` is an extended regular expression, matched ignoring case against the title the
    app set (``WM_NAME``: "Stretch break"), not the one Qt gives the window manager
    (``_NET_WM_NAME``: "Stretch break \u2014 DeskStretch").
    """
    found: str = desktop.xdotool("search", "--onlyvisible", "--name", name)
    return found.split()


#: Settings whose break warning comes about 10 s after the start: the break is one minute
#: in, and the warning 50 s before it.
EARLY_WARNING = """\
schema_version = 1

[breaks]
interval_minutes = 1

[notifications]
lead_seconds = 50
"""
