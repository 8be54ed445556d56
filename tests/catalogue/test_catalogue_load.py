"""The shipped catalogue: complete, valid, true to the article; broken entries are skipped."""

from __future__ import annotations

from dataclasses import fields

import pytest

from deskstretch.catalogue.loader import load_catalogue
from deskstretch.catalogue.model import Stretch
from deskstretch.catalogue.validate import validate_stretch

IDS = (
    "hip-flexor",
    "trunk-rotation",
    "passive-hang",
    "active-hang",
    "camel",
    "arch-and-relax",
    "deep-squat-reach",
    "jefferson-curl",
    "toe-touch-check",
)
# The desk set (issue #16): first in the catalogue and in the default rotation.
DESK_SET = (
    "desk-hip-flexor",
    "seated-trunk-rotation",
    "seated-figure-four",
    "standing-back-extension",
    "neck-side-bend",
    "chest-opener",
    "wrist-flexor-stretch",
)


def stretch(stretch_id: str) -> Stretch:
    found = load_catalogue().get(stretch_id)
    assert found is not None, stretch_id
    return found


def total_seconds(s: Stretch) -> float:
    per_side = s.move_seconds + s.hold_seconds + s.release_seconds
    return s.reps * (per_side * len(s.side_list) + s.rest_seconds)


def test_shipped_catalogue_loads_every_stretch_without_problems() -> None:
    cat = load_catalogue()
    assert cat.problems == ()
    assert set(cat.ids) == set(IDS) | set(DESK_SET)
    assert len(cat.ids) == len(IDS) + len(DESK_SET)


def test_default_catalogue_is_loaded_once() -> None:
    assert load_catalogue() is load_catalogue()


@pytest.mark.parametrize("stretch_id", IDS)
def test_every_shipped_stretch_passes_the_validator(stretch_id: str) -> None:
    assert validate_stretch(stretch(stretch_id)) == []


@pytest.mark.parametrize("stretch_id", IDS)
def test_every_field_is_filled(stretch_id: str) -> None:
    s = stretch(stretch_id)
    for f in fields(Stretch):
        if f.name in ("sides", "anchor", "figure_note", "translations", "equipment"):
            continue  # booleans may be False; anchor and figure note are optional extras
        assert getattr(s, f.name) not in ("", (), {}, None), f"{stretch_id}.{f.name}"
    for kind in ("ready", "move", "hold", "release", "finish"):
        assert s.steps[kind].strip(), f"{stretch_id} lacks a {kind} step"
    assert s.cautions
    assert s.keyframes["move"][0].at == 0.0
    assert s.keyframes["move"][-1].at == 1.0


@pytest.mark.parametrize("stretch_id", IDS)
def test_a_desk_break_stretch_takes_one_to_three_minutes(stretch_id: str) -> None:
    assert 45 <= total_seconds(stretch(stretch_id)) <= 180


def test_the_articles_numbers_are_used() -> None:
    hip = stretch("hip-flexor")
    assert (hip.hold_seconds, hip.reps, hip.sides) == (10, 5, True)
    assert stretch("active-hang").hold_seconds == 5
    squat = stretch("deep-squat-reach")
    assert (squat.hold_seconds, squat.sides) == (5, True)
    curl = stretch("jefferson-curl")
    assert curl.hold_seconds == 5
    assert curl.move_seconds >= 5
    assert curl.release_seconds >= 5
    assert stretch("arch-and-relax").reps == 10


def test_equipment_and_positions_match_the_article() -> None:
    for hang in ("passive-hang", "active-hang"):
        s = stretch(hang)
        assert (s.position, s.equipment, s.needs_bar) == ("hanging", ("pull-up-bar",), True)
        assert "bar" in s.props
    assert stretch("hip-flexor").equipment == ("mat",)
    assert stretch("trunk-rotation").position == "lying"
    assert stretch("camel").position == "all-fours"
    assert stretch("trunk-rotation").camera in ("above", "three-quarter")


def test_the_cautions_of_the_article_are_there() -> None:
    def text(stretch_id: str) -> str:
        return " ".join(stretch(stretch_id).cautions).lower()

    assert "bend your legs" in text("jefferson-curl")
    assert "bend your arms" in text("active-hang")
    assert "straight" in text("passive-hang")
    for stretch_id in IDS:
        assert "pain" in text(stretch_id) or "hurt" in text(stretch_id), stretch_id


def test_every_stretch_notes_where_its_timing_comes_from() -> None:
    for stretch_id in IDS:
        assert "article" in stretch(stretch_id).timing_note.lower(), stretch_id


def test_desk_rotation_starts_with_the_desk_set_then_the_articles_and_leaves_out_the_bar() -> None:
    rotation = load_catalogue().desk_rotation
    assert rotation[: len(DESK_SET)] == DESK_SET
    assert rotation[len(DESK_SET) : len(DESK_SET) + 2] == ("hip-flexor", "trunk-rotation")
    assert "passive-hang" not in rotation
    assert "active-hang" not in rotation
    assert len(rotation) == len(DESK_SET) + len(IDS) - 2
