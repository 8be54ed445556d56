"""Notifications outside the app's windows, with honest fallbacks.

Backends, tried in order by :class:`ChainNotifier` (built by :func:`pick_notifier`):

- :class:`~deskstretch.platform.notify_freedesktop.FreedesktopNotifier` (Linux/BSD):
  ``org.freedesktop.Notifications`` called directly with jeepney (its own module).
- :class:`PlyerNotifier`: plyer's facade (Windows, macOS). On Linux plyer falls back to
  ``notify-send`` and ignores its exit status, so it is used there only when jeepney is missing
  (docs/platform.md#notifications).
- :class:`TrayNotifier`: the tray balloon (``QSystemTrayIcon.showMessage``, handed in by the
  app because platform must not import ui), only while a tray icon is shown.
- :class:`ToastNotifier`: the app's own small window (``ui.toast``), also handed in.

Nothing here raises out of ``notify``; a failing backend is logged once and the next one tried.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any

from deskstretch.core.ports import Capability, DeliveryResult, Notice, Notifier, ReportsCapability
from deskstretch.i18n import _
from deskstretch.platform.bus import jeepney_missing
from deskstretch.platform.notify_freedesktop import (
    APP_NAME,
    ActionCallback,
    FreedesktopNotifier,
    default_icon,
)

log = logging.getLogger(__name__)

TrayMessage = Callable[[str, str, int], bool]
ToastShow = Callable[[str, str, Sequence[tuple[str, str]], int, ActionCallback], bool]
ToastClose = Callable[[], None]


# --------------------------------------------------------------------------- fallbacks


def _plyer_notify(**kwargs: Any) -> Any:
    from plyer import notification

    return notification.notify(**kwargs)


class PlyerNotifier:
    """plyer's ``notification.notify``: Windows, macOS (and Linux only without jeepney).

    plyer gives no delivery feedback: a call that returns is reported as delivered, with a
    detail saying it is unconfirmed. Any exception (missing backend, pyobjus absent on macOS)
    makes this backend fail so that the next one is tried.
    """

    name = "plyer"

    def __init__(self, icon: str | None = None, send: Callable[..., Any] | None = None) -> None:
        self.icon = default_icon() if icon is None else icon
        self._send = send or _plyer_notify

    def notify(self, notice: Notice) -> DeliveryResult:
        """Hand the notice to plyer."""
        try:
            self._send(
                title=notice.summary,
                message=notice.body,
                app_name=APP_NAME,
                app_icon=self.icon,
                timeout=max(1, notice.timeout_ms // 1000),
            )
        except Exception as exc:  # third-party code: anything may come out
            return DeliveryResult(
                False,
                self.name,
                _("plyer failed: {error}").format(error=f"{type(exc).__name__}: {exc}"),
            )
        return DeliveryResult(True, self.name, _("handed to plyer (it cannot confirm delivery)"))

    def withdraw(self, tag: str) -> None:
        """Nothing: plyer's facade has no way to close a notification it showed."""

    def capability(self) -> Capability:
        """plyer is importable (whether its backend works shows only when used)."""
        try:
            import plyer  # noqa: F401
        except Exception as exc:
            return Capability(
                "notifications.plyer", False, _("plyer not importable: {error}").format(error=exc)
            )
        return Capability("notifications.plyer", True, _("plyer available (delivery unconfirmed)"))


class CallableNotifier:
    """A notifier from a plain callable returning whether it showed the notice.

    The app uses it for the tray balloon, wrapping ``QSystemTrayIcon.showMessage`` so that it
    returns False when no tray is available (``showMessage`` itself is silent then).
    """

    def __init__(self, name: str, show: Callable[[Notice], bool]) -> None:
        self.name = name
        self._show = show

    def notify(self, notice: Notice) -> DeliveryResult:
        """Call the function; an exception or False means not delivered."""
        try:
            shown = bool(self._show(notice))
        except Exception as exc:
            return DeliveryResult(False, self.name, f"{type(exc).__name__}: {exc}")
        if not shown:
            return DeliveryResult(
                False, self.name, _("{channel} unavailable").format(channel=self.name)
            )
        detail = _("no action buttons") if notice.actions else ""
        return DeliveryResult(True, self.name, detail)

    def withdraw(self, tag: str) -> None:
        """Nothing: a tray balloon (``QSystemTrayIcon.showMessage``) cannot be closed by the app;
        it goes when its timeout ends or the user clicks it."""


