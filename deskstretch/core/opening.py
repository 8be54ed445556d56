"""When a due break's window may open: never in the middle of typing (issue 13).

A window that appears while the user types takes their next keys (on Wayland it also takes
the keyboard focus). So a scheduled break that falls due while keys are flowing is announced
and its window waits for the first pause in the input, up to a limit after which it opens
anyway. Pure: the caller passes how long it has waited and the idle time read just now.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: Seconds without keyboard or mouse input that count as a pause in typing.
PAUSE_BEFORE_OPENING = 2.0
#: The window opens at the latest this many seconds after the break fell due.
LONGEST_WAIT = 60.0

Why = Literal["pause", "limit", "unknown", "wait"]


@dataclass(frozen=True)
class Opening:
    """What to do with a waiting window now.

    Attributes:
        open: Open it now.
        why: ``pause`` (input has stopped), ``limit`` (waited long enough), ``unknown`` (the
            idle time cannot be read: nothing to wait for), ``wait`` (keys are flowing).
        look_again_in: Seconds until it is worth asking again where idle time is polled
            (None when opening).
    """

    open: bool
    why: Why
    look_again_in: float | None = None


def when_to_open(waited: float, idle: float | None) -> Opening:
    """Decide about a window that has waited ``waited`` seconds; ``idle`` is the idle time now."""
    if idle is None:
        return Opening(True, "unknown")
    if idle >= PAUSE_BEFORE_OPENING:
        return Opening(True, "pause")
    if waited >= LONGEST_WAIT:
        return Opening(True, "limit")
    # The soonest a pause can be complete, and never past the limit.
    wait = min(PAUSE_BEFORE_OPENING - max(0.0, idle), LONGEST_WAIT - waited)
    return Opening(False, "wait", max(0.1, wait))
