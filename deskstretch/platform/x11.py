"""Tiny ctypes bindings to Xlib and the XScreenSaver extension (no compiler, no python-xlib).

Only what idle detection and the fullscreen check need: open a display, read window properties
(EWMH ``_NET_ACTIVE_WINDOW``, ``_NET_WM_STATE``, ``_NET_WM_PID``) and ask XScreenSaver for the
idle time. A display is opened per question and closed again: the questions are rare (the
controller asks when a break is due), and a fresh connection cannot be left broken by an X server
that went away.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from deskstretch.i18n import _

log = logging.getLogger(__name__)

_SUCCESS = 0
_ANY_PROPERTY_TYPE = 0
_XA_WINDOW = 33
_XA_CARDINAL = 6
_XA_ATOM = 4


class _XScreenSaverInfo(ctypes.Structure):
    _fields_ = [
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),
        ("eventMask", ctypes.c_ulong),
    ]


_ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)


class _Libs:
    """The loaded libraries, or why they could not be loaded."""

    def __init__(self) -> None:
        self.x11: Any = None
        self.xss: Any = None
        self.x11_error = ""
        self.xss_error = ""
        self.errors = 0
        self._handler: Any = None

    def handler_pointer(self) -> int | None:
        """Our error handler as a C function pointer."""
        return ctypes.cast(self._handler, ctypes.c_void_p).value

    def load(self) -> None:
        try:
            self.x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
        except OSError as exc:
            self.x11_error = _("libX11 not loadable: {error}").format(error=exc)
            return
        x = self.x11
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x.XDefaultRootWindow.restype = ctypes.c_ulong
        x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        x.XInternAtom.restype = ctypes.c_ulong
        x.XGetAtomName.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        x.XGetAtomName.restype = ctypes.c_void_p
        x.XFree.argtypes = [ctypes.c_void_p]
        x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x.XGetWindowProperty.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.c_ulong,
            ctypes.c_long,
            ctypes.c_long,
            ctypes.c_int,
            ctypes.c_ulong,
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_void_p),
        ]
        x.XGetWindowProperty.restype = ctypes.c_int
        x.XSetErrorHandler.argtypes = [ctypes.c_void_p]
        x.XSetErrorHandler.restype = ctypes.c_void_p

        # Xlib's default error handler exits the process on e.g. BadWindow (a window closed
        # between reading _NET_ACTIVE_WINDOW and its state). Count errors instead, but only
        # while our own display is open (see open_display): the handler is process-wide.
        def on_error(_display: int, _event: int) -> int:
            self.errors += 1
            return 0

        self._handler = _ERROR_HANDLER(on_error)

        try:
            self.xss = ctypes.CDLL(ctypes.util.find_library("Xss") or "libXss.so.1")
        except OSError as exc:
            self.xss_error = _("libXss not loadable (install libxss1): {error}").format(error=exc)
            return
        s = self.xss
        s.XScreenSaverQueryExtension.argtypes = [
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_int),
        ]
        s.XScreenSaverQueryExtension.restype = ctypes.c_int
        s.XScreenSaverAllocInfo.argtypes = []
        s.XScreenSaverAllocInfo.restype = ctypes.POINTER(_XScreenSaverInfo)
        s.XScreenSaverQueryInfo.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.POINTER(_XScreenSaverInfo),
        ]
        s.XScreenSaverQueryInfo.restype = ctypes.c_int


_libs: _Libs | None = None


def _get_libs() -> _Libs:
    global _libs
    if _libs is None:
        _libs = _Libs()
        _libs.load()
    return _libs


class XDisplay:
    """One open X display connection. Use :func:`open_display`."""

    def __init__(self, libs: _Libs, handle: int) -> None:
        self._libs = libs
        self._x = libs.x11
        self.handle = handle
        self.root: int = int(self._x.XDefaultRootWindow(handle))

    def atom(self, name: str) -> int:
        """The atom for ``name`` (created if it does not exist yet)."""
        return int(self._x.XInternAtom(self.handle, name.encode(), 0))

    def atom_name(self, atom: int) -> str:
        """The name of ``atom`` ("" when unknown)."""
        ptr = self._x.XGetAtomName(self.handle, atom)
        if not ptr:
            return ""
        try:
            return ctypes.string_at(ptr).decode(errors="replace")
        finally:
            self._x.XFree(ptr)

    def property_values(self, window: int, name: str) -> list[int] | None:
        """The 32-bit values of a property (WINDOW, CARDINAL, ATOM...), or None if unset/bad.

        Xlib hands format-32 data back as C ``long`` (8 bytes on 64-bit systems).
        """
        actual_type = ctypes.c_ulong()
        actual_format = ctypes.c_int()
        nitems = ctypes.c_ulong()
        after = ctypes.c_ulong()
        data = ctypes.c_void_p()
        errors_before = self._libs.errors
        status = self._x.XGetWindowProperty(
            self.handle,
            window,
            self.atom(name),
            0,
            1024,
            0,
            _ANY_PROPERTY_TYPE,
            ctypes.byref(actual_type),
            ctypes.byref(actual_format),
            ctypes.byref(nitems),
            ctypes.byref(after),
            ctypes.byref(data),
        )
        self._x.XSync(self.handle, 0)  # deliver a BadWindow now, not later
        try:
            if status != _SUCCESS or self._libs.errors != errors_before or not data.value:
                return None
            if actual_format.value != 32:  # the X property format
                return None
            array = ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))
            return [int(array[i]) & 0xFFFFFFFF for i in range(nitems.value)]
        finally:
            if data.value:
                self._x.XFree(data)

    def idle_ms(self) -> int | None:
        """Milliseconds since the last input, from XScreenSaver; None if unavailable."""
        xss = self._libs.xss
        if xss is None:
            return None
        event_base = ctypes.c_int()
        error_base = ctypes.c_int()
        if not xss.XScreenSaverQueryExtension(
            self.handle, ctypes.byref(event_base), ctypes.byref(error_base)
        ):
            return None
        info = xss.XScreenSaverAllocInfo()
        if not info:
            return None
        try:
            if not xss.XScreenSaverQueryInfo(self.handle, self.root, info):
                return None
            return int(info.contents.idle)
        finally:
            self._x.XFree(ctypes.cast(info, ctypes.c_void_p))

    def close(self) -> None:
        """Close the connection."""
        if self.handle:
            self._x.XCloseDisplay(self.handle)
            self.handle = 0


def _display_name(display: str | None) -> str:
    return display if display is not None else os.environ.get("DISPLAY", "")


def unavailable_reason(display: str | None = None) -> str:
    """Why no X display can be used ("" when one can)."""
    libs = _get_libs()
    if libs.x11 is None:
        return libs.x11_error
    if not _display_name(display):
        return _("no X display (DISPLAY is not set)")
    return ""


@contextmanager
def _forgiving_errors(libs: _Libs) -> Iterator[None]:
    """Our error handler only while we ask (the handler is process-wide; Qt has its own)."""
    previous = libs.x11.XSetErrorHandler(libs.handler_pointer())
    try:
        yield
    finally:
        libs.x11.XSetErrorHandler(previous)


def _connect(libs: _Libs, name: str) -> XDisplay | None:
    handle = libs.x11.XOpenDisplay(name.encode())
    return XDisplay(libs, handle) if handle else None


@contextmanager
def open_display(display: str | None = None) -> Iterator[XDisplay | None]:
    """Open ``display`` (default: ``$DISPLAY``) for a few questions; yields None if impossible."""
    libs = _get_libs()
    name = _display_name(display)
    if libs.x11 is None or not name:
        yield None
        return
    with _forgiving_errors(libs):
        disp = _connect(libs, name)
        if disp is None:
            yield None
            return
        try:
            yield disp
        finally:
            disp.close()


class KeptDisplay:
    """A display connection kept open between questions (for the periodic idle poll).

    Opening a connection costs about 14 round trips to the X server, each a wake-up of the
    app; kept open, one idle question is one round trip. Our forgiving error handler is
    installed only while a question is asked, so Qt's own stays in place otherwise. The
    connection is reopened after a failure (e.g. the X server restarted).
    """

    def __init__(self, display: str | None = None) -> None:
        self._name = display
        self._disp: XDisplay | None = None

    def idle_ms(self) -> int | None:
        """Milliseconds since the last input; None if XScreenSaver cannot tell.

        Raises:
            OSError: the display cannot be opened.
        """
        libs = _get_libs()
        name = _display_name(self._name)
        if libs.x11 is None or not name:
            raise OSError(unavailable_reason(self._name) or _("no X display"))
        with _forgiving_errors(libs):
            if self._disp is None:
                self._disp = _connect(libs, name)
                if self._disp is None:
                    raise OSError(_("cannot open display {name}").format(name=name))
            value = self._disp.idle_ms()
            if value is None:  # maybe a broken connection: start afresh next time
                self.close()
            return value

    def close(self) -> None:
        """Close the connection (it is reopened on the next question)."""
        if self._disp is not None:
            self._disp.close()
            self._disp = None


def xss_unavailable_reason() -> str:
    """Why XScreenSaver cannot be used ("" when the library loaded)."""
    libs = _get_libs()
    return libs.x11_error or libs.xss_error
