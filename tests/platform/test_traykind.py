"""Which tray Qt uses, as the capability report names it: asked on a private session bus."""

from __future__ import annotations

from typing import Any

from deskstretch.platform.traykind import SNI, WATCHER, XEMBED, tray_kind
from tests.helpers.dbus_recorder import FakeDBusService
from tests.helpers.desktop import Desktop

PROPS = "org.freedesktop.DBus.Properties"


def _watcher(host: bool) -> dict[tuple[str, str], Any]:
    return {(PROPS, "Get"): ("v", (("b", host),))}


def test_with_no_status_notifier_watcher_x11_uses_xembed(desktop: Desktop) -> None:
    assert tray_kind("xcb", desktop.bus_address) == XEMBED
    assert tray_kind("wayland", desktop.bus_address) == ""  # Qt has no XEmbed there


def test_a_watcher_with_a_host_means_status_notifier_item(desktop: Desktop) -> None:
    with FakeDBusService(desktop.bus_address, WATCHER, _watcher(True)) as watcher:
        assert tray_kind("xcb", desktop.bus_address) == SNI
        assert tray_kind("wayland-egl", desktop.bus_address) == SNI
    asked = [c[2] for c in watcher.calls if c[1] == "Get"]
    assert asked[0] == (WATCHER, "IsStatusNotifierHostRegistered")


def test_a_watcher_without_a_host_is_not_used_by_qt(desktop: Desktop) -> None:
    with FakeDBusService(desktop.bus_address, WATCHER, _watcher(False)):
        assert tray_kind("xcb", desktop.bus_address) == XEMBED


def test_other_platforms_are_not_asked() -> None:
    assert tray_kind("windows", "unix:path=/nonexistent/bus") == ""
    assert tray_kind("cocoa", "unix:path=/nonexistent/bus") == ""
