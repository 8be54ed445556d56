"""``deskstretch stretch [ID]`` with no running instance: the stretch window on its own."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from deskstretch.i18n import _
from deskstretch.settings.rules import stretch_rotation

if TYPE_CHECKING:
    from deskstretch.settings.model import Preferences


def run_standalone_stretch(stretch_id: str | None) -> int:
    """Play one stretch (or the first of the rotation) and exit when the window closes."""
    from PySide6.QtWidgets import QApplication

    from deskstretch.app.routines import load_stretches, places
    from deskstretch.core.clock import SystemClock
    from deskstretch.platform.logsetup import setup_logging
    from deskstretch.settings.model import Preferences
    from deskstretch.ui.icons import app_icon
    from deskstretch.ui.stretch_window import StretchWindow

    setup_logging(False)
    catalogue = load_stretches()
    for problem in catalogue.problems:
        print(_("warning: {problem}").format(problem=problem), file=sys.stderr)
    prefs = _load_prefs() or Preferences()
    rotation = stretch_rotation(prefs, catalogue.ids, places(catalogue))
    chosen = stretch_id or next(iter(rotation), None)
    stretch = catalogue.get(chosen) if chosen else None
    if stretch is None:
        print(
            _("deskstretch stretch: unknown stretch {id}").format(id=repr(chosen)), file=sys.stderr
        )
        return 2
    app = QApplication.instance() or QApplication(["deskstretch"])
    assert isinstance(app, QApplication)
    app.setApplicationName("DeskStretch")
    app.setApplicationDisplayName("DeskStretch")  # window titles end with it, as in the app
    app.setWindowIcon(app_icon("active"))
    print(_("DeskStretch is not running; showing the stretch on its own."))
    window = StretchWindow(
        [stretch],
        SystemClock(),
        reduced_motion=prefs.general.reduced_motion,
        spoken_cues=prefs.general.spoken_cues,
    )
    window.finished.connect(lambda _outcome: app.quit())
    window.start()
    return app.exec()


def _load_prefs() -> Preferences | None:
    try:
        from deskstretch.app.config_cli import default_store

        return default_store().load().prefs
    except Exception:  # settings are a nicety here; the stretch still plays
        return None
