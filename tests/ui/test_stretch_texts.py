"""The stretch routine's words: the clock, the switch badge and what a stretch needs."""

from __future__ import annotations

import pytest

from deskstretch.ui.stretch_texts import format_clock, needs_text, switch_text
from tests.helpers.stretches import make_stretch


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(0, "0:00"), (0.2, "0:01"), (59.5, "1:00"), (70, "1:10"), (-3, "0:00"), (600, "10:00")],
)
def test_the_clock_rounds_up_to_whole_seconds(seconds: float, shown: str) -> None:
    assert format_clock(seconds) == shown


def test_the_switch_badge_names_the_side_to_switch_to() -> None:
    assert switch_text("right") == "Now the right side"
    assert switch_text(None) == "Switch sides"


def test_needs_says_the_equipment_and_the_position() -> None:
    text = needs_text(make_stretch(position="kneeling", equipment=("mat",)))
    assert text == "You need: a mat or a soft floor  ·  Position: kneeling"
    desk = needs_text(make_stretch(position="sitting", equipment=("chair", "desk")))
    assert desk == "You need: a steady chair, a desk or a table  ·  Position: sitting on a chair"
    unknown = needs_text(make_stretch(position="perched", equipment=("stool",)))
    assert unknown == "You need: stool  ·  Position: perched"
    assert needs_text(make_stretch(position="standing")).startswith("You need: no equipment")
