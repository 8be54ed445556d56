"""Watch a StatusNotifierItem host (waybar under sway) for a newly registered tray item.

The Wayland twin of :mod:`bench.xtray`: the items registered with
``org.kde.StatusNotifierWatcher`` are the icons the host shows. One D-Bus connection is
kept for the whole run (jeepney, as the app's own bus code), so asking costs one round trip.
"""

from __future__ import annotations

import contextlib
from typing import Any

WATCHER = "org.kde.StatusNotifierWatcher"
WATCHER_PATH = "/StatusNotifierWatcher"


class SniWatcher:
    """Lists the items registered with the session's StatusNotifierWatcher."""

    def __init__(self, bus_address: str) -> None:
        from jeepney.io.blocking import open_dbus_connection

        self._conn: Any = open_dbus_connection(bus_address)

    def icons(self) -> set[str]:
        """The registered items ("busname/path"); empty when the watcher does not answer."""
        from jeepney import DBusAddress, Properties

        address = DBusAddress(WATCHER_PATH, WATCHER, WATCHER)
        try:
            reply = self._conn.send_and_get_reply(
                Properties(address).get("RegisteredStatusNotifierItems"), timeout=5
            )
        except (OSError, TimeoutError):
            return set()
        body = reply.body
        if not body or not isinstance(body[0], tuple):
            return set()
        return {str(item) for item in body[0][1]}

    def close(self) -> None:
        """Close the bus connection."""
        with contextlib.suppress(OSError):
            self._conn.close()
