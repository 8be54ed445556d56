"""The language read before the tray icon agrees with the full settings load."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskstretch.i18n import SHIPPED
from deskstretch.settings import schema
from deskstretch.settings.model import Preferences
from deskstretch.settings.peek import language_setting
from deskstretch.settings.store import SettingsStore


@pytest.mark.parametrize("code", ["system", *SHIPPED])
def test_the_language_the_app_writes_is_read_back_before_the_tray(
    tmp_path: Path, code: str
) -> None:
    path = tmp_path / "settings.toml"
    store = SettingsStore(path)
    assert store.save(schema.with_value(Preferences(), "general.language", code)).ok
    assert language_setting(path) == code
    assert store.load().prefs.general.language == code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[general]\nlanguage = "de"\n', "de"),
        ("[general]\nlanguage='pt_br'  # Brazil\n", "pt_BR"),
        ('[ general ]\nsound = true\n\n  language = "ja"\n[dnd]\n', "ja"),
        ('[dnd]\nlanguage = "de"\n', "system"),  # not the general table
        ('[general]\nsound = true\n[dnd]\nlanguage = "de"\n', "system"),
        ('[general]\nlanguage = "tlh"\n', "system"),  # not shipped
        ('general = { language = "de" }\n', "system"),  # the full load reads this one
        ("[general\nlanguage = 'de", "system"),
        ("", "system"),
    ],
)
def test_anything_else_is_the_system_language(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(text, "utf-8")
    assert language_setting(path) == expected


def test_a_missing_or_unreadable_file_is_the_system_language(tmp_path: Path) -> None:
    assert language_setting(tmp_path / "none.toml") == "system"
    (tmp_path / "bad.toml").write_bytes(b'[general]\nlanguage = "\xff"\n')
    assert language_setting(tmp_path / "bad.toml") == "system"
