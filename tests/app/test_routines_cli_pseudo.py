"""What ``deskstretch routines`` says about a routine file, in the pseudo-locale.

The problems of a routine file come from the pure reader (catalogue/routine.py), the contact
parser (pose/contacts.py), the validator and the catalogue loader; each goes through
``deskstretch.i18n``. With ``LANGUAGE=pseudo`` every translated sentence is accented and in
brackets (tests/helpers/pseudo.py): an English word left outside them was printed without
``_()``. What may stay as written is what the file itself says: its path, the key a problem is
about (``FILE:LINE: KEY:``), and the contacts as the author wrote them.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from deskstretch import i18n
from deskstretch.app import cli
from deskstretch.app.routines import load_stretches, routines_line
from deskstretch.platform.paths import routines_dir
from tests.helpers import pseudo as pseudo_check
from tests.helpers.pseudo import PSEUDO_TEXT

# One of each kind of mistake a routine's author makes.
CONTACTS = ("left hand on floor", "hands on moon", "left hand on desk")
BROKEN = f"""\
format = 1
id = "broken-calf"
language = "en"
place = "desk"
equipment = []
position = "standing"
sides = true
reps = 2
camera = "side"
props = ["floor"]
anchor = "left_knee+tail"
colour = "blue"

[timing]
move = 3
hold = 900
rest = 5

[text]
name = "{"A very long name " * 5}"
cautions = ["Stop if it hurts."]

[text.steps]
ready = "Stand tall."
move = "Lean forward."
release = "Come back up."
switch = "Change legs."

[poses.start]
from = "stand"
contacts = [{", ".join(f'"{c}"' for c in CONTACTS)}]

[poses.hold]
from = "start"
joints = {{ right_knee_flex = 170, left_elbo = 3 }}

[poses.lean]
from = "sit-on-the-moon"

[[keyframes.move]]
at = 0.0
pose = "start"
easing = "wobbly"

[[keyframes.move]]
at = 1.0
pose = "nowhere"
"""
NOT_TOML = 'format = 1\nid = "not-toml\n[timing\n'


@pytest.fixture(autouse=True)
def pseudo_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """The system asks for the pseudo-locale; general.language stays "system"."""
    monkeypatch.setenv("LANGUAGE", i18n.PSEUDO)


def run(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.suppress(SystemExit):
        code = cli.main(list(argv), out=out, err=err)
    return code, out.getvalue() + err.getvalue()


def english_left(text: str) -> list[str]:
    """The lines with English outside the pseudo brackets, once the file's own words (the
    ``FILE:LINE: KEY:`` that starts a problem, the contacts as written) are taken out."""
    for contact in CONTACTS:
        text = text.replace(repr(contact), " ")
    text = re.sub(r"(?m)^(\s*)\S+\.toml(:\d+)?:( [\w.\[\]-]+:)?", r"\1", text)
    return pseudo_check.english_left(text)


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken-calf.toml"
    path.write_text(BROKEN, "utf-8")
    return path


def test_check_says_every_problem_of_a_broken_routine_in_the_language(broken: Path) -> None:
    code, text = run("routines", "check", str(broken))
    assert code == 2
    # Every kind of mistake in the file is reported, at its key...
    for key in (
        "colour",  # an unknown key
        "anchor",  # a point the figure does not have
        "timing.hold",  # out of range
        "timing.release",  # missing
        "text.name",  # too long
        "text.purpose",  # missing text
        "text.steps.hold",  # a phase without its words
        "poses.start.contacts",  # a contact that cannot be met or read, a missing prop
        "poses.hold.joints.right_knee_flex",  # a joint past its range
        "poses.hold.joints.left_elbo",  # an unknown joint
        "poses.lean.from",  # an unknown pose to start from
        "keyframes.move[0].easing",
        "keyframes.move[1].pose",  # an unknown pose
    ):
        assert f": {key}: " in text, key
    for contact in CONTACTS:
        assert repr(contact) in text, contact
    # ... and in the pseudo-locale, each one (and the count) is translated.
    lines = text.splitlines()
    assert len(lines) > 15
    assert all(PSEUDO_TEXT.search(line) for line in lines), text
    assert english_left(text) == []


def test_check_says_a_file_is_not_toml_in_the_language(tmp_path: Path) -> None:
    path = tmp_path / "not-toml.toml"
    path.write_text(NOT_TOML, "utf-8")
    code, text = run("routines", "check", str(path))
    assert code == 2
    assert PSEUDO_TEXT.search(text.splitlines()[0]), text
    # The TOML reader's own words stay English, inside the translated sentence.
    assert english_left(text) == []


def test_add_refuses_a_broken_routine_in_the_language(broken: Path) -> None:
    code, text = run("routines", "add", str(broken))
    assert code == 2
    assert english_left(text) == []


def test_list_and_the_catalogue_name_skipped_files_in_the_language(broken: Path) -> None:
    folder = routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / broken.name).write_text(BROKEN, "utf-8")
    (folder / "not-toml.toml").write_text(NOT_TOML, "utf-8")
    _code, listed = run("routines", "list")
    assert "broken-calf.toml" in listed
    assert "not-toml.toml" in listed
    assert english_left(listed) == []
    # What the app logs and `list-stretches` warns about: one line per file skipped, its
    # first problem and how many more; `status` counts them, whatever the language.
    i18n.install()
    catalogue = load_stretches()
    assert len(catalogue.skipped) == 2
    assert set(catalogue.problems) == set(catalogue.skipped)
    for line in catalogue.skipped:  # the whole line is one translated sentence
        assert line.startswith("["), line
        assert line.endswith("~]"), line
    assert english_left("\n".join(catalogue.skipped)) == []
    files = i18n.pseudo("{n} files skipped (see the log)").format(n=2)
    assert files in routines_line(catalogue)
