"""The chair and the desk are painted where the pose layer puts them, in both themes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage

from deskstretch.catalogue.model import Keyframe, Stretch
from deskstretch.pose import Frame, Prop, frame_for
from deskstretch.pose.contacts import parse_contact, solve_contacts
from deskstretch.pose.library import LIBRARY
from deskstretch.ui.figure import figure_mapping, figure_palette
from tests.helpers.figure_render import render_frame
from tests.helpers.stretches import make_stretch

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("qapp")]  # a QApplication, as qtbot needs

SIZE = (480, 360)


def at_desk(props: tuple[str, ...]) -> Stretch:
    """Sitting on a chair, the left hand resting on the desk."""
    cs = [
        c for t in ("hips on chair", "feet on floor", "left hand on desk") for c in parse_contact(t)
    ]
    start = {**LIBRARY["sit"].joints, "left_shoulder_flex": 60.0, "left_elbow_flex": 20.0}
    joints = solve_contacts(start, cs).joints
    keys = (Keyframe(0.0, joints, "in-out"), Keyframe(1.0, joints, "in-out"))
    return make_stretch(
        "at-desk", position="sitting", props=props, keyframes={"move": keys}, sides=False
    )


def to_pixel(frame: Frame, x: float, y: float) -> tuple[int, int]:
    mapping = figure_mapping(frame.bounds, QRectF(0, 0, *SIZE))
    assert mapping is not None
    s, ox, oy = mapping
    return round(ox + x * s), round(oy - y * s)


def board(frame: Frame, kind: str, highest: bool) -> Prop:
    closed = [p for p in frame.props if p.kind == kind and p.closed]
    return sorted(closed, key=lambda p: max(y for _, y in p.points))[-1 if highest else 0]


def centre(prop: Prop) -> tuple[float, float]:
    xs = [x for x, _ in prop.points]
    ys = [y for _, y in prop.points]
    return (sum(xs) / len(xs), sum(ys) / len(ys))


def is_furniture(image: QImage, px: int, py: int, dark: bool) -> bool:
    """Whether a 5x5 patch around the pixel shows the furniture's fill or edge colour."""
    pal = figure_palette(dark)
    wanted = (pal.furniture, pal.furniture_edge)
    for dx in range(-2, 3):
        for dy in range(-2, 3):
            c = QColor(image.pixel(px + dx, py + dy))
            for w in wanted:
                if (
                    abs(c.red() - w.red()) + abs(c.green() - w.green()) + abs(c.blue() - w.blue())
                    < 30
                ):
                    return True
    return False


def furniture_pixels(image: QImage, dark: bool) -> int:
    pal = figure_palette(dark)
    wanted = {pal.furniture.rgb(), pal.furniture_edge.rgb()}
    return sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if image.pixel(x, y) in wanted
    )


@pytest.mark.parametrize("dark", [False, True])
def test_the_desk_and_the_chair_are_painted_where_they_stand(dark: bool) -> None:
    stretch = at_desk(("floor", "chair", "desk"))
    frame = frame_for(stretch, "hold", 0.5, None, 1.0)
    image = render_frame(frame, SIZE, dark=dark)
    desk = board(frame, "desk", highest=True)
    assert is_furniture(image, *to_pixel(frame, *centre(desk)), dark)
    backrest = board(frame, "chair", highest=True)
    top = max(backrest.points, key=lambda p: p[1])
    assert is_furniture(image, *to_pixel(frame, top[0], top[1] - 0.02), dark)
    # The hand resting on the desk is drawn on its top: just under the fingertips is the desk.
    (hand,) = [seg for seg in frame.segments if seg.part == "left_hand"]
    mapping = figure_mapping(frame.bounds, QRectF(0, 0, *SIZE))
    assert mapping is not None
    fx, fy = to_pixel(frame, *hand.end)
    below = round(hand.thickness / 2.0 * mapping[0]) + 3
    assert is_furniture(image, fx, fy + below, dark)
    # (Heights in 3-D are checked in tests/pose/test_contacts.py: seen from a little above,
    # the desk top is an area, so a pixel cannot tell a few centimetres.)


def test_without_chair_and_desk_nothing_of_their_colour_is_painted() -> None:
    with_props = render_frame(
        frame_for(at_desk(("floor", "chair", "desk")), "hold", 0.5, None, 1.0), SIZE
    )
    without = render_frame(frame_for(at_desk(("floor",)), "hold", 0.5, None, 1.0), SIZE)
    assert furniture_pixels(without, False) == 0
    assert furniture_pixels(with_props, False) > 200
