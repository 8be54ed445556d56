"""FreedesktopNotifier and the chain against a real notification server (dunst on a private bus)."""

from __future__ import annotations

import logging
import socket
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypedDict

import pytest
from pytestqt.qtbot import QtBot

from deskstretch.core.ports import Notice
from deskstretch.platform.bus import CALL_TIMEOUT_S
from deskstretch.platform.notify import (
    CallableNotifier,
    ChainNotifier,
    ToastShow,
    TrayMessage,
    pick_notifier,
)
from deskstretch.platform.notify_freedesktop import FreedesktopNotifier, default_icon
from tests.helpers.dbus_recorder import FakeDBusService, Fault, Silence
from tests.helpers.desktop import Desktop

ACTIONS = (("start", "Start now"), ("snooze", "Snooze 5 min"))
PACKAGED_LINUX = Path(__file__).resolve().parents[2] / "packaging" / "linux"


def _warning(**kw: object) -> Notice:
    base: dict[str, Any] = {
        "summary": "Stretch break in 1 min",
        "body": "Next: Hip flexor stretch & trunk rotation.",
        "actions": ACTIONS,
        "timeout_ms": 8000,
    }
    base.update(kw)
    return Notice(**base)


def test_a_notice_reaches_the_server_with_name_icon_text_timeout_and_buttons(
    desktop: Desktop, qtbot: QtBot
) -> None:
    rec = desktop.notify_monitor()
    notifier = FreedesktopNotifier(lambda _k: None, bus_address=desktop.bus_address)
    result = notifier.notify(_warning())
    assert result.delivered, result.detail
    assert result.backend == "freedesktop"

    call = rec.wait_for(lambda c: c["summary"] == "Stretch break in 1 min")
    assert call["app_name"] == "DeskStretch"
    assert call["app_icon"] == default_icon()
    assert Path(call["app_icon"]).name == "deskstretch.svg"
    # dunst renders markup, so the ampersand must arrive escaped to be shown as typed.
    assert call["body"] == "Next: Hip flexor stretch &amp; trunk rotation."
    assert call["timeout"] == 8000
    assert call["actions"] == list(ACTIONS)
    assert call["hints"]["urgency"] == ("y", 1)
    assert call["replaces_id"] == 0
    # The desktop ties the notice to the app through the installed desktop file's name.
    entry = call["hints"]["desktop-entry"]
    assert entry == ("s", "io.github.deskstretch.DeskStretch")
    assert (PACKAGED_LINUX / f"{entry[1]}.desktop").is_file()
    notifier.close()


def test_a_new_notice_with_the_same_tag_replaces_the_old_bubble(
    desktop: Desktop, qtbot: QtBot
) -> None:
    rec = desktop.notify_monitor()
    notifier = FreedesktopNotifier(lambda _k: None, bus_address=desktop.bus_address)
    assert notifier.notify(_warning(summary="first")).delivered
    assert notifier.notify(_warning(summary="second")).delivered
    assert notifier.notify(_warning(summary="info", tag="info")).delivered
    first = rec.wait_for(lambda c: c["summary"] == "first")
    second = rec.wait_for(lambda c: c["summary"] == "second")
    info = rec.wait_for(lambda c: c["summary"] == "info")
    assert second["replaces_id"] == first["id"]
    assert info["replaces_id"] == 0
    shown = desktop.run("dunstctl", "count", "displayed")
    waiting = desktop.run("dunstctl", "count", "waiting")
    assert int(shown) + int(waiting) == 2  # the break warning once, plus the info notice
    notifier.close()


