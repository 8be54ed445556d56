"""The command line in the pseudo-locale: every sentence it prints goes through the catalogue.

``LANGUAGE=pseudo`` (with ``general.language`` left at "system") makes every translated
string accented and bracketed, ``[Ţĥíš ~~~]``. A line that still holds an English word
outside such brackets was printed without ``_()``: hard-coded, untranslatable. What may stay
as written is what the user types or the files name: command and option names, setting
keys and values, stretch ids and the stretch files' tags, paths, numbers.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
from datetime import date
from pathlib import Path

import pytest

from deskstretch import i18n
from deskstretch.app import cli
from deskstretch.catalogue.loader import load_catalogue
from deskstretch.core.clock import SystemClock
from deskstretch.core.history import BreakRecord, FlexCheck, StretchDone
from deskstretch.platform.history_db import open_history
from deskstretch.settings import schema
from tests.helpers import pseudo as pseudo_check
from tests.helpers.history_fixtures import local
from tests.helpers.pseudo import PSEUDO_TEXT


def _allowed_words() -> set[str]:
    """What the CLI prints as the user or the files wrote it (not translated)."""
    words = {"deskstretch", "DeskStretch", "COMMAND", "ACTION"}
    parsers = [cli.build_parser()]
    while parsers:  # the command names at every level, e.g. "config", "reminders", "add"
        for action in parsers.pop()._actions:
            choices = getattr(action, "choices", None) or {}
            words.update(str(c) for c in choices)
            if isinstance(choices, dict):
                parsers.extend(
                    p for p in choices.values() if isinstance(p, argparse.ArgumentParser)
                )
    for stretch in load_catalogue().stretches:  # the stretch files' tags
        words.update({stretch.place, stretch.position, *stretch.equipment})
    for spec in schema.KEYS:  # setting values as `config show` prints them
        words.update(schema.format_value(spec.key, spec.default).split(","))
    return {w for word in words for w in re.findall(r"[A-Za-z]+", word)}


def english_left(text: str) -> list[str]:
    return pseudo_check.english_left(text, _allowed_words())


@pytest.fixture(autouse=True)
def pseudo_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """The system asks for the pseudo-locale; general.language stays "system"."""
    monkeypatch.setenv("LANGUAGE", i18n.PSEUDO)
    monkeypatch.setenv("COLUMNS", "400")  # argparse wraps at the width: one text, one line


def run(*argv: str, capsys: pytest.CaptureFixture[str]) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.suppress(SystemExit):  # --help, argparse's errors
        cli.main(list(argv), out=out, err=err)
    captured = capsys.readouterr()
    return out.getvalue() + err.getvalue() + captured.out + captured.err


def test_the_cli_follows_the_system_language_when_the_setting_is_system(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = run("config", "get", "general.language", capsys=capsys)
    assert text.strip() == "system"
    assert i18n.language() == i18n.PSEUDO


@pytest.mark.parametrize(
    "argv",
    [
        ("--help",),
        ("config", "--help"),
        ("config", "reminders", "add", "--help"),
        ("routines", "--help"),
        ("history", "forget", "--help"),
        ("config", "reminders"),
        ("config", "get", "no.such_key"),
        ("config", "set", "breaks.interval_minutes", "999"),
        ("config", "reminders", "add", "Water", "--every", "2"),
        ("stats",),
        ("stats", "--days", "0"),
        ("routines", "list"),
        ("routines", "remove", "nobody"),
        ("history", "export"),
        ("history", "forget", "--before", "soon"),
        ("status",),
        ("skip",),
        ("pause", "5x"),
        ("stretch", "cartwheel"),
        ("list-stretches",),
        ("preview", "hip-flexor", "--out", "x", "--fps", "0"),
        ("status", "--bogus"),
    ],
    ids=" ".join,
)
def test_every_line_of_human_text_is_translated(
    argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    text = run(*argv, capsys=capsys)
    assert text.strip(), "the command printed nothing"
    assert PSEUDO_TEXT.search(text), text
    assert english_left(text) == []


def test_config_with_reminders_and_changes_is_translated(
    capsys: pytest.CaptureFixture[str],
) -> None:
    run("config", "reminders", "add", "Water", "--every", "60", "--days", "mon", capsys=capsys)
    run("config", "set", "breaks.interval_minutes", "45", capsys=capsys)
    for argv in (("config", "show"), ("config", "reminders"), ("config", "reset")):
        text = run(*argv, capsys=capsys)
        # The reminder's own text ("Water") is the user's, not ours.
        assert english_left(text.replace("Water", "")) == [], argv


def test_stats_with_a_history_is_translated(capsys: pytest.CaptureFixture[str]) -> None:
    clock = SystemClock()
    zone = clock.local_zone()
    day: date = clock.now().astimezone(zone).date()
    at = local(day, 0, zone)
    store = open_history(Path(os.environ["XDG_DATA_HOME"]) / "deskstretch" / "history.sqlite3")
    done = StretchDone("hip-flexor", 5, 5, 10, "finish", "completed")
    store.add(BreakRecord(at, day, at, at, "scheduled", "completed", False, (done,)))
    store.add(FlexCheck(at, day, "knees"))
    store.close()
    text = run("stats", capsys=capsys)
    assert "hip-flexor" not in text  # the stretch's name, in the pseudo-locale too
    assert english_left(text) == []


def test_status_of_a_running_app_is_translated() -> None:
    """What the app answers (its own texts come already translated) laid out by the CLI;
    the hold reasons are English keys in the JSON and are translated here."""
    i18n.install(i18n.PSEUDO)
    text = cli.format_status(
        {
            "state": "held",
            "summary": i18n.pseudo("Break waiting"),
            "next_break": "2026-03-02T14:32:00+01:00",
            "seconds_to_next_break": 4000,
            "next_stretches": [],
            "next_micro_break": "2026-03-02T14:20:00+01:00",
            "seconds_to_next_micro_break": 30,
            "micro_shown_as": "notification",
            "paused_until": "2026-03-02T15:00:00+01:00",
            "hold_reason": "camera in use",
            "hold_reasons": ["camera in use"],
            "idle_aware": False,
            "today": {"taken": 1, "skipped": 0, "snoozed": 0},
            "capabilities": [
                {"name": "tray", "available": True, "detail": i18n.pseudo("tray icon shown")},
                {"name": "idle", "available": False, "detail": i18n.pseudo("no answer")},
            ],
        }
    )
    assert "camera in use" not in text
    assert english_left(text) == []
