"""The command line: grammar, exit codes and messages (no running instance needed)."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from deskstretch import __version__
from deskstretch.app import cli
from deskstretch.catalogue.loader import load_catalogue


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        code = cli.main(list(argv), out=out, err=err)
    except SystemExit as exc:  # argparse's --help/--version/errors
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_version_is_printed_by_the_installed_command() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "deskstretch", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"DeskStretch {__version__}"


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run("--help")
    assert code == 0
    text = capsys.readouterr().out
    for command in (
        "status",
        "stretch",
        "pause",
        "resume",
        "skip",
        "list-stretches",
        "quit",
        "config",
        "preview",
    ):
        assert command in text


@pytest.mark.parametrize("command", ["status", "resume", "skip", "quit", "snooze"])
def test_commands_needing_the_app_exit_3_and_say_how_to_start_it(command: str) -> None:
    code, out, err = run(command)
    assert code == cli.EXIT_NOT_RUNNING
    assert "not running" in err
    assert "deskstretch" in err
    assert out == ""


def test_pause_with_a_bad_duration_exits_2_and_names_the_allowed_forms() -> None:
    code, _, err = run("pause", "soonish")
    assert code == cli.EXIT_USAGE
    assert "90s" in err
    assert "until-tomorrow" in err


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run("dance")
    assert code == cli.EXIT_USAGE
    assert "invalid choice" in capsys.readouterr().err


def test_stretch_with_an_unknown_id_exits_2_listing_the_ids() -> None:
    code, _, err = run("stretch", "cartwheel")
    assert code == cli.EXIT_USAGE
    assert "hip-flexor" in err


def test_list_stretches_works_without_the_app() -> None:
    code, out, _ = run("list-stretches")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("desk-hip-flexor ")  # the desk set leads the catalogue
    assert any(line.startswith("hip-flexor ") for line in lines)
    assert len(lines) == len(load_catalogue().stretches)  # one line each, no user routines yet
    hang = next(line for line in lines if line.startswith("passive-hang "))
    assert hang.split()[1] == "bar"  # the place tag
    assert "[yours]" not in out


def test_status_text_says_what_comes_next() -> None:
    text = cli.format_status(
        {
            "state": "active",
            "summary": "Next break at 14:32",
            "next_break": "2026-03-02T14:32:00+01:00",
            "seconds_to_next_break": 720,
            "next_stretches": ["Hip flexor stretch"],
            "today": {"taken": 2, "skipped": 1, "snoozed": 0},
        }
    )
    assert "Next break at 14:32" in text
    assert "in 12 min" in text
    assert "Hip flexor stretch" in text
    assert "2 taken, 1 skipped, 0 snoozed" in text


def test_output_into_a_closed_pipe_is_not_a_traceback() -> None:
    # `deskstretch list-stretches | head`: the reader may leave before we write (head -c 0
    # leaves at once), and the command must end quietly
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # stdout buffered
    proc = subprocess.run(
        f"{sys.executable} -m deskstretch list-stretches | head -c 0",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert "Traceback" not in proc.stderr
    assert "BrokenPipeError" not in proc.stderr
