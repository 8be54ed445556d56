"""The catalogue's and the contact parser's messages go through the translations.

``routines check`` shows them (tests/app/test_routines_cli_pseudo.py reads a broken file);
the validator's only reach the user for a stretch the reader let through, so they are
checked here on a stretch broken in every way the validator knows.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from deskstretch import i18n
from deskstretch.catalogue.loader import load_catalogue
from deskstretch.catalogue.model import Keyframe
from deskstretch.catalogue.validate import validate_stretch
from deskstretch.pose.contacts import ContactError, parse_contact
from tests.helpers import pseudo


def english_left(text: str) -> list[str]:
    """English outside the pseudo brackets; a keyframe's index ("move[0]") is code, and its
    brackets would hide the pseudo ones from the check."""
    return pseudo.english_left(re.sub(r"\[\d+\]", "", text))


@pytest.fixture(autouse=True)
def pseudo_locale() -> None:
    i18n.install(i18n.PSEUDO)


def test_every_problem_the_validator_finds_is_translated() -> None:
    good = load_catalogue().stretches[0]
    bad = dataclasses.replace(
        good,
        id="Not An Id",
        name=" ",
        purpose="",
        reps=0,
        hold_seconds=-1.0,
        rest_seconds=float("nan"),
        position="floating",  # type: ignore[arg-type]
        equipment=("rope",),  # type: ignore[arg-type]
        camera="drone",  # type: ignore[arg-type]
        steps={"wobble": "x"},  # type: ignore[dict-item]
        cautions=(),
        props=("moon",),
        anchor="left_knee+tail",
        keyframes={
            "move": (
                Keyframe(
                    0.3, {"left_knee_flex": 300.0, "tail_wag": 1.0}, "wobbly", frozenset({"x"})
                ),
                Keyframe(0.1, {"right_knee_flex": float("nan")}, "in-out", frozenset()),
                Keyframe(2.0, {}, "in-out", frozenset()),
            ),
            "hold": (),
            "dance": (),  # type: ignore[dict-item]
        },
    )
    problems = validate_stretch(bad)
    assert len(problems) >= 20
    assert english_left("\n".join(problems)) == []
    no_move = dataclasses.replace(good, keyframes={"hold": good.keyframes["move"]})
    assert english_left("\n".join(validate_stretch(no_move))) == []


@pytest.mark.parametrize(
    "text", ["hands", "hands on moon", "nose on floor", "left hand on left hand"]
)
def test_a_contact_that_cannot_be_read_says_why_in_the_language(text: str) -> None:
    with pytest.raises(ContactError) as caught:
        parse_contact(text)
    said = str(caught.value).replace(f'"{text}"', "")
    assert said.startswith("["), said
    assert english_left(said) == []
