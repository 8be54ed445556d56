"""Start at login: the platform's per-user autostart entry.

Linux and other XDG desktops get
``$XDG_CONFIG_HOME/autostart/io.github.deskstretch.DeskStretch.desktop``,
Windows a value under ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``,
macOS a LaunchAgent plist in ``~/Library/LaunchAgents``. Entries are only created
or removed when the controller asks (the user turned the setting on or off),
never as a side effect of loading settings.

``enable()`` and ``disable()`` raise :class:`AutostartError` (an ``OSError``) with
a sentence for the user when the entry cannot be written or removed.
"""

from __future__ import annotations

import importlib
import logging
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from deskstretch import DESKTOP_ID
from deskstretch.i18n import _

log = logging.getLogger(__name__)

# The reverse-DNS id shared with the packaged .desktop entry and the hicolor icon.
APP_ID = DESKTOP_ID
RUN_VALUE = "DeskStretch"
LAUNCH_AGENT_LABEL = "org.deskstretch.DeskStretch"


class AutostartError(OSError):
    """The autostart entry could not be changed; ``str()`` is a sentence for the user."""


class Autostart(Protocol):
    """One platform's way of starting DeskStretch at login."""

    name: str

    def is_enabled(self) -> bool:
        """Whether DeskStretch will start at the next login."""
        ...

    def enable(self) -> None:
        """Create the entry (idempotent)."""
        ...

    def disable(self) -> None:
        """Remove the entry (idempotent)."""
        ...


def launch_command(*, absolute: bool = False) -> list[str]:
    """The command that starts the tray app.

    ``deskstretch`` when the script is installed on PATH (its full path with
    ``absolute``, for launchers that do not search PATH), else this interpreter
    running the package (a venv or a source checkout).
    """
    if getattr(sys, "frozen", False):  # a PyInstaller bundle: the executable is the app
        return [sys.executable]
    script = shutil.which("deskstretch")
    if script:
        return [script] if absolute else ["deskstretch"]
    return [sys.executable, "-m", "deskstretch"]


