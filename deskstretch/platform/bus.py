"""The D-Bus client the platform adapters share: jeepney, blocking calls with a timeout.

The notifier, idle detection, do-not-disturb and the sleep watch all talk to D-Bus through
jeepney (pure Python, explicit signatures; see docs/platform.md#d-bus). This module holds
what they share: opening a connection, one method call with a timeout and readable errors,
reading what is waiting on a connection without blocking, and closing a connection that was
kept open to hear signals. jeepney itself is imported inside the functions, so importing this
module costs nothing on the start-up path.
"""

from __future__ import annotations

from typing import Any

from deskstretch.i18n import _

CALL_TIMEOUT_S = 2.0

_NO_OWNER_ERRORS = (
    "org.freedesktop.DBus.Error.ServiceUnknown",
    "org.freedesktop.DBus.Error.NameHasNoOwner",
)


class BusError(Exception):
    """A D-Bus call failed; the message is short and readable."""


class BusTimeout(BusError):
    """The other side did not answer in time (it may be hung, not gone)."""


def jeepney_missing() -> str:
    """Why jeepney cannot be used ("" when it can)."""
    try:
        import jeepney  # noqa: F401
    except ImportError as exc:
        return _("jeepney is not installed ({error})").format(error=exc)
    return ""


def open_bus(bus_address: str | None = None) -> Any:
    """Open a blocking jeepney connection to the session bus (or ``bus_address``).

    Raises:
        BusError: no session bus, or it cannot be reached.
    """
    try:
        from jeepney.io.blocking import open_dbus_connection
    except ImportError as exc:
        raise BusError(_("jeepney is not installed ({error})").format(error=exc)) from exc
    try:
        return open_dbus_connection(bus_address or "SESSION", auth_timeout=CALL_TIMEOUT_S)
    except KeyError as exc:
        raise BusError(_("no session bus (DBUS_SESSION_BUS_ADDRESS is not set)")) from exc
    except (OSError, TimeoutError, ValueError, RuntimeError) as exc:
        raise BusError(_("cannot reach the session bus: {error}").format(error=exc)) from exc


def call(
    conn: Any,
    destination: str,
    path: str,
    interface: str,
    method: str,
    signature: str = "",
    body: tuple[Any, ...] = (),
    timeout: float = CALL_TIMEOUT_S,
) -> tuple[tuple[Any, ...], str]:
    """Call a method on an open connection; return (reply body, sender of the reply).

    Raises:
        BusError: the call returned an error (readable text).
        OSError, TimeoutError: the connection failed.
    """
    from jeepney import DBusAddress, HeaderFields, MessageType, new_method_call

    addr = DBusAddress(path, bus_name=destination, interface=interface)
    if signature:
        msg = new_method_call(addr, method, signature, body)
    else:
        msg = new_method_call(addr, method)
    reply = conn.send_and_get_reply(msg, timeout=timeout)
    fields = reply.header.fields
    if reply.header.message_type == MessageType.error:
        name = str(fields.get(HeaderFields.error_name, "error"))
        text = str(reply.body[0]) if reply.body else ""
        if name in _NO_OWNER_ERRORS:
            raise BusError(
                _("nobody provides {service} on the session bus").format(service=destination)
            )
        raise BusError(f"{name}: {text}" if text else name)
    return tuple(reply.body), str(fields.get(HeaderFields.sender, ""))


def session_call(
    destination: str,
    path: str,
    interface: str,
    method: str,
    signature: str = "",
    body: tuple[Any, ...] = (),
    *,
    bus_address: str | None = None,
    timeout: float = CALL_TIMEOUT_S,
) -> tuple[Any, ...]:
    """One call on a short-lived session-bus connection; returns the reply body.

    Raises:
        BusError: for every failure (no bus, no such service, error reply, timeout).
    """
    conn = open_bus(bus_address)
    try:
        return call(conn, destination, path, interface, method, signature, body, timeout)[0]
    except (OSError, TimeoutError) as exc:
        raise BusError(f"{method} on {destination} failed: {exc or type(exc).__name__}") from exc
    finally:
        conn.close()


def drain(conn: Any) -> str:
    """Read every message already waiting on a jeepney connection, without blocking.

    Messages go to the connection's filters (their queues). Returns "" when all was read,
    else why the connection failed (it is then of no further use).
    """
    while True:
        try:
            conn.recv_messages(timeout=0)
        except TimeoutError:
            return ""
        except (OSError, ValueError) as exc:
            return str(exc) or type(exc).__name__


def close_listener(notifier: Any, match_filter: Any, conn: Any) -> None:
    """Close what a kept, signal-reading connection holds: the Qt socket notifier that reads it
    (disabled first, so it cannot fire on a closed socket), the signal filter, the connection.
    Any of them may be None. The caller forgets all three."""
    if notifier is not None:
        notifier.setEnabled(False)
        notifier.deleteLater()
    if match_filter is not None:
        match_filter.close()
    if conn is not None:
        conn.close()
