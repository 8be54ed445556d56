"""Floor app (b): the bare tray plus the libraries DeskStretch's card names.

Same as :mod:`bench.floor_tray`, plus ``from apscheduler.schedulers.qt import
QtScheduler`` and ``import plyer``, and a started QtScheduler holding one date job a
year away. This is the memory and start-up floor of our stack: what any app built
on these pinned dependencies carries before it does anything of its own.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

# The stack's imports come first, as in an app that imports them at module level; the
# tray icon then appears after their cost is paid.
import plyer  # noqa: F401  (imported only for its cost, as the app's stack does)
from apscheduler.schedulers.qt import QtScheduler

from bench.floor_tray import build_tray


def _never() -> None:
    """The far-future job: it never runs while the bench measures."""


def main() -> int:
    """Run the tray app with a started scheduler until it is killed."""
    app, _menu, _tray = build_tray()
    scheduler = QtScheduler(
        executors={"default": {"type": "debug"}},
        job_defaults={"misfire_grace_time": None, "coalesce": True},
    )
    scheduler.start()
    far = datetime.now(UTC) + timedelta(days=365)
    scheduler.add_job(_never, "date", run_date=far, id="far")
    code = int(app.exec())  # type: ignore[attr-defined]
    scheduler.shutdown(wait=False)
    return code


if __name__ == "__main__":
    sys.exit(main())
