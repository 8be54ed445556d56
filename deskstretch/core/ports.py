"""Ports: the interfaces the core needs from the outside world.

Each port has real adapters in ``deskstretch.platform`` (or ``deskstretch.ui``),
a ``Null*`` implementation that does nothing but says so, and test fakes in
``tests/helpers/fakes.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


class Wakeup(Protocol):
    """Calls back once at a wall-clock instant. At most one call is pending."""

    def arm(self, at: datetime, callback: Callable[[], None]) -> None:
        """Replace any pending wake-up with one at ``at`` (aware)."""
        ...

    def cancel(self) -> None:
        """Drop the pending wake-up, if any."""
        ...

    def shutdown(self) -> None:
        """Cancel and release resources; nothing fires afterwards."""
        ...


@dataclass(frozen=True)
class Notice:
    """A message for the user about a break.

    ``actions`` are (key, label) pairs; the adapter reports a chosen key through
    the callback it was given.
    """

    summary: str
    body: str
    actions: tuple[tuple[str, str], ...] = ()
    timeout_ms: int = 10_000
    urgency: int = 1  # 0 low, 1 normal, 2 critical (freedesktop levels)
    tag: str = "break"  # notices with the same tag replace each other


@dataclass(frozen=True)
class DeliveryResult:
    """What happened to a :class:`Notice`."""

    delivered: bool
    backend: str
    detail: str = ""


class Notifier(Protocol):
    """Shows a :class:`Notice` outside the app's own windows."""

    name: str

    def notify(self, notice: Notice) -> DeliveryResult:
        """Show the notice; never raises."""
        ...


class IdleMonitor(Protocol):
    """Reports how long the user has not touched keyboard or mouse."""

    name: str

    def idle_seconds(self) -> float | None:
        """Seconds since the last input, or None when it cannot be read."""
        ...


@dataclass(frozen=True)
class Capability:
    """Whether one piece of desktop integration works here, and why (not)."""

    name: str
    available: bool
    detail: str
    hint: str = ""
    extra: dict[str, str] = field(default_factory=dict)
