"""The outcome of a break whose window is closed before it reports one itself."""

from __future__ import annotations

from typing import get_args

import pytest

from deskstretch.core.outcome import OUTCOMES, Outcome, as_outcome, outcome_on_close
from deskstretch.core.pause import PAUSE_MODES, as_pause_mode


def test_the_outcome_values_are_the_literal_ones() -> None:
    assert frozenset(get_args(Outcome)) == OUTCOMES == {"completed", "skipped", "stopped"}


@pytest.mark.parametrize(
    ("stopped_for_pain", "at_finish", "expected"),
    [
        (False, False, "skipped"),  # closed in the middle of the routine
        (False, True, "completed"),  # the finish screen closed early still counts
        (True, False, "stopped"),  # the safety note after "this hurts"
        (True, True, "stopped"),  # "this hurts" wins whatever the routine reached
    ],
)
def test_closing_the_window_reports_what_the_user_did(
    stopped_for_pain: bool, at_finish: bool, expected: Outcome
) -> None:
    assert outcome_on_close(stopped_for_pain=stopped_for_pain, at_finish=at_finish) == expected


@pytest.mark.parametrize("value", sorted(OUTCOMES))
def test_a_known_outcome_as_text_is_taken_as_it_is(value: str) -> None:
    assert as_outcome(value) == value


@pytest.mark.parametrize("value", ["", "closed-by-window-manager", "Completed", "skip"])
def test_an_unknown_outcome_counts_as_stopped_so_no_break_stays_open(value: str) -> None:
    assert as_outcome(value) == "stopped"


def test_pause_modes_are_recognised_and_nothing_else() -> None:
    assert PAUSE_MODES == ("duration", "until-tomorrow", "indefinitely")
    assert [as_pause_mode(m) for m in PAUSE_MODES] == list(PAUSE_MODES)
    assert as_pause_mode("forever") is None
    assert as_pause_mode(3) is None
