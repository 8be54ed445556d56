"""The stretch model: what one entry of the catalogue says.

The catalogue is packaged data (``deskstretch/data/catalogue.json``) loaded and
validated by :mod:`deskstretch.catalogue.loader`. Everything here is plain,
frozen data so the player, the renderer and the tests can share it freely.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

CATALOGUE_SCHEMA_VERSION = 1

Position = Literal["standing", "kneeling", "lying", "all-fours", "hanging", "squatting"]
Equipment = Literal["none", "mat", "pull-up-bar"]
Side = Literal["left", "right"]
Camera = Literal["side", "front", "three-quarter", "above"]

# The phases a guided stretch goes through (shared by the player, the renderer and the catalogue):
#   ready   - get into the starting position (countdown); the figure shows the start pose
#   move    - move into the stretch (start pose -> hold pose)
#   hold    - hold the stretch (countdown ring; the figure breathes)
#   release - come back out (hold pose -> start pose)
#   switch  - change sides (figure back in the start pose, mirrored next)
#   rest    - a short pause between reps
#   finish  - done; shows the next break time
PhaseKind = Literal["ready", "move", "hold", "release", "switch", "rest", "finish"]
PHASE_KINDS: tuple[PhaseKind, ...] = (
    "ready",
    "move",
    "hold",
    "release",
    "switch",
    "rest",
    "finish",
)


@dataclass(frozen=True)
class Keyframe:
    """A pose at a fraction of a phase: ``at`` in [0, 1], joint angles in degrees."""

    at: float
    joints: dict[str, float]
    easing: str = "in-out"
    # Joints this pose takes past their typical active range on purpose (for example
    # the ankles in a resting deep squat); the validator accepts those, and only those.
    exaggerated: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Stretch:
    """One stretch of the catalogue.

    Timing is per rep and side: ``move_seconds`` into the pose, ``hold_seconds`` in
    it, ``release_seconds`` out of it, ``rest_seconds`` between reps. ``sides`` means
    the stretch is done on the left and on the right in each rep.
    """

    id: str
    name: str
    purpose: str
    position: Position
    equipment: Equipment
    sides: bool
    reps: int
    hold_seconds: float
    move_seconds: float
    release_seconds: float
    rest_seconds: float
    steps: dict[PhaseKind, str]
    cautions: tuple[str, ...]
    camera: Camera = "side"
    needs_bar: bool = False
    timing_note: str = ""
    # Animation: keyframes per phase kind (the renderer's business; the player ignores it).
    keyframes: dict[PhaseKind, tuple[Keyframe, ...]] = field(default_factory=dict)
    props: tuple[str, ...] = ()
    # Points the figure keeps still while it moves ("left_knee+right_toe"); "" picks
    # a default from the position (the feet when standing, the grips when hanging...).
    anchor: str = ""
    # Why the figure's poses look the way they do (exaggerations, simplifications).
    figure_note: str = ""

    @property
    def side_list(self) -> tuple[Side | None, ...]:
        """The sides one rep goes through (``(None,)`` for a symmetric stretch)."""
        return ("left", "right") if self.sides else (None,)
