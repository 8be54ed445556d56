"""The break window waits for a pause in typing, within a limit (issue 13)."""

from __future__ import annotations

import pytest

from deskstretch.core.opening import LONGEST_WAIT, PAUSE_BEFORE_OPENING, when_to_open


def test_keys_flowing_make_the_window_wait_and_look_again_when_a_pause_could_be_complete() -> None:
    decision = when_to_open(waited=0.0, idle=0.5)
    assert not decision.open
    assert decision.look_again_in == pytest.approx(PAUSE_BEFORE_OPENING - 0.5)


def test_a_pause_in_typing_opens_the_window() -> None:
    decision = when_to_open(waited=12.0, idle=PAUSE_BEFORE_OPENING)
    assert decision.open
    assert decision.why == "pause"


def test_the_window_opens_at_the_limit_even_while_keys_keep_flowing() -> None:
    assert not when_to_open(waited=LONGEST_WAIT - 1, idle=0.0).open
    decision = when_to_open(waited=LONGEST_WAIT, idle=0.0)
    assert decision.open
    assert decision.why == "limit"


def test_the_next_look_never_goes_past_the_limit() -> None:
    decision = when_to_open(waited=LONGEST_WAIT - 0.5, idle=0.0)
    assert decision.look_again_in == pytest.approx(0.5)


def test_without_an_idle_time_there_is_nothing_to_wait_for() -> None:
    decision = when_to_open(waited=0.0, idle=None)
    assert decision.open
    assert decision.why == "unknown"
