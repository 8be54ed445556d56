"""Idle time as events on X11: alarms on the X SYNC extension's ``IDLETIME`` counter.

The X server keeps a system counter, ``IDLETIME``, with the milliseconds since the last input
of any device. A SYNC *alarm* on that counter makes the server send an event when the counter
crosses a value, so the app sleeps until something happens instead of asking every few seconds:

- one alarm per threshold, on a *positive transition* (the idle time grows past it): the user
  has been away that long;
- one alarm on a *negative transition* below the smallest threshold: the first input after the
  user was idle at least that long (every input resets the counter to 0).

The events arrive on a display connection of our own (ctypes on libX11 and libXext, like
:mod:`deskstretch.platform.x11`), read on the Qt event loop through a ``QSocketNotifier`` on
the connection's socket. ``idle_seconds()`` asks the counter itself: one round trip, exact.

Where the server has no SYNC extension or no ``IDLETIME`` counter, :meth:`idle_seconds`
answers None with the reason, so :func:`deskstretch.platform.idle.pick_idle_monitor` takes the
next candidate (the polled XScreenSaver monitor). Its shape is that of the monitors in
:mod:`deskstretch.platform.idle` (``name``, ``last_error``, ``idle_seconds``, ``capability``),
which the picker relies on.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSocketNotifier, QTimer

from deskstretch.core.ports import Capability
from deskstretch.i18n import N_, _
from deskstretch.platform import x11

log = logging.getLogger(__name__)

CAPABILITY = "idle"  # as in deskstretch.platform.idle, which imports this module
IDLE_COUNTER = "IDLETIME"
LIBXEXT = "libXext.so.6"

# Constants from <X11/extensions/syncconst.h> and <X11/extensions/sync.h>.
_ALARM_NOTIFY = 1  # event base + XSyncAlarmNotify
_CA_COUNTER = 1 << 0
_CA_VALUE_TYPE = 1 << 1
_CA_VALUE = 1 << 2
_CA_TEST_TYPE = 1 << 3
_CA_DELTA = 1 << 4
_CA_EVENTS = 1 << 5
_ABSOLUTE = 0
_POSITIVE_TRANSITION = 0
_NEGATIVE_TRANSITION = 1
_ALARM_DESTROYED = 2
_QUEUED_ALREADY = 0  # XEventsQueued mode: look only at what Xlib has read


class _Value(ctypes.Structure):
    """XSyncValue: a signed 64-bit number in two halves."""

    _fields_ = [("hi", ctypes.c_int), ("lo", ctypes.c_uint)]

    @classmethod
    def of(cls, number: int) -> _Value:
        return cls(number >> 32, number & 0xFFFFFFFF)

    def number(self) -> int:
        return (int(self.hi) << 32) | int(self.lo)


class _SystemCounter(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("counter", ctypes.c_ulong), ("resolution", _Value)]


class _Trigger(ctypes.Structure):
    _fields_ = [
        ("counter", ctypes.c_ulong),
        ("value_type", ctypes.c_int),
        ("wait_value", _Value),
        ("test_type", ctypes.c_int),
    ]


class _AlarmAttributes(ctypes.Structure):
    _fields_ = [
        ("trigger", _Trigger),
        ("delta", _Value),
        ("events", ctypes.c_int),
        ("state", ctypes.c_int),
    ]


class _AlarmNotifyEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("alarm", ctypes.c_ulong),
        ("counter_value", _Value),
        ("alarm_value", _Value),
        ("time", ctypes.c_ulong),
        ("state", ctypes.c_int),
    ]


class _Event(ctypes.Union):
    """Xlib's XEvent: 24 longs, of which an alarm event uses the first few."""

    _fields_ = [("type", ctypes.c_int), ("alarm", _AlarmNotifyEvent), ("pad", ctypes.c_long * 24)]


