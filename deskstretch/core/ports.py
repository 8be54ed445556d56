"""Ports: the interfaces the core needs from the outside world.

What implements each one:

- :class:`Wakeup`: ``QtWakeup`` (``deskstretch.platform.wakeup``); no ``Null*`` (the app
  cannot run without one); ``FakeWakeup`` in ``tests/helpers/fake_wakeup.py``.
- :class:`Notifier`: the backends and the chain in ``deskstretch.platform.notify`` and
  ``deskstretch.platform.notify_freedesktop``, ``NullNotifier`` (shows nothing and says so);
  ``RecordingNotifier`` in ``tests/helpers/recording.py``.
- :class:`IdleMonitor`: the per-desktop monitors in ``deskstretch.platform.idle``,
  ``NullIdleMonitor``; ``FakeIdle`` in ``tests/helpers/recording.py``. Those that can also
  report changes as events implement :class:`IdleEvents`.
- :class:`ReportsCapability` / :class:`ReportsCapabilities`: adapters that say whether they
  work on this desktop (the idle monitors, the freedesktop and plyer notifiers; the
  notification chain and the do-not-disturb probe report several lines).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from deskstretch.core.history import Record


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

    def withdraw(self, tag: str) -> None:
        """Take the notice with ``tag`` off the screen if it is still there; never raises.

        A channel that cannot take a notice back (the tray balloon, plyer) does nothing.
        """
        ...


class IdleMonitor(Protocol):
    """Reports how long the user has not touched keyboard or mouse."""

    name: str

    def idle_seconds(self) -> float | None:
        """Seconds since the last input, or None when it cannot be read."""
        ...


@runtime_checkable
class IdleEvents(Protocol):
    """An idle source that says when the user goes idle or comes back, instead of being asked.

    Implemented by the event-driven monitors in ``deskstretch.platform.idle`` (X11 XSync
    alarms, the Wayland idle protocols, Mutter's idle watches); ``FakeIdle`` in
    ``tests/helpers/recording.py``. A monitor without it is polled by the controller.
    """

    def watch(self, thresholds: tuple[float, ...], changed: Callable[[], None]) -> bool:
        """Call ``changed()`` on the Qt event loop whenever the user has been idle for one of
        ``thresholds`` seconds, and at the first input after such an idle time.

        Replaces the thresholds given before (an empty tuple: no calls). Returns False when
        events cannot be had here after all (the caller then polls :meth:`idle_seconds`).
        ``idle_seconds()`` stays valid: exact where the source can be asked, otherwise
        worked out from the last event (0.0 while the user is active).
        """
        ...

    def unwatch(self) -> None:
        """No more calls; release what the watches hold (also called at shut-down)."""
        ...


@dataclass(frozen=True)
class Capability:
    """Whether one piece of desktop integration works here, and why (not)."""

    name: str
    available: bool
    detail: str
    hint: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@runtime_checkable
class ReportsCapability(Protocol):
    """An adapter that says, in one :class:`Capability` line, whether it works here.

    Runtime-checkable because the notification chain mixes backends that report (the
    freedesktop server, plyer) with ones that do not (the tray balloon, the toast).
    """

    def capability(self) -> Capability:
        """Whether this adapter works on this desktop, and why (not)."""
        ...


class ReportsCapabilities(Protocol):
    """An adapter made of several parts, each reported in its own :class:`Capability` line."""

    def capabilities(self) -> list[Capability]:
        """One line per part (the notification chain, the do-not-disturb sources)."""
        ...


class History(Protocol):
    """The local record of breaks (issue 15): an SQLite file, or nothing where it cannot be opened.

    ``add`` never raises and never blocks the interface noticeably; a store that cannot write
    keeps the app running and says so once (``problem``).
    """

    def add(self, record: Record) -> None:
        """Keep ``record``."""
        ...

    def records(self, since: date | None = None) -> list[Record]:
        """Every record whose local day is ``since`` or later (all when None), oldest first."""
        ...

    def first_day(self) -> date | None:
        """The local day of the oldest record kept (None when there is none)."""
        ...

    def close(self) -> None:
        """Write what is still pending and let go of the file."""
        ...
