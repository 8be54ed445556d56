"""The single-instance lock.

Kept apart from :mod:`deskstretch.app.ipc` (sockets, the protocol) because it is taken
before the tray icon is shown, where every import delays the icon.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile

from deskstretch.platform import paths


def lock_path() -> Path:
    """The lock file that makes one instance the one."""
    return paths.runtime_dir() / f"deskstretch-{paths.user_id()}.lock"


class InstanceLock:
    """The single-instance lock (a ``QLockFile``; stale locks of dead processes are taken over)."""

    def __init__(self, path: Path | None = None) -> None:
        self._lock = QLockFile(str(path or lock_path()))
        self._lock.setStaleLockTime(0)  # only a dead owner makes it stale, never age

    def acquire(self) -> bool:
        """Take the lock; False when another live instance holds it."""
        if self._lock.tryLock(0):
            return True
        # tryLock already removes locks whose owner process is gone; try once more in case the
        # owner died between our check and its cleanup.
        if self._lock.removeStaleLockFile():
            return self._lock.tryLock(0)
        return False

    def release(self) -> None:
        """Release the lock (on quit)."""
        self._lock.unlock()
