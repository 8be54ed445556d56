"""The planner's rules from the preferences: the user's values, else the model's defaults."""

from __future__ import annotations

import dataclasses
from datetime import time, timedelta

from deskstretch.settings.model import DEFAULT_ORDER, Preferences, Schedule, Stretches
from deskstretch.settings.rules import rules_from_preferences, stretch_rotation


def test_default_preferences_give_the_default_rules() -> None:
    rules = rules_from_preferences(Preferences(), DEFAULT_ORDER)
    assert rules.interval == timedelta(minutes=30)
    assert rules.start == time(9, 0)
    assert rules.end == time(17, 30)
    assert rules.days == frozenset(range(5))
    assert rules.stretch_order == tuple(s for s in DEFAULT_ORDER if "hang" not in s)


def test_an_unreadable_working_time_counts_as_the_models_default() -> None:
    odd = dataclasses.replace(Preferences(), schedule=Schedule(start="9h", end="25:00"))
    rules = rules_from_preferences(odd, DEFAULT_ORDER)
    assert (rules.start, rules.end) == (time(9, 0), time(17, 30))


def test_the_rotation_follows_the_users_order_and_leaves_out_unknown_stretches() -> None:
    prefs = dataclasses.replace(
        Preferences(),
        stretches=Stretches(enabled=("camel", "gone", "hip-flexor"), order=("camel",)),
    )
    assert stretch_rotation(prefs, DEFAULT_ORDER) == ("camel", "hip-flexor")


def test_with_no_enabled_stretch_the_planner_still_gets_a_rotation() -> None:
    prefs = dataclasses.replace(Preferences(), stretches=Stretches(enabled=("gone",)))
    assert stretch_rotation(prefs, DEFAULT_ORDER) == ()
    assert rules_from_preferences(prefs, DEFAULT_ORDER).stretch_order == (
        "desk-hip-flexor",
        "seated-trunk-rotation",
    )
