"""The scheduler simulation: a year of workdays through the real planner, on a fake clock.

The planner is driven exactly as the app's controller drives it (``PlannerRig`` from
``tests/helpers/fake_wakeup.py``: re-arm the one wake-up after every call, fire it when
due, end each break two minutes after it starts). The year, in Europe/Berlin with
working hours 09:00-17:30 Monday to Friday, 30-minute intervals and long breaks, has
every workday: a 45-minute lunch away from the desk (idle polled as the app polls it),
the laptop suspended overnight (and over weekends) and resumed at 08:30; and once a
week each of: a snooze, a skip, a one-hour pause, a meeting hold, a stretch taken from
the tray, and "pause until tomorrow". DST changes come with the calendar. Micro-breaks are on
as the app's defaults have them (every 20 minutes, 20 seconds) with two reminders of the
user's own (water every hour; posture every 45 minutes in the afternoon), issue 17.

Run as ``python -m bench.simulate [--days N]``; prints JSON with the CPU seconds.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import time as clock
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
FIRST_DAY = date(2026, 1, 5)  # a Monday


def run(days: int) -> dict[str, object]:
    """Simulate ``days`` calendar days; return CPU seconds and what happened."""
    from deskstretch.core.events import BreakStarted, MicroBreakStarted, ReminderDue
    from deskstretch.core.rules import ReminderRule, Rules
    from tests.helpers.fake_wakeup import PlannerRig

    def at(d: date, hh: int, mm: int) -> datetime:
        return datetime(d.year, d.month, d.day, hh, mm, tzinfo=BERLIN)

    rules = Rules(
        schedule_enabled=True,
        stretch_order=("a", "b", "c", "d", "e", "f", "g"),
        micro_interval=timedelta(minutes=20),
        reminders=(
            ReminderRule("Drink some water", timedelta(minutes=60)),
            ReminderRule("Sit tall", timedelta(minutes=45), start=time(13, 0), end=time(17, 0)),
        ),
    )
    cpu0 = clock.process_time()
    wall0 = clock.perf_counter()
    rig = PlannerRig(rules, at(FIRST_DAY, 8, 30))
    weekly: dict[int, list[tuple[int, int, Callable[[date], object]]]] = {
        0: [(10, 1, lambda d: rig.do("snooze"))],
        1: [(10, 1, lambda d: rig.do("skip"))],
        2: [(15, 0, lambda d: rig.do("pause", at(d, 16, 0)))],
        3: [
            (10, 0, lambda d: rig.do("hold", "meeting")),
            (11, 0, lambda d: rig.do("release", "meeting")),
        ],
        4: [
            (15, 0, lambda d: rig.do("take_break_now")),
            (16, 0, lambda d: rig.do("pause_until_tomorrow")),
        ],
    }
    workdays = 0
    for n in range(days):
        day = FIRST_DAY + timedelta(days=n)
        if day.weekday() < 5:
            workdays += 1
            script: list[tuple[datetime, Callable[[], object]]] = [
                (at(day, 12, 0), functools.partial(rig.away, at(day, 12, 45)))
            ]
            for hh, mm, action in weekly[day.weekday()]:
                script.append((at(day, hh, mm), functools.partial(action, day)))
            script.sort(key=lambda item: item[0])
            for when, step in script:
                rig.run_until(when)
                step()
            rig.run_until(at(day, 18, 0))
        else:
            rig.run_until(at(day, 0, 1) + timedelta(hours=18))
        # The laptop sleeps until 08:30 the next morning.
        rig.sleep(at(day + timedelta(days=1), 8, 30))
    cpu = clock.process_time() - cpu0
    wall = clock.perf_counter() - wall0
    return {
        "days": days,
        "workdays": workdays,
        "breaks": len(rig.events_of(BreakStarted)),
        "micro_breaks": len(rig.events_of(MicroBreakStarted)),
        "reminders": len(rig.events_of(ReminderDue)),
        "events": len(rig.log),
        "wakeups_armed": rig.wakeup.arm_count,
        "cpu_s": cpu,
        "wall_s": wall,
    }


def main(argv: list[str] | None = None) -> int:
    """Print the simulation's figures as JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.simulate")
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.days)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
