"""The suite's one polling loop: wait, bounded, until something outside the test is true.

For state owned by another process or the OS (an X window, a D-Bus name, a sound server, the app's
``status``) that cannot signal the test. In-process Qt code waits with pytest-qt's
``qtbot.waitUntil`` instead; code that has no qtbot but must keep a Qt event loop turning while it
waits (a probe script run in a child process) passes ``pump=`` (e.g. ``app.processEvents``).

Pure Python (no Qt import), so the no-Qt test run can use it too.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def _truthy(value: object) -> bool:
    return bool(value)


def wait_until(
    probe: Callable[[], T],
    timeout: float,
    *,
    what: str,
    until: Callable[[T], bool] = _truthy,
    interval: float = 0.05,
    pump: Callable[[], object] | None = None,
    details: Callable[[], str] | None = None,
    error: Callable[[str], Exception] = AssertionError,
) -> T:
    """Call ``probe`` until ``until(value)`` holds; return that value.

    The probe is called at least once and once more when the deadline has passed, so a timeout of
    0 is a single check. Between calls ``pump`` runs (if given), then the loop sleeps ``interval``.
    An exception from ``probe`` ends the wait at once (a probe may fail fast, e.g. when the
    process it watches died).

    Args:
        probe: reads the current value (a bool for a plain condition).
        timeout: seconds to keep trying.
        what: what is awaited, for the failure message ("the stretch window", ...).
        until: the condition on the value; default: the value is truthy.
        interval: seconds to sleep between calls.
        pump: called between calls, e.g. to process a Qt event loop's events.
        details: extra text for the failure message (a log tail), read only on failure.
        error: builds the exception raised on timeout from the message.

    Raises:
        AssertionError: (or what ``error`` builds) the condition did not hold within ``timeout``;
            the message says what was awaited and the last value the probe returned.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if until(value):
            return value
        if time.monotonic() >= deadline:
            message = f"timed out after {timeout}s waiting for {what}; last value: {value!r}"
            if details is not None:
                message += "\n" + details()
            raise error(message)
        if pump is not None:
            pump()
        time.sleep(interval)
