"""Tests of the headless-desktop helper itself (real Xvfb, dbus-daemon, dunst, trayer, openbox)."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
from jeepney import DBusAddress, MessageType, new_method_call
from jeepney.io.blocking import DBusConnection, open_dbus_connection

from tests.helpers import desktop as desktop_helpers
from tests.helpers.desktop import (
    NOTIFICATIONS_NAME,
    NOTIFICATIONS_PATH,
    Desktop,
    require_desktop_tools,
    start_desktop,
)

NOTIFY = DBusAddress(NOTIFICATIONS_PATH, NOTIFICATIONS_NAME, NOTIFICATIONS_NAME)
BUS = DBusAddress("/org/freedesktop/DBus", "org.freedesktop.DBus", "org.freedesktop.DBus")


def _notify(conn: DBusConnection, summary: str, actions: list[str]) -> Any:
    msg = new_method_call(
        NOTIFY,
        "Notify",
        "susssasa{sv}i",
        (
            "DeskStretch",
            0,
            "/icons/x.svg",
            summary,
            "Stand up\nand stretch",
            actions,
            {"urgency": ("y", 1)},
            8000,
        ),
    )
    return conn.send_and_get_reply(msg, timeout=10)


def test_desktop_gives_a_display_a_private_bus_a_notification_server_and_a_tray(
    desktop: Desktop,
) -> None:
    env = desktop.env({"KEEP": "me", "DISPLAY": ":99"})
    assert env["KEEP"] == "me"
    assert env["DISPLAY"] == desktop.display != ":99"
    assert env["DBUS_SESSION_BUS_ADDRESS"] == desktop.bus_address
    assert env["QT_QPA_PLATFORM"] == "xcb"
    assert env["XDG_RUNTIME_DIR"] == str(desktop.runtime_dir)
    assert stat.S_IMODE(desktop.runtime_dir.stat().st_mode) == 0o700
    assert desktop.bus_address != os.environ.get("DBUS_SESSION_BUS_ADDRESS")

    assert desktop.xdotool("getdisplaygeometry").split() == ["1280", "800"]
    assert desktop.xdotool("search", "--name", "no such window here") == ""
    with pytest.raises(desktop_helpers.DesktopError, match="xdotool getwindowname"):
        desktop.xdotool("getwindowname", "12345")
    assert desktop.name_has_owner(NOTIFICATIONS_NAME)
    geometry = desktop.xdotool("getwindowgeometry", str(desktop.tray_window_id()))
    assert "200x32" in geometry  # trayer's panel as configured, mapped on this display


def test_recorder_sees_notify_and_dunst_itself_reports_the_chosen_action(
    desktop: Desktop,
) -> None:
    rec = desktop.notify_monitor()
    with open_dbus_connection(desktop.bus_address) as conn:
        reply = _notify(conn, "Time to stretch", ["start", "Start now", "snooze", "Snooze 5 min"])
        assert reply.header.message_type == MessageType.method_return
        (nid,) = reply.body

        call = rec.wait_for(lambda c: c["summary"] == "Time to stretch")
        assert call["id"] == nid
        assert call["app_name"] == "DeskStretch"
        assert call["replaces_id"] == 0
        assert call["app_icon"] == "/icons/x.svg"
        assert call["body"] == "Stand up\nand stretch"
        assert call["actions"] == [("start", "Start now"), ("snooze", "Snooze 5 min")]
        assert call["hints"] == {"urgency": ("y", 1)}
        assert call["timeout"] == 8000

        assert desktop.invoke_action(nid, "snooze") == "dunst"
        got = conn.receive(timeout=10)
        owner = conn.send_and_get_reply(
            new_method_call(BUS, "GetNameOwner", "s", (NOTIFICATIONS_NAME,)), timeout=10
        ).body[0]
        # From the server's own name, as a click would be: a client filtering on sender accepts it.
        assert got.header.fields[7] == owner  # 7 = sender
        assert (got.header.fields[3], got.body) == ("ActionInvoked", (nid, "snooze"))
    assert rec.wait_for_signal("ActionInvoked")["args"] == (nid, "snooze")


def test_invoke_action_refuses_an_action_the_notification_does_not_have(
    desktop: Desktop,
) -> None:
    with open_dbus_connection(desktop.bus_address) as conn:
        (nid,) = _notify(conn, "Only start", ["start", "Start now"]).body
        with pytest.raises(desktop_helpers.DesktopError, match="no action 'snooze'"):
            desktop.invoke_action(nid, "snooze")


def test_without_dunst_notify_fails_on_the_bus_and_the_recorder_shows_the_error(
    desktop: Desktop,
) -> None:
    rec = desktop.notify_monitor()
    desktop.stop_dunst()
    assert not desktop.name_has_owner(NOTIFICATIONS_NAME)
    with open_dbus_connection(desktop.bus_address) as conn:
        reply = _notify(conn, "Nobody listens", [])
        assert reply.header.message_type == MessageType.error
    call = rec.wait_for(lambda c: c["summary"] == "Nobody listens")
    assert call["id"] is None
    assert call["error"] == "org.freedesktop.DBus.Error.ServiceUnknown"

    # Without dunst the action signal is broadcast by dbus-send instead.
    assert desktop.invoke_action(7, "start") == "dbus-send"
    assert rec.wait_for_signal("ActionInvoked")["args"] == (7, "start")

    desktop.start_dunst()
    with open_dbus_connection(desktop.bus_address) as conn:
        assert _notify(conn, "Back again", []).header.message_type == MessageType.method_return


def test_desktop_with_wm_runs_an_ewmh_window_manager(desktop_with_wm: Desktop) -> None:
    out = subprocess.run(
        ["xprop", "-root", "_NET_SUPPORTING_WM_CHECK", "_NET_SUPPORTED"],
        env=desktop_with_wm.env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "window id" in out
    assert "_NET_WM_STATE_FULLSCREEN" in out


def test_every_process_is_gone_after_a_failing_block(tmp_path: Path) -> None:
    require_desktop_tools(wm=True)
    pids: list[int] = []
    box: list[Desktop] = []

    def failing_test() -> None:
        with start_desktop(tmp_path, wm=True) as desk:
            box.append(desk)
            desk.notify_monitor()
            pids.extend([p.popen.pid for p in desk._procs] + [desk._recorders[0]._proc.pid])
            raise RuntimeError("test failed")

    with pytest.raises(RuntimeError, match="test failed"):
        failing_test()
    assert len(pids) == 6  # Xvfb, dbus-daemon, dunst, trayer, openbox, dbus-monitor
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert "--- xvfb" in box[0].log_text()


def test_missing_tools_skip_locally_but_fail_under_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing to be found
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("DESKSTRETCH_REQUIRE_DESKTOP", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Xvfb"):
        require_desktop_tools()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"Xvfb \(apt xvfb\)"):
        require_desktop_tools()
    monkeypatch.delenv("CI")
    monkeypatch.setenv("DESKSTRETCH_REQUIRE_DESKTOP", "1")
    with pytest.raises(pytest.fail.Exception, match="dunst"):
        require_desktop_tools()
    with pytest.raises(desktop_helpers.DesktopError, match="missing: Xvfb"):
        start_desktop(tmp_path).__enter__()


def test_fake_dbus_service_answers_records_and_reports_faults(desktop: Desktop) -> None:
    from tests.helpers.dbus_recorder import FakeDBusService, Fault, Handler

    name = "org.example.Fake"
    handlers: dict[tuple[str, str], Handler] = {
        (name, "Echo"): lambda body: ("s", (body[0].upper(),)),
        (name, "Fixed"): ("u", (42,)),
        (name, "Broken"): Fault("org.example.Error.Broken", "it broke"),
    }
    addr = DBusAddress("/", name, name)
    with (
        FakeDBusService(desktop.bus_address, name, handlers) as service,
        open_dbus_connection(desktop.bus_address) as conn,
    ):
        echo = conn.send_and_get_reply(new_method_call(addr, "Echo", "s", ("hi",)), timeout=5)
        fixed = conn.send_and_get_reply(new_method_call(addr, "Fixed"), timeout=5)
        broken = conn.send_and_get_reply(new_method_call(addr, "Broken"), timeout=5)
        unknown = conn.send_and_get_reply(new_method_call(addr, "Nope"), timeout=5)
        assert echo.body == ("HI",)
        assert fixed.body == (42,)
        assert (broken.header.message_type, broken.body) == (MessageType.error, ("it broke",))
        assert unknown.header.message_type == MessageType.error
        assert [c[1] for c in service.calls] == ["Echo", "Fixed", "Broken", "Nope"]
    assert not desktop.name_has_owner(name)
