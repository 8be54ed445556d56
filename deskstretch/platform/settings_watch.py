"""Notices when ``settings.toml`` is edited by hand (or by ``deskstretch config``).

Editors and our own store replace the file atomically (write a new file, rename
it over the old one). ``QFileSystemWatcher`` then stops watching the file, since
the inode it watched is gone, so the folder is watched too and the file is added
again after every change. Bursts of events (an editor's backup, rename and
chmod) are merged by a debounce timer, and a change is only reported when the
file's bytes really differ from the last ones seen, so touching the file, or
the app's own save announced with :meth:`SettingsWatcher.ignore_next_change`,
does not reload anything.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

log = logging.getLogger(__name__)

DEBOUNCE_MS = 300
# How long an announced own save may take to show up before the next change counts again.
IGNORE_WINDOW_MS = 3000


class SettingsWatcher(QObject):
    """Emits :attr:`changed` when the settings file's content changes on disk."""

    changed = Signal()

    def __init__(
        self, path: Path, parent: QObject | None = None, *, debounce_ms: int = DEBOUNCE_MS
    ) -> None:
        """Start watching ``path`` (it need not exist yet)."""
        super().__init__(parent)
        self._path = Path(path)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_watcher_changed)
        self._watcher.directoryChanged.connect(self._on_watcher_changed)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self._on_debounce_timeout)
        self._ignore = False
        self._ignore_expiry = QTimer(self)
        self._ignore_expiry.setSingleShot(True)
        self._ignore_expiry.setInterval(IGNORE_WINDOW_MS)
        self._ignore_expiry.timeout.connect(self._on_ignore_expiry_timeout)
        self._snapshot = self._read()
        self._rewatch()

    @property
    def path(self) -> Path:
        """The watched settings file."""
        return self._path

    def watched(self) -> list[str]:
        """The paths the underlying watcher follows now (for diagnostics and tests)."""
        return [*self._watcher.directories(), *self._watcher.files()]

    def ignore_next_change(self) -> None:
        """Do not report the next change: the app is about to save (or just saved) itself."""
        self._ignore = True
        self._ignore_expiry.start()

    def _read(self) -> bytes | None:
        try:
            return self._path.read_bytes()
        except OSError:
            return None

    def _rewatch(self) -> None:
        """Watch the file if it exists, and its folder (or the nearest folder that exists)."""
        files = set(self._watcher.files())
        if self._path.is_file() and str(self._path) not in files:
            self._watcher.addPath(str(self._path))
        folder = self._path.parent
        while not folder.is_dir() and folder != folder.parent:
            folder = folder.parent  # the config folder may not exist yet: wait for it higher up
        wanted = str(folder)
        for old in self._watcher.directories():
            if old != wanted:
                self._watcher.removePath(old)
        if wanted not in self._watcher.directories():
            self._watcher.addPath(wanted)

    def _on_watcher_changed(self, _path: str) -> None:
        self._debounce.start()  # restarts: a burst of events gives one check

    def _on_debounce_timeout(self) -> None:
        self._rewatch()
        content = self._read()
        if content == self._snapshot:
            return
        self._snapshot = content
        if self._ignore:
            self._ignore = False
            self._ignore_expiry.stop()
            log.debug("settings file changed by our own save; not reloading")
            return
        log.info("settings file changed on disk: %s", self._path)
        self.changed.emit()

    def _on_ignore_expiry_timeout(self) -> None:
        self._ignore = False
