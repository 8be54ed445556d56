"""``deskstretch routines check | add | list | remove | export`` and ``preview FILE``.

Every test runs with the per-user folders in its own temporary folder (tests/conftest.py), so
``routines_dir()`` is empty at the start. The running app is a fake client, or none.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from deskstretch.app import cli
from deskstretch.platform.paths import routines_dir
from tests.e2e.test_routines_e2e import ROUTINE, ROUTINE_ID, ROUTINE_NAME


class Run:
    """Runs the CLI as a user would, with a fake running app (or none)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.replies: list[dict[str, Any] | None] = []
        self.asked: list[str] = []
        self.app_ids: list[str] | None = None  # None: no app running

        def client(cmd: str, args: dict[str, Any] | None = None) -> dict[str, Any] | None:
            self.asked.append(cmd)
            if self.app_ids is None:
                return None
            return {"ok": True, "result": {"ids": list(self.app_ids), "message": "ok"}}

        monkeypatch.setattr(cli, "_client", client)

    def __call__(self, *argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = cli.main(list(argv), out=out, err=err)
        return code, out.getvalue(), err.getvalue()


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Run:
    return Run(monkeypatch)


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "shrug.toml"
    path.write_text(ROUTINE)
    return path


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.toml"
    text = ROUTINE.replace("hold = 1\n", "hold = 0\n").replace(
        'hold = "Hold them up and breathe."\n', ""
    )
    path.write_text(text)
    return path


def _installed() -> list[str]:
    folder = routines_dir()
    return sorted(p.name for p in folder.glob("*.toml")) if folder.is_dir() else []


def test_check_a_good_file(run: Run, good: Path) -> None:
    code, out, _ = run("routines", "check", str(good))
    assert code == 0
    assert out.startswith(f"{good}: fine: {ROUTINE_NAME} ({ROUTINE_ID}), ")
    assert out.rstrip().endswith("key poses")
    assert _installed() == []


def test_check_reports_every_problem_with_the_file_and_exits_2(run: Run, broken: Path) -> None:
    code, out, _ = run("routines", "check", str(broken))
    assert code == 2
    problems = [line for line in out.splitlines() if line.startswith(f"{broken}:")]
    assert any("timing.hold" in line for line in problems), out
    assert any("text.steps.hold" in line for line in problems), out
    hold_line = next(line for line in problems if "timing.hold" in line)
    assert hold_line.split(":")[1].isdigit()  # the line of the mistake
    assert _installed() == []


def test_check_a_missing_file(run: Run, tmp_path: Path) -> None:
    code, out, _ = run("routines", "check", str(tmp_path / "nope.toml"))
    assert code == 2
    assert "no such file" in out


def test_add_installs_it_and_says_the_app_is_not_running(run: Run, good: Path) -> None:
    code, out, err = run("routines", "add", str(good))
    assert code == 0, err
    assert _installed() == [f"{ROUTINE_ID}.toml"]
    assert (routines_dir() / f"{ROUTINE_ID}.toml").read_text() == ROUTINE
    assert "DeskStretch is not running; it will offer it when it starts." in out
    code, listed, _ = run("list-stretches")
    line = next(x for x in listed.splitlines() if x.startswith(ROUTINE_ID))
    assert "desk" in line
    assert "[yours]" in line
    assert "[yours]" not in next(x for x in listed.splitlines() if x.startswith("camel"))


def test_add_tells_the_running_app_and_says_what_it_did(run: Run, good: Path) -> None:
    run.app_ids = ["camel", ROUTINE_ID]
    code, out, _ = run("routines", "add", str(good))
    assert code == 0
    assert run.asked == ["reload-stretches"]
    assert "The running DeskStretch now offers it." in out


def test_add_does_not_claim_the_app_offers_what_it_skipped(run: Run, good: Path) -> None:
    run.app_ids = ["camel"]
    code, out, err = run("routines", "add", str(good))
    assert code == 0
    assert "now offers it" not in out
    assert "does not offer it" in err


def test_add_refuses_a_broken_file(run: Run, broken: Path) -> None:
    code, _, err = run("routines", "add", str(broken))
    assert code == 2
    assert "Nothing was installed" in err
    assert _installed() == []
    assert run.asked == []


def test_add_refuses_a_built_in_id(run: Run, tmp_path: Path) -> None:
    exported = tmp_path / "camel.toml"
    assert run("routines", "export", "camel", str(exported))[0] == 0
    code, _, err = run("routines", "add", str(exported))
    assert code == 2
    assert "built-in" in err
    assert _installed() == []


def test_add_twice_needs_replace(run: Run, good: Path) -> None:
    assert run("routines", "add", str(good))[0] == 0
    good.write_text(ROUTINE.replace(ROUTINE_NAME, "Shrug, version 2"))
    code, _, err = run("routines", "add", str(good))
    assert code == 2
    assert "already installed" in err
    assert "--replace" in err
    assert ROUTINE_NAME in (routines_dir() / f"{ROUTINE_ID}.toml").read_text()
    code, out, _ = run("routines", "add", "--replace", str(good))
    assert code == 0
    assert out.startswith("Replaced Shrug, version 2")
    assert _installed() == [f"{ROUTINE_ID}.toml"]
    assert "Shrug, version 2" in (routines_dir() / f"{ROUTINE_ID}.toml").read_text()


def test_list_shows_the_folder_the_routines_and_a_broken_file(
    run: Run, good: Path, broken: Path
) -> None:
    code, out, _ = run("routines", "list")
    assert code == 0
    assert str(routines_dir()) in out
    assert "none yet" in out
    run("routines", "add", str(good))
    (routines_dir() / "broken.toml").write_text(broken.read_text())
    code, out, _ = run("routines", "list")
    assert code == 0
    mine = next(x for x in out.splitlines() if ROUTINE_ID in x)
    assert ROUTINE_NAME in mine
    assert f"{ROUTINE_ID}.toml" in mine
    assert "Skipped" in out
    assert any("broken.toml" in x and "timing.hold" in x for x in out.splitlines())
    code, listed, err = run("list-stretches")  # the good one still loads
    assert code == 0
    assert ROUTINE_ID in listed
    assert "broken.toml" in err


def test_remove_a_users_routine(run: Run, good: Path) -> None:
    run("routines", "add", str(good))
    run.app_ids = ["camel"]
    code, out, _ = run("routines", "remove", ROUTINE_ID)
    assert code == 0
    assert _installed() == []
    assert "The running DeskStretch no longer offers it." in out
    code, _, err = run("routines", "remove", ROUTINE_ID)
    assert code == 2
    assert "no routine of yours" in err


def test_remove_refuses_a_built_in_stretch(run: Run) -> None:
    code, _, err = run("routines", "remove", "camel")
    assert code == 2
    assert "is built in; turn it off in Preferences or `deskstretch config`" in err


def test_export_round_trips_through_check(run: Run, tmp_path: Path, good: Path) -> None:
    code, text, _ = run("routines", "export", "camel")
    assert code == 0
    target = tmp_path / "camel-copy.toml"
    target.write_text(text.replace('id = "camel"', 'id = "my-camel"'))
    code, out, _ = run("routines", "check", str(target))
    assert code == 0, out
    assert "(my-camel)" in out
    run("routines", "add", str(good))
    mine = tmp_path / "mine.toml"
    assert run("routines", "export", ROUTINE_ID, str(mine))[0] == 0
    code, out, _ = run("routines", "check", str(mine))
    assert code == 0, out
    assert f"{ROUTINE_NAME} ({ROUTINE_ID})" in out


def test_export_of_an_unknown_id(run: Run) -> None:
    code, _, err = run("routines", "export", "nope")
    assert code == 2
    assert "unknown stretch" in err


@pytest.mark.gui
def test_preview_renders_a_file_and_refuses_a_broken_one(
    qapp: QApplication,
    run: Run,
    good: Path,
    broken: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out_dir = tmp_path / "frames"
    code, _, _ = run("preview", str(good), "--out", str(out_dir), "--size", "160x120", "--fps", "2")
    assert code == 0
    assert (out_dir / "contact-sheet.png").is_file()
    assert list(out_dir.glob("frame-*.png"))
    bad_dir = tmp_path / "bad"
    code, _, _ = run("preview", str(broken), "--out", str(bad_dir))
    assert code == 2
    assert "timing.hold" in capsys.readouterr().err
    assert not bad_dir.exists()


def test_remove_takes_it_out_of_the_users_stretch_lists(run: Run, good: Path) -> None:
    run("routines", "add", str(good))
    code, _, err = run("config", "set", "stretches.enabled", f"camel,{ROUTINE_ID}")
    assert code == 0, err
    code, out, _ = run("routines", "remove", ROUTINE_ID)
    assert code == 0
    assert "out of your stretch lists" in out
    code, value, _ = run("config", "get", "stretches.enabled")
    assert code == 0
    assert value.strip() == "camel"
    assert "reload-settings" in run.asked
