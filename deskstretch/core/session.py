"""One running guided stretch (or a long break of several), computed from the clock.

:func:`build_timeline` lays out every phase of a routine in seconds from its start:
per stretch a *ready* phase, then per rep and side *move* -> *hold* -> *release*, a
*switch* cue between the two sides of a rep, a *rest* between reps (when the stretch
has one), and a single *finish* phase at the very end.

:class:`Session` places the user on that timeline. Elapsed time is always derived
from ``clock.monotonic()`` (never counted down by a timer), so a late or missed
tick in the UI cannot shift the routine, and tests jump to any moment by moving a
fake clock.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from deskstretch.catalogue.model import PhaseKind, Side, Stretch
from deskstretch.core.clock import Clock
from deskstretch.i18n import N_, _

#: Seconds of the "get into position" countdown before each stretch.
READY_SECONDS = 5.0
#: Seconds of the "switch sides" cue between the left and the right side of a rep.
SWITCH_SECONDS = 3.0
#: Seconds the finish screen stays before the window closes itself.
FINISH_SECONDS = 5.0
#: Within this many seconds of a stretch's start, "previous" goes to the stretch before
#: it; later it restarts the current one (as a music player's "previous" does).
RESTART_GRACE_SECONDS = 3.0

#: Step texts used when a catalogue entry has none for a phase kind (English msgids,
#: translated when a session builds its phases).
DEFAULT_STEP_TEXT: dict[PhaseKind, str] = {
    "ready": N_("Get into the starting position."),
    "move": N_("Move slowly into the stretch."),
    "hold": N_("Hold the stretch and breathe calmly."),
    "release": N_("Slowly come back out of the stretch."),
    "switch": N_("Switch sides."),
    "rest": N_("Rest for a moment."),
    "finish": N_("Well done."),
}


@dataclass(frozen=True)
class Phase:
    """One step of a routine, ``start`` inclusive and ``end`` exclusive, in seconds.

    Attributes:
        start: Seconds from the start of the routine.
        end: Seconds from the start of the routine (``end > start``).
        kind: What the user does now (see :data:`deskstretch.catalogue.model.PhaseKind`).
        stretch_index: Index of the stretch in the routine this phase belongs to.
        rep: The 1-based rep number (``1`` during *ready*, ``reps`` at *finish*).
        reps: How many reps the stretch has.
        side: The side worked on (during *ready* and *switch*: the side that comes
            next), or None for symmetric stretches and the finish.
        text: The step text of this phase (from the catalogue, or a default).
    """

    start: float
    end: float
    kind: PhaseKind
    stretch_index: int
    rep: int
    reps: int
    side: Side | None
    text: str

    @property
    def duration(self) -> float:
        """Length of the phase in seconds."""
        return self.end - self.start


@dataclass(frozen=True)
class Timeline:
    """The phases of a routine in order, with the stretches they come from.

    It behaves as a read-only sequence of :class:`Phase`.
    """

    stretches: tuple[Stretch, ...]
    phases: tuple[Phase, ...]

    def __len__(self) -> int:
        return len(self.phases)

    def __getitem__(self, index: int) -> Phase:
        return self.phases[index]

    def __iter__(self) -> Iterator[Phase]:
        return iter(self.phases)

    @property
    def duration(self) -> float:
        """Total length of the routine in seconds, the finish phase included."""
        return self.phases[-1].end if self.phases else 0.0

    @property
    def finish(self) -> Phase:
        """The finish phase (always the last one)."""
        return self.phases[-1]

    def stretch_start(self, stretch_index: int) -> float:
        """When the given stretch's ready phase starts (the finish for an index past the end)."""
        for phase in self.phases:
            if phase.stretch_index == stretch_index and phase.kind != "finish":
                return phase.start
        return self.finish.start

    def index_at(self, elapsed: float) -> int:
        """Index of the phase running at ``elapsed`` seconds (clamped to the routine)."""
        starts = [p.start for p in self.phases]
        index = bisect.bisect_right(starts, elapsed) - 1
        return min(max(index, 0), len(self.phases) - 1)


def _step_text(stretch: Stretch, kind: PhaseKind) -> str:
    return stretch.steps.get(kind) or _(DEFAULT_STEP_TEXT[kind])


