"""Random routines within the documented limits read without problems and render."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskstretch.catalogue.routine import TIMING_RANGES, read_routine, write_routine
from deskstretch.pose import frame_for
from deskstretch.pose.library import LIBRARY
from deskstretch.pose.skeleton import JOINTS

# Joints a routine may change freely without fighting its library pose's contacts, with
# how far (a part of each joint's range, so random poses stay ones a person can take).
UPPER_BODY = ("neck_flex", "neck_rot", "head_flex", "thoracic_rot", "thoracic_side")
ARMS = tuple(
    f"{side}_{name}"
    for side in ("left", "right")
    for name in ("shoulder_flex", "shoulder_abd", "elbow_flex", "wrist_flex")
)
# Upright poses touch the floor or the seat only with feet and hips, so the upper body may
# move anyhow; on the floor or the bar a random head or arm would go through the floor or
# lift a hand off, which no solving can mend: those poses are taken as the library has them.
UPRIGHT = {"stand", "sit"}


def angle(joint: str) -> st.SearchStrategy[float]:
    spec = JOINTS[joint]
    return st.floats(spec.low, spec.high, allow_nan=False).map(lambda v: round(v, 1))


@st.composite
def pose_changes(draw: st.DrawFn, start: str) -> dict[str, float]:
    if start not in UPRIGHT:
        return {}
    names = draw(st.lists(st.sampled_from(UPPER_BODY + ARMS), unique=True, max_size=5))
    return {name: draw(angle(name)) for name in sorted(names)}


def text(max_size: int) -> st.SearchStrategy[str]:
    alphabet = st.characters(categories=("L", "N", "Zs"), exclude_characters="\n\r")
    return st.text(alphabet, min_size=1, max_size=max_size).filter(lambda s: s.strip() != "")


@st.composite
def routines(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(st.sampled_from(sorted(LIBRARY)))
    sides = draw(st.booleans())
    timing = {
        name: draw(st.floats(low, high).map(lambda v: round(v, 1)))
        for name, (low, high) in TIMING_RANGES.items()
    }
    steps = {kind: draw(text(80)) for kind in ("ready", "move", "hold", "release")}
    if sides:
        steps["switch"] = draw(text(80))
    return {
        "format": 1,
        "id": "random-" + draw(st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True)),
        "place": draw(st.sampled_from(["desk", "floor", "bar"])),
        "equipment": [],
        "position": "standing",
        "sides": sides,
        "reps": draw(st.integers(1, 20)),
        "camera": draw(st.sampled_from(["side", "front", "three-quarter", "above"])),
        "props": ["floor"],
        "timing": timing,
        "text": {
            "name": draw(text(60)),
            "purpose": draw(text(120)),
            "cautions": draw(st.lists(text(80), min_size=1, max_size=3)),
            "steps": steps,
        },
        "poses": {
            "start": {"from": start, "joints": draw(pose_changes(start))},
            "hold": {"from": "start", "joints": draw(pose_changes(start))},
        },
        "keyframes": {"move": [{"at": 0.0, "pose": "start"}, {"at": 1.0, "pose": "hold"}]},
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=routines())
def test_a_random_routine_within_the_limits_reads_and_renders(doc: dict[str, Any]) -> None:
    checked = read_routine(write_routine(doc))
    assert checked.ok, [str(p) for p in checked.problems]
    stretch = checked.stretch
    assert stretch is not None
    for side in stretch.side_list:
        for phase in ("ready", "move", "hold", "release"):
            for progress in (0.0, 0.5, 1.0):
                frame = frame_for(stretch, phase, progress, side, progress * 3)
                x0, y0, x1, y1 = frame.bounds
                for seg in frame.segments:
                    for x, y in (seg.start, seg.end):
                        assert math.isfinite(x)
                        assert math.isfinite(y)
                        assert x0 <= x <= x1, "the figure stays inside its view box"
                        assert y0 <= y <= y1, "the figure stays inside its view box"
