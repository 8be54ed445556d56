"""DeskStretch's own colours, light and dark, and the stretch window's style sheet.

Each colour is defined here once: the stretch window, the Preferences dialog's error
text and ``deskstretch preview`` all take them from :func:`palette`. The figure's
own colours (its stage, skin and floor) live with the figure in
:mod:`deskstretch.ui.figure`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication, QPalette

if TYPE_CHECKING:
    from deskstretch.catalogue.model import PhaseKind


@dataclass(frozen=True)
class Palette:
    """The colours of one theme, as ``#rrggbb`` strings (usable in style sheets and QColor)."""

    dark: bool
    background: str
    card: str
    text: str
    muted: str
    line: str
    info: str
    danger: str
    danger_background: str
    accent: str
    on_accent: str


LIGHT = Palette(
    dark=False,
    background="#f4f6fa",
    card="#ffffff",
    text="#1f2430",
    muted="#5d6578",
    line="#dfe3ea",
    info="#eef1f6",
    danger="#b3261e",
    danger_background="#fdecea",
    accent="#15907c",
    on_accent="#ffffff",
)
DARK = Palette(
    dark=True,
    background="#1c1f26",
    card="#262a33",
    text="#e9ebf0",
    muted="#a4abb9",
    line="#363b47",
    info="#2b2f3a",
    danger="#ff8a80",
    danger_background="#3a2326",
    accent="#3cc7ae",
    on_accent="#10201d",
)

#: Accent colour per phase kind (light, dark): the countdown ring and the finish tick.
PHASE_COLORS: dict[PhaseKind, tuple[str, str]] = {
    "ready": ("#d98a1c", "#f0b454"),
    "move": ("#2f6fd0", "#6fa3f0"),
    "hold": (LIGHT.accent, DARK.accent),
    "release": ("#2f6fd0", "#6fa3f0"),
    "switch": ("#7b4fc4", "#ad8cf0"),
    "rest": ("#6b7489", "#9aa3b8"),
    "finish": ("#23914f", "#5ccf8a"),
}


def palette(dark: bool) -> Palette:
    """The dark or the light palette."""
    return DARK if dark else LIGHT


def phase_color(kind: PhaseKind, dark: bool) -> str:
    """The accent colour of a phase in the dark or the light theme."""
    light_color, dark_color = PHASE_COLORS[kind]
    return dark_color if dark else light_color


def is_dark(qt_palette: QPalette) -> bool:
    """Whether a Qt palette is a dark one (its window colour is dark)."""
    return qt_palette.color(QPalette.ColorRole.Window).lightness() < 128


def desktop_is_dark() -> bool:
    """Whether the desktop uses a dark theme (the application's palette tells).

    The stretch window's style sheet owns its own palette, so it asks the
    application's instead.
    """
    return is_dark(QGuiApplication.palette())


def stretch_window_sheet(colors: Palette, base_pt: float, stage: str) -> str:
    """The stretch window's style sheet.

    Args:
        colors: The theme's palette.
        base_pt: The window font's point size; titles scale from it.
        stage: The figure's backdrop, which the card around the figure takes so they
            read as one.
    """
    c, base = colors, base_pt
    switch_bg = PHASE_COLORS["switch"][0]  # white on the light violet reads in both themes
    return f"""
            QWidget#StretchWindow {{ background: {c.background}; }}
            QLabel {{ color: {c.text}; }}
            QLabel#name {{ font-size: {base * 1.9:.1f}pt; font-weight: 600; }}
            QLabel#purpose, QLabel#muted {{ color: {c.muted}; }}
            QLabel#total {{ font-size: {base * 1.35:.1f}pt; font-weight: 600; }}
            QLabel#phase {{ font-size: {base * 1.5:.1f}pt; font-weight: 600; }}
            QLabel#rep {{ font-size: {base * 1.15:.1f}pt; color: {c.muted}; }}
            QLabel#switch {{ font-size: {base * 1.2:.1f}pt; font-weight: 600; color: #ffffff;
                background: {switch_bg}; border-radius: 14px; padding: 6px 14px; }}
            QLabel#step {{ font-size: {base * 1.35:.1f}pt; }}
            QLabel#bigtitle {{ font-size: {base * 2.4:.1f}pt; font-weight: 600; }}
            QLabel#nextbreak {{ font-size: {base * 1.3:.1f}pt; color: {c.accent}; }}
            QLabel#note {{ font-size: {base * 1.2:.1f}pt; }}
            QFrame#card {{ background: {stage}; border: 1px solid {c.line}; border-radius: 14px; }}
            QFrame#info {{ background: {c.info}; border-radius: 10px; }}
            QLabel#question {{ font-size: {base * 1.5:.1f}pt; font-weight: 600; }}
            QToolButton#reach {{ color: {c.text}; background: {stage}; border: 1px solid {c.line};
                border-radius: 10px; padding: 4px 2px; }}
            QToolButton#reach:hover {{ border-color: {c.muted}; }}
            QToolButton#reach:focus {{ border: 2px solid {c.accent}; }}
            QPushButton {{ color: {c.text}; background: {c.card}; border: 1px solid {c.line};
                border-radius: 8px; padding: 7px 16px; min-width: 72px; }}
            QPushButton:hover {{ border-color: {c.muted}; }}
            QPushButton:focus {{ border: 2px solid {c.accent}; }}
            QPushButton#primary {{ background: {c.accent}; color: {c.on_accent};
                border-color: {c.accent}; font-weight: 600; min-width: 96px; }}
            QPushButton#danger {{ color: {c.danger}; background: {c.danger_background};
                border-color: {c.danger}; }}
            QPushButton#primary:focus, QPushButton#danger:focus {{ border: 2px solid {c.text}; }}
            """