def _declare_x11(x: Any) -> None:
    """Argument types of the libX11 calls this module adds to :mod:`x11`'s."""
    x.XConnectionNumber.argtypes = [ctypes.c_void_p]
    x.XConnectionNumber.restype = ctypes.c_int
    x.XPending.argtypes = [ctypes.c_void_p]
    x.XPending.restype = ctypes.c_int
    x.XEventsQueued.argtypes = [ctypes.c_void_p, ctypes.c_int]
    x.XEventsQueued.restype = ctypes.c_int
    x.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.POINTER(_Event)]
    x.XFlush.argtypes = [ctypes.c_void_p]


def _declare_xext(e: Any) -> None:
    ptr, out_int = ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)
    e.XSyncQueryExtension.argtypes = [ptr, out_int, out_int]
    e.XSyncQueryExtension.restype = ctypes.c_int
    e.XSyncInitialize.argtypes = [ptr, out_int, out_int]
    e.XSyncInitialize.restype = ctypes.c_int
    e.XSyncListSystemCounters.argtypes = [ptr, out_int]
    e.XSyncListSystemCounters.restype = ctypes.POINTER(_SystemCounter)
    e.XSyncFreeSystemCounterList.argtypes = [ctypes.POINTER(_SystemCounter)]
    e.XSyncQueryCounter.argtypes = [ptr, ctypes.c_ulong, ctypes.POINTER(_Value)]
    e.XSyncQueryCounter.restype = ctypes.c_int
    e.XSyncCreateAlarm.argtypes = [ptr, ctypes.c_ulong, ctypes.POINTER(_AlarmAttributes)]
    e.XSyncCreateAlarm.restype = ctypes.c_ulong
    e.XSyncDestroyAlarm.argtypes = [ptr, ctypes.c_ulong]
    e.XSyncDestroyAlarm.restype = ctypes.c_int


_xext_cache: dict[str, Any] = {}


def _load_xext(path: str) -> Any:
    """libXext with the SYNC calls declared (loaded once per path).

    Raises:
        OSError: the library cannot be loaded.
    """
    if path not in _xext_cache:
        lib = ctypes.CDLL(path)
        _declare_xext(lib)
        _xext_cache[path] = lib
    return _xext_cache[path]


class _SyncDisplay:
    """One kept-open display connection that has found the idle counter."""

    def __init__(self, libs: Any, xext: Any, handle: int, counter: int, event_base: int) -> None:
        self.libs = libs
        self.x = libs.x11
        self.xext = xext
        self.handle = handle
        self.counter = counter
        self.event_base = event_base

    @classmethod
    def open(cls, display: str | None, counter_name: str, xext_path: str) -> _SyncDisplay:
        """Connect and find ``counter_name``.

        Raises:
            OSError: with a reason a user can read, when any step fails.
        """
        libs = x11._get_libs()
        try:
            xext = _load_xext(xext_path)
        except OSError as exc:
            raise OSError(_("libXext not loadable: {error}").format(error=exc)) from exc
        _declare_x11(libs.x11)
        name = x11._display_name(display)
        handle = libs.x11.XOpenDisplay(name.encode())
        if not handle:
            raise OSError(_("cannot open display {name}").format(name=name))
        try:
            event_base = cls._initialise(xext, handle)
            counter = cls._find_counter(xext, handle, counter_name)
        except OSError:
            libs.x11.XCloseDisplay(handle)
            raise
        return cls(libs, xext, handle, counter, event_base)

    @staticmethod
    def _initialise(xext: Any, handle: int) -> int:
        event_base, error_base = ctypes.c_int(), ctypes.c_int()
        if not xext.XSyncQueryExtension(handle, ctypes.byref(event_base), ctypes.byref(error_base)):
            raise OSError(_("the X server has no SYNC extension"))
        major, minor = ctypes.c_int(), ctypes.c_int()
        if not xext.XSyncInitialize(handle, ctypes.byref(major), ctypes.byref(minor)):
            raise OSError(_("the X server's SYNC extension did not initialise"))
        return int(event_base.value)

    @staticmethod
    def _find_counter(xext: Any, handle: int, counter_name: str) -> int:
        count = ctypes.c_int()
        counters = xext.XSyncListSystemCounters(handle, ctypes.byref(count))
        if not counters:
            raise OSError(_("the X server lists no SYNC system counters"))
        try:
            for i in range(count.value):
                if counters[i].name == counter_name.encode():
                    return int(counters[i].counter)
        finally:
            xext.XSyncFreeSystemCounterList(counters)
        raise OSError(_("the X server has no {counter} counter").format(counter=counter_name))

    def idle_ms(self) -> int:
        """The counter now, in milliseconds.

        Raises:
            OSError: the server did not answer.
        """
        value = _Value()
        if not self.xext.XSyncQueryCounter(self.handle, self.counter, ctypes.byref(value)):
            raise OSError(_("the X server did not report its idle time"))
        return max(0, value.number())

    def create_alarm(self, ms: int, test_type: int) -> int:
        """An alarm with events at ``ms`` (delta 0: it stays armed after it fired)."""
        attrs = _AlarmAttributes()
        attrs.trigger.counter = self.counter
        attrs.trigger.value_type = _ABSOLUTE
        attrs.trigger.wait_value = _Value.of(ms)
        attrs.trigger.test_type = test_type
        attrs.delta = _Value.of(0)
        attrs.events = 1
        mask = _CA_COUNTER | _CA_VALUE_TYPE | _CA_VALUE | _CA_TEST_TYPE | _CA_DELTA | _CA_EVENTS
        return int(self.xext.XSyncCreateAlarm(self.handle, mask, ctypes.byref(attrs)))

    def destroy_alarm(self, alarm: int) -> None:
        self.xext.XSyncDestroyAlarm(self.handle, alarm)

    def close(self) -> None:
        if self.handle:
            self.x.XCloseDisplay(self.handle)
            self.handle = 0


