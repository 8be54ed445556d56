"""The single-instance lock and the IPC server, with real sockets (offscreen Qt)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QByteArray
from PySide6.QtNetwork import QLocalSocket
from pytestqt.qtbot import QtBot

from deskstretch.app import ipc
from deskstretch.app.protocol import MAX_LINE, ProtocolError, Request
from tests.helpers.shortdir import short_dir

pytestmark = pytest.mark.gui


class Client:
    """A non-blocking client, so the server in the same thread can answer."""

    def __init__(self, qtbot: QtBot, name: str) -> None:
        self.qtbot = qtbot
        self.socket = QLocalSocket()
        self.socket.connectToServer(name)
        qtbot.waitUntil(
            lambda: self.socket.state() == QLocalSocket.LocalSocketState.ConnectedState,
            timeout=2000,
        )
        self.buffer = b""

    def send_raw(self, data: bytes) -> None:
        self.socket.write(QByteArray(data))
        self.socket.flush()

    def reply(self) -> dict[str, Any]:
        def has_line() -> bool:
            self.buffer += bytes(self.socket.readAll().data())
            return b"\n" in self.buffer

        self.qtbot.waitUntil(has_line, timeout=2000)
        line, _, self.buffer = self.buffer.partition(b"\n")
        reply: dict[str, Any] = json.loads(line)
        return reply


@pytest.fixture
def server(qtbot: QtBot) -> Any:
    seen: list[Request] = []

    def handler(request: Request) -> Any:
        seen.append(request)
        if request.cmd == "status":
            return {"state": "active"}
        raise RuntimeError("boom")

    srv = ipc.IpcServer(handler)
    assert srv.listen()
    yield srv, seen
    srv.close()


def test_socket_lives_in_the_private_runtime_dir_and_names_the_user() -> None:
    name = ipc.server_name()
    assert name.startswith(os.environ["XDG_RUNTIME_DIR"])
    assert str(os.getuid()) in Path(name).name


def test_valid_request_gets_the_handlers_answer(qtbot: QtBot, server: Any) -> None:
    client = Client(qtbot, ipc.server_name())
    client.send_raw(b'{"cmd":"status"}\n')
    assert client.reply() == {"ok": True, "result": {"state": "active"}}


def test_socket_is_user_only() -> None:
    srv = ipc.IpcServer(lambda r: None)
    assert srv.listen()
    mode = os.stat(ipc.server_name()).st_mode & 0o777
    srv.close()
    assert mode & 0o077 == 0, oct(mode)


def test_garbage_gets_an_error_and_the_server_keeps_answering(qtbot: QtBot, server: Any) -> None:
    client = Client(qtbot, ipc.server_name())
    client.send_raw(b"\x00\xffgarbage\n")
    bad = client.reply()
    assert bad["ok"] is False
    assert "UTF-8" in bad["error"] or "JSON" in bad["error"]
    client.send_raw(b'{"cmd":"rm -rf"}\n')
    assert "unknown command" in client.reply()["error"]
    client.send_raw(b'{"cmd":"status"}\n')
    assert client.reply()["ok"] is True


def test_a_failing_handler_is_an_error_reply_not_a_crash(qtbot: QtBot, server: Any) -> None:
    client = Client(qtbot, ipc.server_name())
    client.send_raw(b'{"cmd":"skip"}\n')
    reply = client.reply()
    assert reply["ok"] is False
    assert "could not carry out 'skip'" in reply["error"]


def test_a_flood_without_newline_is_cut_off(qtbot: QtBot, server: Any) -> None:
    client = Client(qtbot, ipc.server_name())
    client.send_raw(b"x" * (MAX_LINE + 10))
    reply = client.reply()
    assert "too long" in reply["error"]
    qtbot.waitUntil(
        lambda: client.socket.state() == QLocalSocket.LocalSocketState.UnconnectedState,
        timeout=2000,
    )
    other = Client(qtbot, ipc.server_name())
    other.send_raw(b'{"cmd":"status"}\n')
    assert other.reply()["ok"] is True


def test_stale_socket_file_from_a_crash_is_replaced(qtbot: QtBot) -> None:
    Path(ipc.server_name()).write_text("left behind by a crashed instance")
    srv = ipc.IpcServer(lambda r: {"fine": True})
    assert srv.listen()
    client = Client(qtbot, ipc.server_name())
    client.send_raw(b'{"cmd":"ping"}\n')
    assert client.reply()["result"] == {"fine": True}
    srv.close()


def test_send_without_a_server_raises_not_running() -> None:
    with pytest.raises(ipc.NotRunning):
        ipc.send("status", timeout_ms=300)


FAKE_INSTANCE = """
import json, socket, sys, time
path, chunks = sys.argv[1], json.loads(sys.stdin.read())
with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
    server.bind(path)
    server.listen(1)
    print("ready", flush=True)
    client, _ = server.accept()
    with client:
        client.recv(65536)  # the request
        for chunk in chunks:
            client.sendall(chunk.encode("latin-1"))
            time.sleep(0.02)  # separate reads on the other side
