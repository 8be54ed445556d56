"""Builds the controller and its adapters (loaded after the tray icon is up)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from deskstretch.app.config_cli import default_store
from deskstretch.app.controller import Controller, Services
from deskstretch.catalogue.loader import load_catalogue
from deskstretch.core.clock import SystemClock
from deskstretch.core.ports import Capability
from deskstretch.settings.model import Preferences
from deskstretch.settings.store import LoadResult, SettingsStore

if TYPE_CHECKING:
    from deskstretch.app.shell import Shell
    from deskstretch.platform.dnd import DndProbe
    from deskstretch.platform.idle import ReportingIdleMonitor

log = logging.getLogger(__name__)
_Adapter = TypeVar("_Adapter")


def make_store() -> SettingsStore:
    """The settings store at the platform's places (one definition, shared with ``config``)."""
    return default_store()


def report_load_problems(shell: Shell, result: LoadResult) -> None:
    """One clear message for what went wrong reading the settings (each problem is logged)."""
    for problem in result.problems:
        log.warning("settings: %s%s", f"{problem.key}: " if problem.key else "", problem.message)
    messages = [p.message for p in result.problems]
    if result.read_only:
        messages.append(
            shell.tr(
                "Your settings file was written by a newer DeskStretch; changes will not be saved."
            )
        )
    if messages:
        shell.notify_user(shell.tr("DeskStretch settings"), "\n".join(messages[:4]))


def build_controller(shell: Shell) -> Controller:
    """Create the controller with the real adapters."""
    from deskstretch.platform.notify import pick_notifier
    from deskstretch.platform.sleepwatch import SleepWatch
    from deskstretch.platform.wakeup import QtWakeup

    clock = SystemClock()
    shell.store = make_store()
    result = shell.store.load()
    catalogue = load_catalogue()
    for problem in catalogue.problems:
        log.error("catalogue: %s", problem)

    def tray_message(title: str, body: str, timeout_ms: int) -> bool:
        return shell.tray.show_message(title, body, timeout_ms) if shell.tray is not None else False

    def toast(title: str, body: str, actions: Any, timeout_ms: int, on_action: Any) -> bool:
        from deskstretch.ui.toast import show_toast

        return show_toast(title, body, actions, timeout_ms, on_action)

    controller_ref: list[Controller] = []

    def on_action(key: str) -> None:
        if controller_ref:
            controller_ref[0].on_notification_action(key)

    notifier = pick_notifier(on_action=on_action, tray_message=tray_message, toast=toast)
    idle = _guarded("idle detection", _pick_idle)
    dnd = _guarded("do-not-disturb detection", _pick_dnd)

    def capabilities() -> list[Capability]:
        caps = [
            Capability(
                "tray",
                shell.tray is not None,
                "tray icon shown" if shell.tray is not None else "no system tray on this desktop",
                "" if shell.tray is not None else "On GNOME, install the AppIndicator extension.",
            )
        ]
        caps.extend(notifier.capabilities())
        if idle is not None:
            caps.append(idle.capability())
        if dnd is not None:
            caps.extend(dnd.capabilities())
        return caps

    def save(prefs: Preferences) -> str | None:
        saved = shell.store.save(prefs)
        return None if saved.ok else saved.message

    services = Services(
        clock=clock,
        wakeup=QtWakeup(shell),
        notifier=notifier,
        idle=idle,
        dnd=dnd,
        capabilities=capabilities,
        save_preferences=save,
        sound=_pick_sound(result.prefs.general.sound),
    )
    controller = Controller(services, result.prefs, catalogue, shell.menu, shell)
    controller_ref.append(controller)
    shell.initial_load = result  # reported once the shell holds the controller (it notifies)

    shell.sleepwatch = SleepWatch(clock, shell)
    shell.sleepwatch.resumed.connect(controller.on_resumed_from_sleep)
    shell.sleepwatch.clock_changed.connect(controller.on_clock_changed)
    shell.sleepwatch.start()

    _watch_settings(shell, controller)
    controller.reload_settings_requested.connect(lambda: reload_settings(shell, controller))
    return controller


def _pick_sound(enabled: bool) -> Any:
    if not enabled:
        return None  # no cue, and no need to load the sound adapter at all
    from deskstretch.platform.sound import pick_sound

    return pick_sound(enabled)


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


def _watch_settings(shell: Shell, controller: Controller) -> None:
    from deskstretch.platform.settings_watch import SettingsWatcher

    shell.watcher = SettingsWatcher(shell.store.path, shell)
    shell.watcher.changed.connect(lambda: reload_settings(shell, controller))


def reload_settings(shell: Shell, controller: Controller) -> None:
    """Re-read the settings file; an invalid edit keeps what was there, with a message."""
    result = shell.store.load(fallback=controller.prefs)
    report_load_problems(shell, result)
    if result.prefs != controller.prefs:
        log.info("settings changed on disk; applying")
        apply_to_session(shell, controller, result.prefs)


def apply_to_session(shell: Shell, controller: Controller, prefs: Preferences) -> None:
    """Use ``prefs`` from now on: planner rules, sound cue, start at login."""
    if prefs.general.sound != controller.prefs.general.sound:
        controller.services.sound = _pick_sound(prefs.general.sound)
    controller.apply_preferences(prefs)
    _sync_autostart(shell, prefs)


def _sync_autostart(shell: Shell, prefs: Preferences) -> None:
    from deskstretch.platform.autostart import pick_autostart

    try:
        autostart = pick_autostart()
        if prefs.general.autostart and not autostart.is_enabled():
            autostart.enable()
        elif not prefs.general.autostart and autostart.is_enabled():
            autostart.disable()
    except OSError as exc:
        shell.notify_user(
            shell.tr("DeskStretch"), shell.tr("Could not change start at login: {e}").format(e=exc)
        )


def open_preferences(shell: Shell) -> None:
    """Show the Preferences dialog and apply what the user chose."""
    from deskstretch.ui.preferences import PreferencesDialog

    controller: Controller = shell.controller
    load = shell.store.load(fallback=controller.prefs)

    def apply(prefs: Preferences) -> None:
        if shell.watcher is not None and hasattr(shell.watcher, "ignore_next_change"):
            shell.watcher.ignore_next_change()
        error = (
            controller.services.save_preferences(prefs)
            if controller.services.save_preferences
            else None
        )
        apply_to_session(shell, controller, prefs)
        if error:
            shell.notify_user(
                shell.tr("DeskStretch could not save your settings"),
                shell.tr("They apply until you quit. {reason}").format(reason=error),
            )

    names = {s.id: s.name for s in controller.catalogue.stretches}
    chosen = PreferencesDialog.ask(
        controller.prefs,
        locked=load.locked,
        defaults=load.defaults,
        stretch_names=names,
        thumbnails=_thumbnail_factory(controller),
        apply=apply,
    )
    if chosen is not None and chosen != controller.prefs:
        apply(chosen)


def _thumbnail_factory(controller: Controller) -> Any:
    try:
        from deskstretch.ui.thumbnails import stretch_thumbnail
    except ImportError:
        return None

    def thumb(stretch_id: str) -> Any:
        stretch = controller.catalogue.get(stretch_id)
        return stretch_thumbnail(stretch) if stretch is not None else None

    return thumb