def _desktop_exec(argv: Sequence[str]) -> str:
    """Quote an argv for a .desktop ``Exec`` line (the spec's double-quote rules)."""

    def quote(arg: str) -> str:
        if arg and not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`%"):
            return arg
        escaped = (
            arg.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$")
        )
        return f'"{escaped.replace("%", "%%")}"'

    return " ".join(quote(a) for a in argv)


class XdgAutostart:
    """An XDG autostart ``.desktop`` file (Linux and the BSDs)."""

    name = "xdg-autostart"

    def __init__(
        self, config_home: Path | None = None, command: Sequence[str] | None = None
    ) -> None:
        """Create the adapter.

        Args:
            config_home: ``$XDG_CONFIG_HOME``; read from the environment when None.
            command: The argv to start; :func:`launch_command` when None.
        """
        self._config_home = config_home
        self._command = list(command) if command is not None else None

    @property
    def path(self) -> Path:
        """The ``.desktop`` file this adapter manages."""
        home = self._config_home
        if home is None:
            env = os.environ.get("XDG_CONFIG_HOME", "")
            home = Path(env) if os.path.isabs(env) else Path.home() / ".config"
        return home / "autostart" / f"{APP_ID}.desktop"

    def is_enabled(self) -> bool:
        """True when the file exists and is not switched off inside."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return False
        entries = dict(
            line.split("=", 1)
            for line in text.splitlines()
            if "=" in line and not line.startswith("#")
        )
        if entries.get("Hidden", "").strip().lower() == "true":
            return False
        return entries.get("X-GNOME-Autostart-enabled", "true").strip().lower() != "false"

    def enable(self) -> None:
        """Write the ``.desktop`` file."""
        command = self._command if self._command is not None else launch_command()
        text = "\n".join(
            [
                "[Desktop Entry]",
                "Type=Application",
                "Name=DeskStretch",
                "Comment=Reminds you to take stretch breaks",
                f"Exec={_desktop_exec(command)}",
                f"Icon={APP_ID}",
                "Terminal=false",
                "X-GNOME-Autostart-enabled=true",
                "",
            ]
        )
        path = self.path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, path)
        except OSError as exc:
            raise AutostartError(
                _("Could not create {path}: {error}.").format(path=path, error=exc.strerror or exc)
            ) from exc
        log.info("autostart: wrote %s", path)

    def disable(self) -> None:
        """Remove the ``.desktop`` file."""
        path = self.path
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise AutostartError(
                _("Could not remove {path}: {error}.").format(path=path, error=exc.strerror or exc)
            ) from exc
        log.info("autostart: removed %s", path)


class RunKey(Protocol):
    """The per-user ``Run`` registry key, reduced to what autostart needs."""

    def get(self, name: str) -> str | None:
        """The value's command, or None if there is none."""
        ...

    def set(self, name: str, command: str) -> None:
        """Create or replace the value."""
        ...

    def delete(self, name: str) -> None:
        """Remove the value if present."""
        ...


def _winreg() -> Any:
    """:mod:`winreg`, typed loosely so the module type-checks on every platform."""
    return importlib.import_module("winreg")


class WinregRunKey:
    """``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run`` through :mod:`winreg`."""

    KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"

    def get(self, name: str) -> str | None:  # pragma: no cover - Windows only
        """Read the value."""
        winreg = _winreg()
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, self.KEY) as key:
                value, _kind = winreg.QueryValueEx(key, name)
        except FileNotFoundError:
            return None
        return str(value)

    def set(self, name: str, command: str) -> None:  # pragma: no cover - Windows only
        """Write the value."""
        winreg = _winreg()
        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, self.KEY) as key:
            winreg.SetValueEx(key, name, 0, winreg.REG_SZ, command)

    def delete(self, name: str) -> None:  # pragma: no cover - Windows only
        """Delete the value."""
        winreg = _winreg()
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, self.KEY, 0, winreg.KEY_SET_VALUE) as key:
                winreg.DeleteValue(key, name)
        except FileNotFoundError:
            pass


class WindowsRunKeyAutostart:
    """A value in the per-user ``Run`` key (Windows)."""

    name = "windows-run-key"

    def __init__(self, run_key: RunKey | None = None, command: Sequence[str] | None = None) -> None:
        """Create the adapter; ``run_key`` replaces the registry in tests."""
        self._key: RunKey = run_key if run_key is not None else WinregRunKey()
        self._command = list(command) if command is not None else None

    def command_line(self) -> str:
        """The command line stored in the registry."""
        argv = self._command if self._command is not None else launch_command(absolute=True)
        # pythonw avoids a console window flashing up at every login.
        if argv and argv[0].lower().endswith("python.exe"):
            argv = [argv[0][: -len("python.exe")] + "pythonw.exe", *argv[1:]]
        return " ".join(f'"{a}"' if " " in a else a for a in argv)

    def is_enabled(self) -> bool:
        """True when the value exists."""
        try:
            return bool(self._key.get(RUN_VALUE))
        except OSError:
            return False

    def enable(self) -> None:
        """Write the value."""
        try:
            self._key.set(RUN_VALUE, self.command_line())
        except OSError as exc:
            raise AutostartError(
                _("Could not add DeskStretch to the startup apps: {error}.").format(error=exc)
            ) from exc

    def disable(self) -> None:
        """Delete the value."""
        try:
            self._key.delete(RUN_VALUE)
        except OSError as exc:
            raise AutostartError(
                _("Could not remove DeskStretch from the startup apps: {error}.").format(error=exc)
            ) from exc


class LaunchAgentAutostart:
    """A per-user LaunchAgent plist (macOS); launchd reads it at the next login."""

    name = "launch-agent"

    def __init__(
        self, agents_dir: Path | None = None, command: Sequence[str] | None = None
    ) -> None:
        """Create the adapter; ``agents_dir`` replaces ``~/Library/LaunchAgents`` in tests."""
        self._dir = agents_dir
        self._command = list(command) if command is not None else None

    @property
    def path(self) -> Path:
        """The plist this adapter manages."""
        folder = self._dir if self._dir is not None else Path.home() / "Library" / "LaunchAgents"
        return folder / f"{LAUNCH_AGENT_LABEL}.plist"

    def is_enabled(self) -> bool:
        """True when the plist exists and says RunAtLoad."""
        import plistlib  # macOS only: not loaded into the idle app elsewhere

        try:
            with self.path.open("rb") as fh:
                data = plistlib.load(fh)
        except (OSError, plistlib.InvalidFileException, ValueError):
            return False
        return isinstance(data, dict) and bool(data.get("RunAtLoad"))

    def enable(self) -> None:
        """Write the plist."""
        import plistlib

        argv = self._command if self._command is not None else launch_command(absolute=True)
        payload = {
            "Label": LAUNCH_AGENT_LABEL,
            "ProgramArguments": list(argv),
            "RunAtLoad": True,
            "ProcessType": "Interactive",
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("wb") as fh:
                plistlib.dump(payload, fh)
        except OSError as exc:
            raise AutostartError(
                _("Could not create {path}: {error}.").format(
                    path=self.path, error=exc.strerror or exc
                )
            ) from exc

    def disable(self) -> None:
        """Remove the plist."""
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            raise AutostartError(
                _("Could not remove {path}: {error}.").format(
                    path=self.path, error=exc.strerror or exc
                )
            ) from exc


class NullAutostart:
    """For platforms without a known autostart mechanism: always off, and says so."""

    name = "none"

    def is_enabled(self) -> bool:
        """Never enabled."""
        return False

    def enable(self) -> None:
        """Cannot be done here."""
        raise AutostartError(_("Starting at login is not supported on this system."))

    def disable(self) -> None:
        """Nothing to remove."""


def pick_autostart(platform: str | None = None) -> Autostart:
    """The adapter for this platform (``sys.platform`` unless given), logged."""
    plat = platform or sys.platform
    chosen: Autostart
    if plat.startswith("win"):
        chosen = WindowsRunKeyAutostart()
    elif plat == "darwin":
        chosen = LaunchAgentAutostart()
    elif plat.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        chosen = XdgAutostart()
    else:
        chosen = NullAutostart()
    log.info("autostart: using %s on %s", chosen.name, plat)
    return chosen


__all__ = [
    "Autostart",
    "AutostartError",
    "LaunchAgentAutostart",
    "NullAutostart",
    "WindowsRunKeyAutostart",
    "XdgAutostart",
    "launch_command",
    "pick_autostart",
]
