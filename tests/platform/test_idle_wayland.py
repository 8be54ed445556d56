"""Idle as events from a Wayland compositor: against a real headless sway 1.7 (org_kde_kwin_idle),
and the ext-idle-notify-v1 requests against the protocol's own byte layout (sway 1.7 lacks it)."""

from __future__ import annotations

import socket
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from deskstretch.platform.idle import _linux_candidates, pick_idle_monitor
from deskstretch.platform.idle_wayland import (
    WaylandIdleClient,
    WaylandIdleMonitor,
    decode_string,
    encode_string,
    split_messages,
)
from tests.helpers.sway import SwayDesktop
from tests.helpers.wait import wait_until

# --------------------------------------------------------------------------- the wire


def test_strings_carry_their_nul_and_padding() -> None:
    raw = encode_string("wl_seat")
    assert raw == struct.pack("=I", 8) + b"wl_seat\0"
    assert decode_string(raw + b"rest", 0) == ("wl_seat", 12)
    assert len(encode_string("abcd")) == 4 + 8  # "abcd\0" padded to 8


def test_a_message_split_across_reads_waits_for_its_end() -> None:
    message = struct.pack("=III", 7, (12 << 16) | 1, 42)
    buffer = bytearray(message[:10])
    assert split_messages(buffer) == []
    buffer += message[10:] + message[:4]
    assert split_messages(buffer) == [(7, 1, struct.pack("=I", 42))]
    assert bytes(buffer) == message[:4]


def _event(object_id: int, opcode: int, args: bytes = b"") -> bytes:
    return struct.pack("=II", object_id, ((8 + len(args)) << 16) | opcode) + args


def _global(name: int, interface: str, version: int) -> bytes:
    raw = interface.encode() + b"\0"
    padded = raw.ljust((len(raw) + 3) & ~3, b"\0")
    return _event(2, 0, struct.pack("=II", name, len(raw)) + padded + struct.pack("=I", version))


def _requests(server: socket.socket) -> list[tuple[int, int, bytes]]:
    server.setblocking(False)
    data = bytearray()
    while True:
        try:
            data += server.recv(65536)
        except BlockingIOError:
            break
    return split_messages(data)


def test_ext_idle_notify_requests_follow_the_protocol() -> None:
    """A fake compositor offering ext_idle_notifier_v1: the client's bytes as the XML lays out
    ``get_idle_notification(new_id id, uint timeout, object seat)``, and idled/resumed read."""
    client_end, server = socket.socketpair()
    # The client asks for the registry (id 2) and a sync callback (id 3) first: answer both.
    server.sendall(
        _global(1, "wl_seat", 7)
        + _global(2, "org_kde_kwin_idle", 1)
        + _global(3, "ext_idle_notifier_v1", 1)
        + _event(3, 0, struct.pack("=I", 0))
    )
    client = WaylandIdleClient(client_end)
    client._bind_globals(timeout=2)
    assert client.protocol == "ext_idle_notifier_v1"  # preferred over the KDE one
    client.sock.setblocking(False)
    watch = client.add_watch(30.0)
    sent = _requests(server)
    get_registry, sync, bind_seat, bind_idle, get_notification = sent
    assert get_registry[:2] == (1, 1)
    assert sync[:2] == (1, 0)
    assert bind_seat[:2] == (2, 0)
    assert b"wl_seat\0" in bind_seat[2]
    assert b"ext_idle_notifier_v1\0" in bind_idle[2]
    seat_id = struct.unpack_from("=I", bind_seat[2], len(bind_seat[2]) - 4)[0]
    idle_id = struct.unpack_from("=I", bind_idle[2], len(bind_idle[2]) - 4)[0]
    assert get_notification[:2] == (idle_id, 1)
    assert struct.unpack("=III", get_notification[2]) == (watch.object_id, 30_000, seat_id)

    server.sendall(_event(watch.object_id, 0))  # idled
    assert client.read_events(now=100.0) is True
    assert client.idle_seconds(now=105.0) == pytest.approx(35.0)
    server.sendall(_event(watch.object_id, 1))  # resumed
    assert client.read_events(now=106.0) is True
    assert client.idle_seconds(now=107.0) == 0.0

    client.set_watches((30.0, 60.0))  # the 30 s one stays as it is
    added = _requests(server)
    assert [(m[0], m[1]) for m in added] == [(idle_id, 1)]
    assert struct.unpack("=III", added[0][2])[1] == 60_000
    assert sorted(w.seconds for w in client.watches.values()) == [30.0, 60.0]
    client.clear_watches()
    destroyed = _requests(server)
    assert sorted(destroyed) == sorted((w, 0, b"") for w in (watch.object_id, watch.object_id + 1))
    client.close()
    server.close()


