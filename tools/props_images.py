"""Render library poses with the chair and the desk to PNG, to look at them.

``.venv/bin/python tools/props_images.py`` writes test-output/props/*.png: the ``sit`` and
``kneel`` library poses and a few solved contact poses (a hand on the desk, a hand on the
backrest, a hand on the opposite knee) from the side, the front and three-quarter, light
and dark.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QRectF
from PySide6.QtGui import QGuiApplication, QImage, QPainter

from deskstretch.pose.contacts import parse_contact, solve_contacts
from deskstretch.pose.frame import frame_for
from deskstretch.pose.library import LIBRARY
from deskstretch.ui.figure import figure_palette, paint_figure

OUT = ROOT / "test-output" / "props"


@dataclass(frozen=True)
class Key:
    at: float
    joints: Mapping[str, float]
    easing: str = "in-out"


@dataclass(frozen=True)
class Posed:
    """A one-pose stretch (start = hold) for rendering."""

    id: str
    position: str
    camera: str
    props: tuple[str, ...]
    joints: Mapping[str, float]
    anchor: str = ""
    hold_seconds: float = 10.0
    keyframes: Mapping[str, Sequence[Key]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "keyframes", {"move": (Key(0.0, self.joints), Key(1.0, self.joints))}
        )


def solved(base: str, contacts: Sequence[str], **changes: float) -> dict[str, float]:
    pose = LIBRARY[base]
    joints = {**pose.joints, **changes}
    cs = [c for text in contacts for c in parse_contact(text)]
    result = solve_contacts(joints, cs, exaggerated=pose.exaggerated)
    if result.misses:
        print(base, contacts, "misses:", result.misses)
    return result.joints


def render(
    name: str, stretch: Posed, dark: bool = False, size: tuple[int, int] = (480, 480)
) -> Path:
    image = QImage(size[0], size[1], QImage.Format.Format_ARGB32)
    image.fill(figure_palette(dark).background)
    painter = QPainter(image)
    frame = frame_for(stretch, "hold", 0.5, None, 0.0, reduced_motion=True)  # type: ignore[arg-type]
    paint_figure(painter, QRectF(0, 0, size[0], size[1]), frame, dark)
    painter.end()
    path = OUT / f"{name}.png"
    image.save(str(path))
    return path


def main() -> None:
    _app = QGuiApplication.instance() or QGuiApplication([])
    OUT.mkdir(parents=True, exist_ok=True)
    sit = dict(LIBRARY["sit"].joints)
    kneel = dict(LIBRARY["kneel"].joints)
    poses = {
        "sit": Posed("sit", "sitting", "side", ("floor", "chair", "desk"), sit),
        "kneel": Posed("kneel", "kneeling", "side", ("floor", "mat"), kneel),
        "sit-hand-desk": Posed(
            "sit-hand-desk",
            "sitting",
            "side",
            ("floor", "chair", "desk"),
            solved(
                "sit",
                ["hips on chair", "feet on floor", "left hand on desk"],
                left_shoulder_flex=60,
                left_elbow_flex=20,
            ),
        ),
        "stand-hand-desk": Posed(
            "stand-hand-desk",
            "standing",
            "side",
            ("floor", "desk"),
            solved(
                "stand",
                ["feet on floor", "left hand on desk"],
                left_shoulder_flex=40,
                left_elbow_flex=10,
                root_pitch=10,
                left_hip_flex=10,
            ),
        ),
        "twist": Posed(
            "twist",
            "sitting",
            "three-quarter",
            ("floor", "chair"),
            solved(
                "sit",
                [
                    "hips on chair",
                    "feet on floor",
                    "right hand on left knee",
                    "left hand on backrest",
                ],
                thoracic_rot=30,
                lumbar_rot=8,
                neck_rot=30,
            ),
        ),
        "stand-chair-back": Posed(
            "stand-chair-back",
            "standing",
            "side",
            ("floor", "chair"),
            solved("stand", ["feet on floor", "left hand on backrest"], left_shoulder_flex=30),
        ),
    }
    for name, stretch in poses.items():
        for cam in ("side", "front", "three-quarter"):
            s = Posed(stretch.id + cam, stretch.position, cam, stretch.props, stretch.joints)
            print(render(f"{name}-{cam}", s))
        print(render(f"{name}-dark", stretch, dark=True))


if __name__ == "__main__":
    main()
