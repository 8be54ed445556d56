"""How a break ended: the outcome values and the rule that picks one when a window closes.

The values have this one home; the planner (``break_finished``), its ``BreakEnded``
event and the stretch window all use them.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

Outcome = Literal["completed", "skipped", "stopped"]
"""``completed``: the routine ran to its finish (or the finish screen was closed);
``skipped``: the break was closed before the finish; ``stopped``: the user stopped
it because it hurt."""

#: Every outcome, for checking values that arrive as plain strings.
OUTCOMES: Final[frozenset[Outcome]] = frozenset(get_args(Outcome))


def as_outcome(value: str) -> Outcome:
    """An outcome that arrived as a plain string (a Qt signal carries no Literal).

    Anything unknown counts as "stopped" (closed early), so that an odd report can never
    leave a break open; it still counts as a break taken.
    """
    for outcome in OUTCOMES:
        if outcome == value:
            return outcome
    return "stopped"


def outcome_on_close(*, stopped_for_pain: bool, at_finish: bool) -> Outcome:
    """The outcome of a break whose window is closed (Esc, the close button, the window manager).

    Args:
        stopped_for_pain: The user pressed "this hurts" and the safety note is showing.
        at_finish: The routine reached its finish screen.

    Returns:
        "stopped" after "this hurts", "completed" on the finish screen, otherwise
        "skipped" (closed before the routine was done).
    """
    if stopped_for_pain:
        return "stopped"
    if at_finish:
        return "completed"
    return "skipped"
