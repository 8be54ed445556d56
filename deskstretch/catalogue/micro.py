"""The micro-break cues: a few seconds of eye or shoulder care between stretch breaks.

Each cue is plain, frozen data like a stretch: a name, one instruction sentence and the
keyframes of a short animation that loops while the cue shows. The animation uses the same
figure as the stretches (:mod:`deskstretch.pose`); two extra channels in the keyframes move
the eyes the figure gets for these cues (see :data:`deskstretch.pose.micro.FACE_CHANNELS`).

A :class:`MicroCue` fits :class:`deskstretch.pose.frame.StretchLike`: the still pose is its
``ready`` keyframe, the lead-in its ``move`` keyframes and the loop its ``hold`` keyframes.
The ids match ``deskstretch.core.rules.MICRO_CUES`` (the tests check they agree).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from deskstretch.catalogue.model import Camera, Keyframe, PhaseKind
from deskstretch.i18n import N_

Crop = Literal["head", "shoulders"]

#: Breathing in a loop never fades out: the loop is a "hold" that lasts as long as the cue.
_ENDLESS = 3600.0

#: The standing pose of the catalogue (its "stand" pose): arms relaxed at the sides.
_STAND: dict[str, float] = {
    "left_shoulder_abd": 5.0,
    "right_shoulder_abd": 5.0,
    "left_elbow_flex": 8.0,
    "right_elbow_flex": 8.0,
}


def _pose(**joints: float) -> dict[str, float]:
    pose = dict(_STAND)
    pose.update(joints)
    return pose


def _both(**joints: float) -> dict[str, float]:
    """The same shoulder angles on both sides (``elev=20`` sets both shoulder_elev)."""
    out: dict[str, float] = {}
    for name, value in joints.items():
        out[f"left_shoulder_{name}"] = value
        out[f"right_shoulder_{name}"] = value
    return out


@dataclass(frozen=True)
class MicroCue:
    """One micro-break cue.

    Attributes:
        id: Stable id (one of ``deskstretch.core.rules.MICRO_CUES``).
        name: Short title shown on the panel (English, marked with ``N_``: show ``_(name)``).
        instruction: One sentence saying what to do (English too: show ``_(instruction)``).
        camera: Camera kind for the figure (see :mod:`deskstretch.pose.camera`).
        crop: How much of the figure the panel shows: the head alone, or head and shoulders.
        cycle_seconds: Length of one loop of the animation.
        intro_seconds: Length of the lead-in before the first loop (0 for none).
        intro: Lead-in keyframes (``at`` over ``intro_seconds``).
        loop: Keyframes of one loop (``at`` over ``cycle_seconds``; the first and last
            poses are equal, so the loop has no jump).
        still: The pose shown when the user asked for reduced motion.
        looks_far: Draw the distant point the figure looks at.
    """

    id: str
    name: str
    instruction: str
    camera: Camera
    crop: Crop
    cycle_seconds: float
    intro_seconds: float
    intro: tuple[Keyframe, ...]
    loop: tuple[Keyframe, ...]
    still: Keyframe
    looks_far: bool = False
    # What the pose layer needs from anything it animates (StretchLike).
    position: str = "standing"
    props: tuple[str, ...] = ()
    anchor: str = ""
    hold_seconds: float = _ENDLESS

    @property
    def keyframes(self) -> Mapping[PhaseKind, tuple[Keyframe, ...]]:
        """The keyframes as phases: ``ready`` the still pose, ``move`` the lead-in,
        ``hold`` the loop."""
        return {"ready": (self.still,), "move": self.intro, "hold": self.loop}


# --------------------------------------------------------------------- look far

# The head turns to the figure's left (the picture's right in the front view), the chin
# comes up a little to the horizon and the eyes look on past the nose.
_FAR = _pose(neck_rot=40.0, head_flex=-5.0, gaze=12.0, eyelids=0.0)
_SCREEN = _pose(neck_rot=0.0, head_flex=8.0, gaze=0.0, eyelids=0.15)

LOOK_FAR = MicroCue(
    id="look-far",
    name=N_("Look far away"),
    instruction=N_("Look at something at least 6 metres (20 feet) away until the ring runs out."),
    camera="front",
    crop="head",
    cycle_seconds=6.0,
    intro_seconds=1.5,
    intro=(Keyframe(0.0, _SCREEN), Keyframe(1.0, _FAR)),
    loop=(
        Keyframe(0.0, _FAR),
        # The gaze drifts a little while it rests far away, with one easy blink.
        Keyframe(0.4, {**_FAR, "gaze": 16.0, "neck_rot": 38.0}),
        Keyframe(0.62, {**_FAR, "gaze": 15.0, "neck_rot": 38.5}),
        Keyframe(0.67, {**_FAR, "gaze": 15.0, "neck_rot": 38.5, "eyelids": 1.0}, "in"),
        Keyframe(0.74, {**_FAR, "gaze": 14.0, "neck_rot": 39.0}, "out"),
        Keyframe(1.0, _FAR),
    ),
    still=Keyframe(0.0, _FAR),
    looks_far=True,
)

# --------------------------------------------------------------------- blink

_OPEN = _pose(eyelids=0.0, head_flex=0.0)
_SHUT = _pose(eyelids=1.0, head_flex=3.0)

BLINK = MicroCue(
    id="blink",
    name=N_("Slow blinks"),
    instruction=N_("Close your eyes fully, then open them slowly. Do it a few times."),
    camera="front",
    crop="head",
    cycle_seconds=4.0,
    intro_seconds=0.0,
    intro=(),
    loop=(
        Keyframe(0.0, _OPEN),
        Keyframe(0.2, _OPEN),
        Keyframe(0.45, _SHUT),  # close in a second
        Keyframe(0.65, _SHUT),  # keep them closed a moment
        Keyframe(1.0, _OPEN),  # open slowly
    ),
    still=Keyframe(0.0, _pose(eyelids=1.0, head_flex=3.0)),
)

# --------------------------------------------------------------------- shoulder roll

_REST = _pose(**_both(elev=0.0, retract=0.0))
_UP = _pose(**_both(elev=22.0, retract=2.0))  # breathing adds up to 2 degrees
_BACK = _pose(**_both(elev=12.0, retract=22.0, flex=-8.0), thoracic_flex=-6.0)
_DOWN = _pose(**_both(elev=-12.0, retract=10.0, flex=-3.0), thoracic_flex=-2.0)

SHOULDER_ROLL = MicroCue(
    id="shoulder-roll",
    name=N_("Shoulder rolls"),
    instruction=N_(
        "Lift your shoulders to your ears, roll them back and down. Slowly, a few times."
    ),
    camera="side",
    crop="shoulders",
    cycle_seconds=5.0,
    intro_seconds=0.0,
    intro=(),
    loop=(
        Keyframe(0.0, _REST),
        Keyframe(0.3, _UP),
        Keyframe(0.55, _BACK),
        Keyframe(0.8, _DOWN),
        Keyframe(1.0, _REST),
    ),
    still=Keyframe(0.0, _UP),
)

#: Every micro-break cue by id.
MICRO_CATALOGUE: Mapping[str, MicroCue] = {cue.id: cue for cue in (LOOK_FAR, BLINK, SHOULDER_ROLL)}


def micro_cue(cue_id: str) -> MicroCue:
    """The cue with ``cue_id``.

    Raises:
        KeyError: There is no such cue.
    """
    return MICRO_CATALOGUE[cue_id]
