"""The stretch model: what one entry of the catalogue says.

Every stretch is a routine file (``deskstretch/data/stretches/*.toml`` for the built-in
ones, the user's own in the per-user data folder; the format is docs/routines.md), read
and checked by :mod:`deskstretch.catalogue.routine` and gathered by
:mod:`deskstretch.catalogue.loader`. Everything here is plain, frozen data so the player,
the renderer and the tests can share it freely.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from deskstretch.i18n import PSEUDO, pseudo

Position = Literal["standing", "sitting", "kneeling", "lying", "all-fours", "hanging", "squatting"]
Equipment = Literal["mat", "pull-up-bar", "chair", "desk"]
# Where a stretch can be done: beside the desk in office clothes, on the floor, at a bar.
Place = Literal["desk", "floor", "bar"]
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
    equipment: tuple[Equipment, ...]
    sides: bool
    reps: int
    hold_seconds: float
    move_seconds: float
    release_seconds: float
    rest_seconds: float
    steps: dict[PhaseKind, str]
    cautions: tuple[str, ...]
    camera: Camera = "side"
    timing_note: str = ""
    # Animation: keyframes per phase kind (the renderer's business; the player ignores it).
    keyframes: dict[PhaseKind, tuple[Keyframe, ...]] = field(default_factory=dict)
    props: tuple[str, ...] = ()
    # Points the figure keeps still while it moves ("left_knee+right_toe"); "" picks
    # a default from the position (the feet when standing, the grips when hanging...).
    anchor: str = ""
    # Why the figure's poses look the way they do (exaggerations, simplifications).
    figure_note: str = ""
    place: Place = "floor"
    # The texts in other languages: language code -> the same keys as the routine's
    # [text] table (name, purpose, cautions, steps, ...); see ``localized``.
    translations: dict[str, dict[str, object]] = field(default_factory=dict)
    # Where the stretch came from: "built-in", or the path of the user's routine file.
    origin: str = "built-in"

    @property
    def needs_bar(self) -> bool:
        """Whether the stretch needs a pull-up bar (off by default in the rotation)."""
        return "pull-up-bar" in self.equipment

    @property
    def builtin(self) -> bool:
        """Whether the stretch ships with DeskStretch (not one of the user's routines)."""
        return self.origin == "built-in"

    @property
    def side_list(self) -> tuple[Side | None, ...]:
        """The sides one rep goes through (``(None,)`` for a symmetric stretch)."""
        return ("left", "right") if self.sides else (None,)


def localized(stretch: Stretch, language: str) -> Stretch:
    """The stretch with its texts in ``language`` where its file has them.

    ``language`` is a code like "de" or "pt_BR"; "pt_BR" falls back to "pt". A text the
    translation leaves out stays in the file's own language. The test pseudo-locale
    (:data:`deskstretch.i18n.PSEUDO`) makes every text of every stretch longer and accented.
    """
    if language == PSEUDO:
        return replace(
            stretch,
            name=pseudo(stretch.name),
            purpose=pseudo(stretch.purpose),
            timing_note=pseudo(stretch.timing_note),
            figure_note=pseudo(stretch.figure_note),
            cautions=tuple(pseudo(c) for c in stretch.cautions),
            steps={k: pseudo(v) for k, v in stretch.steps.items()},
        )
    table = stretch.translations.get(language) or stretch.translations.get(language.split("_")[0])
    if not table:
        return stretch
    changes: dict[str, object] = {}
    for key in ("name", "purpose", "timing_note", "figure_note"):
        value = table.get(key)
        if isinstance(value, str) and value:
            changes[key] = value
    cautions = table.get("cautions")
    if isinstance(cautions, list) and cautions:
        changes["cautions"] = tuple(str(c) for c in cautions)
    steps = table.get("steps")
    if isinstance(steps, dict) and steps:
        changes["steps"] = {**stretch.steps, **{k: str(v) for k, v in steps.items() if v}}
    return replace(stretch, **changes)  # type: ignore[arg-type]
