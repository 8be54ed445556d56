"""The outcome of a break whose window is closed before it reports one itself."""

from __future__ import annotations

from typing import get_args

import pytest

from deskstretch.core.outcome import OUTCOMES, Outcome, outcome_on_close


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
