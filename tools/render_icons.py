"""Render the icon PNGs the app loads at run time from the SVG masters.

Usage: ``.venv/bin/python tools/render_icons.py`` (tests/ui/test_icons.py checks they are current).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtGui import QGuiApplication

from deskstretch.ui.icons import ICON_FILES, SIZES, png_name, render_svg


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(["render_icons"])
    out = ROOT / "deskstretch" / "data" / "icons" / "png"
    out.mkdir(exist_ok=True)
    for kind in ICON_FILES:
        for size in SIZES:
            render_svg(kind, size).save(str(out / png_name(kind, size)))
    del app
    print(f"wrote {len(ICON_FILES) * len(SIZES)} icons to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
