"""The shipped catalogue: complete, valid, true to the article; broken entries are skipped."""

from __future__ import annotations

import json
from dataclasses import fields
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from deskstretch.catalogue.loader import load_catalogue
from deskstretch.catalogue.model import CATALOGUE_SCHEMA_VERSION, Stretch
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


def shipped_json() -> dict[str, Any]:
    text = resources.files("deskstretch").joinpath("data/catalogue.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


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
    assert set(cat.ids) == set(IDS)
    assert len(cat.ids) == len(IDS)


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


def _with_entries(entries: list[dict[str, Any]]) -> str:
    data = shipped_json()
    data["stretches"] = data["stretches"] + entries
    return json.dumps(data)


def _entry(**changes: Any) -> dict[str, Any]:
    base = dict(next(e for e in shipped_json()["stretches"] if e["id"] == "camel"))
    base["id"] = "broken-camel"
    base.update(changes)
    return base


def test_a_broken_entry_is_skipped_with_a_clear_problem_and_the_rest_loads() -> None:
    cat = load_catalogue(_with_entries([_entry(hold_seconds=-3)]))
    assert set(cat.ids) == set(IDS)
    assert len(cat.problems) == 1
    assert "broken-camel" in cat.problems[0]
    assert "hold_seconds" in cat.problems[0]


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        (
            {"keyframes": {"move": [{"at": 0, "pose": "start"}, {"at": 1, "pose": "nowhere"}]}},
            "unknown pose 'nowhere'",
        ),
        (
            {
                "keyframes": {
                    "move": [
                        {"at": 0, "pose": "start"},
                        {"at": 1, "pose": "hold"},
                        {"at": 0.5, "pose": "start"},
                    ]
                }
            },
            "comes before",
        ),
        (
            {"keyframes": {"move": [{"at": 0, "joints": {"tail_wag": 5}}, {"at": 1}]}},
            "unknown joint 'tail_wag'",
        ),
        (
            {"keyframes": {"move": [{"at": 0, "joints": {"left_knee_flex": 170}}, {"at": 1}]}},
            "outside its range",
        ),
        (
            {"keyframes": {"move": [{"at": 0.2, "pose": "start"}, {"at": 1, "pose": "hold"}]}},
            "start at 0",
        ),
        ({"id": "camel"}, "already used"),
        ({"reps": 0}, "reps"),
        ({"position": "floating"}, "unknown position"),
        ({"steps": {"ready": "Get ready."}}, "'move'"),
        ({"anchor": "left_tail"}, "unknown point"),
        (
            {"keyframes": {"move": [{"at": 0, "exaggerated": ["left_wing"]}, {"at": 1}]}},
            "unknown joint 'left_wing' as exaggerated",
        ),
        ({"keyframes": {"move": [{"at": 0, "easing": "bouncy"}, {"at": 1}]}}, "unknown easing"),
        ({"poses": {"start": {"base": "hold"}, "hold": {"base": "start"}}}, "extends itself"),
    ],
)
def test_each_kind_of_content_bug_is_reported(changes: dict[str, Any], words: str) -> None:
    cat = load_catalogue(_with_entries([_entry(**changes)]))
    assert len(cat.problems) == 1, cat.problems
    assert words in cat.problems[0]
    assert cat.get("camel") is not None
    assert len(cat.stretches) == len(IDS)


def test_only_the_joints_listed_as_exaggerated_may_pass_their_limit() -> None:
    frames = {
        "move": [
            {"at": 0, "joints": {"left_knee_flex": 150}, "exaggerated": ["left_knee_flex"]},
            {"at": 1, "pose": "hold"},
        ]
    }
    cat = load_catalogue(_with_entries([_entry(keyframes=frames)]))
    assert cat.problems == ()
    assert cat.get("broken-camel") is not None
    frames["move"][0]["exaggerated"] = ["right_knee_flex"]
    cat = load_catalogue(_with_entries([_entry(keyframes=frames)]))
    assert "left_knee_flex=150" in cat.problems[0]


def test_an_unknown_schema_version_loads_nothing_and_says_why() -> None:
    data = shipped_json()
    data["schema_version"] = CATALOGUE_SCHEMA_VERSION + 1
    cat = load_catalogue(json.dumps(data))
    assert cat.stretches == ()
    assert "schema_version" in cat.problems[0]


def test_a_catalogue_can_be_loaded_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.json"
    path.write_text(_with_entries([]), "utf-8")
    assert set(load_catalogue(str(path)).ids) == set(IDS)
    missing = load_catalogue(str(tmp_path / "missing.json"))
    assert missing.stretches == ()
    assert "cannot read" in missing.problems[0]


def test_text_that_is_not_json_is_reported() -> None:
    cat = load_catalogue("{not json")
    assert cat.stretches == ()
    assert "not valid JSON" in cat.problems[0]


def test_desk_rotation_starts_with_hip_flexor_and_trunk_rotation_and_leaves_out_the_bar() -> None:
    rotation = load_catalogue().desk_rotation
    assert rotation[:2] == ("hip-flexor", "trunk-rotation")
    assert "passive-hang" not in rotation
    assert "active-hang" not in rotation
    assert len(rotation) == len(IDS) - 2
