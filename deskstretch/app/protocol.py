"""The IPC protocol between the ``deskstretch`` CLI and the running instance.

One JSON object per line, UTF-8, at most :data:`MAX_LINE` bytes. A request is
``{"cmd": NAME, "args": {...}}``; a reply is ``{"ok": true, "result": ...}`` or
``{"ok": false, "error": "one sentence"}``. Every request is validated here
before anything acts on it, so garbage gets an error reply and nothing else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from deskstretch.core.pause import PAUSE_MODES

MAX_LINE = 64 * 1024
PROTOCOL_VERSION = 1

# cmd -> {arg name: allowed python types}; all args are optional unless listed in REQUIRED.
COMMANDS: dict[str, dict[str, tuple[type, ...]]] = {
    "ping": {},
    "status": {},
    "stretch": {"id": (str,)},
    "pause": {"seconds": (int,), "mode": (str,)},
    "resume": {},
    "skip": {},
    "snooze": {},
    "micro": {"action": (str,)},
    "quit": {},
    "list-stretches": {},
    "reload-settings": {},
    "reload-stretches": {},
    "show-preferences": {},
}


MICRO_ACTIONS: tuple[str, ...] = ("now", "skip")


class ProtocolError(ValueError):
    """A request that is not valid; the message is sent back to the client."""


@dataclass(frozen=True)
class Request:
    """A validated request."""

    cmd: str
    args: dict[str, Any] = field(default_factory=dict)


def encode(obj: dict[str, Any]) -> bytes:
    """Serialise one message as a line."""
    data = json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode("utf-8") + b"\n"
    if len(data) > MAX_LINE:
        raise ProtocolError(f"message too long ({len(data)} bytes; at most {MAX_LINE})")
    return data


def parse_request(line: bytes) -> Request:
    """Validate one request line (without its newline).

    Raises:
        ProtocolError: with a message that says what is wrong.
    """
    if len(line) > MAX_LINE:
        raise ProtocolError(f"request too long (at most {MAX_LINE} bytes)")
    try:
        obj = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        raise ProtocolError("request is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ProtocolError(f"request is not valid JSON ({exc.msg})") from None
    if not isinstance(obj, dict):
        raise ProtocolError("request must be a JSON object")
    cmd = obj.get("cmd")
    if not isinstance(cmd, str) or cmd not in COMMANDS:
        known = ", ".join(sorted(COMMANDS))
        raise ProtocolError(f"unknown command {cmd!r}; known commands: {known}")
    args = obj.get("args", {})
    if not isinstance(args, dict):
        raise ProtocolError("'args' must be a JSON object")
    allowed = COMMANDS[cmd]
    for name, value in args.items():
        if name not in allowed:
            raise ProtocolError(f"command {cmd!r} takes no argument {name!r}")
        # bool is an int subclass in Python; never accept it where a number is meant
        if isinstance(value, bool) or not isinstance(value, allowed[name]):
            raise ProtocolError(f"argument {name!r} of {cmd!r} has the wrong type")
    if cmd == "micro" and args.get("action", "now") not in MICRO_ACTIONS:
        raise ProtocolError(f"micro action must be one of {', '.join(MICRO_ACTIONS)}")
    if cmd == "pause":
        mode = args.get("mode", "duration")
        if mode not in PAUSE_MODES:
            raise ProtocolError(f"pause mode must be one of {', '.join(PAUSE_MODES)}")
        if mode == "duration":
            seconds = args.get("seconds")
            if not isinstance(seconds, int) or not 1 <= seconds <= 7 * 24 * 3600:
                raise ProtocolError("pause needs 'seconds' between 1 and 604800")
    return Request(cmd, dict(args))


def parse_reply(line: bytes) -> dict[str, Any]:
    """Parse a reply line from the instance (the client trusts only its shape)."""
    obj = json.loads(line.decode("utf-8"))
    if not isinstance(obj, dict) or not isinstance(obj.get("ok"), bool):
        raise ProtocolError("the running instance sent a reply this version cannot read")
    return obj
