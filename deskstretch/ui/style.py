"""DeskStretch's own colours, light and dark, and the stretch window's style sheet.

Each colour is defined here once: the stretch window, the Preferences dialog's error
text and ``deskstretch preview`` all take them from :func:`palette`. The figure's
own colours (its stage, skin and floor) live with the figure in
:mod:`deskstretch.ui.figure`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

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
    #: The countdown ring's track (behind its arc).
    track: str
    #: "Switch sides": its text and its background.
    switch_text: str
    switch_background: str
    high_contrast: bool = False


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
    track="#dfe3ea",
    switch_text="#ffffff",
    switch_background="#7b4fc4",
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
    track="#363b47",
    switch_text="#ffffff",
    switch_background="#7b4fc4",
)
# High contrast: every text on its background at 7:1 or more (WCAG AAA), borders that show,
# and a ring track that the arc stands out from (3:1, WCAG's figure for graphics).
HIGH_CONTRAST_LIGHT = Palette(
    dark=False,
    background="#ffffff",
    card="#ffffff",
    text="#000000",
    muted="#333333",
    line="#000000",
    info="#ffffff",
    danger="#9b0000",
    danger_background="#ffffff",
    accent="#00574b",
    on_accent="#ffffff",
    track="#b0b0b0",
    switch_text="#000000",
    switch_background="#ffffff",
    high_contrast=True,
)
HIGH_CONTRAST_DARK = Palette(
    dark=True,
    background="#000000",
    card="#000000",
    text="#ffffff",
    muted="#e0e0e0",
    line="#ffffff",
    info="#000000",
    danger="#ff9d9d",
    danger_background="#000000",
    accent="#5ee0c8",
    on_accent="#000000",
    track="#5a5a5a",
    switch_text="#ffffff",
    switch_background="#000000",
    high_contrast=True,
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
#: The same at high contrast: 7:1 on the background, so the ring and the tick stand out.
HIGH_CONTRAST_PHASE_COLORS: dict[PhaseKind, tuple[str, str]] = {
    "ready": ("#7a4200", "#ffc266"),
    "move": ("#003f9e", "#9cc7ff"),
    "hold": (HIGH_CONTRAST_LIGHT.accent, HIGH_CONTRAST_DARK.accent),
    "release": ("#003f9e", "#9cc7ff"),
    "switch": ("#4b1f9e", "#d2bcff"),
    "rest": ("#333333", "#e0e0e0"),
    "finish": ("#005c2a", "#7ff0a8"),
}

_forced_contrast: bool | None = None


def force_high_contrast(on: bool | None) -> None:
    """Use (True) or do not use (False) the high-contrast colours whatever the desktop says;
    None follows the desktop again. For tests and the render tool."""
    global _forced_contrast
    _forced_contrast = on


def contrast_ratio(one: QColor | str, other: QColor | str) -> float:
    """The WCAG 2 contrast ratio of two colours (1 to 21)."""

    def luminance(color: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(color.redF())
            + 0.7152 * channel(color.greenF())
            + 0.0722 * channel(color.blueF())
        )

    a, b = luminance(QColor(one)), luminance(QColor(other))
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


#: The contrast of a palette that is black on white (or white on black) and nothing softer.
PURE_BLACK_AND_WHITE = 20.9


def high_contrast() -> bool:
    """Whether DeskStretch draws in high contrast.

    It follows the desktop: Qt's contrast preference (``QAccessibilityHints``, Qt 6.10+;
    GNOME's and KDE's high-contrast settings, Windows' contrast themes), or an application
    palette that is itself black on white or white on black (a high-contrast Qt theme).
    """
    if _forced_contrast is not None:
        return _forced_contrast
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return False
    # Both wrappers are kept: PySide drops the accessibility hints with a temporary parent.
    style_hints = QGuiApplication.styleHints()
    hints = style_hints.accessibility()
    if hints.contrastPreference() == Qt.ContrastPreference.HighContrast:
        return True
    # Only pure black and white (21:1) means a high-contrast theme: GNOME's ordinary palette
    # (black on #faf9f8, 20.1:1) and Qt's own (black on #efefef) are near it but are not one.
    qt_pal = QGuiApplication.palette()
    window = qt_pal.color(QPalette.ColorRole.Window)
    text = qt_pal.color(QPalette.ColorRole.WindowText)
    return contrast_ratio(window, text) >= PURE_BLACK_AND_WHITE


def palette(dark: bool) -> Palette:
    """The dark or the light palette (in high contrast when the desktop asks for it)."""
    if high_contrast():
        return HIGH_CONTRAST_DARK if dark else HIGH_CONTRAST_LIGHT
    return DARK if dark else LIGHT


def phase_color(kind: PhaseKind, dark: bool) -> str:
    """The accent colour of a phase in the dark or the light theme."""
    table = HIGH_CONTRAST_PHASE_COLORS if high_contrast() else PHASE_COLORS
    light_color, dark_color = table[kind]
    return dark_color if dark else light_color


def qt_palette(colors: Palette) -> QPalette:
    """A Qt palette with ``colors``: what DeskStretch's dialogs use when the desktop asks for
    high contrast but its Qt theme has no high-contrast palette to give."""
    pal = QPalette()
    text, background = QColor(colors.text), QColor(colors.background)
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Button):
        pal.setColor(role, background)
    pal.setColor(QPalette.ColorRole.AlternateBase, QColor(colors.info))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.ToolTipText,
        QPalette.ColorRole.PlaceholderText,
    ):
        pal.setColor(role, text)
    pal.setColor(QPalette.ColorRole.ToolTipBase, background)
    pal.setColor(QPalette.ColorRole.Highlight, QColor(colors.accent))
    pal.setColor(QPalette.ColorRole.HighlightedText, QColor(colors.on_accent))
    pal.setColor(QPalette.ColorRole.Link, QColor(colors.accent))
    pal.setColor(QPalette.ColorRole.BrightText, QColor(colors.danger))
    for role in (QPalette.ColorRole.Light, QPalette.ColorRole.Midlight):
        pal.setColor(role, background)
    for role in (QPalette.ColorRole.Mid, QPalette.ColorRole.Dark, QPalette.ColorRole.Shadow):
        pal.setColor(role, QColor(colors.line))
    muted = QColor(colors.muted)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        pal.setColor(QPalette.ColorGroup.Disabled, role, muted)
    return pal


def apply_high_contrast(app: QGuiApplication) -> bool:
    """When the desktop asks for high contrast and the application's palette is not one,
    give the application DeskStretch's high-contrast palette. Returns whether it did."""
    if not high_contrast():
        return False
    current = app.palette()
    ratio = contrast_ratio(
        current.color(QPalette.ColorRole.Window), current.color(QPalette.ColorRole.WindowText)
    )
    if ratio >= 7.0:
        return False
    app.setPalette(qt_palette(palette(is_dark(current))))
    return True


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
    # High contrast: a border tells the boxes apart where their colours are the same.
    edge = f"border: 2px solid {c.line};" if c.high_contrast else ""
    return f"""
            QWidget#StretchWindow {{ background: {c.background}; }}
            QScrollArea#pages, QScrollArea#pages > QWidget {{ background: transparent; }}
            QLabel {{ color: {c.text}; }}
            QLabel#name {{ font-size: {base * 1.9:.1f}pt; font-weight: 600; }}
            QLabel#purpose, QLabel#muted {{ color: {c.muted}; }}
            QLabel#total {{ font-size: {base * 1.35:.1f}pt; font-weight: 600; }}
            QLabel#phase {{ font-size: {base * 1.5:.1f}pt; font-weight: 600; }}
            QLabel#rep {{ font-size: {base * 1.15:.1f}pt; color: {c.muted}; }}
            QLabel#switch {{ font-size: {base * 1.2:.1f}pt; font-weight: 600;
                color: {c.switch_text}; background: {c.switch_background};
                border-radius: 14px; padding: 6px 14px; {edge} }}
            QLabel#step {{ font-size: {base * 1.35:.1f}pt; }}
            QLabel#bigtitle {{ font-size: {base * 2.4:.1f}pt; font-weight: 600; }}
            QLabel#nextbreak {{ font-size: {base * 1.3:.1f}pt; color: {c.accent}; }}
            QLabel#note {{ font-size: {base * 1.2:.1f}pt; }}
            QFrame#card {{ background: {stage}; border: 1px solid {c.line}; border-radius: 14px; }}
            QFrame#info {{ background: {c.info}; border-radius: 10px; {edge} }}
            QLabel#question {{ font-size: {base * 1.5:.1f}pt; font-weight: 600; }}
            QToolButton#reach {{ color: {c.text}; background: {stage}; border: 1px solid {c.line};
                border-radius: 10px; padding: 4px 2px; }}
            QToolButton#reach:hover {{ border-color: {c.muted}; }}
            QToolButton#reach:focus {{ border: 2px solid {c.accent}; }}
            QPushButton {{ color: {c.text}; background: {c.card}; border: 1px solid {c.line};
                border-radius: 8px; padding: 7px 10px; min-width: 64px; }}
            QPushButton:hover {{ border-color: {c.muted}; }}
            QPushButton:focus {{ border: 2px solid {c.accent}; }}
            QPushButton#primary {{ background: {c.accent}; color: {c.on_accent};
                border-color: {c.accent}; font-weight: 600; min-width: 96px; }}
            QPushButton#danger {{ color: {c.danger}; background: {c.danger_background};
                border-color: {c.danger}; }}
            QPushButton#primary:focus, QPushButton#danger:focus {{ border: 2px solid {c.text}; }}
            """
