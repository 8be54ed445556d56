"""The pseudo-locale checker fails on English and lets names through."""

from __future__ import annotations

from tests.helpers.pseudo import english_left


def test_a_pseudo_line_with_names_passes() -> None:
    line = "  [Ţĥé šţŕéţçĥ ~~~] hip-flexor (standing, mat) /tmp/x.toml 12 FILE"
    assert english_left(line, {"standing", "mat"}) == []


def test_nested_pseudo_texts_pass() -> None:
    assert english_left("[Ƒáíĺéđ: [ñó đíšķ ~~] ~~~]") == []


def test_english_outside_the_brackets_fails() -> None:
    assert english_left("Known stretches: [Ţĥé ~~]") != []
    assert english_left("warning: [Ñó ~~]") != []
    assert english_left("[Ñó ~~]\nNothing was changed.") != []
