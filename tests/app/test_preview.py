"""``deskstretch preview``: frames and contact sheet rendered offscreen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from deskstretch.app import preview
from deskstretch.app.preview import frame_layout, run_preview, sheet_cells
from deskstretch.catalogue.loader import Catalogue, load_catalogue
from deskstretch.core.session import build_timeline
from tests.helpers.stretches import make_stretch

pytestmark = pytest.mark.gui

SMALL = (160, 120)


@pytest.fixture
def tiny_catalogue(monkeypatch: pytest.MonkeyPatch) -> Catalogue:
    """A catalogue of one short stretch: ready 5 + move 2 + hold 10 + release 2 + finish 5."""
    stretch = make_stretch("tiny", name="Tiny stretch", sides=False, reps=1)
    catalogue = Catalogue(stretches=(stretch,))
    monkeypatch.setattr(preview, "load_catalogue", lambda: catalogue)
    return catalogue


def _distinct_colours(image: QImage, area: QRect | None = None, step: int = 2) -> int:
    box = area or image.rect()
    seen = set()
    for y in range(box.top(), box.bottom(), step):
        for x in range(box.left(), box.right(), step):
            seen.add(image.pixel(x, y))
    return len(seen)


def test_frame_count_matches_duration_times_fps_and_frames_are_not_blank(
    qapp: QApplication, tiny_catalogue: Catalogue, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert run_preview("tiny", out, size=SMALL, fps=2) == 0
    frames = sorted(out.glob("frame-*.png"))
    assert len(frames) == (24 * 2)
    assert frames[0].name == "frame-00001.png"
    assert frames[-1].name == "frame-00048.png"
    for path in (frames[0], frames[20], frames[-1]):
        image = QImage(str(path))
        assert (image.width(), image.height()) == SMALL
        assert _distinct_colours(image) > 20  # figure, text and ring, not a flat fill
    assert (out / "contact-sheet.png").is_file()


def test_a_second_render_replaces_old_frames(
    qapp: QApplication, tiny_catalogue: Catalogue, tmp_path: Path
) -> None:
    assert run_preview("tiny", tmp_path, size=SMALL, fps=2) == 0
    assert run_preview("tiny", tmp_path, size=SMALL, fps=1) == 0
    assert len(list(tmp_path.glob("frame-*.png"))) == 24


def test_phases_differ_on_the_contact_sheet_of_a_shipped_stretch(
    qapp: QApplication, tmp_path: Path
) -> None:
    stretch = load_catalogue().get("hip-flexor")
    assert stretch is not None
    phases = build_timeline([stretch]).phases
    assert run_preview("hip-flexor", tmp_path, size=(64, 48), fps=1, theme="dark") == 0
    sheet = QImage(str(tmp_path / "contact-sheet.png"))
    (width, height), cells = sheet_cells(len(phases))
    assert (sheet.width(), sheet.height()) == (width, height)

    def figure(index: int) -> QImage:
        card = frame_layout(cells[index]).card.toAlignedRect().adjusted(4, 4, -4, -4)
        return sheet.copy(card)

    kinds = [p.kind for p in phases]
    ready, hold = figure(kinds.index("ready")), figure(kinds.index("hold"))
    assert _distinct_colours(hold) > 5  # something is drawn in the card
    assert ready != hold  # the figure moved into the stretch
    assert sheet.pixelColor(2, 2).lightness() < 80  # the dark theme


def test_unknown_id_exits_2_and_lists_the_valid_ids(
    qapp: QApplication,
    tiny_catalogue: Catalogue,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_preview("no-such-stretch", tmp_path / "x", size=SMALL, fps=2) == 2
    err = capsys.readouterr().err
    assert "no-such-stretch" in err
    assert "tiny" in err
    assert not (tmp_path / "x").exists()


def test_hip_flexor_from_the_shipped_catalogue_renders_its_whole_routine(
    qapp: QApplication, tmp_path: Path
) -> None:
    stretch = load_catalogue().get("hip-flexor")
    assert stretch is not None
    duration = build_timeline([stretch]).duration
    assert run_preview("hip-flexor", tmp_path, size=(96, 72), fps=1) == 0
    assert len(list(tmp_path.glob("frame-*.png"))) == round(duration)


def test_preview_needs_no_display_and_no_running_qt_app(tmp_path: Path) -> None:
    # A fresh process with no DISPLAY and a platform that cannot start: the preview
    # must start its own offscreen application.
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from deskstretch.app import preview\n"
        "from deskstretch.catalogue.loader import Catalogue\n"
        "from tests.helpers.stretches import make_stretch\n"
        "s = make_stretch('tiny', sides=False, reps=1)\n"
        "preview.load_catalogue = lambda: Catalogue(stretches=(s,))\n"
        "sys.exit(preview.run_preview('tiny', Path(sys.argv[1]), size=(64, 48), fps=1))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "xcb"
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(list(tmp_path.glob("frame-*.png"))) == 24
    assert "24 frames" in result.stdout
