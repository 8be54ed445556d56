"""The controller: the one stateful piece of glue.

It owns the planner, feeds it intents (from the tray, the status window, IPC,
notifications) and observations (idle time, sleep, do-not-disturb), turns the
events it returns into effects (a notification, the stretch window, a new
wake-up), and renders the tray. All rules live in the planner.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from deskstretch import APP_NAME, __version__
from deskstretch.app.opening import BreakWindow, WaitingWindow
from deskstretch.app.protocol import ProtocolError, Request
from deskstretch.app.qtfixes import release_memory
from deskstretch.app.recorder import Recorder
from deskstretch.app.routines import places as stretch_places
from deskstretch.app.routines import skipped_files
from deskstretch.catalogue.loader import Catalogue
from deskstretch.catalogue.model import PhaseKind, Stretch
from deskstretch.core.clock import Clock
from deskstretch.core.events import (
    BreakEnded,
    BreakSkipped,
    BreakStarted,
    BreakWarning,
    Event,
    MicroBreakEnded,
    MicroBreakSkipped,
    MicroBreakStarted,
    MicroOutcome,
    Refused,
    ReminderDue,
    Snoozed,
)
from deskstretch.core.history import BreakEnd, BreakRecord, FlexCheck, Record
from deskstretch.core.opening import PAUSE_BEFORE_OPENING
from deskstretch.core.outcome import Outcome, as_outcome
from deskstretch.core.pause import PauseMode, as_pause_mode
from deskstretch.core.planner import Planner
from deskstretch.core.ports import (
    Capability,
    History,
    IdleEvents,
    IdleMonitor,
    Notice,
    Notifier,
    Wakeup,
)
from deskstretch.core.rules import Rules
from deskstretch.core.status import Kind, Status
from deskstretch.i18n import _, ngettext
from deskstretch.settings.model import Dnd, Preferences
from deskstretch.settings.rules import place_falls_back, rules_from_preferences
from deskstretch.ui import texts
from deskstretch.ui.controls import ControlsMenu
from deskstretch.ui.viewstate import ControlsState

log = logging.getLogger(__name__)

MINUTE_MS = 60_000
HOLD_POLL_MS = 15_000
WARNING_TAG = "break"  # the break warning's notices replace (and withdraw) each other


class DndSource(Protocol):
    """What the do-not-disturb probe offers the controller."""

    def active_reasons(self, settings: Dnd) -> tuple[str, ...]:
        """Reasons not to interrupt the user right now."""
        ...


class ControlsView(Protocol):
    """The tray icon or the status window."""

    def show_state(self, state: ControlsState) -> None:
        """Show the state."""
        ...


def micro_texts(cue_id: str) -> tuple[str, str]:
    """A micro-break cue's name and instruction (loaded on the first micro-break)."""
    from deskstretch.catalogue.micro import MICRO_CATALOGUE

    cue = MICRO_CATALOGUE.get(cue_id)
    return (_(cue.name), _(cue.instruction)) if cue is not None else (cue_id, "")


class MicroView(Protocol):
    """The part of the micro-break panel the controller uses."""

    def show_cue(self, cue_id: str, seconds: float, *, dark: bool, reduced_motion: bool) -> None:
        """Show the cue for ``seconds`` (it closes by itself)."""
        ...

    def close(self) -> bool:
        """Close the panel."""
        ...


# on_closed(outcome) -> panel; the panel reports "done" (closed by itself) or "skipped"
MicroFactory = Callable[[Callable[[MicroOutcome], None]], MicroView]

# (stretches, reduced_motion, next_break_text, on_finished(outcome)) -> window
WindowFactory = Callable[
    [Sequence[Stretch], bool, Callable[[], str], Callable[[Outcome], None]], BreakWindow
]


@dataclass
class Services:
    """The outside world as the controller sees it (real adapters or test fakes)."""

    clock: Clock
    wakeup: Wakeup
    notifier: Notifier | None = None
    idle: IdleMonitor | None = None
    dnd: DndSource | None = None
    window_factory: WindowFactory | None = None
    capabilities: Callable[[], list[Capability]] = field(default=lambda: [])
    save_preferences: Callable[[Preferences], str | None] | None = None  # returns an error message
    sound: Callable[[PhaseKind], None] | None = None  # a cue at each phase change of a stretch
    micro_factory: MicroFactory | None = None  # the micro-break panel (None: the real one)
    # Where a panel would take the keyboard focus (Wayland), the cue goes out as a notification.
    micro_as_notification: bool = False
    open_history: Callable[[], History] | None = None  # the break history (opened on first use)
    # Reads the stretches again (built-in plus the user's routines) for ``reload-stretches``.
    load_stretches: Callable[[], Catalogue] | None = None
    # Something else calls ``Controller.on_minute`` once a minute (the sleep watch's heartbeat),
    # so the controller keeps no minute timer of its own: one wake-up a minute instead of two.
    minute_from_outside: bool = False


