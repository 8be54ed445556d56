"""Screenshot an X window (or the whole screen) to PNG: ``python xshot.py OUT [WINDOW_ID]``.

Runs as its own process on the test desktop's DISPLAY (the test process itself is offscreen).
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QGuiApplication


def main() -> int:
    out = sys.argv[1]
    wid = int(sys.argv[2], 0) if len(sys.argv) > 2 else 0
    app = QGuiApplication(["xshot", "-platform", "xcb"])
    screen = app.primaryScreen()
    pixmap = screen.grabWindow(wid)
    if pixmap.isNull() or not pixmap.save(out):
        print(f"xshot: could not grab window {wid}", file=sys.stderr)
        return 1
    print(f"{pixmap.width()}x{pixmap.height()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
