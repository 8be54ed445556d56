"""Which kind of system tray Qt uses here: XEmbed or StatusNotifierItem (for the capability report).

Qt's Linux platform theme puts the icon on D-Bus as a StatusNotifierItem when a
``org.kde.StatusNotifierWatcher`` is on the session bus and says a host is registered
(``IsStatusNotifierHostRegistered``: waybar, KDE Plasma, GNOME's AppIndicator extension);
otherwise, under X11 (xcb), it embeds an XEmbed icon in the tray window (trayer, stalonetray,
XFCE's panel). Qt does not say which it chose, so this asks the bus the same question.
"""

from __future__ import annotations

from deskstretch.platform.bus import BusError, session_call

WATCHER = "org.kde.StatusNotifierWatcher"
WATCHER_PATH = "/StatusNotifierWatcher"
SNI = "StatusNotifierItem"
XEMBED = "XEmbed"


def sni_host_registered(bus_address: str | None = None) -> bool:
    """Whether a StatusNotifierItem host is registered on the session bus (False if unknown)."""
    try:
        (owned,) = session_call(
            "org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus",
            "NameHasOwner",
            "s",
            (WATCHER,),
            bus_address=bus_address,
        )
        if not owned:
            return False
        (value,) = session_call(
            WATCHER,
            WATCHER_PATH,
            "org.freedesktop.DBus.Properties",
            "Get",
            "ss",
            (WATCHER, "IsStatusNotifierHostRegistered"),
            bus_address=bus_address,
        )
    except (BusError, ValueError):
        return False
    # a variant arrives as (signature, value)
    return bool(value[1]) if isinstance(value, tuple) and len(value) == 2 else bool(value)


def tray_kind(platform_name: str, bus_address: str | None = None) -> str:
    """The tray kind: "StatusNotifierItem", "XEmbed", or "" when it cannot be told."""
    if platform_name != "xcb" and not platform_name.startswith("wayland"):
        return ""  # one kind of tray only (Windows, macOS), or a platform Qt has no tray on
    if sni_host_registered(bus_address):
        return SNI
    if platform_name == "xcb":
        return XEMBED
    return ""
