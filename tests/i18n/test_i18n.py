"""The translation system: which language the user gets, plurals, the pseudo-locale."""

from __future__ import annotations

import pytest

from deskstretch import i18n


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "de_AT.UTF-8"}, "de"),
        ({"LANG": "pt_PT.UTF-8"}, "pt_BR"),
        ({"LANG": "zh_CN.UTF-8"}, "zh_CN"),
        ({"LANG": "zh_TW.UTF-8"}, "en"),
        ({"LANG": "sv_SE.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
        ({"LANG": "fr_FR.UTF-8", "LC_ALL": "ja_JP.UTF-8"}, "ja"),
        ({"LANG": "fr_FR.UTF-8", "LC_MESSAGES": "nl_NL.UTF-8"}, "nl"),
        # LANGUAGE is a list of preferences: the first one shipped wins.
        ({"LANG": "fr_FR.UTF-8", "LANGUAGE": "sv:pl:de"}, "pl"),
        ({"LANG": "fr_FR.UTF-8", "LANGUAGE": "sv"}, "fr"),
    ],
)
def test_the_system_language_is_the_closest_shipped_one(env: dict[str, str], expected: str) -> None:
    assert i18n.system_language(env) == expected


def test_a_shipped_language_translates_and_english_stays_as_written() -> None:
    assert i18n.install("de") == "de"
    assert i18n._("Skip") != "Skip"
    assert i18n.install("en") == "en"
    assert i18n._("Skip") == "Skip"


def test_an_unknown_setting_falls_back_to_english() -> None:
    assert i18n.install("tlh") == "en"
    assert i18n._("Skip") == "Skip"


def test_plurals_follow_the_language() -> None:
    i18n.install("en")
    assert i18n.ngettext("{n} second", "{n} seconds", 1).format(n=1) == "1 second"
    assert i18n.ngettext("{n} second", "{n} seconds", 5).format(n=5) == "5 seconds"
    i18n.install("pl")
    forms = {
        n: i18n.ngettext("{n} second", "{n} seconds", n).format(n=n) for n in (1, 2, 5, 22, 25)
    }
    # Polish has three forms: 1 sekunda, 2 sekundy, 5 sekund (and 22 like 2, 25 like 5).
    assert len({forms[1], forms[2].replace("2", "#"), forms[5].replace("5", "#")}) == 3
    assert forms[22].replace("22", "#") == forms[2].replace("2", "#")
    assert forms[25].replace("25", "#") == forms[5].replace("5", "#")


def test_the_pseudo_locale_is_longer_accented_and_keeps_placeholders() -> None:
    text = "Rep {rep} of {reps} – <b>left</b> side"
    out = i18n.pseudo(text)
    assert out.startswith("[")
    assert out.endswith("]")
    assert "{rep}" in out
    assert "{reps}" in out
    assert "<b>" in out
    assert "</b>" in out
    assert "left" not in out
    assert "side" not in out
    assert out.format(rep=2, reps=5)  # still a valid format string
    plain = "Move into the stretch"
    assert len(i18n.pseudo(plain)) >= 1.4 * len(plain)


def test_the_pseudo_locale_is_installed_like_a_language() -> None:
    assert i18n.install(i18n.PSEUDO) == i18n.PSEUDO
    assert i18n._("Skip") == i18n.pseudo("Skip")
    assert i18n.ngettext("{n} second", "{n} seconds", 2) == i18n.pseudo("{n} seconds")
