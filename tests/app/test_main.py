"""``deskstretch`` with no command starts the app without going through the CLI grammar."""

from __future__ import annotations

import pytest

from deskstretch.app import main as entry


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    calls: list[bool] = []

    def fake_run_app(verbose: bool = False) -> int:
        calls.append(verbose)
        return 0

    monkeypatch.setattr(entry, "run_app", fake_run_app)
    return calls


@pytest.mark.parametrize(
    ("argv", "verbose"),
    [
        ([], False),
        (["run"], False),
        (["-v"], True),
        (["--verbose"], True),
        (["-v", "run"], True),
        (["--verbose", "run"], True),
    ],
)
def test_plain_start_commands_start_the_app(
    started: list[bool], argv: list[str], verbose: bool
) -> None:
    assert entry.main(argv) == 0
    assert started == [verbose]


def test_the_command_line_of_the_process_is_used_by_default(
    started: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.argv", ["deskstretch", "--verbose"])
    assert entry.main() == 0
    assert started == [True]


def test_other_command_lines_still_get_the_full_grammar(
    started: list[bool], capsys: pytest.CaptureFixture[str]
) -> None:
    # "-v" belongs before the command; after "run" it is an error, as argparse says.
    with pytest.raises(SystemExit) as exc:
        entry.main(["run", "-v"])
    assert exc.value.code == 2
    assert "unrecognized arguments: -v" in capsys.readouterr().err
    assert started == []


def test_a_start_with_a_typo_is_not_taken_for_a_start(
    started: list[bool], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        entry.main(["rnu"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
    assert started == []
