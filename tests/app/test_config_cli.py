"""`deskstretch config`: exit codes, messages, and what reaches the settings file."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import pytest

from deskstretch.app.config_cli import (
    EXIT_INVALID,
    EXIT_NOT_SAVED,
    EXIT_OK,
    catalogue_stretch_ids,
    default_store,
    run_config,
)
from deskstretch.catalogue.loader import load_catalogue
from deskstretch.settings.store import SettingsStore
from tests.helpers.config_run import Cli


def _doc(path: Path) -> dict[str, object]:
    return tomllib.loads(path.read_text())


def test_path_prints_the_real_location_by_default(isolated_user_dirs: Path) -> None:
    out = io.StringIO()
    assert run_config(["path"], out=out) == EXIT_OK
    assert out.getvalue().strip() == str(
        isolated_user_dirs / ".config" / "deskstretch" / "settings.toml"
    )


def test_set_writes_the_value_and_tells_the_running_app(cli: Cli, path: Path) -> None:
    run = cli("set", "breaks.interval_minutes", "45")
    assert run.code == EXIT_OK
    assert "breaks.interval_minutes = 45" in run.out
    assert "running DeskStretch applied" in run.out
    assert _doc(path)["breaks"] == {"interval_minutes": 45}
    assert cli.notified == 1


def test_set_without_a_running_app_says_when_it_applies(path: Path) -> None:
    cli = Cli(SettingsStore(path), running=False)
    run = cli("set", "general.sound", "on")
    assert run.code == EXIT_OK
    assert "not running" in run.out
    assert cli("get", "general.sound").out == "true\n"


def test_invalid_value_exits_2_names_the_range_and_writes_nothing(cli: Cli, path: Path) -> None:
    run = cli("set", "breaks.interval_minutes", "500")
    assert run.code == EXIT_INVALID
    assert "from 1 to 240 minutes" in run.err
    assert not path.exists()
    assert cli.notified == 0


def test_invalid_value_leaves_an_existing_file_byte_for_byte(cli: Cli, path: Path) -> None:
    assert cli("set", "schedule.start", "08:00").code == EXIT_OK
    before = path.read_bytes()
    run = cli("set", "schedule.days", "mon,funday")
    assert run.code == EXIT_INVALID
    assert "funday is not a day" in run.err
    assert path.read_bytes() == before


def test_unknown_key_exits_2_with_a_suggestion(cli: Cli) -> None:
    run = cli("set", "breaks.interval", "45")
    assert run.code == EXIT_INVALID
    assert "not a DeskStretch setting" in run.err
    assert "breaks.interval_minutes" in run.err
    assert cli("get", "nope").code == EXIT_INVALID


def test_get_prints_the_effective_value(cli: Cli) -> None:
    assert cli("get", "schedule.days").out == "mon,tue,wed,thu,fri\n"
    cli("set", "schedule.days", "sat")
    assert cli("get", "schedule.days").out == "sat\n"


def test_show_marks_changed_and_locked_keys(tmp_path: Path, path: Path) -> None:
    site = tmp_path / "etc" / "settings.toml"
    site.parent.mkdir()
    site.write_text('locked = ["general.autostart"]\n')
    cli = Cli(SettingsStore(path, [site]))
    cli("set", "breaks.snooze_minutes", "9")
    lines = {line.split(" = ")[0].strip(): line for line in cli("show").out.splitlines()}
    assert lines["breaks.snooze_minutes"].endswith("= 9  # changed; default 5")
    assert lines["general.autostart"].endswith("= false  # locked: set by your organisation")
    assert lines["breaks.interval_minutes"].endswith("= 30")
    assert lines[f"# {path}"]


def test_locked_key_cannot_be_set(tmp_path: Path, path: Path) -> None:
    site = tmp_path / "etc" / "settings.toml"
    site.parent.mkdir()
    site.write_text('[locked]\n"breaks.interval_minutes" = "agreed with IT"\n')
    cli = Cli(SettingsStore(path, [site]))
    run = cli("set", "breaks.interval_minutes", "45")
    assert run.code == EXIT_INVALID
    assert "agreed with IT" in run.err
    assert not path.exists()


def test_reset_one_key_and_all_keep_unknown_keys(cli: Cli, path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text('[breaks]\ninterval_minutes = 45\nsnooze_minutes = 9\n[extra]\nnote = "mine"\n')
    assert cli("reset", "breaks.snooze_minutes").code == EXIT_OK
    assert _doc(path)["breaks"] == {"interval_minutes": 45}
    run = cli("reset")
    assert run.code == EXIT_OK
    assert "back to their defaults" in run.out
    doc = _doc(path)
    assert "breaks" not in doc
    assert doc["extra"] == {"note": "mine"}


def test_unsaveable_folder_exits_1(tmp_path: Path) -> None:
    blocker = tmp_path / "cfg"
    blocker.write_text("in the way")
    run = Cli(SettingsStore(blocker / "settings.toml"))("set", "general.sound", "true")
    assert run.code == EXIT_NOT_SAVED
    assert "could not be saved" in run.err
    assert "Nothing was changed" in run.err


def test_newer_file_is_not_overwritten(cli: Cli, path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text("schema_version = 7\n")
    run = cli("set", "general.sound", "true")
    assert run.code == EXIT_NOT_SAVED
    assert "newer DeskStretch" in run.err
    assert path.read_text() == "schema_version = 7\n"


def test_autostart_is_applied_by_the_cli_only_when_no_app_runs(path: Path) -> None:
    idle = Cli(SettingsStore(path), running=False)
    assert idle("set", "general.autostart", "true").code == EXIT_OK
    assert idle.autostart.calls == ["enable"]
    assert idle("set", "general.autostart", "true").code == EXIT_OK  # unchanged: nothing to do
    assert idle.autostart.calls == ["enable"]
    busy = Cli(SettingsStore(path), running=True)
    assert busy("set", "general.autostart", "false").code == EXIT_OK
    assert busy.autostart.calls == []  # the running app applies it


def test_missing_action_is_a_usage_error(cli: Cli, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli().code == EXIT_INVALID
    assert "ACTION" in capsys.readouterr().err


def test_the_main_parser_carries_the_config_command(path: Path) -> None:
    from deskstretch.app.cli import build_parser

    ns = build_parser().parse_args(["config", "set", "idle.natural_break_minutes", "10"])
    out = io.StringIO()
    assert run_config(ns, out=out, err=io.StringIO(), store=SettingsStore(path)) == EXIT_OK
    assert _doc(path)["idle"] == {"natural_break_minutes": 10}


def test_the_users_store_checks_stretch_lists_against_the_catalogue() -> None:
    # The settings package does not read the catalogue; the app gives it the ids.
    assert catalogue_stretch_ids() == tuple(load_catalogue().ids)
    assert default_store().known_stretch_ids() == tuple(load_catalogue().ids)


def test_config_checks_a_stretch_list_against_the_stores_ids(path: Path) -> None:
    store = SettingsStore(path, stretch_ids=lambda: ("new-stretch", "camel"))
    assert Cli(store)("set", "stretches.enabled", "new-stretch").code == EXIT_OK
    run = Cli(store)("set", "stretches.enabled", "hip-flexor")
    assert run.code == EXIT_INVALID
    assert "unknown stretch hip-flexor" in run.err
