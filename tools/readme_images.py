"""Render the README's pictures offscreen: ``.venv/bin/python tools/readme_images.py``.

Writes docs/images/: the stretch window during a hold (light, dark, German), the no-tray status
window, the micro-break panel, the Progress window, first-rep contact sheets of the hip
flexor and trunk rotation routines, and the desk set's standing hip flexor and seated trunk
rotation (start, half-way, hold).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from deskstretch.app.preview import run_preview
from deskstretch.catalogue.loader import load_catalogue
from deskstretch.i18n import _
from deskstretch.ui.controls import ControlsMenu
from deskstretch.ui.language import apply as apply_language
from deskstretch.ui.status_window import StatusWindow
from deskstretch.ui.stretch_window import StretchWindow
from deskstretch.ui.viewstate import ControlsState
from tests.helpers.fakes import FakeClock

OUT = ROOT / "docs" / "images"


def stretch_window(
    name: str, stretch_id: str, seconds: float, dark: bool, language: str = "en"
) -> None:
    clock = FakeClock()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_language(app, language)
    stretch = load_catalogue().localized(language).get(stretch_id)
    assert stretch is not None
    light = app.palette()
    if dark:  # the window follows the desktop's palette
        palette = QPalette(light)
        palette.setColor(QPalette.ColorRole.Window, QColor("#202124"))
        palette.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
        app.setPalette(palette)
    next_break = _("Next break at {time}").format(time="15:42")
    window = StretchWindow([stretch], clock, next_break_text=lambda: next_break)
    window.resize(920, 640)
    window.start()
    clock.advance(seconds)
    window.refresh()
    QApplication.processEvents()
    window.grab().save(str(OUT / name))
    window.close()
    app.setPalette(light)
    apply_language(app, "en")


def status_window() -> None:
    menu = ControlsMenu()
    from deskstretch.app.shell import NO_TRAY_REASON

    window = StatusWindow(menu, NO_TRAY_REASON)
    window.show_state(
        ControlsState(
            tooltip="DeskStretch: Next stretch in 12 min",
            next_line="Next break at 14:32",
            stretches=tuple((s.id, s.name) for s in load_catalogue().stretches),
        )
    )
    window.show()
    QApplication.processEvents()
    window.grab().save(str(OUT / "status-window.png"))
    window.close()


def micro_panel() -> None:
    from deskstretch.ui.micro_panel import MicroPanel

    clock = FakeClock()
    panel = MicroPanel(clock)
    panel.show_cue("look-far", 20, dark=False, reduced_motion=False)
    clock.advance(3)
    panel.refresh()
    QApplication.processEvents()
    panel.grab().save(str(OUT / "micro-panel.png"))
    panel.close()


def progress_window() -> None:
    """The Progress window over a seeded year (tests/helpers/history_fixtures.py), light, 1x."""
    from datetime import date

    from deskstretch.core.stats import summarize
    from deskstretch.ui.progress import ProgressWindow
    from tests.helpers.history_fixtures import BERLIN, seeded_year

    today = date(2026, 11, 27)
    catalogue = load_catalogue()
    names = {}
    for stretch_id in catalogue.ids:
        stretch = catalogue.get(stretch_id)
        if stretch is not None:
            names[stretch_id] = stretch.name
    window = ProgressWindow(summarize(seeded_year(today), today, zone=BERLIN), names, dark=False)
    window.resize(900, 860)  # tall enough that the whole window shows without scrolling
    window.show()
    QApplication.processEvents()
    window.grab().save(str(OUT / "progress-window.png"))
    window.close()


def contact_sheet(stretch_id: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        assert run_preview(stretch_id, Path(tmp), fps=1, first_rep_sheet=True) == 0
        shutil.copy(Path(tmp) / "contact-sheet.png", OUT / f"{stretch_id}-sheet.png")


def desk_set_sheet() -> None:
    """docs/images/desk-set.png: the desk versions of the two core stretches, key poses."""
    from tools.desk_sheets import Row, load, sheet

    rows: list[Row] = [
        (load(i), "left", False) for i in ("desk-hip-flexor", "seated-trunk-rotation")
    ]
    sheet(rows, "The desk set", OUT / "desk-set.png", row_labels=False)


def main() -> int:
    app = QApplication.instance() or QApplication(["deskstretch"])
    OUT.mkdir(parents=True, exist_ok=True)
    stretch_window("stretch-window.png", "hip-flexor", 12, dark=False)
    stretch_window("stretch-window-dark.png", "trunk-rotation", 12, dark=True)
    stretch_window("stretch-window-de.png", "desk-hip-flexor", 12, dark=False, language="de")
    status_window()
    micro_panel()
    progress_window()
    contact_sheet("hip-flexor")
    contact_sheet("trunk-rotation")
    desk_set_sheet()
    del app
    print(f"wrote {sorted(p.name for p in OUT.iterdir())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