class TrayNotifier(CallableNotifier):
    """The tray balloon: in the chain only while a tray icon is shown (it may appear later).

    Args:
        show: shows the balloon; False when there is no tray icon now.
        shown: whether a tray icon is shown now.
        kind: the kind of tray in use ("XEmbed", "StatusNotifierItem" or "" when unknown).
    """

    def __init__(
        self,
        show: Callable[[Notice], bool],
        shown: Callable[[], bool],
        kind: Callable[[], str] = lambda: "",
    ) -> None:
        super().__init__("tray", show)
        self._shown_now = shown
        self._kind = kind

    def capability(self) -> Capability:
        """Whether balloons can come from a tray icon now, and from which kind of tray."""
        if not self._shown_now():
            return Capability("notifications.tray", False, _("no tray icon shown"))
        kind = self._kind()
        detail = (
            _("balloons from the tray icon ({kind})").format(kind=kind)
            if kind
            else _("balloons from the tray icon")
        )
        return Capability("notifications.tray", True, detail, extra={"kind": kind})


class ToastNotifier:
    """The app's own small always-on-top window (``ui.toast``), passed in as a callable."""

    name = "toast"

    def __init__(
        self, show: ToastShow, on_action: ActionCallback, close: ToastClose | None = None
    ) -> None:
        self._show = show
        self.on_action = on_action
        self._close = close
        self._tag: str | None = None  # the tag of the notice the toast on screen shows

    def notify(self, notice: Notice) -> DeliveryResult:
        """Show the toast; False or an exception means not delivered."""
        try:
            shown = self._show(
                notice.summary,
                notice.body,
                list(notice.actions),
                notice.timeout_ms,
                self.on_action,
            )
        except Exception as exc:
            return DeliveryResult(False, self.name, f"{type(exc).__name__}: {exc}")
        # One toast at a time: a new one replaces the old whatever its tag.
        self._tag = notice.tag if shown else self._tag
        return DeliveryResult(bool(shown), self.name, "" if shown else _("toast not shown"))

    def withdraw(self, tag: str) -> None:
        """Close the toast if it still shows the notice with ``tag``."""
        if self._tag != tag or self._close is None:
            return
        self._tag = None
        try:
            self._close()
        except Exception:
            log.exception("notifications: the toast could not be closed")


class NullNotifier:
    """Shows nothing and says so (the break window itself is then the reminder)."""

    name = "none"

    def __init__(self, reason: str | None = None) -> None:
        self.reason = _("no notification channel") if reason is None else reason

    def notify(self, notice: Notice) -> DeliveryResult:
        """Report non-delivery."""
        return DeliveryResult(False, self.name, self.reason)

    def withdraw(self, tag: str) -> None:
        """Nothing was shown."""


# --------------------------------------------------------------------------- the chain


