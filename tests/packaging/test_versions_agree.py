"""One version everywhere: ``deskstretch.__version__`` is the source; ``--version``, the wheel, the
AppStream release and the CHANGELOG must say the same, or users see two numbers for one release."""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

import deskstretch
from tests.packaging.conftest import APP_ID, ROOT

METAINFO = ROOT / "packaging" / "linux" / f"{APP_ID}.metainfo.xml"
CHANGELOG = ROOT / "CHANGELOG.md"
RELEASE_HEADING = re.compile(r"^## \[(\d+\.\d+\.\d+[^\]]*)\] - (\d{4}-\d{2}-\d{2})$")


def changelog_releases() -> list[tuple[str, str]]:
    """(version, date) of every release heading, newest first."""
    return [
        (m.group(1), m.group(2))
        for line in CHANGELOG.read_text(encoding="utf-8").splitlines()
        if (m := RELEASE_HEADING.match(line))
    ]


def metainfo_releases() -> list[tuple[str, str]]:
    root = ET.parse(METAINFO).getroot()
    return [(r.get("version", ""), r.get("date", "")) for r in root.iter("release")]


def test_the_changelog_newest_release_is_the_package_version() -> None:
    releases = changelog_releases()
    assert releases, "CHANGELOG.md has no '## [X.Y.Z] - YYYY-MM-DD' heading"
    assert releases[0][0] == deskstretch.__version__


def test_the_changelog_follows_keep_a_changelog() -> None:
    text = CHANGELOG.read_text(encoding="utf-8")
    assert "## [Unreleased]" in text
    assert "keepachangelog.com" in text
    sections = re.findall(r"^### (\w+)$", text, flags=re.M)
    assert sections, "no change-type sections"
    assert set(sections) <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
    # every release heading has its link reference at the bottom
    for version, _date in changelog_releases():
        assert re.search(rf"^\[{re.escape(version)}\]: https?://", text, flags=re.M), version


def test_the_appstream_newest_release_matches_the_changelog() -> None:
    releases = metainfo_releases()
    assert releases, "no <release> in the metainfo"
    # AppStream lists releases newest first, like the changelog
    assert releases[0] == changelog_releases()[0]


def test_version_flag_prints_the_package_version() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "deskstretch", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"DeskStretch {deskstretch.__version__}"


@pytest.mark.slow
def test_the_wheel_and_sdist_carry_the_package_version(built_dist: Path) -> None:
    version = deskstretch.__version__
    wheel = built_dist / f"deskstretch-{version}-py3-none-any.whl"
    sdist = built_dist / f"deskstretch-{version}.tar.gz"
    assert wheel.exists(), sorted(p.name for p in built_dist.iterdir())
    assert sdist.exists(), sorted(p.name for p in built_dist.iterdir())
    with zipfile.ZipFile(wheel) as zf:
        meta = Parser().parsestr(zf.read(f"deskstretch-{version}.dist-info/METADATA").decode())
    assert meta["Version"] == version
    with tarfile.open(sdist) as tf:
        member = tf.extractfile(f"deskstretch-{version}/PKG-INFO")
        assert member is not None
        assert Parser().parsestr(member.read().decode())["Version"] == version


def test_no_file_hard_codes_another_version() -> None:
    # the spec, the Windows installer and the Flatpak manifest take the version from the package
    for path in [
        ROOT / "packaging" / "pyinstaller" / "deskstretch.spec",
        ROOT / "packaging" / "windows" / "deskstretch.iss",
        ROOT / "packaging" / "flatpak" / f"{APP_ID}.yml",
        ROOT / "packaging" / "build.sh",
    ]:
        text = path.read_text(encoding="utf-8")
        assert deskstretch.__version__ not in text, path
