"""Routine files: the reader finds every kind of mistake at its line; the format round-trips."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest

from deskstretch import data_file
from deskstretch.catalogue.loader import load_catalogue, load_folder
from deskstretch.catalogue.model import Stretch, localized
from deskstretch.catalogue.routine import (
    Problem,
    check_file,
    export_routine,
    read_routine,
    write_routine,
)

GOOD = """\
format = 1
id = "calf-stretch"
language = "en"
place = "desk"
equipment = []
position = "standing"
sides = true
reps = 2
camera = "side"
props = ["floor"]

[timing]
move = 3
hold = 20
release = 3
rest = 5

[text]
name = "Standing calf stretch"
purpose = "Lengthens the calf of the back leg."
cautions = [
  "Keep the back heel down.",
  "Stop if it hurts.",
]
timing_note = "Holds of 20 s are common practice."

[text.steps]
ready = "Stand with one foot a step behind the other."
move = "Bend the front knee and lean forward."
hold = "Feel the back calf lengthen."
release = "Come back up."
switch = "Change legs."

[text.de]
name = "Wadendehnung im Stehen"
[text.de.steps]
hold = "Spüre, wie die hintere Wade länger wird."

[poses.start]
from = "stand"
joints = { left_hip_flex = -12, right_hip_flex = 15 }

[poses.hold]
from = "start"
joints = { right_knee_flex = 30, root_pitch = 8 }

[[keyframes.move]]
at = 0.0
pose = "start"

