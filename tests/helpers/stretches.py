"""Stretch builders and a recording sound cue for the player's tests (pure Python, no Qt).

The shipped catalogue is the real input; these build small, exact stretches so a
test can state its timings without depending on catalogue content.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from deskstretch.catalogue.model import PhaseKind, Stretch


def make_stretch(stretch_id: str = "test-stretch", **changes: Any) -> Stretch:
    """A valid stretch with round numbers: 2 reps, sides, move 2, hold 10, release 2, rest 3."""
    base = Stretch(
        id=stretch_id,
        name=f"Test stretch {stretch_id}",
        purpose="Loosens the test muscles.",
        position="standing",
        equipment=(),
        sides=True,
        reps=2,
        hold_seconds=10.0,
        move_seconds=2.0,
        release_seconds=2.0,
        rest_seconds=3.0,
        steps={
            "ready": "Stand tall with your feet apart.",
            "move": "Lean slowly to the side.",
            "hold": "Hold and breathe.",
            "release": "Come back to the middle.",
            "switch": "Now the other side.",
            "rest": "Shake out your arms.",
            "finish": "Nicely done.",
        },
        cautions=("Move slowly.", "Never push into pain."),
    )
    return replace(base, **changes)


class RecordingSound:
    """A sound cue that remembers the phase kinds it was asked to play."""

    def __init__(self) -> None:
        self.played: list[PhaseKind] = []

    def __call__(self, kind: PhaseKind) -> None:
        self.played.append(kind)
