"""The README stays true: its settings table and CLI reference match the code.

Refresh the table with ``make readme``.
"""

from pathlib import Path

from deskstretch.app.cli import build_parser
from deskstretch.settings.schema import with_reference

README = Path(__file__).resolve().parents[2] / "README.md"


def test_settings_reference_in_the_readme_is_current() -> None:
    text = README.read_text()
    assert with_reference(text) == text, "refresh it with the command in this module's docstring"


def test_every_cli_command_is_documented() -> None:
    text = README.read_text()
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert sub.choices is not None
    for name in sub.choices:
        if name == "run":
            continue
        assert f"deskstretch {name}" in text or f"`{name}`" in text, name
