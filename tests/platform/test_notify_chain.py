"""The notification chain and its simple backends, with stand-ins (no bus, no Qt)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

import pytest

from deskstretch.core.ports import Capability, DeliveryResult, Notice
from deskstretch.platform import notify
from deskstretch.platform.notify import (
    CallableNotifier,
    ChainNotifier,
    NullNotifier,
    PlyerNotifier,
    ToastNotifier,
    pick_notifier,
)

NOTICE = Notice("Stretch break in 1 min", "Next: Camel.", (("start", "Start now"),), 9000)
NOWHERE = "unix:path=/nonexistent/deskstretch-test-bus"


class Scripted:
    """A backend answering from a list of outcomes (True, False or an exception)."""

    def __init__(self, name: str, *outcomes: bool | Exception) -> None:
        self.name = name
        self.outcomes = list(outcomes)
        self.seen: list[Notice] = []
        self.withdrawn: list[str] = []

    def notify(self, notice: Notice) -> DeliveryResult:
        self.seen.append(notice)
        outcome = self.outcomes.pop(0) if len(self.outcomes) > 1 else self.outcomes[0]
        if isinstance(outcome, Exception):
            raise outcome
        return DeliveryResult(outcome, self.name, "" if outcome else f"{self.name} is down")

    def withdraw(self, tag: str) -> None:
        self.withdrawn.append(tag)


def test_the_first_backend_that_delivers_wins_and_earlier_failures_are_reported() -> None:
    first, second, third = Scripted("a", False), Scripted("b", True), Scripted("c", True)
    result = ChainNotifier([first, second, third]).notify(NOTICE)
    assert result == DeliveryResult(True, "b", "a: a is down")
    assert third.seen == []


def test_a_raising_backend_is_skipped_like_a_failing_one() -> None:
    result = ChainNotifier([Scripted("a", RuntimeError("boom")), Scripted("b", True)]).notify(
        NOTICE
    )
    assert result.backend == "b"
    assert "RuntimeError: boom" in result.detail


def test_when_nothing_delivers_the_result_says_why_for_each() -> None:
    result = ChainNotifier([Scripted("a", False), NullNotifier("no screen")]).notify(NOTICE)
    assert not result.delivered
    assert result.backend == "none"
    assert result.detail == "a: a is down; none: no screen"


def test_a_failing_backend_is_logged_once_until_it_works_again(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="deskstretch.platform.notify")
    flaky = Scripted("flaky", False, False, False, True, False)
    chain = ChainNotifier([flaky, Scripted("toast", True)])
    for _ in range(3):
        assert chain.notify(NOTICE).backend == "toast"
    warnings = [r for r in caplog.records if "flaky failed" in r.getMessage()]
    assert len(warnings) == 1
    assert chain.notify(NOTICE).backend == "flaky"
    assert "flaky works again" in caplog.text
    chain.notify(NOTICE)  # a new outage is news again
    assert len([r for r in caplog.records if "flaky failed" in r.getMessage()]) == 2


def test_plyer_raising_falls_through_to_the_next_backend() -> None:
    def broken(**_kw: Any) -> None:
        raise NotImplementedError("No usable implementation found!")

    plyer = PlyerNotifier(icon="/i.svg", send=broken)
    result = plyer.notify(NOTICE)
    assert not result.delivered
    assert "NotImplementedError" in result.detail
    chained = ChainNotifier([plyer, Scripted("tray", True)]).notify(NOTICE)
    assert chained.backend == "tray"


def test_plyer_gets_title_text_name_icon_and_seconds() -> None:
    calls: list[dict[str, Any]] = []
    result = PlyerNotifier(icon="/i.svg", send=lambda **kw: calls.append(kw)).notify(NOTICE)
    assert result.delivered
    assert "cannot confirm" in result.detail
    assert calls == [
        {
            "title": "Stretch break in 1 min",
            "message": "Next: Camel.",
            "app_name": "DeskStretch",
            "app_icon": "/i.svg",
            "timeout": 9,
        }
    ]


def test_callable_notifier_reports_false_and_exceptions_as_not_delivered() -> None:
    shown: list[str] = []

    def show(n: Notice) -> bool:
        shown.append(n.summary)
        return True

    ok = CallableNotifier("tray", show)
    assert ok.notify(NOTICE) == DeliveryResult(True, "tray", "no action buttons")
    assert shown == ["Stretch break in 1 min"]
    assert not CallableNotifier("tray", lambda n: False).notify(NOTICE).delivered

    def boom(_n: Notice) -> bool:
        raise OSError("gone")

    assert CallableNotifier("tray", boom).notify(NOTICE).detail == "OSError: gone"


def test_toast_gets_the_buttons_and_reports_the_chosen_one() -> None:
    chosen: list[str] = []
    got: list[tuple[str, str, Sequence[tuple[str, str]], int]] = []

    def show(
        title: str,
        body: str,
        actions: Sequence[tuple[str, str]],
        ms: int,
        on_action: Callable[[str], None],
    ) -> bool:
        got.append((title, body, actions, ms))
        on_action(actions[0][0])
        return True

    assert ToastNotifier(show, chosen.append).notify(NOTICE).delivered
    assert got == [("Stretch break in 1 min", "Next: Camel.", [("start", "Start now")], 9000)]
    assert chosen == ["start"]


def test_withdraw_reaches_every_channel_and_the_toast_closes_only_its_own_notice() -> None:
    closed: list[int] = []

    def show(*_a: Any) -> bool:
        return True

    toast = ToastNotifier(show, lambda _k: None, lambda: closed.append(1))

    class Raising(Scripted):
        def withdraw(self, tag: str) -> None:
            raise RuntimeError(tag)

    first, failing = Scripted("a", False), Raising("b", RuntimeError("boom"))
    chain = ChainNotifier([first, failing, toast])
    assert chain.notify(NOTICE).backend == "toast"
    chain.withdraw("micro")  # not the toast's notice
    assert closed == []
    chain.withdraw("break")  # a raising channel does not stop the others
    assert closed == [1]
    assert first.withdrawn == ["micro", "break"]
    chain.withdraw("break")  # closed already
    assert closed == [1]
    # the tray balloon, plyer and the null channel cannot take a notice back: no error
    CallableNotifier("tray", lambda _n: True).withdraw("break")
    PlyerNotifier(icon="", send=lambda **_k: None).withdraw("break")
    NullNotifier().withdraw("break")


def _toast(*_a: Any) -> bool:
    return True


def test_on_windows_and_macos_plyer_comes_first_then_tray_then_toast(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="deskstretch.platform.notify")
    for platform in ("win32", "darwin"):
        chain = pick_notifier(lambda _k: None, lambda *_a: True, _toast, platform=platform)
        assert [b.name for b in chain.backends] == ["plyer", "tray", "toast"]
    assert "trying plyer -> tray -> toast (plyer on darwin)" in caplog.text


def test_on_linux_the_direct_server_comes_first_and_the_log_says_why_it_may_not_work(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="deskstretch.platform.notify")
    chain = pick_notifier(lambda _k: None, None, _toast, platform="linux", bus_address=NOWHERE)
    assert [b.name for b in chain.backends] == ["freedesktop", "toast"]
    assert "freedesktop: cannot reach the session bus" in caplog.text
    result = chain.notify(NOTICE)
    assert result.backend == "toast"


def test_on_linux_without_jeepney_plyer_is_the_last_resort(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="deskstretch.platform.notify")
    monkeypatch.setattr(notify, "jeepney_missing", lambda: "jeepney is not installed (test)")
    chain = pick_notifier(lambda _k: None, platform="linux")
    assert [b.name for b in chain.backends] == ["plyer"]
    assert "plyer instead of freedesktop: jeepney is not installed" in caplog.text


def test_capabilities_name_the_backend_in_use_and_the_order() -> None:
    class WithCap(Scripted):
        def capability(self) -> Capability:
            return Capability("notifications.fd", False, "no server", "install dunst")

    chain = ChainNotifier([WithCap("fd", False), Scripted("toast", True)])
    before = chain.capabilities()
    assert before[0].name == "notifications"
    assert before[0].available
    assert before[0].extra == {"backend": "toast", "order": "toast"}  # fd is down now
    assert before[0].detail == "toast first in line; then: nothing"
    assert before[1].detail == "no server"
    chain.notify(NOTICE)
    after = chain.capabilities()[0]
    assert after.detail == "last notice shown by toast; in line now: toast"

    dead = ChainNotifier([Scripted("fd", False)])
    dead.notify(NOTICE)
    summary = dead.capabilities()[0]
    assert not summary.available
    assert "break window" in summary.hint


def test_the_tray_balloon_is_in_line_only_while_a_tray_icon_is_shown() -> None:
    # A desktop without a tray (and no notification server): the toast shows the notices, and
    # the report must say so instead of "tray first in line" (issue 13).
    class Down(Scripted):
        def capability(self) -> Capability:
            return Capability("notifications.freedesktop", False, "nobody provides it")

    shown = [False]
    balloons: list[str] = []

    def balloon(summary: str, _body: str, _ms: int) -> bool:
        if shown[0]:
            balloons.append(summary)
        return shown[0]

    chain = pick_notifier(
        lambda _k: None, balloon, _toast, tray_shown=lambda: shown[0], tray_kind=lambda: "XEmbed"
    )
    chain.backends[0] = Down("freedesktop", False)
    summary, *parts = chain.capabilities()
    assert summary.detail == "toast first in line; then: nothing"
    assert summary.extra == {"backend": "toast", "order": "toast"}
    tray = next(c for c in parts if c.name == "notifications.tray")
    assert (tray.available, tray.detail) == (False, "no tray icon shown")
    assert chain.notify(NOTICE).backend == "toast"

    shown[0] = True  # a tray host started later and the icon moved there
    summary, *parts = chain.capabilities()
    assert summary.detail == "last notice shown by toast; in line now: tray, toast"
    tray = next(c for c in parts if c.name == "notifications.tray")
    assert (tray.available, tray.detail) == (True, "balloons from the tray icon (XEmbed)")
    assert chain.notify(NOTICE).backend == "tray"
    assert balloons == ["Stretch break in 1 min"]