class Controller(QObject):
    """Glue between the planner, the desktop and the widgets."""

    rendered = Signal()  # after every render (tests wait on it)
    quit_requested = Signal()

    def __init__(
        self,
        services: Services,
        prefs: Preferences,
        catalogue: Catalogue,
        menu: ControlsMenu,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.clock = services.clock
        self.prefs = prefs
        self.catalogue = catalogue
        self.menu = menu
        self.views: list[ControlsView] = []
        self.window: BreakWindow | None = None
        self.micro_panel: MicroView | None = None
        self.last_status: Status | None = None
        self._holds: set[str] = set()
        self._warned_for: datetime | None = None  # the break the warning on screen announces
        self._armed: datetime | None = None
        self._shown: ControlsState | None = None
        self.recorder = Recorder(self.clock, services.open_history, self._tell)
        self._benched: dict[str, datetime] = {}
        self._benched_known = False  # read from the record when the history is first needed
        self._was_paused = False
        self._place_fallback_logged = False
        self._problems_logged: set[str] = set()
        self._log_problems(catalogue)
        self.planner = Planner(
            self._rules(prefs, catalogue.ids), self.clock.now(), self.clock.local_zone()
        )
        self._minute = QTimer(self)
        self._minute.setInterval(MINUTE_MS)
        self._minute.timeout.connect(self.on_minute)
        self._hold_poll = QTimer(self)
        self._hold_poll.setInterval(HOLD_POLL_MS)
        self._hold_poll.timeout.connect(self._on_hold_poll_timeout)
        self._idle_poll = QTimer(self)
        self._idle_poll.timeout.connect(self._on_idle_poll_timeout)
        self._idle_events = False  # the idle source reports changes: no polling
        self._watched: tuple[float, ...] | None = None  # the thresholds it reports
        self._waiting_notice = False  # "your break opens at your next pause" is on screen
        menu.stretch_requested.connect(self._on_menu_stretch_requested)
        menu.pause_requested.connect(self._on_menu_pause_requested)
        menu.resume_requested.connect(self._on_menu_resume_requested)
        menu.skip_requested.connect(self._on_menu_skip_requested)
        menu.snooze_requested.connect(self._on_menu_snooze_requested)
        menu.micro_requested.connect(self._on_menu_micro_requested)
        menu.quit_requested.connect(self.quit)

    # ------------------------------------------------------------------ lifecycle
    def add_view(self, view: ControlsView) -> None:
        """Render into ``view`` too (tray icon, status window)."""
        self.views.append(view)
        if self.last_status is not None:
            view.show_state(self._controls_state(self.last_status))

    def start(self) -> None:
        """Begin planning breaks."""
        self.recorder.started()
        if not self.services.minute_from_outside:
            self._minute.start()
        self._watch_idle()
        self._schedule_idle_poll()
        if self.services.idle is not None:
            self.poll_idle()  # so status knows at once whether idle time can be read
        self._apply([])

    def shutdown(self) -> None:
        """Stop every timer and the wake-up; close the stretch window."""
        self._minute.stop()
        self._hold_poll.stop()
        self._idle_poll.stop()
        self._unwatch_idle()
        self.services.wakeup.shutdown()
        if self.window is not None:
            window, self.window = self.window, None
            self._record_break_end(window, "skipped")
            window.close()
        self._close_micro()
        if (self._warned_for is not None or self._waiting_notice) and self.services.notifier:
            self._warned_for = None
            self._waiting_notice = False
            self.services.notifier.withdraw(WARNING_TAG)  # its buttons would reach nobody
        self.recorder.shutdown()

    # ------------------------------------------------------------------ intents
    # Each intent returns the planner's events, so that a caller (IPC) can say what happened.
    def stretch_now(self, stretch_id: str | None = None) -> list[Event]:
        """Start a stretch now (a given one, or the next in rotation)."""
        ids = (stretch_id,) if stretch_id else None
        return self._apply(self.planner.take_break_now(self.clock.now(), ids))

    def pause(self, mode: PauseMode, seconds: int = 0) -> list[Event]:
        """Pause for ``seconds``, until tomorrow, or until resumed; a break on screen ends."""
        now = self.clock.now()
        if mode == "until-tomorrow":
            return self._apply(self.planner.pause_until_tomorrow(now))
        if mode == "indefinitely":
            return self._apply(self.planner.pause(now, None))
        return self._apply(self.planner.pause(now, now + timedelta(seconds=seconds)))

    def resume(self) -> list[Event]:
        """End a pause."""
        return self._apply(self.planner.resume(self.clock.now()))

    def skip(self, kind: Kind | None = None) -> list[Event]:
        """Skip the break on screen, or else the next one (of ``kind``, if given)."""
        return self._apply(self.planner.skip(self.clock.now(), kind))

    def snooze(self, kind: Kind | None = None) -> list[Event]:
        """Put off the upcoming break (of ``kind``, if given; else the one that comes first)."""
        return self._apply(self.planner.snooze(self.clock.now(), kind))

    def micro_now(self) -> list[Event]:
        """Show a micro-break now."""
        return self._apply(self.planner.take_micro_break_now(self.clock.now()))

    def quit(self) -> None:
        """Quit the app cleanly."""
        self.quit_requested.emit()

    def apply_preferences(self, prefs: Preferences) -> None:
        """Use new preferences from now on."""
        self.prefs = prefs
        rules = self._rules(prefs, self._available_ids())
        self._apply(self.planner.set_rules(self.clock.now(), rules))
        self._watch_idle()
        self._schedule_idle_poll()

    def reload_stretches(self) -> dict[str, Any]:
        """Read the stretches again (a routine was added or removed): the Stretch now menu,
        Preferences and the rotation use them from now on. A stretch on screen plays on.

        Returns:
            ``added`` and ``removed`` (ids), ``skipped`` (one line per user file left out)
            and a ``message`` for the CLI.
        """
        if self.services.load_stretches is None:
            raise ProtocolError(_("this DeskStretch cannot reload its stretches"))
        try:
            catalogue = self.services.load_stretches()
        except Exception:  # a bug in the loader must not take the app down
            log.exception("routines: could not reload the stretches")
            raise ProtocolError(
                _("the stretches could not be read again; the ones in use stay (see the log)")
            ) from None
        before = set(self.catalogue.ids)
        added = [i for i in catalogue.ids if i not in before]
        removed = [i for i in self.catalogue.ids if i not in set(catalogue.ids)]
        self.catalogue = catalogue
        self._log_problems(catalogue)
        self.apply_preferences(self.prefs)
        self._render()
        log.info(
            "routines: stretches reloaded: added %s, removed %s",
            ", ".join(added) or "none",
            ", ".join(removed) or "none",
        )
        skipped = list(skipped_files(catalogue))
        if added and removed:
            message = _("Stretches reloaded: added {added}; removed {removed}.").format(
                added=", ".join(added), removed=", ".join(removed)
            )
        elif added:
            message = _("Stretches reloaded: added {added}.").format(added=", ".join(added))
        elif removed:
            message = _("Stretches reloaded: removed {removed}.").format(removed=", ".join(removed))
        else:
            message = _("Stretches reloaded: no change.")
        if skipped:
            message += " " + ngettext(
                "{n} routine file skipped (see the log).",
                "{n} routine files skipped (see the log).",
                len(skipped),
            ).format(n=len(skipped))
        return {
            "added": added,
            "removed": removed,
            "ids": list(catalogue.ids),
            "skipped": skipped,
            "message": message,
        }

    def _log_problems(self, catalogue: Catalogue) -> None:
        """Log each problem of the catalogue once per run (a reload repeats none)."""
        for problem in catalogue.problems:
            if problem not in self._problems_logged:
                self._problems_logged.add(problem)
                log.error("catalogue: %s", problem)

    def _rules(self, prefs: Preferences, available: Sequence[str]) -> Rules:
        """The planner's rules; logs (once) when no enabled stretch fits ``stretches.place``."""
        places = stretch_places(self.catalogue)
        if place_falls_back(prefs, available, places):
            if not self._place_fallback_logged:
                self._place_fallback_logged = True
                log.warning(
                    "stretches: none of the stretches turned on is for the %s; scheduled "
                    "breaks use all of them (stretches.place = %s)",
                    prefs.stretches.place,
                    prefs.stretches.place,
                )
        else:
            self._place_fallback_logged = False
        return rules_from_preferences(prefs, available, places)

    def on_notification_action(self, key: str) -> None:
        """A button on a notification was used."""
        log.info("notification action %r", key)
        # The only notice with these buttons is the stretch break's warning.
        if key == "start":
            self._tell_refusals(self.stretch_now())
        elif key == "snooze":
            self._tell_refusals(self.snooze("stretch"))
        elif key == "skip":
            self._tell_refusals(self.skip("stretch"))

    # ------------------------------------------------------------------ observations
    def on_resumed_from_sleep(self, seconds: float) -> None:
        """The machine slept for ``seconds``."""
        log.info("resumed after %.0f s asleep", seconds)
        # Arm afresh even if the deadline stays: a timer armed before the suspend counts
        # monotonic time, which stood still while asleep, so it would fire that much late.
        self._armed = None
        self.recorder.slept(seconds)
        self._apply(self.planner.resumed_from_sleep(self.clock.now(), timedelta(seconds=seconds)))

    def on_clock_changed(self, seconds: float) -> None:
        """The wall clock jumped by ``seconds`` (the user or NTP set it)."""
        log.info("wall clock jumped by %.0f s", seconds)
        self._apply(self.planner.clock_jumped(self.clock.now(), timedelta(seconds=seconds)))

    def poll_idle(self) -> None:
        """Read the idle time once and tell the planner."""
        self._apply(self.planner.user_idle(self.clock.now(), self._idle_now()))

    def _idle_now(self) -> float | None:
        if self.services.idle is None:
            return None
        try:
            return self.services.idle.idle_seconds()
        except Exception:  # an adapter must never stop the schedule
            log.exception("reading the idle time failed")
            return None

    # ------------------------------------------------------------------ status
    def status(self) -> Status:
        """The planner's status now."""
        return self.planner.status(self.clock.now())

    @property
    def micro_shown_as(self) -> str:
        """How micro-breaks show here: "panel", "notification" (a panel would take focus), "off"."""
        if not self.prefs.micro.enabled:
            return "off"
        return "notification" if self.services.micro_as_notification else "panel"

    def status_json(self) -> dict[str, Any]:
        """What ``deskstretch status --json`` prints."""
        now = self.clock.now()
        status = self.planner.status(now)
        data = status.to_json()
        zone = self.clock.local_zone()
        data["summary"] = texts.next_line(status, now, zone)
        data["tooltip"] = texts.tooltip(status, now, zone)
        data["next_stretches"] = [self._name(s) for s in status.next_stretch_ids]
        data["next_stretch_ids"] = list(status.next_stretch_ids)
        data["in_break"] = self.window is not None
        data["window_waits_for_pause"] = (
            isinstance(self.window, WaitingWindow) and self.window.waiting
        )
        data["idle_events"] = self._idle_events
        data["micro_line"] = texts.micro_line(status, now, zone)
        data["micro_shown_as"] = self.micro_shown_as
        data["version"] = __version__
        data["capabilities"] = [
            {"name": c.name, "available": c.available, "detail": c.detail, "hint": c.hint}
            for c in self.services.capabilities()
        ]
        return data

    # ------------------------------------------------------------------ IPC
    def handle_request(self, request: Request) -> Any:
        """Answer one validated IPC request."""
        cmd = request.cmd
        if cmd == "ping":
            return {
                "message": _("{app} {version} is running").format(
                    app=APP_NAME, version=__version__
                ),
                "version": __version__,
            }
        if cmd == "status":
            return self.status_json()
        if cmd == "list-stretches":
            return [
                {"id": s.id, "name": s.name, "place": s.place, "builtin": s.builtin}
                for s in self.catalogue.stretches
            ]
        if cmd == "reload-stretches":
            return self.reload_stretches()
        if cmd == "stretch":
            stretch_id = request.args.get("id")
            if stretch_id is not None and self.catalogue.get(stretch_id) is None:
                raise ProtocolError(
                    _("unknown stretch {id}; known: {ids}").format(
                        id=repr(stretch_id), ids=", ".join(self.catalogue.ids)
                    )
                )
            return self._reply(self.stretch_now(stretch_id))
        if cmd == "pause":
            mode = as_pause_mode(request.args.get("mode", "duration"))
            if mode is None:  # parse_request refuses these already
                raise ProtocolError(_("unknown pause mode"))
            return self._reply(self.pause(mode, int(request.args.get("seconds", 0))))
        if cmd == "resume":
            return self._reply(self.resume())
        if cmd == "skip":
            return self._reply(self.skip())
        if cmd == "snooze":
            return self._reply(self.snooze())
        if cmd == "micro":
            if request.args.get("action", "now") == "skip":
                return self._reply(self.skip("micro"))
            return self._reply(self.micro_now())
        if cmd == "quit":
            # reply first, quit right after the reply has been written
            QTimer.singleShot(50, self, self.quit)
            return {"message": _("{app} is quitting.").format(app=APP_NAME)}
        if cmd == "reload-settings":
            self.reload_settings_requested.emit()
            return {"message": _("Settings reloaded.")}
        if cmd == "show-preferences":
            # The dialog runs its own event loop: open it after this reply, never inside it.
            QTimer.singleShot(0, self, self.menu.preferences_requested.emit)
            return {"message": _("Preferences opened.")}
        raise ProtocolError(_("command {cmd} is not handled").format(cmd=repr(cmd)))

    reload_settings_requested = Signal()

    # ------------------------------------------------------------------ internals
    def _name(self, stretch_id: str) -> str:
        stretch = self.catalogue.get(stretch_id)
        return stretch.name if stretch else stretch_id

    def _apply(self, events: list[Event]) -> list[Event]:
        self.recorder.on_events(events)
        for event in events:
            log.debug("event %s", event)
            if isinstance(event, BreakWarning):
                self._warn(event)
            elif isinstance(event, BreakStarted):
                self._close_micro()
                self._open_window(event)
            elif isinstance(event, BreakEnded):
                self._close_window()
            elif isinstance(event, MicroBreakStarted):
                self._show_micro(event)
            elif isinstance(event, MicroBreakEnded):
                self._close_micro(event.outcome)
            elif isinstance(event, ReminderDue):
                self._remind(event)
        self._withdraw_stale_warning()
        self._rearm()
        self._schedule_idle_poll()  # a break waiting for the user is looked for more often
        self._render()
        return events

    def _tell_refusals(self, events: list[Event]) -> None:
        """An intent from the tray or a notification that could not be carried out: say why."""
        for event in events:
            if isinstance(event, Refused):
                self._tell(event.reason)

    def _reply(self, events: list[Event]) -> dict[str, Any]:
        """The IPC answer to an intent: what the planner says happened, then the next break."""
        for event in events:
            if isinstance(event, Refused):
                return {"message": event.reason, "done": False}
        kinds = {type(e) for e in events}
        if BreakStarted in kinds:
            return {"message": _("Stretch started."), "done": True}
        for event in events:
            if isinstance(event, MicroBreakStarted):
                name = micro_texts(event.cue_id)[0]
                if self.services.micro_as_notification:
                    started = _("Micro-break started as a notification: {name}.")
                else:
                    started = _("Micro-break started on screen: {name}.")
                return {"message": started.format(name=name), "done": True}
        done = ""
        if BreakEnded in kinds:
            done = _("The break on screen ended, counted as skipped.")
        elif MicroBreakEnded in kinds:
            done = _("The micro-break on screen ended, counted as skipped.")
        elif BreakSkipped in kinds:
            done = _("Skipped the next break.")
        elif MicroBreakSkipped in kinds:
            done = _("Skipped the next micro-break.")
        elif Snoozed in kinds:
            micro = any(isinstance(e, Snoozed) and e.kind == "micro" for e in events)
            done = _("Snoozed the micro-break.") if micro else _("Snoozed.")
        text = self._next_break_text()
        if MicroBreakSkipped in kinds or MicroBreakEnded in kinds:
            now = self.clock.now()
            text = texts.micro_line(self.planner.status(now), now, self.clock.local_zone()) or text
        return {"message": f"{done} {text}".strip(), "done": True}

    def _rearm(self) -> None:
        deadline = self.planner.next_deadline()
        if deadline == self._armed:
            return  # already armed for it: re-arming costs a scheduler round for nothing
        self._armed = deadline
        if deadline is None:
            self.services.wakeup.cancel()
        else:
            self.services.wakeup.arm(deadline, self._on_wakeup)

    def _on_wakeup(self) -> None:
        self._armed = None  # that one has fired
        # Holds first: every planner call lets time pass up to now, so the idle reading below
        # would already send the warning this wake-up is for if do-not-disturb were not known.
        self._update_holds()
        if self.services.idle is not None:
            self.poll_idle()  # fresh idle time before anything interrupts the user
        self._apply(self.planner.advance(self.clock.now()))

    def _update_holds(self) -> None:
        """Ask the do-not-disturb probe before anything interrupts the user."""
        if self.services.dnd is None:
            return
        try:
            reasons = set(self.services.dnd.active_reasons(self.prefs.dnd))
        except Exception:
            log.exception("do-not-disturb probe failed; treating as no reason")
            reasons = set()
        now = self.clock.now()
        events: list[Event] = []
        for reason in sorted(reasons - self._holds):
            log.info("holding breaks: %s", reason)
            events += self.planner.hold(now, reason)
        for reason in sorted(self._holds - reasons):
            log.info("released hold: %s", reason)
            events += self.planner.release(now, reason)
        self._holds = reasons
        self.recorder.holds_changed(reasons)
        if reasons:
            self._hold_poll.start()
        else:
            self._hold_poll.stop()
        if events:
            self._apply(events)

    def _on_hold_poll_timeout(self) -> None:
        self._update_holds()
        self._apply(self.planner.advance(self.clock.now()))

    def on_minute(self) -> None:
        """A minute has passed (the sleep watch's heartbeat, else the controller's own minute
        timer): render again, so that what is shown relative to now (a due break, "Mon 09:00"
        turning into "09:00") moves on."""
        self._render()

    def _schedule_idle_poll(self) -> None:
        """Poll the idle time as often as the planner needs, unless the source reports changes."""
        interval = self.planner.idle_poll_interval()
        if interval is None or self.services.idle is None or self._idle_events:
            self._idle_poll.stop()
            return
        ms = max(5_000, int(interval.total_seconds() * 1000))
        if self._idle_poll.isActive() and self._idle_poll.interval() == ms:
            return  # restarting would put the next reading off every time
        self._idle_poll.setInterval(ms)
        self._idle_poll.start()

    def _watch_idle(self) -> None:
        """Ask an idle source that reports changes for the idle times that matter now."""
        idle = self.services.idle
        if idle is None or not isinstance(idle, IdleEvents):
            return
        marks = {t.total_seconds() for t in self.planner.idle_thresholds()}
        if isinstance(self.window, WaitingWindow) and self.window.waiting:
            marks.add(PAUSE_BEFORE_OPENING)  # only while a window waits: typing has many pauses
        thresholds = tuple(sorted(marks))
        if self._idle_events and thresholds == self._watched:
            return
        try:
            ok = idle.watch(thresholds, self._on_idle_changed)
        except Exception:  # an adapter must never stop the schedule
            log.exception("idle events could not be set up")
            ok = False
        if ok != self._idle_events:
            log.info("idle time: %s", "reported as events" if ok else "polled")
        self._idle_events = ok
        self._watched = thresholds if ok else None

    def _unwatch_idle(self) -> None:
        idle: object = self.services.idle
        if self._idle_events and isinstance(idle, IdleEvents):
            try:
                idle.unwatch()
            except Exception:
                log.exception("idle events could not be stopped")
        self._idle_events = False
        self._watched = None

    def _on_idle_changed(self) -> None:
        """The idle source says the user went idle for a threshold, or came back."""
        self.poll_idle()
        if isinstance(self.window, WaitingWindow):
            self.window.look()

    def _on_idle_poll_timeout(self) -> None:
        deadline = self.planner.next_deadline()
        if deadline is not None and deadline <= self.clock.now():
            # The wake-up is late (a busy event loop) and this reading would do its work:
            # ask do-not-disturb first, as the wake-up does.
            self._update_holds()
        self.poll_idle()

    def _on_menu_stretch_requested(self, stretch_id: str) -> None:
        self._tell_refusals(self.stretch_now(stretch_id or None))

    def _on_menu_pause_requested(self, mode: str, seconds: int) -> None:
        pause_mode = as_pause_mode(mode)  # a Qt signal carries it as a plain string
        if pause_mode is None:
            log.error("the menu asked for an unknown pause %r", mode)
            return
        self._tell_refusals(self.pause(pause_mode, seconds))

    def _on_menu_resume_requested(self) -> None:
        self._tell_refusals(self.resume())

    def _on_menu_skip_requested(self) -> None:
        self._tell_refusals(self.skip())

    def _on_menu_snooze_requested(self) -> None:
        self._tell_refusals(self.snooze())

    def _on_menu_micro_requested(self) -> None:
        self._tell_refusals(self.micro_now())

    # ------------------------------------------------------------------ micro-breaks, reminders
    def _show_micro(self, event: MicroBreakStarted) -> None:
        seconds = max(1.0, (event.until - self.clock.now()).total_seconds())
        name, instruction = micro_texts(event.cue_id)
        if self.services.micro_as_notification:
            notifier = self.services.notifier
            if notifier is not None:
                result = notifier.notify(
                    Notice(
                        summary=name, body=instruction, tag="micro", timeout_ms=int(seconds * 1000)
                    )
                )
                log.info(
                    "micro-break %s via %s: delivered=%s",
                    event.cue_id,
                    result.backend,
                    result.delivered,
                )
            self.recorder.micro_ended("done")  # a notification does not say more
            return
        self._close_micro()
        factory = self.services.micro_factory or self._real_micro_panel
        panel = factory(self._on_micro_closed)
        self.micro_panel = panel
        from deskstretch.ui.style import desktop_is_dark

        panel.show_cue(
            event.cue_id,
            seconds,
            dark=desktop_is_dark(),
            reduced_motion=self.prefs.general.reduced_motion,
        )
        log.info("micro-break %s shown for %.0f s", event.cue_id, seconds)

    def _real_micro_panel(self, on_closed: Callable[[MicroOutcome], None]) -> MicroView:
        """The real panel (imported on first use: the idle app never loads it)."""
        from deskstretch.ui.micro_panel import MicroPanel

        panel = MicroPanel(self.clock)
        panel.finished.connect(lambda: on_closed("done"))
        panel.skipped.connect(lambda: on_closed("skipped"))
        return panel

    def _on_micro_closed(self, outcome: MicroOutcome) -> None:
        if self.micro_panel is None:
            return  # closed on the planner's word
        self.micro_panel = None
        log.info("micro-break panel closed: %s", outcome)
        self.recorder.micro_ended(outcome)
        self._apply(self.planner.micro_finished(self.clock.now(), outcome))

    def _close_micro(self, outcome: MicroOutcome = "done") -> None:
        panel, self.micro_panel = self.micro_panel, None
        if panel is not None:
            self.recorder.micro_ended(outcome)
            panel.close()

    def _remind(self, event: ReminderDue) -> None:
        notifier = self.services.notifier
        if notifier is None:
            log.warning("reminder %r is due but no notification channel exists", event.text)
            return
        result = notifier.notify(
            Notice(summary=_("Reminder"), body=event.text, tag="reminder", timeout_ms=15_000)
        )
        log.info("reminder %d via %s: delivered=%s", event.index, result.backend, result.delivered)

    def _warn(self, event: BreakWarning) -> None:
        notifier = self.services.notifier
        if notifier is None or not self.prefs.notifications.enabled:
            return
        now = self.clock.now()
        seconds = max(0.0, (event.break_at - now).total_seconds())
        names = ", ".join(self._name(s) for s in event.stretch_ids)
        summary = _("Stretch break in {when}").format(when=texts.in_minutes(seconds))
        if event.long:
            summary = _("Longer stretch break in {when}").format(when=texts.in_minutes(seconds))
        body = _("Next: {names}.").format(names=names)
        actions: list[tuple[str, str]] = [("start", _("Start now"))]
        snooze = self.prefs.breaks.snooze_minutes
        if event.can_snooze:
            actions.append(
                (
                    "snooze",
                    ngettext("Snooze {n} min", "Snooze {n} min", snooze).format(n=snooze),
                )
            )
        notice = Notice(
            summary=summary,
            body=body,
            actions=tuple(actions),
            timeout_ms=int(seconds * 1000) or 10_000,
            tag=WARNING_TAG,
        )
        result = notifier.notify(notice)
        log.info(
            "break warning via %s: delivered=%s %s", result.backend, result.delivered, result.detail
        )
        if result.delivered:
            self._warned_for = event.break_at

    def _withdraw_stale_warning(self) -> None:
        """Take the break warning off the screen once it no longer holds: the break started,
        was snoozed, skipped, moved, held (do-not-disturb) or breaks were paused."""
        if self._warned_for is None:
            return
        status = self.planner.status(self.clock.now())
        if (
            status.state == "active"
            and status.next_break == self._warned_for
            and not status.hold_reasons
        ):
            return
        self._warned_for = None
        notifier = self.services.notifier
        if notifier is not None:
            log.info("break warning withdrawn (%s)", status.state)
            notifier.withdraw(WARNING_TAG)

    def tell(self, message: str) -> None:
        """Tell the user something in a notification (a problem with a file, say)."""
        self._tell(message)

    def _tell(self, message: str) -> None:
        notifier = self.services.notifier
        if notifier is not None:
            notifier.notify(Notice(summary=APP_NAME, body=message, tag="info", timeout_ms=6000))
        log.info("told the user: %s", message)

    def _open_window(self, event: BreakStarted) -> None:
        ids = self._stretches_for(event)
        stretches = [s for s in (self.catalogue.get(i) for i in ids) if s is not None]
        if not stretches:
            log.error("break with no known stretch (%s); ending it", event.stretch_ids)
            self._apply(self.planner.break_finished(self.clock.now(), "skipped"))
            return
        factory = self.services.window_factory or self._real_window

        def make() -> BreakWindow:
            return factory(
                stretches,
                self.prefs.general.reduced_motion,
                self._next_break_text,
                self._on_window_finished,
            )

        if event.reason in ("scheduled", "after-hold") and self.services.idle is not None:
            # Not in the middle of a sentence: the window opens at the first pause in typing.
            self.window = WaitingWindow(make, self.clock, self._idle_now, self._on_wait_changed)
        else:
            self.window = make()  # asked for: the user is waiting for it
        self.window.start()

    def _on_wait_changed(self, waiting: bool) -> None:
        """The break window began or stopped waiting for a pause in typing."""
        self._watch_idle()
        notifier = self.services.notifier
        if waiting and notifier is not None and self.prefs.notifications.enabled:
            self._warned_for = None  # this notice replaces the warning (the same tag)
            notice = Notice(
                summary=_("Stretch break"),
                body=_("It opens when you pause typing, or within a minute."),
                actions=(),
                timeout_ms=60_000,
                tag=WARNING_TAG,
            )
            result = notifier.notify(notice)
            self._waiting_notice = result.delivered
        elif not waiting and self._waiting_notice:
            self._waiting_notice = False
            if notifier is not None:
                notifier.withdraw(WARNING_TAG)

    def _real_window(
        self,
        stretches: Sequence[Stretch],
        reduced_motion: bool,
        next_break_text: Callable[[], str],
        on_finished: Callable[[Outcome], None],
    ) -> BreakWindow:
        """The real stretch window (imported on first use: it is the heaviest part)."""
        from deskstretch.ui.stretch_window import StretchWindow

        window = StretchWindow(
            list(stretches),
            self.clock,
            reduced_motion=reduced_motion,
            next_break_text=next_break_text,
            sound=self.services.sound,
            finish_note=self._finish_note,
            spoken_cues=self.prefs.general.spoken_cues,
        )
        window.finished.connect(lambda outcome: on_finished(as_outcome(outcome)))
        window.flex_answered.connect(self.on_flex_answered)
        return window

    def _next_break_text(self) -> str:
        now = self.clock.now()
        return texts.next_line(self.planner.status(now), now, self.clock.local_zone())

    def _on_window_finished(self, outcome: Outcome) -> None:
        if self.window is None:
            return  # closed on the planner's word (skip, pause): the break is counted already
        window, self.window = self.window, None
        self._record_break_end(window, outcome)
        log.info("stretch window closed: %s", outcome)
        release_memory()  # the window and its caches are gone: give the memory back
        self._apply(self.planner.break_finished(self.clock.now(), outcome))

    def _close_window(self) -> None:
        """The planner ended the break (skip or pause from the tray or the CLI): close it."""
        window, self.window = self.window, None
        if window is not None:
            log.info("stretch window closed by the planner")
            self._record_break_end(window, "skipped")
            window.close()
            release_memory()

    # ------------------------------------------------------------------ the record (#15)
    def on_flex_answered(self, level: str) -> None:
        """The user said how far they reached in the toe-touch check."""
        from deskstretch.core.history import FLEX_LEVELS

        for known in FLEX_LEVELS:
            if known == level:
                self.recorder.flex_answer(known)
                return
        log.warning("unknown flexibility answer %r ignored", level)

    def restore_stretch(self, stretch_id: str) -> None:
        """The user put a stretch that hurt back into the rotation."""
        self.recorder.restored(stretch_id)
        self._update_benched(tell=False)

    def current_benched(self) -> dict[str, datetime]:
        """Stretches out of the rotation because they hurt (id -> since when)."""
        if self._benched_known is False:
            self._update_benched(tell=False)
        return dict(self._benched)

    def _record_break_end(self, window: BreakWindow, outcome: Outcome) -> None:
        try:
            progress = window.progress()
            closed_early = window.closed_early
        except Exception:  # the record must never break the app
            log.exception("the stretch window could not say how far the user got")
            progress, closed_early = (), False
        end: BreakEnd = outcome
        if outcome == "skipped" and closed_early:
            end = "closed"
        record = self.recorder.break_ended(end, progress)
        if record is not None and any(s.outcome == "stopped" for s in record.stretches):
            self._update_benched(tell=True)

    def _recent(self, days: int) -> list[Record]:
        today = self.clock.now().astimezone(self.clock.local_zone()).date()
        return self.recorder.records(since=today - timedelta(days=days))

    def _update_benched(self, *, tell: bool) -> None:
        """Work out which stretches hurt twice lately and keep them out of the rotation."""
        from deskstretch.core.safety import benched

        before = set(self._benched)
        # The whole record: a bench lasts until the user puts the stretch back, however long
        # ago the two stops were. Read when the history is first needed, then after each stop
        # and each put-back only.
        self._benched = benched(self.recorder.records(), self.clock.now())
        self._benched_known = True
        if set(self._benched) != before:
            self.apply_preferences(self.prefs)
        for stretch_id in sorted(set(self._benched) - before):
            if tell:
                self._tell(
                    _(
                        "{name} is out of your breaks for now: it hurt twice within two weeks. "
                        "You can put it back in Preferences, Stretches."
                    ).format(name=self._name(stretch_id))
                )

    def _available_ids(self) -> tuple[str, ...]:
        return tuple(i for i in self.catalogue.ids if i not in self._benched)

    def _stretches_for(self, event: BreakStarted) -> tuple[str, ...]:
        """What the break shows: the planner's pick, the flexibility check when it is due,
        and never a stretch that hurt twice lately (unless the user picked it)."""
        if event.reason == "user":
            return event.stretch_ids
        every = self.prefs.flexcheck.every_days
        if not self._benched_known:
            self._update_benched(tell=False)
        check = "toe-touch-check"
        if every > 0 and self.catalogue.get(check) is not None and check not in self._benched:
            recent = self._recent(every)
            today = self.clock.now().astimezone(self.clock.local_zone()).date()
            offered = [
                r.day
                for r in recent
                if isinstance(r, BreakRecord) and any(s.stretch_id == check for s in r.stretches)
            ] + [r.day for r in recent if isinstance(r, FlexCheck)]
            # Counted from the last time it was offered (done or skipped: once), or from the
            # start of the record: a new user's first breaks are the stretches, not the check.
            since = max(offered) if offered else self.recorder.first_day()
            if since is not None and (today - since).days >= every:
                return (check,)
        kept = tuple(i for i in event.stretch_ids if i not in self._benched)
        if kept:
            return kept
        rotation = [i for i in self.planner.rules.stretch_order if i not in self._benched]
        return (rotation[0],) if rotation else event.stretch_ids

    def _finish_note(self) -> str:
        """One true thing from the record for the finish page ("Break 3 today, ...")."""
        from deskstretch.core.stats import finish_facts

        now = self.clock.now()
        zone = self.clock.local_zone()
        records = self.recorder.records()  # a streak may reach back to the first record
        facts = finish_facts(
            records,
            now.astimezone(zone).date(),
            streak_breaks=self.prefs.history.streak_breaks,
            zone=zone,
            ending=self.recorder.ending(),
        )
        n = facts.breaks_today
        if facts.streak >= 2:
            # TRANSLATORS: {streak} is "a 5-day streak" (translated on its own).
            streak = ngettext("a {days}-day streak", "a {days}-day streak", facts.streak).format(
                days=facts.streak
            )
            return ngettext("Break {n} today, {streak}.", "Break {n} today, {streak}.", n).format(
                n=n, streak=streak
            )
        return ngettext("Break {n} today.", "Break {n} today.", n).format(n=n)

    def _controls_state(self, status: Status) -> ControlsState:
        now = self.clock.now()
        zone = self.clock.local_zone()
        next_name = self._name(status.next_stretch_ids[0]) if status.next_stretch_ids else ""
        skip_label = _("Skip next break")
        if status.state == "in-break":
            skip_label = _("Skip this break")
        elif status.micro_on_screen:
            skip_label = _("Skip this micro-break")
        elif status.next_kind == "micro":
            skip_label = _("Skip next micro-break")
        return ControlsState(
            tooltip=texts.tooltip(status, now, zone),
            next_line=texts.next_line(status, now, zone),
            paused=status.state == "paused",
            can_skip=status.state in ("active", "held", "in-break"),
            skip_label=skip_label,
            can_snooze=status.snoozes_left > 0 and status.state in ("active", "held"),
            in_break=status.state == "in-break" or self.window is not None,
            stretches=tuple((s.id, s.name) for s in self.catalogue.stretches),
            next_stretch_name=next_name,
            icon="paused" if status.state in ("paused", "off-hours") else "active",
            micro_line=texts.micro_line(status, now, zone),
            can_micro=status.state != "in-break" and not status.micro_on_screen,
        )

    def _render(self) -> None:
        status = self.planner.status(self.clock.now())
        self.last_status = status
        paused = status.state == "paused"
        if paused != self._was_paused:
            self._was_paused = paused
            self.recorder.pause_changed(paused)
        state = self._controls_state(status)
        if state != self._shown:  # most idle polls change nothing the user can see
            self._shown = state
            for view in self.views:
                view.show_state(state)
        self.rendered.emit()
