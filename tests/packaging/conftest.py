"""Fixtures of the packaging tests: the build venv, a freshly built wheel, the PyInstaller bundle.

Everything is built with ``packaging/build.sh``, the same script the Makefile and CI call, so the
tests prove the recipe the project ships, not a copy of it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD_SH = ROOT / "packaging" / "build.sh"
APP_ID = "io.github.deskstretch.DeskStretch"
PACKAGING_VENV = ROOT / "build" / "packaging-venv"
BUNDLE_DIR = ROOT / "build" / "pyinstaller" / "dist" / "deskstretch"
BUNDLE_EXE = BUNDLE_DIR / "deskstretch"
BUNDLE_STAMP = ROOT / "build" / "pyinstaller" / "bundle-inputs.sha256"


def tools_required() -> bool:
    """Under CI a missing packaging tool is a failure, locally a skip that names the package."""
    return bool(os.environ.get("CI")) or os.environ.get("DESKSTRETCH_REQUIRE_DESKTOP") == "1"


def require_tool(tool: str, apt_package: str) -> str:
    """The tool's path; skip (or fail under CI) naming the Debian package when it is missing."""
    path = shutil.which(tool)
    if path:
        return path
    why = f"{tool} not found (apt-get install {apt_package})"
    if tools_required():
        pytest.fail(why + "; CI is set, so this is an error")
    pytest.skip(why)


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for a built artefact: no PYTHONPATH, so the checkout cannot leak in; no
    PYINSTALLER_CONFIG_DIR, so build.sh keeps PyInstaller's cache in this checkout's build/."""
    dropped = ("PYTHONPATH", "PYTHONHOME", "PYINSTALLER_CONFIG_DIR")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(extra)
    return env


# Read at import, before any test's isolated_user_dirs: where pip finds its configuration.
_USER_CONFIG_HOME = (
    os.environ["XDG_CONFIG_HOME"]
    if os.path.isabs(os.environ.get("XDG_CONFIG_HOME", ""))
    else str(Path.home() / ".config")
)
_LEGACY_PIP_CONF = Path.home() / ".pip" / "pip.conf"


@pytest.fixture(scope="session")
def build_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """HOME and XDG_CACHE_HOME of this session for the builds (the session fixtures run before
    a test's own isolation): no tool writes the user's caches, which two checkouts building at
    once would share. pip keeps its configuration (index, certificates): XDG_CONFIG_HOME stays
    the user's, and a pip.conf in the old ~/.pip place is named in PIP_CONFIG_FILE."""
    home = tmp_path_factory.mktemp("build-home")
    env = {
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_CONFIG_HOME": _USER_CONFIG_HOME,
    }
    legacy_only = (
        _LEGACY_PIP_CONF.is_file() and not Path(_USER_CONFIG_HOME, "pip", "pip.conf").is_file()
    )
    if legacy_only and "PIP_CONFIG_FILE" not in os.environ:
        env["PIP_CONFIG_FILE"] = str(_LEGACY_PIP_CONF)
    return env


@contextlib.contextmanager
def build_lock() -> Iterator[None]:
    """One build at a time in this checkout: two pytest runs (a developer's and ``make test``)
    would otherwise share build/packaging-venv, setuptools' build/lib and PyInstaller's output."""
    if os.name != "posix":
        yield
        return
    import fcntl

    lock_path = ROOT / "build" / ".packaging-tests.lock"
    lock_path.parent.mkdir(exist_ok=True)
    with lock_path.open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def run_build(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``packaging/build.sh ARGS``; fails the test with the script's output if it fails."""
    with build_lock():
        proc = _run_build(*args, env=env)
    if proc.returncode != 0:
        pytest.fail(
            f"build.sh {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
        )
    return proc


def _run_build(*args: str, env: dict[str, str] | None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(BUILD_SH), *args],
        cwd=ROOT,
        env=clean_env(**(env or {})),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.fixture(scope="session")
def packaging_python(build_env: dict[str, str]) -> Path:
    """The build venv's interpreter (created once; pinned tools from requirements/packaging.txt)."""
    run_build("venv", env=build_env)
    python = PACKAGING_VENV / "bin" / "python"
    assert python.exists(), f"build.sh venv did not make {python}"
    return python


def load_yaml(packaging_python: Path, path: Path) -> Any:
    """``path`` parsed by PyYAML from the build venv (not a dependency of the app), via JSON."""
    proc = subprocess.run(
        [
            str(packaging_python),
            "-c",
            "import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 0, f"{path} is not valid YAML:\n{proc.stderr}"
    return json.loads(proc.stdout)


@pytest.fixture(scope="session")
def built_dist(tmp_path_factory: pytest.TempPathFactory, build_env: dict[str, str]) -> Path:
    """A folder with the sdist and the wheel, built from the checkout for this session."""
    out = tmp_path_factory.mktemp("dist")
    run_build("wheel", env={**build_env, "DIST_DIR": str(out)})
    return out


def _bundle_inputs_digest() -> str:
    """A hash over everything that goes into the bundle (sources, data, spec, pinned tools)."""
    digest = hashlib.sha256()
    files = sorted(
        p
        for p in [
            *(ROOT / "deskstretch").rglob("*"),
            *(ROOT / "packaging" / "pyinstaller").rglob("*"),
            *(ROOT / "packaging" / "linux").rglob("*"),
            BUILD_SH,
            ROOT / "requirements" / "packaging.txt",
            ROOT / "requirements" / "constraints.txt",
        ]
        if p.is_file() and "__pycache__" not in p.parts
    )
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="session")
def bundle_exe(build_env: dict[str, str]) -> Path:
    """The one-folder app, built into build/ once, and again only when an input changed."""
    if sys.platform != "linux":
        pytest.skip("the bundle tests drive the Linux build; CI builds the others without tests")
    with build_lock():
        wanted = _bundle_inputs_digest()
        stamp = BUNDLE_STAMP.read_text().strip() if BUNDLE_STAMP.exists() else ""
        if stamp != wanted or not BUNDLE_EXE.exists():
            BUNDLE_STAMP.unlink(missing_ok=True)
            proc = _run_build("bundle", env=build_env)
            if proc.returncode != 0:
                pytest.fail(f"build.sh bundle failed ({proc.returncode}):\n{proc.stderr}")
            BUNDLE_STAMP.write_text(wanted + "\n")
    assert BUNDLE_EXE.exists(), f"build.sh bundle did not make {BUNDLE_EXE}"
    return BUNDLE_EXE
