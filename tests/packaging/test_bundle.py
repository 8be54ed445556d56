"""The standalone app (PyInstaller one-folder bundle) works without Python or the checkout.

It prints its version, renders a stretch offscreen, and runs as a tray app on a real X server with
a tray host until asked to quit. It also stays lean: only the Qt parts the app uses are inside.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import deskstretch
from tests.helpers.app_process import AppProcess, app_env
from tests.helpers.wait import wait_until
from tests.packaging.conftest import BUNDLE_DIR, clean_env, require_tool
from tests.packaging.pngcheck import assert_frames_show_a_moving_figure

pytestmark = pytest.mark.slow

QT = BUNDLE_DIR / "_internal" / "PySide6" / "Qt"
# a guard, not a target: the bundle measured 119 MB (Qt Core/Gui/Widgets and ICU are most of it)
MAX_BUNDLE_MB = 150


def run_bundle(exe: Path, *args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(exe), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        cwd=cwd,
        env=clean_env(**env),
    )


def test_the_bundle_prints_the_package_version(bundle_exe: Path, tmp_path: Path) -> None:
    proc = run_bundle(bundle_exe, "--version", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"DeskStretch {deskstretch.__version__}"


def test_the_bundle_renders_a_stretch_offscreen(bundle_exe: Path, tmp_path: Path) -> None:
    out = tmp_path / "frames"
    proc = run_bundle(
        bundle_exe,
        "preview",
        "hip-flexor",
        "--out",
        str(out),
        "--fps",
        "2",
        cwd=tmp_path,
        QT_QPA_PLATFORM="offscreen",
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert_frames_show_a_moving_figure(out)


def test_the_bundle_holds_only_the_qt_the_app_uses(bundle_exe: Path) -> None:
    libs = {p.name for p in (BUNDLE_DIR / "_internal").glob("libQt6*")}
    modules = {p.name.split(".")[0] for p in (BUNDLE_DIR / "_internal" / "PySide6").glob("Qt*.so")}
    # QtDBus: PyInstaller's hook follows libQt6Gui's link to libQt6DBus (the app uses jeepney).
    assert modules == {"QtCore", "QtGui", "QtWidgets", "QtSvg", "QtNetwork", "QtDBus"}
    for unwanted in ("Qml", "Quick", "WebEngine", "Pdf", "Multimedia", "3D", "Charts", "OpenGL"):
        assert not any(unwanted in name for name in libs), (unwanted, sorted(libs))
    plugins = {f"{p.parent.name}/{p.name}" for p in (QT / "plugins").glob("*/*.so")}
    for needed in (
        "platforms/libqxcb.so",
        "platforms/libqoffscreen.so",
        "platforms/libqwayland.so",
        "imageformats/libqsvg.so",
        "iconengines/libqsvgicon.so",
    ):
        assert needed in plugins, needed
    assert "platformthemes/libqgtk3.so" not in plugins
    assert not any(p.startswith(("sqldrivers/", "multimedia/", "qmltooling/")) for p in plugins)
    assert not (QT / "translations").exists() or not any((QT / "translations").iterdir())
    size = sum(p.stat().st_size for p in BUNDLE_DIR.rglob("*") if p.is_file())
    assert size < MAX_BUNDLE_MB * 1024 * 1024, f"bundle grew to {size / 2**20:.0f} MB"


def test_the_bundle_carries_the_runtime_data(bundle_exe: Path) -> None:
    src = Path(deskstretch.__file__).parent / "data"
    dst = BUNDLE_DIR / "_internal" / "deskstretch" / "data"
    for path in src.rglob("*"):
        if path.is_file():
            assert (dst / path.relative_to(src)).read_bytes() == path.read_bytes(), path


def test_install_sh_puts_the_app_in_the_menu_and_uninstall_removes_it(
    bundle_exe: Path, tmp_path: Path
) -> None:
    prefix = tmp_path / "home" / ".local"
    app_id = "io.github.deskstretch.DeskStretch"
    done = subprocess.run(
        ["sh", str(BUNDLE_DIR / "install.sh")],
        env=clean_env(PREFIX=str(prefix)),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    entry = prefix / "share" / "applications" / f"{app_id}.desktop"
    exe = prefix / "lib" / "deskstretch" / "deskstretch"
    assert f"Exec={exe}\n" in entry.read_text()
    validator = require_tool("desktop-file-validate", "desktop-file-utils")
    checked = subprocess.run([validator, str(entry)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout
    assert (prefix / "share" / "icons" / "hicolor" / "scalable" / "apps" / f"{app_id}.svg").exists()
    assert (prefix / "share" / "metainfo" / f"{app_id}.metainfo.xml").exists()
    version = run_bundle(prefix / "bin" / "deskstretch", "--version", cwd=tmp_path)
    assert version.stdout.strip() == f"DeskStretch {deskstretch.__version__}", version.stderr

    gone = subprocess.run(
        ["sh", str(exe.parent / "install.sh"), "--uninstall"],
        env=clean_env(PREFIX=str(prefix)),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert gone.returncode == 0, gone.stderr
    # the desktop's shared caches (mimeinfo.cache, icon-theme.cache) stay; they list what is there
    left = [
        p for p in prefix.rglob("*") if (p.is_file() or p.is_symlink()) and p.suffix != ".cache"
    ]
    assert left == [], left


class BundleProcess(AppProcess):
    """The lead's AppProcess, driving the bundle's binary instead of ``python -m deskstretch``."""

    def __init__(self, exe: Path, env: dict[str, str], workdir: Path) -> None:
        super().__init__(env, workdir)
        self.exe = exe

    def start(self, *extra: str) -> BundleProcess:
        with self.stderr_path.open("ab") as err:
            self.proc = subprocess.Popen(
                [str(self.exe), "--verbose", *extra],
                env=self.env,
                stdout=err,
                stderr=err,
                cwd=self.workdir,
            )
        self.wait_until_ready()
        return self

    def cli(self, *args: str, timeout: float = 20) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.exe), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


@pytest.fixture
def bundled_app(bundle_exe: Path, desktop: Any, tmp_path: Path) -> Iterator[BundleProcess]:
    env = app_env(desktop.env())
    env.pop("PYTHONPATH", None)  # the bundle must not need the checkout
    proc = BundleProcess(bundle_exe, env, tmp_path)
    yield proc.start()
    proc.close()


def tray_icon_windows(desktop: Any) -> list[str]:
    out = subprocess.run(
        ["xwininfo", "-children", "-id", str(desktop.tray_window_id())],
        env=desktop.env(),
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return [line for line in out.splitlines() if line.strip().startswith("0x")]


def test_the_bundle_runs_in_the_tray_and_quits_cleanly(
    bundled_app: BundleProcess, desktop: Any
) -> None:
    wait_until(
        lambda: tray_icon_windows(desktop),
        10,
        what="an icon inside the tray host",
        interval=0.1,
        details=bundled_app.log,
    )
    assert tray_icon_windows(desktop), f"no icon inside the tray host\n{bundled_app.log()}"
    status = bundled_app.status()
    assert status["state"] == "active"
    tray = next(c for c in status["capabilities"] if c["name"] == "tray")
    assert tray["available"] is True
    done = bundled_app.cli("quit")
    assert done.returncode == 0, done.stderr
    # a generous correctness bound (it ends, with code 0); quitting speed is not measured here
    assert bundled_app.wait_exit(timeout=15) == 0, bundled_app.log()
    assert bundled_app.cli("status").returncode == 3
    assert "Traceback" not in bundled_app.log()
