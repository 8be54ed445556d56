"""The bench records the commit it measured, and still runs where that cannot be told."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import __main__ as bench_main


def test_without_git_installed_the_commit_is_unknown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert bench_main._git_state() == {"head": "unknown", "dirty": "unknown"}


def test_outside_a_git_checkout_the_commit_is_unknown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    monkeypatch.setattr(bench_main, "REPO", tmp_path)
    assert bench_main._git_state() == {"head": "unknown", "dirty": "unknown"}
