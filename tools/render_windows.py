"""Render every DeskStretch window to PNGs, for people to look at:
``.venv/bin/python tools/render_windows.py --lang de --out DIR``.

Each window in each state (the stretch window in every phase, its finish and safety pages,
the status window, the toast, the micro-break panel, each Preferences tab, Progress, About)
is drawn offscreen at 640x480 (the small windows at their own size) in the language asked
for, and checked with the same clipping check as the tests (tests/helpers/fit.py): what it
finds is printed and the command exits with 1.

  --lang CODE     en, de, ja, ... or "pseudo" (the test locale); repeatable; default: en
  --mode MODE     large-text, high-contrast or high-contrast-dark as well (English); repeatable
  --size WxH      another size too (the stretch window only), e.g. 1920x1080; repeatable
  --scale N       render at device pixel ratio N (QT_SCALE_FACTOR; the screen is made large
                  enough that the windows keep their size in logical pixels)
  --only TEXT     only the scenes whose name contains TEXT

Files: DIR/<lang or mode>/<scene>[-WxH].png.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _offscreen(scale: float) -> None:
    """Qt offscreen, on one screen big enough for a full HD window at ``scale``."""
    if scale == 1:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        return
    screen = {
        "screens": [
            {
                "name": "render",
                "x": 0,
                "y": 0,
                "width": round(1920 * scale),
                "height": round(1200 * scale),
                "logicalDpi": 96,
                "logicalBpi": 96,
                "dpr": 1,
            }
        ]
    }
    config = Path(tempfile.mkdtemp(prefix="render-windows-")) / "screens.json"
    config.write_text(json.dumps(screen), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    os.environ["QT_SCALE_FACTOR"] = str(scale)


def _size(text: str) -> tuple[int, int]:
    width, _sep, height = text.lower().partition("x")
    return int(width), int(height)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", action="append", default=[])
    parser.add_argument("--mode", action="append", default=[])
    parser.add_argument("--size", action="append", default=[], type=_size)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--only", default="")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    _offscreen(args.scale)

    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QApplication

    from deskstretch import i18n
    from tests.helpers import windows
    from tests.helpers.fit import clipped_texts

    app = QApplication.instance() or QApplication(["deskstretch"])
    for mode in args.mode:
        if mode not in windows.MODES:
            parser.error(f"--mode {mode}: one of {', '.join(windows.MODES)}")
    settings = [*(args.lang or ([] if args.mode else ["en"])), *args.mode]
    problems = 0
    written = 0
    for setting in settings:
        folder = args.out / setting
        folder.mkdir(parents=True, exist_ok=True)
        with windows.desktop_mode(setting):
            if setting not in windows.MODES and i18n.language() != i18n.match(setting):
                print(f"{setting}: not a language DeskStretch has; English shows", flush=True)
            for scene in windows.scenes():
                if args.only and args.only not in scene.name:
                    continue
                sizes = [windows.SMALL]
                if scene.name.startswith("stretch-"):
                    sizes += [QSize(w, h) for w, h in args.size]
                for size in sizes:
                    widget = windows.build(scene, size)
                    suffix = "" if size == windows.SMALL else f"-{size.width()}x{size.height()}"
                    path = folder / f"{scene.name}{suffix}.png"
                    widget.grab().save(str(path))
                    written += 1
                    for clip in clipped_texts(widget):
                        problems += 1
                        print(f"{path}: {clip}", flush=True)
                    if scene.resizable and widget.size() != size:
                        problems += 1
                        print(f"{path}: would not be {size.width()}x{size.height()}", flush=True)
                    widget.close()
                    widget.deleteLater()
                    app.processEvents()
    print(f"wrote {written} pictures to {args.out}; {problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
