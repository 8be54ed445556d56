"""Single instance and IPC over a user-private local socket (``QLocalServer``).

The first instance takes a lock file and listens; a second launch finds the lock
held, connects, and talks to the first one instead of starting another scheduler.
A crashed instance leaves a stale lock and socket behind: ``QLockFile`` notices the
dead PID, and the socket is removed before listening again.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QByteArray, QObject, QTimer
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from deskstretch.app.instance import InstanceLock, lock_path
from deskstretch.app.protocol import (
    MAX_LINE,
    ProtocolError,
    Request,
    encode,
    parse_reply,
    parse_request,
)
from deskstretch.platform import paths

log = logging.getLogger(__name__)

__all__ = ["InstanceLock", "IpcServer", "NotRunning", "lock_path", "send", "server_name"]

Handler = Callable[[Request], Any]

IDLE_CONNECTION_MS = 10_000


def server_name() -> str:
    """The socket name: a path in the private runtime dir on Unix, a pipe name on Windows."""
    if sys.platform == "win32":
        return f"deskstretch-{paths.user_id()}"
    return str(paths.runtime_dir() / f"deskstretch-{paths.user_id()}.sock")


class _Connection(QObject):
    """One client connection: reads lines, answers each, closes on garbage overflow or idleness."""

    def __init__(self, socket: QLocalSocket, handler: Handler, parent: QObject) -> None:
        super().__init__(parent)
        self._socket = socket
        self._handler = handler
        self._buffer = bytearray()
        socket.setParent(self)
        socket.readyRead.connect(self._on_socket_ready_read)
        socket.disconnected.connect(self.deleteLater)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(IDLE_CONNECTION_MS)
        self._idle.timeout.connect(self._on_idle_timeout)
        self._idle.start()

    def _on_idle_timeout(self) -> None:
        log.info("IPC: closing a connection that stayed silent")
        self._socket.disconnectFromServer()

    def _reply(self, obj: dict[str, Any]) -> None:
        if not shiboken6.isValid(self._socket):  # the client left while we worked
            return
        try:
            data = encode(obj)
        except ProtocolError as exc:
            data = encode({"ok": False, "error": str(exc)})
        self._socket.write(QByteArray(data))
        self._socket.flush()

    def _on_socket_ready_read(self) -> None:
        self._idle.start()
        self._buffer += bytes(self._socket.readAll().data())
        while True:
            newline = self._buffer.find(b"\n")
            if newline < 0:
                if len(self._buffer) > MAX_LINE:
                    log.warning(
                        "IPC: dropping a client that sent %d bytes without a newline",
                        len(self._buffer),
                    )
                    self._reply(
                        {"ok": False, "error": f"request too long (at most {MAX_LINE} bytes)"}
                    )
                    self._buffer.clear()
                    self._socket.disconnectFromServer()
                return
            line = bytes(self._buffer[:newline]).strip()
            del self._buffer[: newline + 1]
            if line:
                self._reply(self._answer(line))

    def _answer(self, line: bytes) -> dict[str, Any]:
        try:
            request = parse_request(line)
        except ProtocolError as exc:
            log.info("IPC: rejected a request: %s", exc)
            return {"ok": False, "error": str(exc)}
        try:
            result = self._handler(request)
        except ProtocolError as exc:
            return {"ok": False, "error": str(exc)}
        except Exception:
            log.exception("IPC: handling %r failed", request.cmd)
            return {
                "ok": False,
                "error": f"the app could not carry out {request.cmd!r}; see its log",
            }
        return {"ok": True, "result": result}


class IpcServer(QObject):
    """Listens on the per-user socket and answers requests with ``handler``."""

    def __init__(self, handler: Handler, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._handler = handler
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_server_new_connection)

    def listen(self, name: str | None = None) -> bool:
        """Listen, replacing a stale socket left by a crashed instance. Call with the lock held."""
        name = name or server_name()
        QLocalServer.removeServer(name)
        if self._server.listen(name):
            log.info("IPC: listening on %s", self._server.fullServerName())
            return True
        log.error("IPC: cannot listen on %s: %s", name, self._server.errorString())
        return False

    def close(self) -> None:
        """Stop listening and remove the socket."""
        self._server.close()

    def _on_server_new_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            if socket is not None:
                _Connection(socket, self._handler, self)


class NotRunning(Exception):
    """No instance answered on the socket."""


def send(
    cmd: str, args: dict[str, Any] | None = None, *, timeout_ms: int = 5000, name: str | None = None
) -> dict[str, Any]:
    """Send one request to the running instance and return its reply.

    Raises:
        NotRunning: when nothing listens (or nothing answers in time).
    """
    socket = QLocalSocket()
    socket.connectToServer(name or server_name())
    if not socket.waitForConnected(timeout_ms):
        raise NotRunning(socket.errorString())
    payload: dict[str, Any] = {"cmd": cmd}
    if args:
        payload["args"] = args
    socket.write(QByteArray(encode(payload)))
    if not socket.waitForBytesWritten(timeout_ms):
        raise NotRunning(socket.errorString())
    buffer = bytearray()
    while b"\n" not in buffer:
        if not socket.waitForReadyRead(timeout_ms):
            raise NotRunning("the running instance did not answer in time")
        buffer += bytes(socket.readAll().data())
        if len(buffer) > 4 * MAX_LINE:
            raise ProtocolError("the running instance sent too much data")
    socket.disconnectFromServer()
    return parse_reply(bytes(buffer[: buffer.index(b"\n")]))
