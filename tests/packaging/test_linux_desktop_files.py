"""The Linux desktop integration: the menu entry, the autostart entry, the AppStream metadata and
the hicolor icons validate with the freedesktop tools and agree with each other and with the app."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

from deskstretch.platform.autostart import XdgAutostart
from tests.packaging import pngcheck
from tests.packaging.conftest import APP_ID, ROOT, require_tool

LINUX = ROOT / "packaging" / "linux"
MENU_ENTRY = LINUX / f"{APP_ID}.desktop"
AUTOSTART_ENTRY = LINUX / "autostart" / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
HICOLOR = LINUX / "icons" / "hicolor"
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def load_script(name: str) -> ModuleType:
    """Import one of packaging/linux's scripts (they are scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(name.replace("-", "_"), LINUX / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def validate_desktop(path: Path) -> subprocess.CompletedProcess[str]:
    tool = require_tool("desktop-file-validate", "desktop-file-utils")
    return subprocess.run(
        [tool, str(path)], capture_output=True, text=True, check=False, timeout=30
    )


@pytest.mark.parametrize("entry", [MENU_ENTRY, AUTOSTART_ENTRY], ids=["menu", "autostart"])
def test_desktop_entries_pass_desktop_file_validate(entry: Path) -> None:
    proc = validate_desktop(entry)
    # the tool prints hints and errors; a clean file gets neither
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not proc.stdout.strip(), proc.stdout


def test_the_app_names_itself_by_the_installed_desktop_file() -> None:
    # Qt's setDesktopFileName, the notifications' desktop-entry hint and the autostart entry
    # use this one constant; the desktop finds the app by it only if the file has that name.
    from deskstretch import DESKTOP_ID
    from deskstretch.platform import autostart
    from deskstretch.platform.notify_freedesktop import DESKTOP_ENTRY

    assert DESKTOP_ID == APP_ID
    assert DESKTOP_ENTRY == APP_ID
    assert autostart.APP_ID == APP_ID
    assert MENU_ENTRY.is_file()


def test_a_broken_entry_fails_validation(tmp_path: Path) -> None:
    # proves the validator really checks: a missing Name is an error
    bad = tmp_path / f"{APP_ID}.desktop"
    bad.write_text("[Desktop Entry]\nType=Application\nExec=deskstretch\n", encoding="utf-8")
    assert validate_desktop(bad).returncode != 0


def test_desktop_entries_are_generated_from_the_template() -> None:
    proc = subprocess.run(
        [sys.executable, str(LINUX / "make-desktop-files.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr


def test_menu_and_autostart_entries_differ_only_in_login_keys() -> None:
    gen = load_script("make-desktop-files")
    menu = gen.parse(MENU_ENTRY.read_text(encoding="utf-8"))
    auto = gen.parse(AUTOSTART_ENTRY.read_text(encoding="utf-8"))
    assert {k: v for k, v in auto.items() if k not in menu} == {
        "NoDisplay": "true",
        "X-GNOME-Autostart-enabled": "true",
        "X-GNOME-Autostart-Delay": "5",
        "X-KDE-autostart-after": "panel",
    }
    assert {k: auto[k] for k in menu} == menu
    assert menu["Exec"] == "deskstretch"
    assert menu["Icon"] == APP_ID
    assert menu["Terminal"] == "false"


def app_autostart_entry(tmp_path: Path) -> Path:
    """What the app writes when the user turns on "Start at login"."""
    adapter = XdgAutostart(config_home=tmp_path / "config", command=["deskstretch"])
    adapter.enable()
    assert adapter.is_enabled()
    return adapter.path


def test_the_apps_own_autostart_entry_validates(tmp_path: Path) -> None:
    proc = validate_desktop(app_autostart_entry(tmp_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_apps_own_autostart_entry_starts_the_same_program(tmp_path: Path) -> None:
    gen = load_script("make-desktop-files")
    written = gen.parse(app_autostart_entry(tmp_path).read_text(encoding="utf-8"))
    reference = gen.parse(AUTOSTART_ENTRY.read_text(encoding="utf-8"))
    for key in ("Type", "Name", "Exec", "Terminal", "X-GNOME-Autostart-enabled"):
        assert written.get(key) == reference[key], key


def test_the_apps_own_autostart_entry_uses_the_installed_icon_and_id(tmp_path: Path) -> None:
    gen = load_script("make-desktop-files")
    path = app_autostart_entry(tmp_path)
    assert path.name == f"{APP_ID}.desktop"
    assert gen.parse(path.read_text(encoding="utf-8"))["Icon"] == APP_ID


def test_metainfo_passes_appstreamcli_validate() -> None:
    tool = require_tool("appstreamcli", "appstream")
    proc = subprocess.run(
        [tool, "validate", "--no-net", "--no-color", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # errors and warnings fail; infos (e.g. a tag newer than this appstream) are allowed
    kinds = {line[:2] for line in proc.stdout.splitlines()}
    assert not kinds & {"E:", "W:"}, proc.stdout


def test_metainfo_points_at_the_desktop_entry_icon_and_screenshot() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == MENU_ENTRY.name
    assert root.findtext("icon") == APP_ID
    shots = [i.text or "" for i in root.iter("image")]
    assert shots
    assert all(s.startswith("https://") and s.endswith(".png") for s in shots)
    release = next(root.iter("release"))
    assert release.find("description") is not None, "the newest release has no notes"


def test_hicolor_has_the_svg_master_and_every_png_size() -> None:
    master = ROOT / "deskstretch" / "data" / "icons" / "deskstretch.svg"
    assert (HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg").read_bytes() == master.read_bytes()
    for size in PNG_SIZES:
        png = HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert pngcheck.size(png) == (size, size), png


def test_hicolor_pngs_are_rendered_from_the_current_svg() -> None:
    # re-renders with Qt in a subprocess and compares pixels: a changed SVG fails until regenerated
    proc = subprocess.run(
        [sys.executable, str(LINUX / "make-icons.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert proc.returncode == 0, proc.stderr


def test_installer_icons_hold_every_size(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(LINUX / "make-icons.py"), "--out", str(tmp_path), "--installers"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    ico = (tmp_path / "deskstretch.ico").read_bytes()
    assert ico[:4] == b"\0\0\1\0"
    assert int.from_bytes(ico[4:6], "little") == 6
    icns = (tmp_path / "DeskStretch.icns").read_bytes()
    assert icns[:4] == b"icns"
    assert int.from_bytes(icns[4:8], "big") == len(icns)
    assert b"ic09" in icns  # the 512 px element Finder uses for large icons
