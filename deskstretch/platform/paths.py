"""Per-user directories (platformdirs), read at call time so tests can redirect them."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "deskstretch"


def config_dir() -> Path:
    """Where ``settings.toml`` lives (``~/.config/deskstretch`` on Linux)."""
    import platformdirs  # imported on use: not needed before the tray icon is up

    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def site_config_dirs() -> list[Path]:
    """System-wide config directories, most important first (``/etc/xdg/deskstretch``)."""
    import platformdirs

    raw = platformdirs.site_config_dir(APP, appauthor=False, multipath=True)
    return [Path(p) for p in raw.split(os.pathsep) if p]


def data_dir() -> Path:
    """Where the user's own data lives (``~/.local/share/deskstretch`` on Linux, honouring
    ``$XDG_DATA_HOME``)."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def history_path() -> Path:
    """The break history database (issue 15); the file need not exist yet."""
    return data_dir() / "history.sqlite3"


def routines_dir() -> Path:
    """Where the user's own routines (``ID.toml``) are installed: ``routines`` in
    :func:`data_dir`; the folder need not exist yet."""
    return data_dir() / "routines"


def log_dir() -> Path:
    """Where the rotating log file lives."""
    import platformdirs

    return Path(platformdirs.user_log_dir(APP, appauthor=False))


def state_dir() -> Path:
    """Where small state (today's counters) lives."""
    import platformdirs

    return Path(platformdirs.user_state_dir(APP, appauthor=False))


def runtime_dir() -> Path:
    """A private per-user directory for the IPC socket.

    On Linux this is ``$XDG_RUNTIME_DIR`` (mode 0700, cleaned at logout); elsewhere a
    per-user temporary folder.
    """
    if sys.platform.startswith("linux"):
        xdg = os.environ.get("XDG_RUNTIME_DIR")
        if xdg and Path(xdg).is_dir():
            flatpak = os.environ.get("FLATPAK_ID")
            if flatpak:  # the part of the runtime dir a Flatpak app shares with its own instances
                path = Path(xdg) / "app" / flatpak
                path.mkdir(mode=0o700, parents=True, exist_ok=True)
                return path
            return Path(xdg)
    import tempfile  # rarely needed (no XDG_RUNTIME_DIR): not at start-up

    path = Path(tempfile.gettempdir()) / f"{APP}-{user_id()}"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def user_id() -> str:
    """A stable id of the current user for socket names."""
    getuid = getattr(os, "getuid", None)
    if getuid is not None:
        return str(getuid())
    return os.environ.get("USERNAME", "user").lower()