class XSyncIdleMonitor:
    """X11 idle time from the SYNC ``IDLETIME`` counter, with alarms as events.

    Implements :class:`deskstretch.core.ports.IdleMonitor` and
    :class:`deskstretch.core.ports.IdleEvents`. The display connection is opened on the first
    question and kept (reopened after a failure).
    """

    name = "x11-sync"
    label = N_("X11 SYNC idle-time alarms")

    def __init__(
        self,
        display: str | None = None,
        *,
        counter_name: str = IDLE_COUNTER,
        xext_path: str = LIBXEXT,
    ) -> None:
        self._display_name = display
        self._counter_name = counter_name
        self._xext_path = xext_path
        self._disp: _SyncDisplay | None = None
        self._idle_alarms: set[int] = set()
        self._active_alarm = 0
        self._changed: Callable[[], None] | None = None
        self._notifier: QSocketNotifier | None = None
        self._drain_pending = False
        self.last_error = ""

    def idle_seconds(self) -> float | None:
        """Seconds since the last input, or None when the counter cannot be read now."""
        try:
            value = self._read_counter()
        except OSError as exc:
            if str(exc) != self.last_error:
                log.warning("idle time via %s failed: %s", self.name, exc)
            self.last_error = str(exc)
            return None
        self.last_error = ""
        return value

    # ------------------------------------------------------------------ asking

    def _connection(self) -> _SyncDisplay:
        if self._disp is None:
            reason = x11.unavailable_reason(self._display_name)
            if reason:
                raise OSError(reason)
            with x11._forgiving_errors(x11._get_libs()):
                self._disp = _SyncDisplay.open(
                    self._display_name, self._counter_name, self._xext_path
                )
        return self._disp

    def _read_counter(self) -> float:
        disp = self._connection()
        try:
            with x11._forgiving_errors(disp.libs):
                ms = disp.idle_ms()
        except OSError:
            if self._changed is not None:
                log.warning("idle events via %s lost with the X connection", self.name)
            self.close()  # maybe a broken connection: start afresh next time
            raise
        self._drain_later()  # the round trip may have read alarm events off the socket
        return ms / 1000.0

    def capability(self) -> Capability:
        """Available (mode "events") if the counter answers right now."""
        if self.idle_seconds() is None:
            why = self.last_error or _("no answer")
            return Capability(CAPABILITY, False, f"{_(self.label)}: {why}")
        return Capability(
            CAPABILITY,
            True,
            _("{source} (events)").format(source=_(self.label)),
            extra={"backend": self.name, "mode": "events"},
        )

    # ------------------------------------------------------------------ events

    def watch(self, thresholds: tuple[float, ...], changed: Callable[[], None]) -> bool:
        """Alarms at each threshold and at the first input after the smallest; see IdleEvents."""
        self._drop_alarms()
        wanted = sorted({round(t * 1000) for t in thresholds if t > 0})
        if not wanted:
            self._changed = None
            return True
        try:
            disp = self._connection()
            self._arm(disp, wanted)
        except OSError as exc:
            log.warning("idle events via %s failed: %s", self.name, exc)
            self._drop_alarms()
            self.close()
            return False
        self._changed = changed
        if self._notifier is None:
            fd = int(disp.x.XConnectionNumber(disp.handle))
            self._notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read)
            self._notifier.activated.connect(self._drain)
        log.info("idle events via %s at %s ms", self.name, ", ".join(map(str, wanted)))
        self._drain_later()
        return True

    def _arm(self, disp: _SyncDisplay, wanted: list[int]) -> None:
        with x11._forgiving_errors(disp.libs):
            errors = disp.libs.errors
            self._idle_alarms = {disp.create_alarm(ms, _POSITIVE_TRANSITION) for ms in wanted}
            self._active_alarm = disp.create_alarm(wanted[0], _NEGATIVE_TRANSITION)
            disp.x.XSync(disp.handle, 0)  # errors now, not later
            if disp.libs.errors != errors or 0 in self._idle_alarms or not self._active_alarm:
                raise OSError(_("the X server refused the idle alarms"))

    def unwatch(self) -> None:
        """No more calls; the alarms and the socket notifier go, the connection stays."""
        self._changed = None
        self._drop_alarms()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None

    def _drop_alarms(self) -> None:
        alarms = [*self._idle_alarms, self._active_alarm]
        self._idle_alarms = set()
        self._active_alarm = 0
        disp = self._disp
        if disp is None or not any(alarms):
            return
        with x11._forgiving_errors(disp.libs):
            for alarm in alarms:
                if alarm:
                    disp.destroy_alarm(alarm)
            disp.x.XFlush(disp.handle)

    def _drain_later(self) -> None:
        """Read queued events on the next turn of the event loop, not inside the caller.

        A round trip (a question, XSync) lets Xlib read events off the socket into its queue;
        the socket notifier would not see them until the next X traffic.
        """
        disp = self._disp
        if self._notifier is None or self._drain_pending or disp is None:
            return
        if disp.x.XEventsQueued(disp.handle, _QUEUED_ALREADY) > 0:
            self._drain_pending = True
            QTimer.singleShot(0, self._drain)

    def _drain(self) -> None:
        """Read every event on our connection; ``changed()`` once if an alarm of ours fired."""
        self._drain_pending = False
        disp = self._disp
        if disp is None:
            return
        fired = 0
        event = _Event()
        with x11._forgiving_errors(disp.libs):
            while disp.x.XPending(disp.handle) > 0:
                disp.x.XNextEvent(disp.handle, ctypes.byref(event))
                fired += self._is_ours(disp, event)
        if fired and self._changed is not None:
            self._changed()

    def _is_ours(self, disp: _SyncDisplay, event: _Event) -> bool:
        if event.type != disp.event_base + _ALARM_NOTIFY:
            return False
        alarm = event.alarm
        if alarm.state == _ALARM_DESTROYED:  # the server's word on an alarm we dropped
            return False
        ours = alarm.alarm in self._idle_alarms or alarm.alarm == self._active_alarm
        if ours:
            what = "active" if alarm.alarm == self._active_alarm else "idle"
            log.debug("idle alarm: %s at %d ms", what, alarm.counter_value.number())
        return bool(ours)

    # ------------------------------------------------------------------ lifetime

    def close(self) -> None:
        """Stop watching and close the display connection (reopened on the next question)."""
        self.unwatch()
        if self._disp is not None:
            with x11._forgiving_errors(self._disp.libs):
                self._disp.close()
            self._disp = None
