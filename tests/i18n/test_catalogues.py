"""Every shipped language is complete: the interface catalogues (.po/.mo) and the texts of
every built-in stretch. A missing string, a placeholder that differs or a stale template
fails here."""

from __future__ import annotations

import gettext
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from deskstretch import i18n

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "deskstretch" / "data" / "locale"
STRETCHES = ROOT / "deskstretch" / "data" / "stretches"
LANGUAGES = [code for code in i18n.SHIPPED if code != "en"]

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _catalog(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f)


def _ids(catalog: Catalog) -> set[object]:
    return {m.id for m in catalog if m.id}


def _placeholders(text: object) -> set[str]:
    return set(_PLACEHOLDER.findall(str(text)))


def test_the_template_lists_every_string_marked_in_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.pot"
    subprocess.run(["tools/translations.sh", "extract", str(fresh)], cwd=ROOT, check=True)
    missing = _ids(_catalog(fresh)) - _ids(_catalog(LOCALE / "deskstretch.pot"))
    stale = _ids(_catalog(LOCALE / "deskstretch.pot")) - _ids(_catalog(fresh))
    assert not missing, f"run tools/translations.sh: new strings {sorted(map(str, missing))[:5]}"
    assert not stale, f"run tools/translations.sh: strings gone {sorted(map(str, stale))[:5]}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_shipped_language_translates_every_string(code: str) -> None:
    template = _catalog(LOCALE / "deskstretch.pot")
    catalog = _catalog(LOCALE / code / "LC_MESSAGES" / "deskstretch.po")
    problems: list[str] = []
    for entry in template:
        if not entry.id:
            continue
        found: Message | None = catalog.get(entry.id, context=entry.context)
        if found is None or not found.string or "fuzzy" in found.flags:
            problems.append(f"untranslated: {entry.id!r}")
            continue
        problems += _check_entry(entry, found, catalog.num_plurals)
    assert not problems, f"{code}: {len(problems)} problems, e.g. " + "; ".join(problems[:8])


def _check_entry(entry: Message, found: Message, num_plurals: int) -> list[str]:
    if isinstance(entry.id, tuple):
        singular, plural = entry.id
        forms = found.string if isinstance(found.string, tuple) else (found.string,)
        if len(forms) != num_plurals or not all(forms):
            return [f"{singular!r}: needs {num_plurals} plural forms, has {len(forms)}"]
        problems = []
        for index, form in enumerate(forms):
            # The first form of a language with several may drop {n} ("eine Sekunde").
            allowed = _placeholders(plural)
            if num_plurals > 1 and index == 0:
                if not _placeholders(form) <= allowed:
                    problems.append(f"{singular!r} form 0: placeholders {_placeholders(form)}")
            elif _placeholders(form) != allowed:
                problems.append(f"{plural!r} form {index}: placeholders {_placeholders(form)}")
        return problems
    assert isinstance(entry.id, str)
    assert isinstance(found.string, str)
    problems = []
    if _placeholders(found.string) != _placeholders(entry.id):
        problems.append(f"{entry.id!r}: placeholders {_placeholders(found.string)}")
    if entry.id.count("&") != found.string.count("&"):
        problems.append(f"{entry.id!r}: the keyboard accelerator (&) is lost or doubled")
    if entry.id.endswith("\n") != found.string.endswith("\n"):
        problems.append(f"{entry.id!r}: a line break at the end differs")
    return problems


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_compiled_catalogue_matches_its_source(code: str) -> None:
    folder = LOCALE / code / "LC_MESSAGES"
    with (folder / "deskstretch.mo").open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    for entry in _catalog(folder / "deskstretch.po"):
        if not entry.id or not entry.string:
            continue
        if isinstance(entry.id, tuple):
            assert isinstance(entry.string, tuple)
            got = compiled.ngettext(entry.id[0], entry.id[1], 1)
            assert got in entry.string, f"{code}: run tools/translations.sh ({entry.id[0]!r})"
        else:
            assert isinstance(entry.id, str)
            got = compiled.gettext(entry.id)
            assert got == entry.string, f"{code}: run tools/translations.sh ({entry.id!r})"


def _stretch_files() -> list[Path]:
    return sorted(p for p in STRETCHES.glob("*.toml") if p.name != "index.toml")


@pytest.mark.parametrize("path", _stretch_files(), ids=lambda p: p.stem)
def test_every_built_in_stretch_has_every_text_in_every_language(path: Path) -> None:
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    text = document["text"]
    problems: list[str] = []
    for code in LANGUAGES:
        table = text.get(code)
        if not isinstance(table, dict):
            problems.append(f"[text.{code}] is missing")
            continue
        for key in ("name", "purpose", "timing_note", "figure_note"):
            if text.get(key) and not table.get(key):
                problems.append(f"text.{code}.{key} is missing")
        if len(table.get("cautions", [])) != len(text.get("cautions", [])):
            problems.append(f"text.{code}.cautions: not one for each caution")
        for step in text["steps"]:
            if not table.get("steps", {}).get(step):
                problems.append(f"text.{code}.steps.{step} is missing")
    assert not problems, f"{path.name}: " + "; ".join(problems[:8])