class ChainNotifier:
    """Tries each backend in order until one delivers.

    The first failure of a backend is logged as a warning (later ones at debug level until it
    works again, so a dead server does not fill the log); a recovery is logged too.
    """

    name = "chain"

    def __init__(self, backends: Sequence[Notifier]) -> None:
        self.backends = list(backends)
        self.last: DeliveryResult | None = None
        self._failing: set[str] = set()

    def notify(self, notice: Notice) -> DeliveryResult:
        """Deliver through the first backend that works; report which one (or why none)."""
        failures: list[str] = []
        for backend in self.backends:
            try:
                result = backend.notify(notice)
            except Exception as exc:  # a Notifier must not raise; guard anyway
                result = DeliveryResult(False, backend.name, f"{type(exc).__name__}: {exc}")
            if result.delivered:
                if backend.name in self._failing:
                    self._failing.discard(backend.name)
                    log.info("notifications: %s works again", backend.name)
                detail = result.detail
                if failures:
                    detail = "; ".join([*failures, detail] if detail else failures)
                self.last = DeliveryResult(True, backend.name, detail)
                return self.last
            failures.append(f"{backend.name}: {result.detail}")
            if backend.name not in self._failing:
                self._failing.add(backend.name)
                log.warning(
                    "notifications: %s failed (%s); trying the next channel",
                    backend.name,
                    result.detail,
                )
            else:
                log.debug("notifications: %s still failing (%s)", backend.name, result.detail)
        self.last = DeliveryResult(False, "none", "; ".join(failures) or _("no channel configured"))
        log.warning("notifications: no channel delivered: %s", self.last.detail)
        return self.last

    def withdraw(self, tag: str) -> None:
        """Take the notice with ``tag`` back from every channel (any of them may have shown it:
        one that failed then may work now, and each knows only its own notices)."""
        for backend in self.backends:
            try:
                backend.withdraw(tag)
            except Exception:  # a Notifier must not raise; guard anyway
                log.exception("notifications: %s could not withdraw %r", backend.name, tag)

    def capabilities(self) -> list[Capability]:
        """One summary entry (backend in use and the chain as it is now) plus each backend's own.

        The chain is asked afresh each time: a backend that reports itself unavailable now (no
        notification server, no tray icon) is left out of the order; one that cannot report (the
        toast) counts as available until used.
        """
        reports = [
            (b, b.capability() if isinstance(b, ReportsCapability) else None) for b in self.backends
        ]
        caps = [c for _b, c in reports if c is not None]
        ready = [b.name for b, c in reports if c is None or c.available]
        order = ", ".join(ready)
        if self.last is not None:
            using = self.last.backend
            available = self.last.delivered
            detail = (
                _("last notice shown by {channel}; in line now: {order}").format(
                    channel=using, order=order or _("nothing")
                )
                if available
                else _("last notice not shown: {why}").format(why=self.last.detail)
            )
        else:
            available = bool(ready)
            using = ready[0] if ready else "none"
            detail = _("{channel} first in line; then: {rest}").format(
                channel=using, rest=", ".join(ready[1:]) or _("nothing")
            )
            if not ready:
                detail = _("no channel can show a notice now")
        hint = (
            ""
            if available
            else _("No way to show notifications: the break window itself will remind you.")
        )
        summary = Capability(
            "notifications", available, detail, hint, extra={"backend": using, "order": order}
        )
        return [summary, *caps]


def pick_notifier(
    on_action: ActionCallback,
    tray_message: TrayMessage | None = None,
    toast: ToastShow | None = None,
    *,
    close_toast: ToastClose | None = None,
    tray_shown: Callable[[], bool] | None = None,
    tray_kind: Callable[[], str] | None = None,
    platform: str | None = None,
    bus_address: str | None = None,
) -> ChainNotifier:
    """Build the notification chain for this platform and log what it is and why."""
    platform = sys.platform if platform is None else platform
    backends: list[Notifier] = []
    why: list[str] = []
    if platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        missing = jeepney_missing()
        if not missing:
            fd = FreedesktopNotifier(on_action, bus_address=bus_address)
            backends.append(fd)
            cap = fd.capability()
            why.append(f"freedesktop: {cap.detail}")
        else:
            # plyer would use notify-send, which cannot report failure: a last resort only.
            backends.append(PlyerNotifier())
            why.append(f"plyer instead of freedesktop: {missing}")
    else:
        backends.append(PlyerNotifier())
        why.append(f"plyer on {platform}")
    if tray_message is not None:
        tray = tray_message
        backends.append(
            TrayNotifier(
                lambda n: tray(n.summary, n.body, max(0, n.timeout_ms)),
                tray_shown or (lambda: True),
                tray_kind or (lambda: ""),
            )
        )
    if toast is not None:
        backends.append(ToastNotifier(toast, on_action, close_toast))
    chain = ChainNotifier(backends)
    log.info("notifications: trying %s (%s)", " -> ".join(b.name for b in backends), "; ".join(why))
    return chain
