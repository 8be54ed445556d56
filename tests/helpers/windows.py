"""Every DeskStretch window, built as a user sees it, for the clipping and contrast checks
(tests/ui/test_fit_windows.py) and for people to look at (tools/render_windows.py).

A *scene* is one window in one state: the stretch window in each phase, on its finish and
safety pages, the status window, the toast, the micro-break panel, each Preferences tab, the
Progress window and About. :func:`build` makes it in the active language (install it with
:func:`use_language` first) and shows it at ``size`` (the window's own size for the small
windows that are fixed by design).

A *mode* is how the desktop is set up: a language, text at 200 %, a high-contrast palette.
:func:`desktop_mode` sets one up and undoes it afterwards.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QWidget

from deskstretch import i18n
from deskstretch.catalogue.loader import Catalogue, load_catalogue
from deskstretch.core.ports import Capability
from deskstretch.ui import language as language_module
from deskstretch.ui import style
from tests.helpers.fakes import FakeClock

#: The smallest screen a window must fit whole (a 640 px tile, an old projector).
SMALL = QSize(640, 480)
LARGE = QSize(1920, 1080)

#: The routine the stretch window plays: the longest names and the most cautions, two
#: stretches (so "Stretch 1 of 2" and Previous/Next show), sides (so "switch" happens).
ROUTINE = ("desk-hip-flexor", "seated-trunk-rotation")
PHASES = ("ready", "move", "hold", "release", "switch", "rest")

#: Languages the windows are checked in: English, the pseudo-locale (longer than any
#: real one, accented), and the shipped languages with the longest and the widest glyphs.
#: German and Japanese fall back to English until their catalogues are filled.
LANGUAGES = ("en", i18n.PSEUDO, "de", "ja")
#: Desktop modes beyond the language: text at 200 % and a high-contrast palette (English).
MODES = ("large-text", "high-contrast", "high-contrast-dark")

PREFERENCES_TABS = ("breaks", "schedule", "stretches", "notifications", "general", "reminders")


@dataclass(frozen=True)
class Scene:
    """One window in one state."""

    name: str
    make: Callable[[QSize], QWidget]
    #: Whether the window takes the size it is given (False: it is small and fixed by design).
    resizable: bool = True


def catalogue() -> Catalogue:
    """The built-in stretches in the active language."""
    return load_catalogue().localized(i18n.language())


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app


def _stretch_window(phase: str, size: QSize) -> QWidget:
    from deskstretch.ui.stretch_window import StretchWindow

    cat = catalogue()
    stretches = [s for s in (cat.get(i) for i in ROUTINE) if s is not None]
    window = StretchWindow(
        stretches,
        FakeClock(),
        next_break_text=lambda: i18n._("Next break at {time}").format(time="15:42"),
        finish_note=lambda: i18n._("Your longest streak: {n} days").format(n=12),
    )
    window.start()
    window.resize(size)
    timeline = window.session.timeline
    if phase == "finish":
        window.session.seek(timeline.finish.start + 0.5)
    elif phase != "safety":
        start = next(p.start for p in timeline if p.kind == phase)
        window.session.seek(start + 0.5)
    window.refresh()
    if phase == "safety":
        window.stop_for_pain()
    return window


def _status_window(size: QSize) -> QWidget:
    from deskstretch.app.shell import NO_TRAY_REASON
    from deskstretch.ui.controls import ControlsMenu
    from deskstretch.ui.status_window import StatusWindow
    from deskstretch.ui.viewstate import ControlsState

    window = StatusWindow(ControlsMenu(), i18n._(NO_TRAY_REASON))
    window.show_state(
        ControlsState(
            tooltip="DeskStretch: " + i18n._("Next break at {time}").format(time="14:32"),
            next_line=i18n._("Next break at {time}").format(time="14:32"),
            stretches=tuple((s.id, s.name) for s in catalogue().stretches),
            skip_label=i18n._("Skip next break"),
        )
    )
    window.resize(size)
    window.show()
    return window


def _toast(size: QSize) -> QWidget:
    from deskstretch.ui.toast import Toast

    toast = Toast(
        i18n._("Stretch break in {when}").format(when=i18n._("less than a minute")),
        i18n._("Next: {names}.").format(names=", ".join(s.name for s in catalogue().stretches[:2])),
        [("start", i18n._("Start now")), ("snooze", i18n._("Snooze {n} min").format(n=5))],
        timeout_ms=0,
    )
    toast.show_near_tray()
    return toast


def _micro_panel(size: QSize) -> QWidget:
    from deskstretch.ui.micro_panel import MicroPanel

    clock = FakeClock()
    panel = MicroPanel(clock)
    panel.show_cue("look-far", 20, dark=style.desktop_is_dark(), reduced_motion=False)
    clock.advance(3)
    panel.refresh()
    return panel


def _preferences(tab: str, size: QSize) -> QWidget:
    from deskstretch.settings.model import Preferences
    from deskstretch.ui.preferences import PreferencesDialog

    cat = catalogue()
    dialog = PreferencesDialog(
        Preferences(),
        stretch_ids=cat.ids,
        stretch_names={s.id: s.name for s in cat.stretches},
    )
    dialog.tabs.setCurrentIndex(PREFERENCES_TABS.index(tab))
    dialog.resize(size)
    dialog.show()
    return dialog


def _progress(size: QSize) -> QWidget:
    from deskstretch.core.stats import summarize
    from deskstretch.ui.progress import ProgressWindow
    from tests.helpers.history_fixtures import BERLIN, seeded_year

    today = date(2026, 11, 27)
    names = {s.id: s.name for s in catalogue().stretches}
    window = ProgressWindow(
        summarize(seeded_year(today), today, zone=BERLIN), names, dark=style.desktop_is_dark()
    )
    window.resize(size)
    window.show()
    return window


def _about(size: QSize) -> QWidget:
    from pathlib import Path

    from deskstretch.ui.about import AboutDialog

    caps = [
        Capability("Tray", True, i18n._("XEmbed tray (trayer)")),
        Capability(
            "Idle detection",
            False,
            i18n._("no idle monitor answered"),
            hint=i18n._("Install xprintidle or run under GNOME or KDE"),
        ),
        Capability("Notifications", True, "org.freedesktop.Notifications (dunst)"),
    ]
    home = Path("/home/someone/.local/state/deskstretch")
    dialog = AboutDialog(
        caps,
        home / "deskstretch.log",
        Path("/home/someone/.config/deskstretch/settings.toml"),
        history_path=home / "history.jsonl",
        on_progress=lambda: None,
    )
    dialog.resize(size)
    dialog.show()
    return dialog


def scenes() -> tuple[Scene, ...]:
    """Every window in every state worth looking at."""
    found = [
        Scene(f"stretch-{phase}", functools.partial(_stretch_window, phase))
        for phase in (*PHASES, "finish", "safety")
    ]
    found += [
        Scene("status", _status_window, resizable=False),  # fixed size: tilers float it
        Scene("toast", _toast, resizable=False),
        Scene("micro-panel", _micro_panel, resizable=False),
    ]
    found += [
        Scene(f"preferences-{tab}", functools.partial(_preferences, tab))
        for tab in PREFERENCES_TABS
    ]
    found += [Scene("progress", _progress), Scene("about", _about)]
    return tuple(found)


def scene(name: str) -> Scene:
    """The scene called ``name``."""
    return next(s for s in scenes() if s.name == name)


@contextmanager
def desktop_mode(mode: str) -> Iterator[None]:
    """Set up the desktop as ``mode`` says: a language code (see :data:`LANGUAGES`), or
    one of :data:`MODES` (in English); undo it on the way out.

    Text at 200 % doubles the application font's point size, which is what a user gets who
    sets a larger font in KDE or in Qt's platform theme; GNOME's text scaling factor and
    ``QT_FONT_DPI=192`` double the logical DPI instead, which turns the same point sizes into
    the same pixels, so the layouts face the same text either way. (``QT_SCALE_FACTOR=2``
    scales everything, icons and margins included, so the layout in logical pixels does not
    change: that is the 2x check in tools/render_windows.py, not large text.)
    """
    app = _app()
    font, palette = app.font(), app.palette()
    language = i18n.language()
    try:
        if mode in MODES:
            language_module.apply(app, "en")
            if mode == "large-text":
                large = app.font()
                large.setPointSizeF(large.pointSizeF() * 2)
                app.setFont(large)
            else:
                style.force_high_contrast(True)
                app.setPalette(style.qt_palette(style.palette(mode.endswith("dark"))))
        else:
            language_module.apply(app, mode)  # Qt's own strings (OK, Cancel) and locale too
        yield
    finally:
        style.force_high_contrast(None)
        app.setPalette(palette)
        app.setFont(font)
        language_module.apply(app, language)


def build(item: Scene, size: QSize = SMALL) -> QWidget:
    """``item``'s window, shown at ``size`` (or its own size) with its events processed."""
    widget = item.make(size)
    for _round in range(3):  # layouts settle in a few passes (word wrap, then height)
        QApplication.processEvents()
    return widget
