"""The Flatpak manifest cannot be built here (no flatpak-builder, no KDE SDK).

It is parsed as YAML and checked for the keys, permissions and pinned sources a build needs. A
build on a machine with flatpak-builder is the real proof (see packaging/README.md).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.packaging.conftest import APP_ID, ROOT, load_yaml

MANIFEST = ROOT / "packaging" / "flatpak" / f"{APP_ID}.yml"
# exactly these: display, X11 shared memory, notifications and the tray; no network, no files
ALLOWED_FINISH_ARGS = {
    "--socket=wayland",
    "--socket=fallback-x11",
    "--share=ipc",
    "--talk-name=org.freedesktop.Notifications",
    "--talk-name=org.kde.StatusNotifierWatcher",
    "--own-name=org.kde.StatusNotifierItem-2-1",
}
WHEEL_URL = re.compile(
    r"^https://files\.pythonhosted\.org/packages/[0-9a-f/]+/"
    r"(?P<name>[A-Za-z0-9_]+)-(?P<version>[0-9][^-]*)-[^/]+\.whl$"
)


@pytest.fixture(scope="module")
def manifest(packaging_python: Path) -> dict[str, Any]:
    """The manifest as PyYAML reads it."""
    data: dict[str, Any] = load_yaml(packaging_python, MANIFEST)
    return data


def pinned_versions() -> dict[str, str]:
    """name -> version from requirements/constraints.txt (names normalised)."""
    pins = {}
    for line in (ROOT / "requirements" / "constraints.txt").read_text().splitlines():
        m = re.match(r"^([A-Za-z0-9_.-]+)==([^;\s]+)", line)
        if m:
            pins[re.sub(r"[-_.]+", "_", m.group(1)).lower()] = m.group(2)
    return pins


@pytest.mark.slow
def test_manifest_names_the_app_runtime_and_command(manifest: dict[str, Any]) -> None:
    assert manifest["id"] == APP_ID
    assert manifest["runtime"] == "org.kde.Platform"
    assert manifest["sdk"] == "org.kde.Sdk"
    assert str(manifest["runtime-version"]).startswith("6.")
    # PySide6 from the BaseApp of the same Qt line as the runtime
    assert manifest["base"] == "io.qt.PySide.BaseApp"
    assert str(manifest["base-version"]) == str(manifest["runtime-version"])
    assert manifest["command"] == "deskstretch"


@pytest.mark.slow
def test_manifest_asks_for_no_more_than_the_app_needs(manifest: dict[str, Any]) -> None:
    args = set(manifest["finish-args"])
    assert args == ALLOWED_FINISH_ARGS
    assert not any(
        a.startswith(("--filesystem", "--share=network", "--socket=session-bus")) for a in args
    )


@pytest.mark.slow
def test_python_dependencies_are_pinned_wheels_matching_the_lock(manifest: dict[str, Any]) -> None:
    pins = pinned_versions()
    seen = {}
    for module in manifest["modules"]:
        for source in module.get("sources", []):
            if source["type"] != "file":
                continue
            m = WHEEL_URL.match(source["url"])
            assert m, source["url"]
            assert re.fullmatch(r"[0-9a-f]{64}", source["sha256"]), source
            seen[m.group("name").lower()] = m.group("version")
    runtime = {"apscheduler", "tzlocal", "plyer", "platformdirs", "tomli_w", "jeepney"}
    assert runtime <= set(seen), runtime - set(seen)
    for name in runtime:
        assert seen[name] == pins[name], f"{name}: manifest {seen[name]}, constraints {pins[name]}"


@pytest.mark.slow
def test_the_app_module_installs_entry_metainfo_and_icons_that_exist(
    manifest: dict[str, Any],
) -> None:
    app = manifest["modules"][-1]
    assert app["name"] == "deskstretch"
    commands = "\n".join(app["build-commands"]).replace("${FLATPAK_ID}", APP_ID)
    for rel in re.findall(r"(packaging/linux/\S+)", commands):
        assert (ROOT / rel).exists(), rel
    assert "share/applications" in commands
    assert "share/metainfo" in commands
    assert "icons/hicolor" in commands
    assert "--no-deps" in commands  # PySide6 must come from the BaseApp, not a second Qt
    source_dir = (MANIFEST.parent / app["sources"][0]["path"]).resolve()
    assert source_dir == ROOT
