"""`deskstretch config reminders` and the micro.* keys: what users see and what is written."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from deskstretch.app.cli import build_parser
from deskstretch.app.config_cli import EXIT_INVALID, EXIT_NOT_SAVED, EXIT_OK, run_config
from deskstretch.settings.model import Reminder
from deskstretch.settings.store import SettingsStore
from tests.helpers.config_run import Cli


def _reminders(path: Path) -> tuple[Reminder, ...]:
    return SettingsStore(path).load().prefs.reminders


def test_micro_keys_work_through_get_and_set(cli: Cli, path: Path) -> None:
    assert cli("set", "micro.enabled", "off").code == EXIT_OK
    assert cli("set", "micro.interval_minutes", "25").code == EXIT_OK
    assert cli("get", "micro.interval_minutes").out.strip() == "25"
    assert tomllib.loads(path.read_text())["micro"] == {"enabled": False, "interval_minutes": 25}
    run = cli("set", "micro.seconds", "5")
    assert run.code == EXIT_INVALID
    assert "micro.seconds must be a whole number from 10 to 60 seconds, not 5." in run.err


def test_add_list_disable_and_remove(cli: Cli, path: Path) -> None:
    assert cli("reminders").out == (
        "No reminders. Add one: deskstretch config reminders add TEXT --every MINUTES\n"
    )
    run = cli("reminders", "add", "Drink some water", "--every", "60")
    assert run.code == EXIT_OK
    assert run.out.splitlines() == [
        "Added reminder 1: Drink some water (every 60 min).",
        "The running DeskStretch applied the change.",
    ]
    assert cli.notified == 1
    run = cli(
        "reminders", "add", "Posture", "--every", "45", "--days", "fri,mon", "--from", "9:00",
        "--to", "17:00",
    )  # fmt: skip
    assert run.code == EXIT_OK
    assert _reminders(path) == (
        Reminder("Drink some water", 60),
        Reminder("Posture", 45, ("mon", "fri"), "09:00", "17:00"),
    )
    assert cli("reminders", "disable", "1").out.startswith("Reminder 1 is off: Drink some water.")
    assert cli("reminders", "list").out.splitlines() == [
        "1. Drink some water  (every 60 min, off)",
        "2. Posture  (every 45 min, mon,fri, 09:00-17:00)",
    ]
    assert cli("reminders", "enable", "1").code == EXIT_OK
    assert _reminders(path)[0].enabled
    assert cli("reminders", "remove", "1").out.startswith("Removed reminder 1: Drink some water.")
    assert [r.text for r in _reminders(path)] == ["Posture"]


def test_json_list_for_scripts(cli: Cli) -> None:
    cli("reminders", "add", "Water", "--every", "30", "--days", "sat")
    for words in (("reminders", "--json"), ("reminders", "list", "--json")):
        assert json.loads(cli(*words).out) == [
            {
                "number": 1,
                "text": "Water",
                "interval_minutes": 30,
                "days": ["sat"],
                "start": "",
                "end": "",
                "enabled": True,
            }
        ]


@pytest.mark.parametrize(
    ("words", "says"),
    [
        (["", "--every", "60"], "TEXT is empty; write what to remind you of."),
        (["x" * 121, "--every", "60"], "at most 120 fit"),
        (
            ["Water", "--every", "4"],
            "--every must be a whole number from 5 to 1440 minutes, not 4.",
        ),
        (["Water", "--every", "hourly"], "--every must be a whole number from 5 to 1440 minutes"),
        (["Water", "--every", "60", "--days", "mon,funday"], "--days: funday is not a day"),
        (["Water", "--every", "60", "--from", "9:00"], "has a start time but no end"),
        (["Water", "--every", "60", "--from", "9", "--to", "10:00"], "--from must be a time"),
    ],
)
def test_a_wrong_reminder_exits_2_says_why_and_writes_nothing(
    cli: Cli, path: Path, words: list[str], says: str
) -> None:
    run = cli("reminders", "add", *words)
    assert run.code == EXIT_INVALID
    assert run.err.startswith("deskstretch config: ")
    assert says in run.err
    assert run.out == ""
    assert not path.exists()
    assert cli.notified == 0


def test_no_ninth_reminder(cli: Cli, path: Path) -> None:
    for n in range(8):
        assert cli("reminders", "add", f"R{n}", "--every", "60").code == EXIT_OK
    before = path.read_bytes()
    run = cli("reminders", "add", "One more", "--every", "60")
    assert run.code == EXIT_INVALID
    assert "already 8 reminders" in run.err
    assert path.read_bytes() == before


@pytest.mark.parametrize("number", ["0", "3", "two"])
def test_a_number_that_is_no_reminder_exits_2(cli: Cli, number: str) -> None:
    cli("reminders", "add", "Water", "--every", "60")
    cli("reminders", "add", "Stretch", "--every", "60")
    for action in ("remove", "enable", "disable"):
        run = cli("reminders", action, number)
        assert run.code == EXIT_INVALID
        assert f"there is no reminder {number} (1 to 2)" in run.err


def test_a_wrong_entry_in_the_file_is_reported_and_survives_a_cli_change(
    cli: Cli, path: Path
) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(
        '[[reminders]]\ntext = "Water"\n\n[[reminders]]\ntext = "Tea"\ninterval_minutes = 2\n'
    )
    run = cli("reminders")
    assert run.out == "1. Water  (every 60 min)\n"
    assert "warning: reminders[2].interval_minutes must be a whole number from 5" in run.err
    assert cli("reminders", "add", "Walk", "--every", "90").code == EXIT_OK
    assert tomllib.loads(path.read_text())["reminders"] == [
        {"text": "Water", "interval_minutes": 60},
        {"text": "Walk", "interval_minutes": 90},
        {"text": "Tea", "interval_minutes": 2},
    ]


def test_a_newer_file_is_not_overwritten(cli: Cli, path: Path) -> None:
    path.parent.mkdir(parents=True)
    newer = b'schema_version = 99\n[[reminders]]\ntext = "Water"\n'
    path.write_bytes(newer)
    run = cli("reminders", "remove", "1")
    assert run.code == EXIT_NOT_SAVED
    assert "newer DeskStretch" in run.err
    assert path.read_bytes() == newer


def test_the_main_parser_carries_the_reminder_commands(path: Path) -> None:
    ns = build_parser().parse_args(["config", "reminders", "add", "Water", "--every", "60"])
    assert run_config(ns, store=SettingsStore(path), notify_running=lambda: False) == EXIT_OK
    assert _reminders(path) == (Reminder("Water"),)
