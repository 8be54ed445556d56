"""Keeps a window that pops up under the user's typing from taking their keys.

A break window appears while the user may be typing into another program. It
appears without being activated and without accepting focus (the
``WindowDoesNotAcceptFocus`` hint that X11 window managers and Windows honour), and
its keys are only acted upon after the user clicked it or after a short grace
period without key presses. A key that arrives earlier is swallowed and restarts
the grace period, since it was most likely meant for another program.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from deskstretch.core.clock import Clock

#: Seconds without key presses after which keys are accepted without a click.
KEY_GRACE_SECONDS = 2.0


class FocusGuard:
    """Decides when a window's keys are meant for it, and lets it take focus only then.

    Args:
        window: The top-level window to guard (its focus hint and activation).
        clock: Reads the monotonic time of key presses.
        grace: Seconds without key presses after which keys are accepted.
    """

    def __init__(self, window: QWidget, clock: Clock, grace: float = KEY_GRACE_SECONDS) -> None:
        # Weakly: the window owns its guard, and a reference cycle would keep the window's
        # wrapper alive after Qt deleted the window (closed with WA_DeleteOnClose).
        self._window = weakref.ref(window)
        self._clock = clock
        self._grace = grace
        self._ready = False
        self._keys_from = clock.monotonic() + grace
        self._accepts_focus = True

    @property
    def ready(self) -> bool:
        """Whether key presses are acted upon yet."""
        return self._ready

    @property
    def accepts_focus(self) -> bool:
        """Whether the window lets the window manager give it keyboard focus."""
        return self._accepts_focus

    def restart(self) -> None:
        """The window's content starts now: the grace period counts from now."""
        self._keys_from = self._clock.monotonic() + self._grace

    def before_show(self) -> None:
        """Call before showing the window: it must not take focus unless keys already work.

        A second call after a click does not take back what the click gave.
        """
        if not self._ready:
            self._set_accepts_focus(False)

    def poll(self) -> None:
        """Call on every refresh: keys work once a grace period passed without key presses."""
        if not self._ready and self._clock.monotonic() >= self._keys_from:
            self._open()

    def clicked(self) -> None:
        """The user clicked the window: keys work at once, and the window takes focus.

        Taking focus now follows the user's intent; it steals nothing.
        """
        if not self._ready:
            self._open()
            window = self._window()
            if window is not None:
                window.activateWindow()

    def admit_key(self) -> bool:
        """Whether a key pressed now may act on the window.

        A key inside the grace period is most likely typing meant for another
        window: the caller swallows it, and the grace period starts again from it.
        """
        if self._ready:
            return True
        now = self._clock.monotonic()
        if now < self._keys_from:
            self._keys_from = now + self._grace
            return False
        self._open()
        return True

    def _open(self) -> None:
        self._ready = True
        self._set_accepts_focus(True)

    def _set_accepts_focus(self, accepts: bool) -> None:
        if accepts == self._accepts_focus:
            return
        self._accepts_focus = accepts
        window = self._window()
        if window is None:
            return
        handle = window.windowHandle()
        if handle is not None and window.isVisible():
            # On the native window: changing the widget's flags would hide and re-create it.
            handle.setFlag(Qt.WindowType.WindowDoesNotAcceptFocus, not accepts)
        else:
            window.setWindowFlag(Qt.WindowType.WindowDoesNotAcceptFocus, not accepts)