def build_timeline(
    stretches: Sequence[Stretch],
    ready_seconds: float = READY_SECONDS,
    *,
    switch_seconds: float = SWITCH_SECONDS,
    finish_seconds: float = FINISH_SECONDS,
) -> Timeline:
    """Lay out the phases of a routine of one or more stretches.

    Args:
        stretches: The stretches, played in order (a long break has several).
        ready_seconds: Length of the "get into position" countdown of each stretch.
        switch_seconds: Length of the "switch sides" cue between the sides of a rep.
        finish_seconds: Length of the closing finish phase.

    Returns:
        The timeline; its phases are contiguous, start at 0 and end with one finish.

    Raises:
        ValueError: If there is no stretch, a duration is negative, a hold or the finish
            is not positive, or a stretch has no reps. A zero-length move, release,
            rest or switch is allowed and simply left out.
    """
    if not stretches:
        raise ValueError("a routine needs at least one stretch")
    for value, what in (
        (ready_seconds, "ready_seconds"),
        (switch_seconds, "switch_seconds"),
        (finish_seconds, "finish_seconds"),
    ):
        if value < 0:
            raise ValueError(f"{what} must not be negative")
    if finish_seconds <= 0:
        raise ValueError("finish_seconds must be positive (the routine ends with a finish)")
    phases: list[Phase] = []
    t = 0.0

    def add(
        kind: PhaseKind,
        seconds: float,
        index: int,
        rep: int,
        reps: int,
        side: Side | None,
        stretch: Stretch,
    ) -> None:
        nonlocal t
        if seconds <= 0:
            return
        text = _step_text(stretch, kind)
        phases.append(Phase(t, t + seconds, kind, index, rep, reps, side, text))
        t += seconds

    for index, stretch in enumerate(stretches):
        if stretch.reps < 1:
            raise ValueError(f"{stretch.id}: reps must be at least 1")
        durations = (stretch.move_seconds, stretch.hold_seconds, stretch.release_seconds)
        if min(*durations, stretch.rest_seconds) < 0 or stretch.hold_seconds <= 0:
            raise ValueError(f"{stretch.id}: durations must be positive")
        sides = stretch.side_list
        reps = stretch.reps
        add("ready", ready_seconds, index, 1, reps, sides[0], stretch)
        for rep in range(1, reps + 1):
            for side_index, side in enumerate(sides):
                if side_index > 0:
                    add("switch", switch_seconds, index, rep, reps, side, stretch)
                add("move", stretch.move_seconds, index, rep, reps, side, stretch)
                add("hold", stretch.hold_seconds, index, rep, reps, side, stretch)
                add("release", stretch.release_seconds, index, rep, reps, side, stretch)
            if rep < reps:
                # The rest carries the side that comes next, so the figure can turn.
                add("rest", stretch.rest_seconds, index, rep, reps, sides[0], stretch)
    last = len(stretches) - 1
    add(
        "finish",
        finish_seconds,
        last,
        stretches[last].reps,
        stretches[last].reps,
        None,
        stretches[last],
    )
    return Timeline(tuple(stretches), tuple(phases))


@dataclass(frozen=True)
class SessionState:
    """Where the user is in the routine right now.

    Attributes:
        phase: The running phase.
        phase_index: Its index in the timeline.
        stretch: The stretch this phase belongs to.
        stretch_index: Its index in the routine.
        stretch_count: How many stretches the routine has.
        elapsed: Seconds since the start of the routine (pauses excluded).
        seconds_in_phase: Seconds since the phase started.
        progress: ``seconds_in_phase / phase.duration`` in [0, 1].
        phase_left: Seconds left in the phase (the countdown ring).
        total_left: Seconds left until the finish (the exercise time still to do).
        paused: Whether the session is paused.
        is_finished: Whether the whole routine, finish included, is over.
    """

    phase: Phase
    phase_index: int
    stretch: Stretch
    stretch_index: int
    stretch_count: int
    elapsed: float
    seconds_in_phase: float
    progress: float
    phase_left: float
    total_left: float
    paused: bool
    is_finished: bool

    @property
    def kind(self) -> PhaseKind:
        """The running phase's kind."""
        return self.phase.kind

    @property
    def rep(self) -> int:
        """The 1-based rep number."""
        return self.phase.rep

    @property
    def reps(self) -> int:
        """How many reps the current stretch has."""
        return self.phase.reps

    @property
    def side(self) -> Side | None:
        """The side worked on now (or next), None for symmetric stretches."""
        return self.phase.side


