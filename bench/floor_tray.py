"""Floor app (a): the least a PySide6 tray app can be.

QApplication + QSystemTrayIcon + QMenu, nothing else. It is the yardstick for
DeskStretch's start-to-tray time and the base of its memory floor. Run it with the
project's venv so it uses the same pinned PySide6: ``.venv/bin/python -m bench.floor_tray``.
"""

from __future__ import annotations

import sys


def build_tray() -> tuple[object, object, object]:
    """Create the application, a menu and a shown tray icon; return them (kept alive)."""
    from PySide6.QtGui import QColor, QIcon, QPixmap
    from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    pixmap = QPixmap(22, 22)
    pixmap.fill(QColor("#3d7cc2"))
    menu = QMenu()
    menu.addAction("Quit", app.quit)
    tray = QSystemTrayIcon(QIcon(pixmap))
    tray.setToolTip("floor tray")
    tray.setContextMenu(menu)
    tray.show()
    return app, menu, tray


def main() -> int:
    """Run the bare tray app until it is killed."""
    app, _menu, _tray = build_tray()
    return int(app.exec())  # type: ignore[attr-defined]


if __name__ == "__main__":
    sys.exit(main())
