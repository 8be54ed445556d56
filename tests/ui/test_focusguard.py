"""The focus guard: keys typed for another program never act on a window that just appeared."""

from __future__ import annotations

import weakref

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from deskstretch.ui.focusguard import KEY_GRACE_SECONDS, FocusGuard
from tests.helpers.fakes import FakeClock

pytestmark = pytest.mark.gui


@pytest.fixture
def shown(qtbot: QtBot) -> tuple[QWidget, FakeClock, FocusGuard]:
    """A window guarded from the moment it is shown, as the stretch window does."""
    window = QWidget()
    qtbot.addWidget(window)
    clock = FakeClock()
    guard = FocusGuard(window, clock)
    guard.restart()
    guard.before_show()
    window.show()
    return window, clock, guard


def _refuses_focus(window: QWidget) -> bool:
    handle = window.windowHandle()
    assert handle is not None
    return bool(handle.flags() & Qt.WindowType.WindowDoesNotAcceptFocus)


def is_ready(guard: FocusGuard) -> bool:
    """Read the property afresh (mypy would keep it narrowed by an earlier ``assert not``)."""
    return guard.ready


def test_a_window_shown_behind_the_guard_does_not_accept_focus(
    shown: tuple[QWidget, FakeClock, FocusGuard],
) -> None:
    window, _clock, guard = shown
    assert not guard.ready
    assert not guard.accepts_focus
    assert _refuses_focus(window)
    assert not guard.admit_key()


def test_each_early_key_is_swallowed_and_restarts_the_grace_period(
    shown: tuple[QWidget, FakeClock, FocusGuard],
) -> None:
    window, clock, guard = shown
    clock.advance(KEY_GRACE_SECONDS - 0.5)
    assert not guard.admit_key()
    clock.advance(KEY_GRACE_SECONDS - 0.5)  # quiet for less than the grace since that key
    guard.poll()
    assert not guard.ready
    assert not guard.admit_key()
    clock.advance(KEY_GRACE_SECONDS)
    assert guard.admit_key()  # a quiet grace period passed: this key is for us
    assert is_ready(guard)
    assert guard.accepts_focus
    assert not _refuses_focus(window)


def test_polling_after_a_quiet_grace_period_opens_the_keys(
    shown: tuple[QWidget, FakeClock, FocusGuard],
) -> None:
    window, clock, guard = shown
    clock.advance(KEY_GRACE_SECONDS - 0.1)
    guard.poll()
    assert not guard.ready
    clock.advance(0.1)
    guard.poll()
    assert is_ready(guard)
    assert not _refuses_focus(window)


def test_a_click_opens_the_keys_at_once_and_activates_the_window_once(
    shown: tuple[QWidget, FakeClock, FocusGuard], monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _clock, guard = shown
    activations: list[str] = []
    monkeypatch.setattr(window, "activateWindow", lambda: activations.append("activate"))
    guard.clicked()
    assert guard.ready
    assert guard.admit_key()
    assert not _refuses_focus(window)
    assert activations == ["activate"]
    guard.clicked()  # keys already work: nothing more to take
    guard.before_show()  # showing again does not take back what the click gave
    assert activations == ["activate"]
    assert guard.accepts_focus
    assert not _refuses_focus(window)


def test_the_guard_does_not_keep_its_window_alive(qapp: QApplication) -> None:
    # The window owns its guard; were the guard to own the window too, a closed window's
    # wrapper would outlive the widget Qt deleted.
    window = QWidget()
    guard = FocusGuard(window, FakeClock())
    alive = weakref.ref(window)
    del window
    assert alive() is None
    guard.clicked()  # a late click on a gone window is harmless
    assert guard.ready
