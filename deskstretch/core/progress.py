"""How far the user got through each stretch of a routine, from what was played.

The stretch window reports this when a break ends; the history records it
(:class:`~deskstretch.core.history.StretchDone`). Pure: it reads the routine's
timeline and the parts of it that were played (:meth:`Session.played
<deskstretch.core.session.Session.played>`), never the clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from deskstretch.core.history import StretchDone
from deskstretch.core.session import Phase, Timeline


def _covered(phase: Phase, played: Sequence[tuple[float, float]]) -> bool:
    """Whether one played part ran through the whole phase (a hold held to its end)."""
    return any(a <= phase.start and b >= phase.end for a, b in played)


def stretches_done(
    timeline: Timeline,
    played: Sequence[tuple[float, float]],
    *,
    stopped_at: float | None = None,
) -> tuple[StretchDone, ...]:
    """Per stretch of the routine: reps and sides held to the end, the phase reached, the outcome.

    Args:
        timeline: The routine.
        played: The parts of it played, as (start, end) seconds from its start.
        stopped_at: Where the user pressed "This hurts" (seconds), or None. The stretch
            running there is ``stopped``.

    Returns:
        One entry per stretch, in routine order. A rep counts when its last hold ended;
        ``sides_done`` counts the holds of a sided stretch held to their end (0 for a
        symmetric stretch); ``phase`` is the last phase entered (``ready`` when it never
        started); the outcome is ``stopped`` for the stretch that hurt, ``completed``
        when every rep was done, ``skipped`` otherwise.
    """
    stopped_index: int | None = None
    if stopped_at is not None:
        phase = timeline[timeline.index_at(stopped_at)]
        if phase.kind != "finish":
            stopped_index = phase.stretch_index
    result: list[StretchDone] = []
    for index, stretch in enumerate(timeline.stretches):
        phases = [p for p in timeline if p.stretch_index == index and p.kind != "finish"]
        start, end = phases[0].start, phases[-1].end
        reach = max((min(b, end) for a, b in played if a < end and b > start), default=start)
        entered = [p for p in phases if p.start < reach]
        last_phase = entered[-1].kind if entered else "ready"
        holds = [p for p in phases if p.kind == "hold"]
        held = [p for p in holds if _covered(p, played)]
        last_hold_of_rep: dict[int, Phase] = {}
        for p in holds:
            last_hold_of_rep[p.rep] = p  # in order, so the last side's hold wins
        reps_done = sum(1 for p in last_hold_of_rep.values() if _covered(p, played))
        sides_done = sum(1 for p in held if p.side is not None)
        outcome: Literal["completed", "skipped", "stopped"]
        if index == stopped_index:
            outcome = "stopped"
        elif reps_done >= stretch.reps:
            outcome = "completed"
        else:
            outcome = "skipped"
        result.append(
            StretchDone(
                stretch_id=stretch.id,
                reps_done=reps_done,
                reps=stretch.reps,
                sides_done=sides_done,
                phase=last_phase,
                outcome=outcome,
            )
        )
    return tuple(result)