def test_choosing_a_button_on_the_server_reaches_the_app(desktop: Desktop, qtbot: QtBot) -> None:
    chosen: list[str] = []
    notifier = FreedesktopNotifier(chosen.append, bus_address=desktop.bus_address)
    rec = desktop.notify_monitor()
    assert notifier.notify(_warning(summary="A")).delivered
    call = rec.wait_for(lambda c: c["summary"] == "A")
    assert desktop.invoke_action(call["id"], "start") == "dunst"
    qtbot.waitUntil(lambda: chosen == ["start"], timeout=10_000)

    assert notifier.notify(_warning(summary="B")).delivered
    call = rec.wait_for(lambda c: c["summary"] == "B")
    desktop.invoke_action(call["id"], "snooze")
    qtbot.waitUntil(lambda: chosen == ["start", "snooze"], timeout=10_000)
    notifier.close()


def test_an_action_signal_from_another_sender_is_ignored(desktop: Desktop, qtbot: QtBot) -> None:
    chosen: list[str] = []
    notifier = FreedesktopNotifier(chosen.append, bus_address=desktop.bus_address)
    rec = desktop.notify_monitor()
    assert notifier.notify(_warning(summary="C")).delivered
    nid = rec.wait_for(lambda c: c["summary"] == "C")["id"]
    desktop.run(
        "dbus-send",
        "--session",
        "--type=signal",
        "/org/freedesktop/Notifications",
        "org.freedesktop.Notifications.ActionInvoked",
        f"uint32:{nid}",
        "string:start",
    )
    rec.wait_for_signal("ActionInvoked", lambda a: a == (nid, "start"))
    desktop.invoke_action(nid, "snooze")  # the real server, after the forged signal
    qtbot.waitUntil(lambda: chosen != [], timeout=10_000)
    assert chosen == ["snooze"]
    notifier.close()


class Fallbacks(TypedDict):
    """pick_notifier's tray and toast arguments."""

    tray_message: TrayMessage
    toast: ToastShow


def _fallbacks(shown: list[str]) -> Fallbacks:
    def toast(
        title: str,
        body: str,
        actions: Sequence[tuple[str, str]],
        timeout_ms: int,
        on_action: object,
    ) -> bool:
        shown.append(title)
        return True

    return Fallbacks(tray_message=lambda _t, _b, _ms: False, toast=toast)


