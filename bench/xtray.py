"""Watch an XEmbed tray host (trayer) for a newly embedded icon, through Xlib via ctypes.

trayer's panel window holds one socket window per icon, and the client's icon window
is reparented into that socket when it embeds: a new grandchild of the panel that is
mapped is an embedded, visible icon. Asking the X server directly (XQueryTree) costs
far less than running ``xwininfo -tree`` every few milliseconds, which would compete
for the CPU with the app being timed; ``xwininfo`` stays as the fallback.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import re
import subprocess
from collections.abc import Mapping

_IS_VIEWABLE = 2


class _XWindowAttributes(ctypes.Structure):
    _fields_ = [
        ("x", ctypes.c_int),
        ("y", ctypes.c_int),
        ("width", ctypes.c_int),
        ("height", ctypes.c_int),
        ("border_width", ctypes.c_int),
        ("depth", ctypes.c_int),
        ("visual", ctypes.c_void_p),
        ("root", ctypes.c_ulong),
        ("c_class", ctypes.c_int),
        ("bit_gravity", ctypes.c_int),
        ("win_gravity", ctypes.c_int),
        ("backing_store", ctypes.c_int),
        ("backing_planes", ctypes.c_ulong),
        ("backing_pixel", ctypes.c_ulong),
        ("save_under", ctypes.c_int),
        ("colormap", ctypes.c_ulong),
        ("map_installed", ctypes.c_int),
        ("map_state", ctypes.c_int),
        ("all_event_masks", ctypes.c_long),
        ("your_event_mask", ctypes.c_long),
        ("do_not_propagate_mask", ctypes.c_long),
        ("override_redirect", ctypes.c_int),
        ("screen", ctypes.c_void_p),
    ]


_ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)


def _ignore_x_errors_py(_display: int | None, _event: int | None) -> int:
    # A window can vanish between XQueryTree and the next call (BadWindow); Xlib's
    # default handler would exit the whole bench for it.
    return 0


_ignore_x_errors = _ERROR_HANDLER(_ignore_x_errors_py)


class TrayWatcher:
    """Lists the icon windows embedded in one tray panel window."""

    def __init__(self, display: str, panel: int, env: Mapping[str, str]) -> None:
        self.panel = panel
        self._env = dict(env)
        self._display_name = display
        self._x: ctypes.CDLL | None = None
        self._dpy: int | None = None
        path = ctypes.util.find_library("X11")
        if path:
            try:
                x = ctypes.CDLL(path)
                x.XOpenDisplay.restype = ctypes.c_void_p
                x.XOpenDisplay.argtypes = [ctypes.c_char_p]
                x.XQueryTree.argtypes = [
                    ctypes.c_void_p,
                    ctypes.c_ulong,
                    ctypes.POINTER(ctypes.c_ulong),
                    ctypes.POINTER(ctypes.c_ulong),
                    ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
                    ctypes.POINTER(ctypes.c_uint),
                ]
                x.XFree.argtypes = [ctypes.c_void_p]
                x.XGetWindowAttributes.argtypes = [
                    ctypes.c_void_p,
                    ctypes.c_ulong,
                    ctypes.POINTER(_XWindowAttributes),
                ]
                x.XCloseDisplay.argtypes = [ctypes.c_void_p]
                x.XSetErrorHandler.argtypes = [_ERROR_HANDLER]
                x.XSetErrorHandler(_ignore_x_errors)
                dpy = x.XOpenDisplay(display.encode())
                if dpy:
                    self._x, self._dpy = x, dpy
            except (OSError, AttributeError):
                self._x = None

    @property
    def method(self) -> str:
        """ "xlib" or "xwininfo": how the tree is read."""
        return "xlib" if self._x is not None else "xwininfo"

    def _children(self, window: int) -> list[int]:
        assert self._x is not None
        root, parent = ctypes.c_ulong(), ctypes.c_ulong()
        kids = ctypes.POINTER(ctypes.c_ulong)()
        count = ctypes.c_uint()
        if not self._x.XQueryTree(
            self._dpy,
            window,
            ctypes.byref(root),
            ctypes.byref(parent),
            ctypes.byref(kids),
            ctypes.byref(count),
        ):
            return []
        out = [kids[i] for i in range(count.value)]
        if kids:
            self._x.XFree(kids)
        return out

    def _viewable(self, window: int) -> bool:
        assert self._x is not None
        attrs = _XWindowAttributes()
        if not self._x.XGetWindowAttributes(self._dpy, window, ctypes.byref(attrs)):
            return False
        return bool(attrs.map_state == _IS_VIEWABLE)

    def icons(self) -> set[int]:
        """Client icon windows embedded in the panel and shown."""
        if self._x is None:
            return self._icons_xwininfo()
        found: set[int] = set()
        for socket in self._children(self.panel):
            for client in self._children(socket):
                if self._viewable(client):
                    found.add(client)
        return found

    def _icons_xwininfo(self) -> set[int]:
        out = subprocess.run(
            ["xwininfo", "-tree", "-id", str(self.panel)],
            env=self._env,
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        # Grandchildren of the panel are indented by 8 spaces in xwininfo's tree.
        return {int(m.group(1), 16) for m in re.finditer(r"^ {8}(0x[0-9a-f]+)", out, re.MULTILINE)}

    def close(self) -> None:
        """Close the X connection."""
        if self._x is not None and self._dpy:
            self._x.XCloseDisplay(self._dpy)
            self._x, self._dpy = None, None