"""


@pytest.fixture
def fake_instance(tmp_path: Path) -> Iterator[Callable[[list[bytes]], str]]:
    """Start a stand-in for the running app that answers with ``chunks``; returns its socket.

    It runs in its own process, so a client may block while it waits for the answer.
    """
    procs: list[subprocess.Popen[str]] = []
    # Socket paths must fit in sun_path (108 bytes) whatever TMPDIR makes tmp_path.
    with short_dir(tmp_path / "sockets", prefix="ds-ipc-") as sockets:

        def start(chunks: list[bytes]) -> str:
            path = sockets / f"app-{len(procs)}.sock"
            proc = subprocess.Popen(
                [sys.executable, "-c", FAKE_INSTANCE, str(path)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            procs.append(proc)
            assert proc.stdin is not None
            assert proc.stdout is not None
            proc.stdin.write(json.dumps([c.decode("latin-1") for c in chunks]))
            proc.stdin.close()
            assert proc.stdout.readline().strip() == "ready"
            return str(path)

        yield start
        for proc in procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
            if proc.stdout is not None:
                proc.stdout.close()


@pytest.fixture(params=[True, False], ids=["unix-socket", "qlocalsocket"])
def transport(request: pytest.FixtureRequest, qapp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both client transports: a plain Unix socket, and QLocalSocket (Windows; on Linux it
    reaches the same kind of socket, so it can be tested here)."""
    monkeypatch.setattr(ipc, "USE_UNIX_SOCKETS", request.param)


@pytest.mark.usefixtures("transport")
def test_a_reply_in_pieces_is_put_together(fake_instance: Callable[[list[bytes]], str]) -> None:
    name = fake_instance([b'{"ok": true, "res', b'ult": {"state": "active"}}', b"\n"])
    reply = ipc.send("status", name=name, timeout_ms=2000)
    assert reply == {"ok": True, "result": {"state": "active"}}


@pytest.mark.usefixtures("transport")
def test_a_reply_that_never_ends_is_refused(fake_instance: Callable[[list[bytes]], str]) -> None:
    name = fake_instance([b"x" * MAX_LINE] * 5)  # no newline, ever
    with pytest.raises(ProtocolError, match="too much data"):
        ipc.send("status", name=name, timeout_ms=2000)


def test_an_instance_that_hangs_up_without_a_reply_counts_as_not_running(
    fake_instance: Callable[[list[bytes]], str],
) -> None:
    name = fake_instance([])
    with pytest.raises(ipc.NotRunning, match="closed the connection"):
        ipc.send("status", name=name, timeout_ms=2000)


HOLD_LOCK = """
import sys, time
from deskstretch.app.ipc import InstanceLock
lock = InstanceLock()
print("locked" if lock.acquire() else "busy", flush=True)
time.sleep(60)
"""


def test_lock_is_single_and_a_killed_holder_does_not_block_the_next(tmp_path: Path) -> None:
    env = dict(os.environ)
    with subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK], stdout=subprocess.PIPE, text=True, env=env
    ) as proc:
        try:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "locked"
            assert ipc.InstanceLock().acquire() is False
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
    lock = ipc.InstanceLock()
    assert lock.acquire() is True
    lock.release()
