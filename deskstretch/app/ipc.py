"""IPC between the ``deskstretch`` CLI and the running instance over a user-private local socket.

The first instance takes the lock (:mod:`deskstretch.app.instance`) and listens; a second
launch finds the lock held, connects, and talks to the first one instead of starting
another scheduler. A crashed instance leaves a stale socket behind, which is removed
before listening again (holding the lock proves nobody else uses it).

On Unix the socket is a plain ``AF_UNIX`` socket (mode 0600, in the 0700 runtime
directory) watched with ``QSocketNotifier``, and the client is Python's ``socket``: QtNetwork
would cost the idle app about 2 MB and the CLI its import time. Elsewhere (Windows named
pipes) ``QLocalServer``/``QLocalSocket`` do the same job.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

from deskstretch.app.instance import InstanceLock, lock_path
from deskstretch.app.protocol import (
    MAX_LINE,
    ProtocolError,
    Request,
    encode,
    parse_reply,
    parse_request,
)
from deskstretch.i18n import _
from deskstretch.platform import paths

log = logging.getLogger(__name__)

__all__ = ["InstanceLock", "IpcServer", "NotRunning", "lock_path", "send", "server_name"]

Handler = Callable[[Request], Any]

IDLE_CONNECTION_MS = 10_000
USE_UNIX_SOCKETS = hasattr(socket, "AF_UNIX") and sys.platform != "win32"


def server_name() -> str:
    """The socket name: a path in the private runtime dir on Unix, a pipe name on Windows."""
    if sys.platform == "win32":
        return f"deskstretch-{paths.user_id()}"
    return str(paths.runtime_dir() / f"deskstretch-{paths.user_id()}.sock")


class _Lines:
    """Splits a byte stream into request lines and answers each; transport-independent."""

    def __init__(self, handler: Handler) -> None:
        self._handler = handler
        self._buffer = bytearray()

    def feed(self, data: bytes) -> tuple[list[bytes], bool]:
        """Take received bytes; return the replies to send and whether to hang up."""
        self._buffer += data
        replies: list[bytes] = []
        while True:
            newline = self._buffer.find(b"\n")
            if newline < 0:
                if len(self._buffer) > MAX_LINE:
                    log.warning(
                        "IPC: dropping a client that sent %d bytes without a newline",
                        len(self._buffer),
                    )
                    self._buffer.clear()
                    replies.append(
                        _encode_reply(
                            {
                                "ok": False,
                                "error": _("request too long (at most {n} bytes)").format(
                                    n=MAX_LINE
                                ),
                            }
                        )
                    )
                    return replies, True
                return replies, False
            line = bytes(self._buffer[:newline]).strip()
            del self._buffer[: newline + 1]
            if line:
                replies.append(_encode_reply(self._answer(line)))

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
                "error": _("the app could not carry out {command}; see its log").format(
                    command=repr(request.cmd)
                ),
            }
        return {"ok": True, "result": result}


def _encode_reply(obj: dict[str, Any]) -> bytes:
    try:
        return encode(obj)
    except ProtocolError as exc:
        return encode({"ok": False, "error": str(exc)})


def _idle_timer(owner: QObject, on_timeout: Callable[[], None]) -> QTimer:
    """A started single-shot timer that hangs up on a client silent for too long."""
    timer = QTimer(owner)
    timer.setSingleShot(True)
    timer.setInterval(IDLE_CONNECTION_MS)
    timer.timeout.connect(on_timeout)
    timer.start()
    return timer


class _UnixConnection(QObject):
    """One client on the Unix socket: read lines, answer, close on overflow or silence."""

    def __init__(
        self, sock: socket.socket, handler: Handler, parent: QObject, gone: Callable[[Any], None]
    ) -> None:
        super().__init__(parent)
        self._sock = sock
        self._gone = gone
        self._lines = _Lines(handler)
        sock.setblocking(False)
        self._notifier = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_notifier_activated)
        self._idle = _idle_timer(self, self._on_idle_timeout)

    def _on_notifier_activated(self) -> None:
        self._idle.start()
        try:
            data = self._sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self.close()
            return
        replies, hang_up = self._lines.feed(data)
        for reply in replies:
            try:
                self._sock.settimeout(2.0)  # a client that does not read cannot stall the app
                self._sock.sendall(reply)
                self._sock.setblocking(False)
            except OSError:
                hang_up = True
                break
        if hang_up:
            self.close()

    def _on_idle_timeout(self) -> None:
        log.info("IPC: closing a connection that stayed silent")
        self.close()

    def close(self) -> None:
        """Hang up and forget this connection."""
        self._notifier.setEnabled(False)
        self._idle.stop()
        with contextlib.suppress(OSError):
            self._sock.close()
        self._gone(self)
        self.deleteLater()


class IpcServer(QObject):
    """Listens on the per-user socket and answers requests with ``handler``."""

    def __init__(self, handler: Handler, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._handler = handler
        self._sock: socket.socket | None = None
        self._notifier: QSocketNotifier | None = None
        self._path = ""
        self._qt: Any = None  # QLocalServer where there are no Unix sockets
        self._clients: set[_UnixConnection] = set()

    def listen(self, name: str | None = None) -> bool:
        """Listen, replacing a stale socket left by a crashed instance. Call with the lock held."""
        name = name or server_name()
        if not USE_UNIX_SOCKETS:
            return self._listen_qt(name)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old_umask = os.umask(0o177)  # the socket file is born 0600: only this user may connect
        try:
            sock.bind(name)
            sock.listen(8)
        except OSError as exc:
            sock.close()
            log.error("IPC: cannot listen on %s: %s", name, exc)
            return False
        finally:
            os.umask(old_umask)
        sock.setblocking(False)
        self._sock, self._path = sock, name
        self._notifier = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_notifier_activated)
        log.info("IPC: listening on %s", name)
        return True

    def close(self) -> None:
        """Stop listening and remove the socket."""
        if self._qt is not None:
            self._qt.close()
        for client in list(self._clients):
            client.close()
        if self._sock is not None:
            if self._notifier is not None:
                self._notifier.setEnabled(False)
            self._sock.close()
            self._sock = None
            with contextlib.suppress(OSError):
                os.unlink(self._path)

    def _on_notifier_activated(self) -> None:
        if self._sock is None:
            return
        while True:
            try:
                client, _ = self._sock.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                log.warning("IPC: accept failed: %s", exc)
                return
            self._clients.add(_UnixConnection(client, self._handler, self, self._clients.discard))

    # -- Windows: named pipes through QtNetwork --------------------------------------------
    def _listen_qt(self, name: str) -> bool:
        from PySide6.QtNetwork import QLocalServer

        self._qt = QLocalServer(self)
        self._qt.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._qt.newConnection.connect(self._on_qt_new_connection)
        QLocalServer.removeServer(name)
        if self._qt.listen(name):
            log.info("IPC: listening on %s", self._qt.fullServerName())
            return True
        log.error("IPC: cannot listen on %s: %s", name, self._qt.errorString())
        return False

    def _on_qt_new_connection(self) -> None:
        while self._qt.hasPendingConnections():
            client = self._qt.nextPendingConnection()
            if client is not None:
                _QtConnection(client, self._handler, self)


class _QtConnection(QObject):
    """One client on a QLocalServer (Windows)."""

    def __init__(self, client: Any, handler: Handler, parent: QObject) -> None:
        super().__init__(parent)
        self._socket = client
        self._lines = _Lines(handler)
        client.setParent(self)
        client.readyRead.connect(self._on_socket_ready_read)
        client.disconnected.connect(self.deleteLater)
        self._idle = _idle_timer(self, self._on_idle_timeout)

    def _on_idle_timeout(self) -> None:
        self._socket.disconnectFromServer()

    def _on_socket_ready_read(self) -> None:
        import shiboken6
        from PySide6.QtCore import QByteArray

        self._idle.start()
        replies, hang_up = self._lines.feed(bytes(self._socket.readAll().data()))
        if not shiboken6.isValid(self._socket):  # the client left while we worked
            return
        for reply in replies:
            self._socket.write(QByteArray(reply))
        self._socket.flush()
        if hang_up:
            self._socket.disconnectFromServer()


class NotRunning(Exception):
    """No instance answered on the socket."""


def send(
    cmd: str, args: dict[str, Any] | None = None, *, timeout_ms: int = 5000, name: str | None = None
) -> dict[str, Any]:
    """Send one request to the running instance and return its reply.

    Raises:
        NotRunning: when nothing listens (or nothing answers in time).
    """
    payload: dict[str, Any] = {"cmd": cmd}
    if args:
        payload["args"] = args
    data = encode(payload)
    name = name or server_name()
    if USE_UNIX_SOCKETS:
        return parse_reply(_send_unix(name, data, timeout_ms))
    return parse_reply(_send_qt(name, data, timeout_ms))


def _first_line(read: Callable[[], bytes]) -> bytes:
    """Collect what ``read`` returns up to the first newline: the reply, without it."""
    buffer = bytearray()
    while b"\n" not in buffer:
        buffer += read()
        if len(buffer) > 4 * MAX_LINE:
            raise ProtocolError("the running instance sent too much data")
    return bytes(buffer[: buffer.index(b"\n")])


def _send_unix(name: str, data: bytes, timeout_ms: int) -> bytes:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout_ms / 1000)

        def read() -> bytes:
            chunk = sock.recv(65536)
            if not chunk:
                raise NotRunning("the running instance closed the connection")
            return chunk

        try:
            sock.connect(name)
            sock.sendall(data)
            return _first_line(read)
        except TimeoutError:
            raise NotRunning("the running instance did not answer in time") from None
        except OSError as exc:  # no socket file, nobody listening, connection reset...
            raise NotRunning(str(exc)) from None


def _send_qt(name: str, data: bytes, timeout_ms: int) -> bytes:
    from PySide6.QtCore import QByteArray
    from PySide6.QtNetwork import QLocalSocket

    client = QLocalSocket()
    client.connectToServer(name)
    if not client.waitForConnected(timeout_ms):
        raise NotRunning(client.errorString())
    client.write(QByteArray(data))
    if not client.waitForBytesWritten(timeout_ms):
        raise NotRunning(client.errorString())

    def read() -> bytes:
        if not client.waitForReadyRead(timeout_ms):
            raise NotRunning("the running instance did not answer in time")
        return bytes(client.readAll().data())

    line = _first_line(read)
    client.disconnectFromServer()
    return line
