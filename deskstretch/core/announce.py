"""What a screen reader should announce during a stretch, and when.

The stretch window refreshes many times a second; a screen reader user needs to hear only
the moments that matter: the break starting, each phase (get ready, move, hold, release,
switch sides, rest, done) once, and the time left at 10 and 5 seconds, never each second.
:class:`AnnouncementPlan` watches the running session's state tick by tick and says which
of those moments a tick is. The words come from the window (what is on screen), so this
module stays free of Qt and of text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from deskstretch.catalogue.model import PhaseKind

#: Whole seconds left at which a phase's countdown is announced (besides its start).
COUNTDOWN_MARKS: tuple[int, ...] = (10, 5)


def whole_seconds(seconds_left: float) -> int:
    """Whole seconds left, rounded up, as the countdown ring shows them."""
    return max(0, math.ceil(seconds_left - 1e-6))


AnnouncementKind = Literal["break-start", "phase", "countdown"]


@dataclass(frozen=True)
class Announcement:
    """One thing to announce.

    Attributes:
        kind: "break-start" (the first phase of the break: its start and that phase in one),
            "phase" (a new phase; "finish" is the end of the break) or "countdown" (a mark).
        phase: The phase shown now.
        seconds: Whole seconds left in that phase.
    """

    kind: AnnouncementKind
    phase: PhaseKind
    seconds: int


class AnnouncementPlan:
    """Decides, for each observed tick, whether to announce something (at most one thing).

    Args:
        enabled: ``general.spoken_cues``; when False nothing is ever announced.
        marks: Seconds-left marks announced once per phase.
    """

    def __init__(self, enabled: bool = True, marks: tuple[int, ...] = COUNTDOWN_MARKS) -> None:
        self.enabled = enabled
        self._marks = tuple(sorted(marks, reverse=True))
        self._phase_index: int | None = None
        self._phase_seconds = 0
        self._done: set[int] = set()

    def observe(self, phase_index: int, phase: PhaseKind, seconds_left: int) -> Announcement | None:
        """The session shows ``phase`` (number ``phase_index`` of the timeline) with
        ``seconds_left`` whole seconds left: what to announce now, if anything.

        A changed ``phase_index`` (forwards or back) is a new phase. A mark is announced
        when the seconds left reach it, unless the phase started at or below it (the start
        said the time already); a late tick that passes several marks announces the last.
        The finish counts down to the window closing: no marks there.
        """
        if phase_index != self._phase_index:
            first = self._phase_index is None
            self._phase_index = phase_index
            self._phase_seconds = seconds_left
            self._done = set()
            if not self.enabled:
                return None
            return Announcement("break-start" if first else "phase", phase, seconds_left)
        if not self.enabled or phase == "finish" or seconds_left <= 0:
            return None
        reached = [
            m
            for m in self._marks
            if seconds_left <= m < self._phase_seconds and m not in self._done
        ]
        if not reached:
            return None
        self._done.update(reached)
        return Announcement("countdown", phase, seconds_left)
