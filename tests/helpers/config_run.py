"""Runs `deskstretch config` in-process against a store in the test's folder (app tests only:
it needs the platform layer, which the pure no-Qt run does not install)."""

from __future__ import annotations

import io

from deskstretch.app.config_cli import run_config
from deskstretch.settings.store import SettingsStore
from tests.helpers.settings_doubles import RecordingAutostart


class Run:
    """One CLI invocation's outcome."""

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


class Cli:
    """Runs `config` against a store in the test's folder, with a fake running app."""

    def __init__(self, store: SettingsStore, running: bool = True) -> None:
        self.store = store
        self.running = running
        self.notified = 0
        self.autostart = RecordingAutostart()

    def __call__(self, *words: str) -> Run:
        out, err = io.StringIO(), io.StringIO()

        def notify() -> bool:
            self.notified += 1
            return self.running

        code = run_config(
            list(words),
            out=out,
            err=err,
            notify_running=notify,
            store=self.store,
            autostart=self.autostart,
        )
        return Run(code, out.getvalue(), err.getvalue())