class Session:
    """A routine being played, placed on its timeline by the clock.

    The session starts when it is created. ``elapsed`` is ``clock.monotonic()`` minus
    an origin; pausing freezes it, resuming moves the origin, skipping seeks.
    """

    def __init__(self, timeline: Timeline, clock: Clock) -> None:
        """Start playing ``timeline`` now.

        Args:
            timeline: What to play (from :func:`build_timeline`).
            clock: The clock; only its monotonic time is used.
        """
        if not timeline.phases:
            raise ValueError("empty timeline")
        self.timeline = timeline
        self._clock = clock
        self._origin = clock.monotonic()
        self._frozen: float | None = None
        # What was played: closed stretches of routine time (start, end), plus the open
        # one from ``_since``. Time runs on continuously between seeks, so these say
        # exactly which parts of the routine the user went through.
        self._played: list[tuple[float, float]] = []
        self._since = 0.0

    @property
    def paused(self) -> bool:
        """Whether time stands still."""
        return self._frozen is not None

    def elapsed(self) -> float:
        """Seconds played so far, clamped to the routine's duration."""
        raw = self._frozen if self._frozen is not None else self._clock.monotonic() - self._origin
        return min(max(raw, 0.0), self.timeline.duration)

    def pause(self) -> None:
        """Stop time (no effect when already paused)."""
        if self._frozen is None:
            self._frozen = self.elapsed()

    def resume(self) -> None:
        """Let time run again from where it stopped (no effect when running)."""
        if self._frozen is not None:
            self._origin = self._clock.monotonic() - self._frozen
            self._frozen = None

    def toggle_pause(self) -> bool:
        """Pause or resume; return whether the session is now paused."""
        if self.paused:
            self.resume()
        else:
            self.pause()
        return self.paused

    def seek(self, elapsed: float) -> None:
        """Jump to ``elapsed`` seconds (clamped); a paused session stays paused there."""
        target = min(max(elapsed, 0.0), self.timeline.duration)
        here = self.elapsed()
        if here > self._since:
            self._played.append((self._since, here))
        self._since = target
        if self._frozen is not None:
            self._frozen = target
        else:
            self._origin = self._clock.monotonic() - target

    def played(self) -> tuple[tuple[float, float], ...]:
        """The parts of the routine played so far, as (start, end) seconds, in order.

        A seek (next, previous, restart) ends one part and starts the next, so a
        stretch skipped with "next" shows as a gap.
        """
        here = self.elapsed()
        tail = ((self._since, here),) if here > self._since else ()
        return (*self._played, *tail)

    def skip_stretch(self) -> None:
        """Go to the next stretch's ready phase; from the last stretch, to the finish.

        During the finish it ends the routine.
        """
        current = self.timeline[self.timeline.index_at(self.elapsed())]
        if current.kind == "finish":
            self.seek(self.timeline.duration)
            return
        self.seek(self.timeline.stretch_start(current.stretch_index + 1))

    def previous_stretch(self) -> None:
        """Restart the current stretch, or go to the one before it near its start.

        From the finish it goes back to the start of the last stretch.
        """
        elapsed = self.elapsed()
        current = self.timeline[self.timeline.index_at(elapsed)]
        index = current.stretch_index
        start = self.timeline.stretch_start(index)
        if current.kind != "finish" and elapsed - start < RESTART_GRACE_SECONDS and index > 0:
            start = self.timeline.stretch_start(index - 1)
        self.seek(start)

    def state(self) -> SessionState:
        """Compute where the user is now."""
        timeline = self.timeline
        elapsed = self.elapsed()
        index = timeline.index_at(elapsed)
        phase = timeline[index]
        in_phase = min(max(elapsed - phase.start, 0.0), phase.duration)
        progress = in_phase / phase.duration if phase.duration > 0 else 1.0
        return SessionState(
            phase=phase,
            phase_index=index,
            stretch=timeline.stretches[phase.stretch_index],
            stretch_index=phase.stretch_index,
            stretch_count=len(timeline.stretches),
            elapsed=elapsed,
            seconds_in_phase=in_phase,
            progress=min(progress, 1.0),
            phase_left=max(phase.end - elapsed, 0.0),
            total_left=max(timeline.finish.start - elapsed, 0.0),
            paused=self.paused,
            is_finished=elapsed >= timeline.duration,
        )
