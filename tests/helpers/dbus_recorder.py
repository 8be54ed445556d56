"""A stand-in D-Bus service for tests: owns a well-known name and answers from a table.

Use it on the desktop fixture's private bus to play desktop services this machine does not run
(GNOME Mutter's idle monitor, org.freedesktop.ScreenSaver, a notifications server with an
``Inhibited`` property) and to record what was asked::

    with FakeDBusService(desk.bus_address, "org.freedesktop.ScreenSaver",
                         {("org.freedesktop.ScreenSaver", "GetSessionIdleTime"): ("u", (4200,))}):
        ...

A handler value is either a reply ``(signature, body)``, a callable taking the call's body and
returning one, or a :class:`Fault` sent back as a D-Bus error.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jeepney import HeaderFields, MessageType, new_error, new_method_return
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

Reply = tuple[str, tuple[Any, ...]]


@dataclass(frozen=True)
class Fault:
    """A D-Bus error reply (``name`` must be a dotted error name)."""

    name: str
    text: str = ""


@dataclass(frozen=True)
class Silence:
    """No reply at all: a server that hangs."""


Answer = Reply | Fault | Silence
Handler = Answer | Callable[[tuple[Any, ...]], Answer]


class FakeDBusService:
    """Serves ``handlers`` as ``name`` in a background thread until closed."""

    def __init__(
        self, bus_address: str, name: str, handlers: dict[tuple[str, str], Handler]
    ) -> None:
        self.name = name
        self.handlers = handlers
        self.calls: list[tuple[str, str, tuple[Any, ...]]] = []
        self._stop = threading.Event()
        self._conn = open_dbus_connection(bus_address)
        reply = self._conn.send_and_get_reply(message_bus.RequestName(name, 4), timeout=5)
        if reply.body != (1,):  # 1 = primary owner
            self._conn.close()
            raise RuntimeError(f"could not own {name}: {reply.body}")
        self._thread = threading.Thread(target=self._serve, name=f"fake-{name}", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                msg = self._conn.receive(timeout=0.05)
            except TimeoutError:
                continue
            except (OSError, ValueError):
                return
            if msg.header.message_type != MessageType.method_call:
                continue
            key = (
                msg.header.fields.get(HeaderFields.interface, ""),
                msg.header.fields.get(HeaderFields.member, ""),
            )
            self.calls.append((key[0], key[1], tuple(msg.body)))
            handler = self.handlers.get(key)
            if callable(handler):  # decides per call (and may stop answering)
                handler = handler(tuple(msg.body))
            if handler is None:
                out = new_error(
                    msg,
                    "org.freedesktop.DBus.Error.UnknownMethod",
                    "s",
                    (f"no {key[0]}.{key[1]} here",),
                )
            elif isinstance(handler, Silence):
                continue
            elif isinstance(handler, Fault):
                out = new_error(msg, handler.name, "s", (handler.text,))
            else:
                signature, body = handler
                out = new_method_return(msg, signature, body)
            self._conn.send(out)

    def close(self) -> None:
        """Stop serving and release the name (idempotent)."""
        self._stop.set()
        self._thread.join(5)
        self._conn.close()

    def __enter__(self) -> FakeDBusService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
