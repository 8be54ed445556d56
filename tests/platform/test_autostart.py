"""Start at login: real files on Linux, the registry and launchd through their adapters."""

from __future__ import annotations

import configparser
import plistlib
import sys
from pathlib import Path

import pytest

from deskstretch.platform import autostart
from deskstretch.platform.autostart import (
    AutostartError,
    LaunchAgentAutostart,
    NullAutostart,
    WindowsRunKeyAutostart,
    XdgAutostart,
    pick_autostart,
)
from tests.helpers.settings_doubles import FakeRunKey


class _CaseKeepingParser(configparser.ConfigParser):
    """Desktop-entry keys are case-sensitive (``Exec``, ``X-GNOME-Autostart-enabled``)."""

    def optionxform(self, optionstr: str) -> str:
        return optionstr


def _desktop_entry(path: Path) -> dict[str, str]:
    parser = _CaseKeepingParser(interpolation=None)
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def _exec_argv(line: str) -> list[str]:
    """Split an ``Exec`` value by the desktop-entry quoting rules (what a launcher runs).

    Arguments are separated by unquoted spaces; inside double quotes a backslash escapes
    ``"``, the backquote, ``$`` and ``\\``; ``%%`` is a literal ``%``. The inverse of
    ``autostart._desktop_exec``.
    """
    argv: list[str] = []
    arg: list[str] = []
    started = quoted = False
    i = 0
    while i < len(line):
        c = line[i]
        if quoted and c == "\\" and i + 1 < len(line) and line[i + 1] in '"`$\\':
            arg.append(line[i + 1])
            i += 1
        elif c == '"':
            quoted = not quoted
            started = True
        elif c == " " and not quoted:
            if started:
                argv.append("".join(arg))
            arg, started = [], False
        else:
            arg.append(c)
            started = True
        i += 1
    assert not quoted, f"unterminated quote in {line!r}"
    if started:
        argv.append("".join(arg))
    return [a.replace("%%", "%") for a in argv]


def test_linux_entry_is_created_in_the_xdg_autostart_folder(isolated_user_dirs: Path) -> None:
    auto = pick_autostart("linux")
    assert isinstance(auto, XdgAutostart)
    expected = (
        isolated_user_dirs / ".config" / "autostart" / "io.github.deskstretch.DeskStretch.desktop"
    )
    assert not expected.exists()  # nothing exists until the user turns it on
    assert not auto.is_enabled()
    auto.enable()
    assert expected.is_file()
    entry = _desktop_entry(expected)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "DeskStretch"
    assert _exec_argv(entry["Exec"]) == autostart.launch_command()
    assert _exec_argv(entry["Exec"])[0] in ("deskstretch", sys.executable)
    assert auto.is_enabled()
    auto.enable()  # twice is fine
    auto.disable()
    assert not expected.exists()
    assert not auto.is_enabled()
    auto.disable()  # and so is removing twice


def test_exec_line_without_an_installed_script_runs_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert autostart.launch_command() == [sys.executable, "-m", "deskstretch"]
    script_dir = tmp_path / "bin"
    script_dir.mkdir()
    script = script_dir / "deskstretch"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(script_dir))
    assert autostart.launch_command() == ["deskstretch"]
    assert autostart.launch_command(absolute=True) == [str(script)]


def test_exec_line_quotes_paths_with_spaces(tmp_path: Path) -> None:
    auto = XdgAutostart(tmp_path, command=["/opt/Desk Stretch/python", "-m", "deskstretch"])
    auto.enable()
    assert _desktop_entry(auto.path)["Exec"] == '"/opt/Desk Stretch/python" -m deskstretch'


def test_exec_line_runs_the_interpreter_of_a_venv_whose_path_needs_quoting(
    isolated_user_dirs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    odd = '/home/a user/it\'s "my" $venv 100%/bin/python\\3'
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no deskstretch script: the interpreter
    monkeypatch.setattr(sys, "executable", odd)
    auto = pick_autostart("linux")
    auto.enable()
    assert isinstance(auto, XdgAutostart)
    assert _exec_argv(_desktop_entry(auto.path)["Exec"]) == [odd, "-m", "deskstretch"]


def test_entry_switched_off_by_the_desktop_counts_as_disabled(tmp_path: Path) -> None:
    auto = XdgAutostart(tmp_path, command=["deskstretch"])
    auto.enable()
    text = auto.path.read_text().replace(
        "X-GNOME-Autostart-enabled=true", "X-GNOME-Autostart-enabled=false"
    )
    auto.path.write_text(text)
    assert not auto.is_enabled()
    auto.path.write_text(text.replace("=false", "=true") + "Hidden=true\n")
    assert not auto.is_enabled()


def test_unwritable_autostart_folder_raises_a_sentence(tmp_path: Path) -> None:
    blocker = tmp_path / "config"
    blocker.write_text("a file, not a folder")
    with pytest.raises(AutostartError, match="Could not create"):
        XdgAutostart(blocker, command=["deskstretch"]).enable()


def test_windows_run_key_holds_the_command() -> None:
    key = FakeRunKey()
    auto = WindowsRunKeyAutostart(
        key, command=[r"C:\Program Files\Python\python.exe", "-m", "deskstretch"]
    )
    assert not auto.is_enabled()
    auto.enable()
    # pythonw: no console window at login; quoted because of the space.
    assert key.values == {"DeskStretch": r'"C:\Program Files\Python\pythonw.exe" -m deskstretch'}
    assert auto.is_enabled()
    auto.disable()
    assert key.values == {}
    assert not auto.is_enabled()


def test_windows_registry_error_becomes_a_sentence() -> None:
    class DeniedKey(FakeRunKey):
        def set(self, name: str, command: str) -> None:
            raise PermissionError("access denied")

    with pytest.raises(AutostartError, match="startup apps"):
        WindowsRunKeyAutostart(DeniedKey(), command=["deskstretch"]).enable()


def test_macos_launch_agent_plist(tmp_path: Path) -> None:
    auto = LaunchAgentAutostart(tmp_path / "LaunchAgents", command=["/usr/local/bin/deskstretch"])
    assert not auto.is_enabled()
    auto.enable()
    with auto.path.open("rb") as fh:
        data = plistlib.load(fh)
    assert data["Label"] == "org.deskstretch.DeskStretch"
    assert data["ProgramArguments"] == ["/usr/local/bin/deskstretch"]
    assert data["RunAtLoad"] is True
    assert auto.is_enabled()
    auto.disable()
    assert not auto.path.exists()


def test_pick_autostart_per_platform() -> None:
    assert isinstance(pick_autostart("win32"), WindowsRunKeyAutostart)
    assert isinstance(pick_autostart("darwin"), LaunchAgentAutostart)
    assert isinstance(pick_autostart("freebsd14"), XdgAutostart)
    null = pick_autostart("haiku")
    assert isinstance(null, NullAutostart)
    assert not null.is_enabled()
    with pytest.raises(AutostartError, match="not supported"):
        null.enable()
