"""Translations: one system, GNU gettext, for every layer (pure, Qt and CLI alike).

Every user-visible string is written in English in the code and looked up here:
``_("Skip")``, ``ngettext("{n} second", "{n} seconds", n).format(n=n)``, and ``N_("...")``
to mark a string that is translated later (a constant, a settings description). The
catalogues are ``data/locale/LANG/LC_MESSAGES/deskstretch.po`` with their compiled ``.mo``
beside them (``make translations`` extracts, merges and compiles with Babel). The stretch
texts are translated in the stretch files themselves (``[text.LANG]`` tables, see
docs/routines.md), so a stretch and its translations are edited together.

This module is pure (standard library only) and imports nothing of DeskStretch: the Qt
layer adds Qt's own translations and locale on top (``deskstretch.ui.language``).
"""

from __future__ import annotations

import gettext as _gettext
import os
import re
from collections.abc import Mapping
from pathlib import Path

DOMAIN = "deskstretch"
LOCALE_DIR = Path(__file__).resolve().parent / "data" / "locale"

#: The languages DeskStretch ships, by code, each named in its own language.
SHIPPED: dict[str, str] = {
    "en": "English",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
    "pt_BR": "Português (Brasil)",
    "it": "Italiano",
    "nl": "Nederlands",
    "pl": "Polski",
    "ja": "日本語",
    "zh_CN": "简体中文",
}

#: A made-up language for tests: every string accented, bracketed and about 40 % longer,
#: so a string that is not translated, or is clipped, shows at a glance.
PSEUDO = "pseudo"

# Languages whose other regional variants read the shipped one well.
_FAMILY = {"pt": "pt_BR", "zh": "zh_CN", "de": "de", "fr": "fr", "es": "es", "it": "it"}
_FAMILY |= {"nl": "nl", "pl": "pl", "ja": "ja", "en": "en"}
# Chinese in traditional script is not read from the simplified catalogue.
_NOT_FAMILY = {"zh_TW", "zh_HK", "zh_MO", "zh_Hant"}

_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def _(message: str) -> str:
    """``message`` in the active language."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` that the active language uses for ``n``."""
    return _translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the active language, where ``context`` tells two same words apart."""
    return _translations.pgettext(context, message)


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it now (translate on use)."""
    return message


def language() -> str:
    """The active language's code ("en", "de", "pt_BR", ... or "pseudo")."""
    return _language


def match(code: str) -> str | None:
    """The shipped language for a locale name like "de_AT.UTF-8", "pt", "zh-Hans-CN"; None
    if DeskStretch has none for it."""
    code = code.split(".")[0].split("@")[0].replace("-", "_").strip()
    if not code or code in ("C", "POSIX"):
        return None
    if code == PSEUDO:
        return PSEUDO
    if code in SHIPPED:
        return code
    parts = code.split("_")
    base = parts[0].lower()
    if base == "zh" and (code in _NOT_FAMILY or "Hant" in parts or parts[-1] in ("TW", "HK", "MO")):
        return None
    return _FAMILY.get(base)


def system_language(environ: Mapping[str, str] | None = None) -> str:
    """The shipped language the system asks for ("en" when it asks for none we have).

    Follows gettext's order: ``LANGUAGE`` (a colon-separated list of preferences), then
    ``LC_ALL``, ``LC_MESSAGES`` and ``LANG``.
    """
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if not value:
            continue
        for choice in value.split(":") if name == "LANGUAGE" else (value,):
            found = match(choice)
            if found is not None:
                return found
        if name != "LANGUAGE":  # the first locale variable set decides, like gettext
            return "en"
    return "en"


def install(code: str | None = None, *, environ: Mapping[str, str] | None = None) -> str:
    """Make ``code`` the active language ("" or None: the system's). Returns the code in use:
    a language DeskStretch does not ship falls back to English."""
    global _translations, _language
    wanted = match(code) if code else system_language(environ)
    if wanted == PSEUDO:
        _translations, _language = _Pseudo(), PSEUDO
        return _language
    if wanted is None or wanted == "en":
        _translations, _language = _gettext.NullTranslations(), "en"
        return _language
    try:
        _translations = _gettext.translation(DOMAIN, LOCALE_DIR, languages=[wanted])
        _language = wanted
    except OSError:  # a catalogue missing from a broken install: English, never a crash
        _translations, _language = _gettext.NullTranslations(), "en"
    return _language


# ---------------------------------------------------------------------------- pseudo-locale
_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçđéƒĝĥíĵķĺɱñóþʠŕšţúṽŵẋýžÁƁÇĐÉƑĜĤÍĴĶĹṀÑÓÞǪŔŠŢÚṼŴẊÝŽ",
)
# What must reach the code unchanged: {placeholders}, %-formats, markup tags, entities.
_KEEP = re.compile(r"(\{[^{}]*\}|%\(\w+\)[sd]|%[sd]|<[^<>]*>|&\w+;)")


def pseudo(text: str) -> str:
    """``text`` in the pseudo-locale: accented, about 40 % longer, in brackets."""
    if not text:
        return text
    parts = _KEEP.split(text)
    out = "".join(p if i % 2 else p.translate(_ACCENTED) for i, p in enumerate(parts))
    visible = sum(len(p) for i, p in enumerate(parts) if not i % 2)
    tildes = max(1, round(visible * 0.4))
    # In words of up to 10, as a real language has them: one 100-character "word" could
    # never wrap, and would flag every long text as clipped.
    padding = " ".join("~" * min(10, tildes - i) for i in range(0, tildes, 10))
    return f"[{out} {padding}]"


class _Pseudo(_gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo(message)