# --------------------------------------------------------------------------- no compositor


def test_without_a_wayland_display_it_says_so(tmp_path: Path) -> None:
    monitor = WaylandIdleMonitor(environ={})
    assert monitor.idle_seconds() is None
    cap = monitor.capability()
    assert cap.available is False
    assert "WAYLAND_DISPLAY" in cap.detail
    assert monitor.watch((30.0,), lambda: None) is False


def test_a_display_nobody_listens_on_is_unavailable(tmp_path: Path) -> None:
    monitor = WaylandIdleMonitor(
        environ={"WAYLAND_DISPLAY": "wayland-9", "XDG_RUNTIME_DIR": str(tmp_path)}
    )
    cap = monitor.capability()
    assert cap.available is False
    assert "cannot connect" in cap.detail
    assert "wayland-9" in cap.detail


# --------------------------------------------------------------------------- real sway


@pytest.fixture
def monitor(sway_desktop: SwayDesktop) -> Iterator[WaylandIdleMonitor]:
    found = WaylandIdleMonitor(environ=sway_desktop.env())
    yield found
    found.close()


def test_under_sway_it_reports_the_kde_protocol_as_events(monitor: WaylandIdleMonitor) -> None:
    cap = monitor.capability()
    assert cap.available is True
    assert "org_kde_kwin_idle" in cap.detail
    assert "(events)" in cap.detail
    assert cap.extra["mode"] == "events"
    assert cap.extra["backend"] == "wayland"


def test_sway_session_picks_the_wayland_monitor_first(sway_desktop: SwayDesktop) -> None:
    env = sway_desktop.env()
    candidates = _linux_candidates(env, env["DBUS_SESSION_BUS_ADDRESS"])
    assert isinstance(candidates[0], WaylandIdleMonitor)
    picked = pick_idle_monitor(platform="linux", environ=env, candidates=candidates)
    assert isinstance(picked, WaylandIdleMonitor)
    picked.close()


def test_thresholds_fire_without_input_and_input_makes_it_active(
    monitor: WaylandIdleMonitor, sway_desktop: SwayDesktop, qtbot: QtBot
) -> None:
    seen: list[float | None] = []
    assert monitor.watch((0.6, 0.3), lambda: seen.append(monitor.idle_seconds())) is True
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10_000)
    first, second = seen
    assert first is not None
    assert second is not None
    assert 0.3 <= first < 0.6 <= second  # one call per threshold, in order

    sway_desktop.type_keys("-k", "Shift_L")
    qtbot.waitUntil(lambda: len(seen) >= 3, timeout=10_000)
    assert seen[2] == 0.0  # back at the keyboard: one call, idle time gone


def test_after_unwatch_no_more_calls(
    monitor: WaylandIdleMonitor, sway_desktop: SwayDesktop, qtbot: QtBot
) -> None:
    seen: list[str] = []
    assert monitor.watch((0.3,), lambda: seen.append("watched")) is True
    monitor.unwatch()
    # A second connection's later threshold is the clock: once it fired, the first one would have.
    other = WaylandIdleMonitor(environ=sway_desktop.env())
    try:
        assert other.watch((0.9,), lambda: seen.append("clock")) is True
        qtbot.waitUntil(lambda: "clock" in seen, timeout=10_000)
    finally:
        other.close()
    assert seen == ["clock"]
    assert monitor.watch((0.3,), lambda: seen.append("again")) is True  # can watch again
    qtbot.waitUntil(lambda: "again" in seen, timeout=10_000)


def test_without_a_watch_idle_seconds_can_be_polled(
    monitor: WaylandIdleMonitor, sway_desktop: SwayDesktop
) -> None:
    idle = wait_until(
        monitor.idle_seconds, 10, what="idle time to grow", until=lambda s: (s or 0) >= 1.5
    )
    assert idle is not None
    sway_desktop.type_keys("-k", "Shift_L")
    wait_until(monitor.idle_seconds, 10, what="input to reset it", until=lambda s: s == 0.0)