[[keyframes.move]]
at = 1.0
pose = "hold"
"""


HOLD = "poses.hold.joints"


def line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def only_problem(text: str) -> Problem:
    checked = read_routine(text)
    assert checked.stretch is None
    assert len(checked.problems) == 1, [str(p) for p in checked.problems]
    return checked.problems[0]


def test_a_good_routine_reads_into_a_stretch() -> None:
    checked = read_routine(GOOD, origin="/home/me/calf.toml")
    assert checked.ok, [str(p) for p in checked.problems]
    s = checked.stretch
    assert s is not None
    assert (s.id, s.name, s.place, s.position, s.sides, s.reps) == (
        "calf-stretch",
        "Standing calf stretch",
        "desk",
        "standing",
        True,
        2,
    )
    assert (s.move_seconds, s.hold_seconds, s.release_seconds, s.rest_seconds) == (3, 20, 3, 5)
    assert s.cautions == ("Keep the back heel down.", "Stop if it hurts.")
    assert s.steps["switch"] == "Change legs."
    assert not s.builtin
    assert s.origin == "/home/me/calf.toml"
    written = read_routine(GOOD, solve=False).stretch
    assert written is not None
    hold = written.keyframes["move"][-1].joints
    assert (hold["left_hip_flex"], hold["right_knee_flex"]) == (-12, 30), "changes add up"
    assert hold["left_shoulder_abd"] == 5, "joints not named keep the library pose's value"


def test_the_contacts_are_solved_so_the_feet_stay_on_the_floor() -> None:
    from deskstretch.pose import frame_for

    # The written angles alone lift the heels: "feet on floor" (kept from "stand")
    # makes the solver bend the legs until both feet are down.
    written = read_routine(GOOD, solve=False).stretch
    solved = read_routine(GOOD).stretch
    assert written is not None
    assert solved is not None

    def foot_heights(s: Stretch) -> list[float]:
        j = frame_for(s, "hold", 0.0, "left", 0.0, reduced_motion=True).joints
        return [j[f"{side}_{end}"][1] for side in ("left", "right") for end in ("heel", "toe")]

    assert max(foot_heights(written)) - min(foot_heights(written)) > 0.03
    assert max(foot_heights(solved)) - min(foot_heights(solved)) < 0.015
    moved = solved.keyframes["move"][-1].joints
    assert moved["left_shoulder_abd"] == 5, "joints off the legs' chains are left alone"


def test_translations_replace_the_texts_they_have_and_keep_the_rest() -> None:
    s = read_routine(GOOD).stretch
    assert s is not None
    de = localized(s, "de_DE")
    assert de.name == "Wadendehnung im Stehen"
    assert de.steps["hold"].startswith("Spüre")
    assert de.steps["move"] == s.steps["move"], "an untranslated step stays in English"
    assert localized(s, "fr") == s


def test_a_catalogue_speaks_the_language_its_files_have(tmp_path: Path) -> None:
    (tmp_path / "calf.toml").write_text(GOOD, "utf-8")
    german = load_catalogue(user_dir=tmp_path).localized("de_AT")
    mine = german.get("calf-stretch")
    assert mine is not None
    assert mine.name == "Wadendehnung im Stehen"
    built_in = german.get("hip-flexor")
    assert built_in is not None
    assert built_in.name == "Hüftbeugerdehnung"  # the built-in files carry German too
    swedish = load_catalogue(user_dir=tmp_path).localized("sv")
    assert swedish.get("calf-stretch") == load_catalogue(user_dir=tmp_path).get("calf-stretch")
    assert swedish.get("hip-flexor") == load_catalogue().get("hip-flexor"), "no Swedish: English"


@pytest.mark.parametrize(
    ("old", "new", "key", "words"),
    [
        (
            "right_knee_flex = 30",
            "right_knee_wag = 30",
            "poses.hold.joints.right_knee_wag",
            "unknown joint",
        ),
        (
            "right_knee_flex = 30",
            "right_knee_flex = 150",
            "poses.hold.joints.right_knee_flex",
            "past its range -5..135",
        ),
        ("hold = 20", "hold = 0", "timing.hold", "1 to 300 seconds"),
        ("hold = 20", 'hold = "long"', "timing.hold", "out of range"),
        ('hold = "Feel the back calf lengthen."', "", "text.steps.hold", "missing"),
        ('switch = "Change legs."', "", "text.steps.switch", "how to switch"),
        ('name = "Standing calf stretch"', 'name = ""', "text.name", "empty"),
        ("reps = 2", "reps = 0", "reps", "1 to 20"),
        ('place = "desk"', 'place = "office"', "place", "desk, floor, bar"),
        ('position = "standing"', 'position = "floating"', "position", "sitting"),
        ('props = ["floor"]', 'props = ["sofa"]', "props", "'sofa' is not allowed"),
        ('id = "calf-stretch"', 'id = "Calf Stretch"', "id", "lowercase"),
        ("format = 1", "format = 2", "format", "format = 1"),
        ('camera = "side"', 'camera = "side"\ncolour = "blue"', "colour", "unknown key"),
        (
            'from = "start"',
            'from = "cartwheel"',
            "poses.hold.from",
            "'cartwheel' is not a known pose",
        ),
        ('pose = "hold"', 'pose = "nowhere"', "keyframes.move[1].pose", "not a pose of this file"),
        ("at = 1.0", "at = 1.5", "keyframes.move[1].at", "from 0 to 1"),
        (
            '[text.de]\nname = "Wadendehnung im Stehen"',
            '[text.de]\ntitle = "Wadendehnung"',
            "text.de.title",
            "unknown key",
        ),
    ],
)
def test_each_kind_of_mistake_is_reported_with_its_line_and_key(
    old: str, new: str, key: str, words: str
) -> None:
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    problem = only_problem(text)
    assert problem.key == key
    assert words in problem.message
    needle = new.splitlines()[-1] if new else None
    if needle:
        assert problem.line == line_of(text, needle), str(problem)
    else:
        assert problem.line is not None, "a missing key points at its table"
    assert problem.format("calf.toml").startswith(f"calf.toml:{problem.line}: {key}: ")


def test_every_problem_is_reported_not_just_the_first() -> None:
    text = GOOD.replace("hold = 20", "hold = 0").replace("reps = 2", "reps = 99")
    text = text.replace("right_knee_flex = 30", "right_knee_flex = 300")
    keys = {p.key for p in read_routine(text).problems}
    assert keys == {"timing.hold", "reps", "poses.hold.joints.right_knee_flex"}


def test_a_move_that_does_not_run_from_0_to_1_is_reported() -> None:
    text = GOOD.replace("at = 0.0", "at = 0.2")
    problem = only_problem(text)
    assert problem.key == "keyframes.move"
    assert "start at at = 0" in problem.message


def test_a_joint_past_its_range_is_fine_when_listed_as_exaggerated() -> None:
    text = GOOD.replace("right_knee_flex = 30, root_pitch = 8 }", "left_elbow_flex = 150 }")
    assert only_problem(text).key == "poses.hold.joints.left_elbow_flex"
    listed = text.replace('from = "start"', 'from = "start"\nexaggerated = ["left_elbow_flex"]')
    assert read_routine(listed).ok


def test_a_contact_that_cannot_be_met_is_reported_at_the_contacts_line() -> None:
    text = GOOD.replace(
        "joints = { right_knee_flex = 30, root_pitch = 8 }",
        'joints = { right_knee_flex = 30, root_pitch = 8 }\ncontacts = ["left hand on floor"]',
    )
    problem = only_problem(text)
    assert problem.key == "poses.hold.contacts"
    assert problem.line == line_of(text, "left hand on floor")
    assert "'left hand on floor' cannot be met" in problem.message
    unknown = only_problem(text.replace("left hand on floor", "left paw on floor"))
    assert "left paw" in unknown.message
    assert "left hand" in unknown.message, "the message lists the parts that are allowed"


def test_text_that_is_not_toml_names_its_line() -> None:
    text = GOOD.replace("reps = 2", "reps = = 2")
    problem = only_problem(text)
    assert problem.line == line_of(text, "reps = = 2")
    assert "not valid TOML" in problem.message


def test_a_file_that_cannot_be_read_is_one_problem(tmp_path: Path) -> None:
    checked = check_file(tmp_path / "missing.toml")
    assert checked.stretch is None
    assert "cannot read the file" in checked.problems[0].message


def builtin_files() -> list[Path]:
    folder = Path(str(data_file("stretches")))
    order = tomllib.loads((folder / "index.toml").read_text("utf-8"))["order"]
    return [folder / f"{name}.toml" for name in order]


@pytest.mark.parametrize("path", builtin_files(), ids=lambda p: p.stem)
def test_every_builtin_file_round_trips(path: Path) -> None:
    text = path.read_text("utf-8")
    doc = tomllib.loads(text)
    written = write_routine(doc)
    assert tomllib.loads(written) == doc
    assert write_routine(tomllib.loads(written)) == written, "the layout is canonical"
    first, again = read_routine(text), read_routine(written)
    assert first.ok, [str(p) for p in first.problems]
    assert first.stretch == again.stretch


def test_the_builtin_catalogue_exported_and_read_back_is_identical() -> None:
    for stretch in load_catalogue().stretches:
        back = read_routine(export_routine(stretch)).stretch
        assert back == stretch, stretch.id


def test_the_index_lists_every_builtin_file() -> None:
    folder = Path(str(data_file("stretches")))
    listed = {p.name for p in builtin_files()}
    assert {p.name for p in folder.glob("*.toml")} - {"index.toml"} == listed


def test_user_routines_follow_the_builtin_ones_and_broken_files_are_skipped(
    tmp_path: Path,
) -> None:
    (tmp_path / "calf.toml").write_text(GOOD, "utf-8")
    (tmp_path / "broken.toml").write_text(GOOD.replace("hold = 20", "hold = 0"), "utf-8")
    (tmp_path / "clash.toml").write_text(
        GOOD.replace('id = "calf-stretch"', 'id = "hip-flexor"'), "utf-8"
    )
    (tmp_path / "notes.txt").write_text("not a routine", "utf-8")
    cat = load_catalogue(user_dir=tmp_path)
    builtin = load_catalogue()
    assert cat.ids == (*builtin.ids, "calf-stretch")
    mine = cat.get("calf-stretch")
    assert mine is not None
    assert mine.origin == str(tmp_path / "calf.toml")
    assert [s.id for s in cat.user_stretches] == ["calf-stretch"]
    assert len(cat.problems) == 2
    broken = next(p for p in cat.problems if "broken.toml" in p)
    assert "timing.hold" in broken
    assert f"line {line_of(GOOD, 'hold = 20')}" in broken
    clash = next(p for p in cat.problems if "clash.toml" in p)
    assert "already used by a built-in stretch" in clash
    assert cat.get("hip-flexor") == builtin.get("hip-flexor")


def test_a_missing_routines_folder_is_no_problem(tmp_path: Path) -> None:
    assert load_catalogue(user_dir=tmp_path / "none") == load_catalogue()


def test_two_user_files_with_one_id_keep_the_first(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(GOOD, "utf-8")
    (tmp_path / "b.toml").write_text(GOOD.replace("reps = 2", "reps = 3"), "utf-8")
    cat = load_folder(tmp_path)
    assert cat.ids == ("calf-stretch",)
    stretch = cat.get("calf-stretch")
    assert stretch is not None
    assert stretch.reps == 2
    assert "b.toml" in cat.problems[0]
    assert "another file" in cat.problems[0]


def test_the_stretch_is_a_plain_value() -> None:
    s = read_routine(GOOD).stretch
    assert s is not None
    assert dataclasses.replace(s) == s


@pytest.mark.parametrize("path", builtin_files(), ids=lambda p: p.stem)
def test_every_builtin_pose_meets_its_contacts_as_written(path: Path) -> None:
    # Solving is for the user's rough angles; the shipped files carry angles that already
    # hold, so start-up reads them at the cost of one check per pose.
    text = path.read_text("utf-8")
    written, solved = read_routine(text, solve=False).stretch, read_routine(text).stretch
    assert written is not None
    assert solved is not None
    for kind, frames in written.keyframes.items():
        for a, b in zip(frames, solved.keyframes[kind], strict=True):
            moved = {
                k: (a.joints.get(k, 0.0), b.joints.get(k, 0.0))
                for k in a.joints.keys() | b.joints.keys()
                if abs(a.joints.get(k, 0.0) - b.joints.get(k, 0.0)) > 0.05
            }
            assert not moved, f"{kind} at {a.at}: write the solved angles into the file"


def test_the_whole_example_in_docs_routines_md_is_a_valid_routine() -> None:
    import re

    doc = Path(__file__).resolve().parents[2] / "docs" / "routines.md"
    found = re.search(r"## A whole example\n\n```toml\n(.*?)```", doc.read_text("utf-8"), re.S)
    assert found is not None, "docs/routines.md lost its whole example"
    checked = read_routine(found.group(1))
    assert checked.ok, [str(p) for p in checked.problems]
    assert checked.stretch is not None
    assert checked.stretch.translations["de"]["name"] == "Wadendehnung im Stehen"


def test_a_catalogue_in_one_language_keeps_no_other(tmp_path: Path) -> None:
    (tmp_path / "calf.toml").write_text(GOOD, "utf-8")
    german = load_catalogue(user_dir=tmp_path, language="de")
    hip, calf = german.get("hip-flexor"), german.get("calf-stretch")
    assert hip is not None
    assert calf is not None
    assert (hip.name, calf.name) == ("Hüftbeugerdehnung", "Wadendehnung im Stehen")
    assert not hip.translations  # what the running app holds: one language
    assert not calf.translations
    full = load_catalogue(user_dir=tmp_path).get("hip-flexor")
    assert full is not None
    assert {"de", "ja"} <= set(full.translations)  # export and the other languages keep them
