"""The hosted-CI workflow: it cannot run here, so it is parsed and checked for what the project
promises: the Linux job runs the same test command as .ci/run, and every OS builds its bundle."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.packaging.conftest import ROOT, load_yaml

pytestmark = pytest.mark.slow

WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"


@pytest.fixture(scope="module")
def workflow(packaging_python: Path) -> dict[str, Any]:
    data: dict[str, Any] = load_yaml(packaging_python, WORKFLOW)
    return data


def commands(job: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_linux_runs_the_projects_test_command_and_builds_both_artefacts(
    workflow: dict[str, Any],
) -> None:
    linux = workflow["jobs"]["linux"]
    assert "bookworm" in linux["container"]  # the Debian 12 the suite is written for
    run = commands(linux)
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    assert "make test" in run
    assert "packaging/build.sh wheel" in run
    assert "packaging/build.sh bundle" in run
    # the validators the desktop-file tests need
    assert "desktop-file-utils" in run
    assert "appstream" in run


def test_windows_and_macos_test_a_subset_and_build_their_packages(
    workflow: dict[str, Any],
) -> None:
    job = workflow["jobs"]["desktop"]
    oses = job["strategy"]["matrix"]["os"]
    assert any(o.startswith("windows") for o in oses)
    assert any(o.startswith("macos") for o in oses)
    run = commands(job)
    assert "-m pytest" in run
    assert "packaging/build.sh bundle" in run
    assert "packaging/windows/deskstretch.iss" in run
    assert "packaging/build.sh dmg" in run
    # every path the subset names exists (a renamed test file must not silently drop out)
    for token in run.split():
        if token.startswith("tests/"):
            assert (ROOT / token).exists(), token
