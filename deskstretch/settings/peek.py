"""The one setting read before the tray icon shows: ``general.language``.

The tray menu's texts need the language, and the settings layer (its model, schema and TOML
reader) costs start-up about 70 ms before the icon; it loads right after the icon. So this
reads the one key with a line scanner over the file as DeskStretch writes it (a ``[general]``
table with ``language = "de"``). What it cannot read (an inline table, a broken file) is
"system" here; the full load reports a broken file as usual.
"""

from __future__ import annotations

import re
from pathlib import Path

from deskstretch.i18n import SHIPPED

_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\"' -]+?)\s*\]\s*(?:#.*)?$")
_LANGUAGE = re.compile(r"""^\s*language\s*=\s*(["'])([A-Za-z_]*)\1\s*(?:#.*)?$""")
_CHOICES = {code.lower(): code for code in ("system", *SHIPPED)}


def language_setting(path: Path) -> str:
    """``general.language`` in the settings file at ``path``: "system" or a shipped code
    ("system" when the file, the key or a valid value is not there)."""
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return "system"
    table = ""
    for line in text.splitlines():
        header = _TABLE.match(line)
        if header is not None:
            table = header.group(1).strip()
            continue
        found = _LANGUAGE.match(line) if table == "general" else None
        if found is not None:
            return _CHOICES.get(found.group(2).lower(), "system")
    return "system"
