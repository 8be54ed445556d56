#!/usr/bin/env python3
"""Write DeskStretch's desktop entries from the one template ``deskstretch.desktop.in``.

    python3 packaging/linux/make-desktop-files.py            # refresh the files in packaging/linux
    python3 packaging/linux/make-desktop-files.py --check    # exit 1 if they are out of date

Two entries come out of the template:

- ``io.github.deskstretch.DeskStretch.desktop``: the app-menu entry (installed to
  ``share/applications``). Its file name is the app id, which Wayland compositors, the Flatpak
  export and AppStream's ``<launchable>`` use to find it.
- ``autostart/io.github.deskstretch.DeskStretch.desktop``: the same entry for
  ``$XDG_CONFIG_HOME/autostart``, hidden from menus. The app writes this entry itself when the user
  turns on "Start at login" (``deskstretch/platform/autostart.py``); this file is the reference that
  ``tests/packaging`` compares the app's entry with, and what a distribution may ship to
  ``/etc/xdg/autostart`` for a site-wide default.

Only the standard library: it runs with any Python 3.11.
"""

# ruff: noqa: T201  (a command-line script: it reports with print)
from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
APP_ID = "io.github.deskstretch.DeskStretch"
TEMPLATE = HERE / "deskstretch.desktop.in"
COMMAND = "deskstretch"

# extra lines of each entry, after the template's keys
MENU_EXTRA: list[str] = []
AUTOSTART_EXTRA = [
    # a login item, not a second menu entry
    "NoDisplay=true",
    # GNOME and Cinnamon read this switch; other desktops look for the file's presence
    "X-GNOME-Autostart-enabled=true",
    # let the panel (and its tray host) come up first, or the icon has nowhere to go
    "X-GNOME-Autostart-Delay=5",
    "X-KDE-autostart-after=panel",
]


def render(exec_line: str = COMMAND, extra: list[str] | None = None) -> str:
    """The template filled in: the entry's text, ending with one newline."""
    lines = []
    for line in TEMPLATE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue  # the template's own comments
        if line == "@EXTRA@":
            lines.extend(extra or [])
            continue
        lines.append(line.replace("@EXEC@", exec_line))
    return "\n".join(lines).strip("\n") + "\n"


def outputs() -> dict[Path, str]:
    """Every generated file and its content."""
    return {
        HERE / f"{APP_ID}.desktop": render(COMMAND, MENU_EXTRA),
        HERE / "autostart" / f"{APP_ID}.desktop": render(COMMAND, AUTOSTART_EXTRA),
    }


def parse(text: str) -> dict[str, str]:
    """The keys of a desktop entry's ``[Desktop Entry]`` group (enough for our own files)."""
    keys: dict[str, str] = {}
    group = ""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            group = line
            continue
        if group == "[Desktop Entry]" and "=" in line:
            key, value = line.split("=", 1)
            keys[key.strip()] = value.strip()
    return keys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    ns = parser.parse_args(argv)
    stale = []
    for path, text in outputs().items():
        if ns.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(path)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"make-desktop-files: wrote {path}")
    for path in stale:
        print(f"make-desktop-files: out of date: {path} (run {sys.argv[0]})", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
