"""The wheel is what pip users get: built from the checkout, installed into a fresh venv, it must
carry every runtime file and run the app from the installed copy, not from the source tree."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

import deskstretch
from tests.packaging.conftest import ROOT, clean_env
from tests.packaging.pngcheck import assert_frames_show_a_moving_figure

pytestmark = pytest.mark.slow

DATA = ROOT / "deskstretch" / "data"


def data_files() -> list[str]:
    return sorted(
        str(p.relative_to(ROOT))
        for p in DATA.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )


def wheel_path(dist: Path) -> Path:
    return dist / f"deskstretch-{deskstretch.__version__}-py3-none-any.whl"


def test_the_wheel_carries_the_catalogue_icons_and_sounds_unchanged(built_dist: Path) -> None:
    files = data_files()
    assert any(f.endswith("stretches/index.toml") for f in files)
    assert any(f.endswith("stretches/hip-flexor.toml") for f in files)
    assert any(f.endswith(".svg") for f in files)
    assert any(f.endswith(".wav") for f in files)
    with zipfile.ZipFile(wheel_path(built_dist)) as zf:
        for rel in files:
            assert zf.read(rel) == (ROOT / rel).read_bytes(), rel
        entry_points = zf.read(f"deskstretch-{deskstretch.__version__}.dist-info/entry_points.txt")
    assert b"deskstretch = deskstretch.app.main:main" in entry_points


def test_the_sdist_carries_the_runtime_data(built_dist: Path) -> None:
    prefix = f"deskstretch-{deskstretch.__version__}/"
    with tarfile.open(built_dist / f"deskstretch-{deskstretch.__version__}.tar.gz") as tf:
        names = set(tf.getnames())
    missing = [rel for rel in data_files() if prefix + rel not in names]
    assert not missing


@pytest.fixture(scope="module")
def installed(
    built_dist: Path, tmp_path_factory: pytest.TempPathFactory, build_env: dict[str, str]
) -> Path:
    """A new venv with the wheel installed (no deps).

    The pinned runtime deps are .venv's, reached through a plain path in a .pth file, so .venv's
    editable install of the checkout is NOT active.
    """
    venv = tmp_path_factory.mktemp("wheel-venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()
    Path(site, "_runtime_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--disable-pip-version-check",
            str(wheel_path(built_dist)),
        ],
        check=True,
        timeout=300,
        env=clean_env(**build_env),  # a module fixture: before the test's own HOME
    )
    return venv


def run_installed(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(venv / "bin" / "deskstretch"), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        cwd=cwd,
        env=clean_env(QT_QPA_PLATFORM="offscreen"),
    )


def test_the_installed_app_is_the_wheel_not_the_checkout(installed: Path, tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            str(installed / "bin" / "python"),
            "-c",
            "import deskstretch; print(deskstretch.__file__)",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        cwd=tmp_path,
        env=clean_env(),
    )
    assert Path(proc.stdout.strip()).is_relative_to(installed), proc.stdout


def test_the_installed_command_prints_its_version(installed: Path, tmp_path: Path) -> None:
    proc = run_installed(installed, "--version", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"DeskStretch {deskstretch.__version__}"


def test_the_installed_app_renders_a_stretch_offscreen(installed: Path, tmp_path: Path) -> None:
    out = tmp_path / "frames"
    proc = run_installed(
        installed, "preview", "hip-flexor", "--out", str(out), "--fps", "2", cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert_frames_show_a_moving_figure(out)
