"""Builds the controller and its adapters (loaded after the tray icon is up).

:func:`build_controller` returns what it built as one :class:`Assembly`; the
:class:`~deskstretch.app.shell.Shell` keeps it and wires its own reactions (settings
reload, Preferences) to it. This module does not know the shell.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication

from deskstretch.app.config_cli import default_store
from deskstretch.app.controller import Controller, Services
from deskstretch.app.routines import load_stretches, routines_capability
from deskstretch.core.clock import SystemClock
from deskstretch.core.ports import Capability, History
from deskstretch.i18n import _
from deskstretch.platform.notify import pick_notifier
from deskstretch.platform.settings_watch import SettingsWatcher
from deskstretch.platform.sleepwatch import SleepWatch
from deskstretch.platform.wakeup import QtWakeup
from deskstretch.settings.model import Preferences
from deskstretch.settings.store import LoadResult, SettingsStore

# This module is imported after the tray icon is shown, so it imports what it builds at the
# top. Its few lazy imports load optional parts only when used (the toast, the sound cue)
# or keep a broken idle or do-not-disturb adapter, import included, inside _guarded.

if TYPE_CHECKING:
    from deskstretch.platform.dnd import DndProbe
    from deskstretch.platform.idle import ReportingIdleMonitor
    from deskstretch.platform.sound import SoundCue
    from deskstretch.ui.controls import ControlsMenu

log = logging.getLogger(__name__)
_Adapter = TypeVar("_Adapter")


@dataclass(frozen=True)
class Assembly:
    """What :func:`build_controller` built; the shell owns it from then on."""

    controller: Controller
    store: SettingsStore
    initial_load: LoadResult  # the first settings LoadResult, reported once the shell holds it
    sleepwatch: SleepWatch  # started
    watcher: SettingsWatcher  # watching ``store.path``


def build_controller(
    parent: QObject,
    menu: ControlsMenu,
    *,
    tray_message: Callable[[str, str, int], bool],
    tray_shown: Callable[[], bool],
) -> Assembly:
    """Create the controller with the real adapters.

    Args:
        parent: The QObject that owns the wakeup timer and the watchers.
        menu: The tray (or status window) menu the controller drives.
        tray_message: Shows a tray balloon; False when there is no tray icon (now).
        tray_shown: Whether a tray icon is shown now (for the capability report).
    """
    clock = SystemClock()
    catalogue = load_stretches()  # the controller logs what was skipped
    store = default_store()
    result = store.load()

    def toast(
        title: str,
        body: str,
        actions: Sequence[tuple[str, str]],
        timeout_ms: int,
        on_action: Callable[[str], None],
    ) -> bool:
        from deskstretch.ui.toast import show_toast

        return show_toast(title, body, actions, timeout_ms, on_action)

    def close_toast() -> None:
        # Nothing to close if no toast was ever shown (the toast module is then not loaded).
        module = sys.modules.get("deskstretch.ui.toast")
        if module is not None:
            module.close_toast()

    controller_ref: list[Controller] = []

    def on_action(key: str) -> None:
        if controller_ref:
            controller_ref[0].on_notification_action(key)

    # Which kind of tray the icon is in, asked once per tray icon: Qt chooses when it shows one.
    kind_seen: list[str] = []

    def tray_kind() -> str:
        if not tray_shown():
            kind_seen.clear()  # a tray that appears later is asked about afresh
            return ""
        if not kind_seen:
            from deskstretch.platform.traykind import tray_kind as ask

            kind_seen.append(ask(QGuiApplication.platformName()))
        return kind_seen[0]

    # A Wayland compositor decides focus itself and gives new windows the keyboard (sway does,
    # whatever the window asks): a toast there would swallow what the user types, so on Wayland
    # notices go to the notification server and the tray alone.
    wayland = QGuiApplication.platformName().startswith("wayland")
    notifier = pick_notifier(
        on_action=on_action,
        tray_message=tray_message,
        toast=None if wayland else toast,
        close_toast=close_toast,
        tray_shown=tray_shown,
        tray_kind=tray_kind,
    )
    # For the same reason the micro-break cue goes out as a notification there, not a panel.
    micro_as_notification = wayland
    idle = _guarded("idle detection", _pick_idle)
    dnd = _guarded("do-not-disturb detection", _pick_dnd)

    def capabilities() -> list[Capability]:
        shown = tray_shown()
        kind = tray_kind()
        detail = _("no system tray on this desktop")
        if shown:
            detail = (
                _("tray icon shown ({kind})").format(kind=kind) if kind else _("tray icon shown")
            )
        caps = [
            Capability(
                "tray",
                shown,
                detail,
                "" if shown else _("On GNOME, install the AppIndicator extension."),
            )
        ]
        caps.extend(notifier.capabilities())
        if idle is not None:
            caps.append(idle.capability())
        if dnd is not None:
            caps.extend(dnd.capabilities())
        caps.append(_micro_capability(controller_ref[0].micro_shown_as))
        caps.append(_history_capability(controller_ref[0].recorder.opened))
        caps.append(routines_capability(controller_ref[0].catalogue))
        return caps

    def save(prefs: Preferences) -> str | None:
        saved = store.save(prefs)
        return None if saved.ok else saved.message

    def open_store() -> History:
        from deskstretch.platform.history_db import open_history
        from deskstretch.platform.paths import history_path

        prefs = controller_ref[0].prefs if controller_ref else result.prefs
        today = clock.now().astimezone(clock.local_zone()).date()
        store = open_history(history_path(), keep_days=prefs.history.keep_days, today=today)
        log.info("break history: %s", store.path)
        return store

    services = Services(
        clock=clock,
        wakeup=QtWakeup(parent),
        notifier=notifier,
        idle=idle,
        dnd=dnd,
        capabilities=capabilities,
        save_preferences=save,
        sound=pick_sound(result.prefs.general.sound),
        micro_as_notification=micro_as_notification,
        open_history=open_store,
        load_stretches=load_stretches,
        minute_from_outside=True,  # the sleep watch's heartbeat, below
    )
    controller = Controller(services, result.prefs, catalogue, menu, parent)
    controller_ref.append(controller)

    sleepwatch = SleepWatch(clock, parent)
    sleepwatch.resumed.connect(controller.on_resumed_from_sleep)
    sleepwatch.clock_changed.connect(controller.on_clock_changed)
    sleepwatch.heartbeat.connect(controller.on_minute)
    sleepwatch.start()

    watcher = SettingsWatcher(store.path, parent)
    return Assembly(controller, store, result, sleepwatch, watcher)


def _micro_capability(shown_as: str) -> Capability:
    """How micro-breaks show here (the controller's ``micro_shown_as``)."""
    if shown_as == "off":
        return Capability("micro-breaks", False, _("off in the settings (micro.enabled)"))
    if shown_as == "notification":
        return Capability(
            "micro-breaks",
            True,
            _("shown as notifications: on Wayland a panel would take the keyboard focus"),
        )
    return Capability("micro-breaks", True, _("a corner panel that never takes the keyboard focus"))


def _history_capability(store: History | None) -> Capability:
    """Where the break history is kept, and whether it can be written (it opens on first use)."""
    from deskstretch.platform.paths import history_path

    if store is None:
        return Capability(
            "history",
            True,
            _("kept in {path} (not opened yet: nothing to record so far)").format(
                path=history_path()
            ),
        )
    problem = getattr(store, "problem", None)
    if problem:
        return Capability("history", False, str(problem))
    return Capability("history", True, _("kept in {path}").format(path=history_path()))


def pick_sound(enabled: bool) -> SoundCue | None:
    """The sound cue adapter, or None when the cue is off."""
    if not enabled:
        return None  # no cue, and no need to load the sound adapter at all
    from deskstretch.platform.sound import pick_sound as pick

    return pick(enabled)


def _guarded(what: str, pick: Callable[[], _Adapter]) -> _Adapter | None:
    """Build an optional adapter; a broken one is logged and left out, never fatal."""
    try:
        return pick()
    except Exception:
        log.exception("%s is unavailable: its adapter failed to start", what)
        return None


def _pick_idle() -> ReportingIdleMonitor:
    from deskstretch.platform.idle import pick_idle_monitor

    return pick_idle_monitor()


def _pick_dnd() -> DndProbe:
    from deskstretch.platform.dnd import DndProbe

    return DndProbe()