def test_with_no_server_on_the_bus_the_fallback_shows_it_and_the_log_says_why(
    desktop: Desktop, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    desktop.stop_dunst()
    shown: list[str] = []
    caplog.set_level(logging.INFO, logger="deskstretch.platform.notify")
    chain = pick_notifier(lambda _k: None, bus_address=desktop.bus_address, **_fallbacks(shown))
    result = chain.notify(_warning())
    assert result.delivered
    assert result.backend == "toast"
    assert shown == ["Stretch break in 1 min"]
    assert "nobody provides org.freedesktop.Notifications" in caplog.text
    assert "tray failed (tray unavailable)" in caplog.text
    summary = chain.capabilities()[0]
    assert (summary.name, summary.extra["backend"]) == ("notifications", "toast")
    freedesktop = chain.backends[0]
    assert isinstance(freedesktop, FreedesktopNotifier)
    freedesktop.close()


def test_server_gone_mid_run_falls_through_and_comes_back_when_it_returns(
    desktop: Desktop, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    shown: list[str] = []
    chain = pick_notifier(lambda _k: None, bus_address=desktop.bus_address, **_fallbacks(shown))
    assert chain.notify(_warning(summary="one")).backend == "freedesktop"
    desktop.stop_dunst()
    assert chain.notify(_warning(summary="two")).backend == "toast"
    assert shown == ["two"]
    desktop.start_dunst()
    caplog.set_level(logging.INFO, logger="deskstretch.platform.notify")
    rec = desktop.notify_monitor()
    assert chain.notify(_warning(summary="three")).backend == "freedesktop"
    assert rec.wait_for(lambda c: c["summary"] == "three")["app_name"] == "DeskStretch"
    assert "freedesktop works again" in caplog.text
    freedesktop = chain.backends[0]
    assert isinstance(freedesktop, FreedesktopNotifier)
    freedesktop.close()


def test_a_dropped_bus_connection_is_reopened_for_the_next_notice(
    desktop: Desktop, qtbot: QtBot
) -> None:
    chosen: list[str] = []
    notifier = FreedesktopNotifier(chosen.append, bus_address=desktop.bus_address)
    assert notifier.notify(_warning(summary="before")).delivered
    notifier._conn.sock.shutdown(socket.SHUT_RDWR)  # as if the bus went away under us
    qtbot.waitUntil(lambda: notifier._conn is None, timeout=10_000)
    rec = desktop.notify_monitor()
    assert notifier.notify(_warning(summary="after")).delivered
    call = rec.wait_for(lambda c: c["summary"] == "after")
    desktop.invoke_action(call["id"], "start")
    qtbot.waitUntil(lambda: chosen == ["start"], timeout=10_000)
    notifier.close()


def test_capability_names_the_server(desktop: Desktop, qtbot: QtBot) -> None:
    notifier = FreedesktopNotifier(lambda _k: None, bus_address=desktop.bus_address)
    cap = notifier.capability()
    assert cap.available
    assert cap.detail.startswith("dunst ")
    assert "with action buttons" in cap.detail
    desktop.stop_dunst()
    cap = notifier.capability()
    assert not cap.available
    assert "nobody provides org.freedesktop.Notifications" in cap.detail
    assert "dunst" in cap.hint
    notifier.close()


def test_a_server_without_actions_or_markup_gets_no_buttons_and_plain_text(
    desktop: Desktop, qtbot: QtBot
) -> None:
    desktop.stop_dunst()
    iface = "org.freedesktop.Notifications"
    handlers: dict[tuple[str, str], Any] = {
        (iface, "GetCapabilities"): ("as", (["body"],)),
        (iface, "Notify"): ("u", (77,)),
    }
    with FakeDBusService(desktop.bus_address, iface, handlers) as server:
        notifier = FreedesktopNotifier(lambda _k: None, bus_address=desktop.bus_address)
        result = notifier.notify(_warning())
        notifier.close()
    assert result.delivered
    assert result.detail == "id 77; the server shows no action buttons"
    notify_body = next(c[2] for c in server.calls if c[1] == "Notify")
    assert notify_body[4] == "Next: Hip flexor stretch & trunk rotation."  # no markup escaping
    assert notify_body[5] == []


def test_a_server_that_rejects_the_notice_is_reported_not_hidden(
    desktop: Desktop, qtbot: QtBot
) -> None:
    desktop.stop_dunst()
    iface = "org.freedesktop.Notifications"
    handlers: dict[tuple[str, str], Any] = {
        (iface, "GetCapabilities"): ("as", (["actions", "body"],)),
        (iface, "Notify"): Fault("org.freedesktop.Notifications.Error.Full", "too many"),
    }
    with FakeDBusService(desktop.bus_address, iface, handlers):
        notifier = FreedesktopNotifier(lambda _k: None, bus_address=desktop.bus_address)
        result = notifier.notify(_warning())
        notifier.close()
    assert not result.delivered
    assert result.detail == "org.freedesktop.Notifications.Error.Full: too many"


def test_a_withdrawn_notice_is_closed_by_the_id_the_server_gave(
    desktop: Desktop, qtbot: QtBot
) -> None:
    desktop.stop_dunst()
    iface = "org.freedesktop.Notifications"
    handlers: dict[tuple[str, str], Any] = {
        (iface, "GetCapabilities"): ("as", (["actions", "body"],)),
        (iface, "Notify"): ("u", (41,)),
        (iface, "CloseNotification"): ("", ()),
    }
    with FakeDBusService(desktop.bus_address, iface, handlers) as server:
        notifier = FreedesktopNotifier(lambda _k: None, bus_address=desktop.bus_address)
        notifier.withdraw("break")  # nothing shown yet: the server is not bothered
        assert notifier.notify(_warning()).delivered
        assert notifier.notify(_warning(summary="info", tag="info")).delivered
        notifier.withdraw("break")
        notifier.withdraw("break")  # once only
        notifier.close()
    closes = [c[2] for c in server.calls if c[1] == "CloseNotification"]
    assert closes == [(41,)]


def test_a_withdrawn_bubble_leaves_the_screen(desktop: Desktop, qtbot: QtBot) -> None:
    rec = desktop.notify_monitor()
    notifier = FreedesktopNotifier(lambda _k: None, bus_address=desktop.bus_address)
    assert notifier.notify(_warning(summary="soon", timeout_ms=0)).delivered  # 0: stays up
    nid = rec.wait_for(lambda c: c["summary"] == "soon")["id"]
    assert int(desktop.run("dunstctl", "count", "displayed")) == 1
    notifier.withdraw("break")
    # reason 3: "closed by a call to CloseNotification"
    rec.wait_for_signal("NotificationClosed", lambda a: a == (nid, 3))
    assert int(desktop.run("dunstctl", "count", "displayed")) == 0
    assert rec.closes == [nid]
    notifier.close()


def test_a_bubble_the_user_closed_is_not_replaced_but_shown_anew(
    desktop: Desktop, qtbot: QtBot
) -> None:
    rec = desktop.notify_monitor()
    notifier = FreedesktopNotifier(lambda _k: None, bus_address=desktop.bus_address)
    assert notifier.notify(_warning(summary="closed by the user")).delivered
    first = rec.wait_for(lambda c: c["summary"] == "closed by the user")
    desktop.run("dunstctl", "close")
    rec.wait_for_signal("NotificationClosed", lambda a: a[0] == first["id"])
    qtbot.waitUntil(lambda: first["id"] not in notifier._shown, timeout=10_000)
    assert notifier.notify(_warning(summary="next one")).delivered
    assert rec.wait_for(lambda c: c["summary"] == "next one")["replaces_id"] == 0
    notifier.close()


def test_a_hung_server_freezes_the_app_once_then_is_left_alone_for_a_while(
    desktop: Desktop, qtbot: QtBot
) -> None:
    desktop.stop_dunst()
    iface = "org.freedesktop.Notifications"
    hung = [False]

    def answer(reply: tuple[str, tuple[Any, ...]]) -> Any:
        return lambda _body: Silence() if hung[0] else reply

    handlers: dict[tuple[str, str], Any] = {
        (iface, "GetCapabilities"): answer(("as", (["body"],))),
        (iface, "Notify"): answer(("u", (7,))),
    }
    now = [1000.0]
    shown: list[str] = []
    with FakeDBusService(desktop.bus_address, iface, handlers) as server:

        def toast(notice: Notice) -> bool:
            shown.append(notice.summary)
            return True

        notifier = FreedesktopNotifier(
            lambda _k: None,
            bus_address=desktop.bus_address,
            # the production time-out: it also bounds the healthy round trips before the hang,
            # which a loaded machine may stall for a few hundred ms
            call_timeout=CALL_TIMEOUT_S,
            monotonic=lambda: now[0],
        )
        chain = ChainNotifier([notifier, CallableNotifier("toast", toast)])
        assert chain.notify(_warning(summary="first")).backend == "freedesktop"

        hung[0] = True  # the server stops answering while the app holds a connection to it
        before = len(server.calls)
        second = chain.notify(_warning(summary="second"))
        assert second.backend == "toast"
        assert f"did not answer GetCapabilities within {CALL_TIMEOUT_S:g} s" in second.detail
        # one time-out, and no second try on a fresh connection (that would freeze again)
        assert [call[1] for call in server.calls[before:]] == ["GetCapabilities"]
        asked = len(server.calls)

        now[0] += 60  # a minute later: the fallback at once, the server is not asked
        third = chain.notify(_warning(summary="third"))
        assert third.backend == "toast"
        assert "not asked again" in third.detail
        assert len(server.calls) == asked
        assert not notifier.capability().available
        assert len(server.calls) == asked

        now[0] += 300  # after the pause it is given another chance
        chain.notify(_warning(summary="fourth"))
        assert len(server.calls) > asked
        notifier.close()
    assert shown == ["second", "third", "fourth"]
