"""The IPC protocol rejects anything that is not a valid request, with a message that says why."""

import contextlib
import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from deskstretch.app.protocol import (
    COMMANDS,
    MAX_LINE,
    MICRO_ACTIONS,
    ProtocolError,
    Request,
    encode,
    parse_reply,
    parse_request,
)
from deskstretch.core.pause import PAUSE_MODES


def test_valid_requests_parse() -> None:
    assert parse_request(b'{"cmd":"status"}').cmd == "status"
    req = parse_request(b'{"cmd":"pause","args":{"mode":"duration","seconds":1800}}')
    assert req.args == {"mode": "duration", "seconds": 1800}
    assert parse_request(b'{"cmd":"stretch","args":{"id":"hip-flexor"}}').args["id"] == "hip-flexor"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b"not json", "not valid JSON"),
        (b"\xff\xfe", "not UTF-8"),
        (b"[1,2]", "JSON object"),
        (b'{"cmd":"format-disk"}', "unknown command"),
        (b'{"cmd":42}', "unknown command"),
        (b'{"cmd":"status","args":[]}', "'args' must be"),
        (b'{"cmd":"status","args":{"x":1}}', "takes no argument"),
        (b'{"cmd":"pause","args":{"seconds":"soon"}}', "wrong type"),
        (b'{"cmd":"pause","args":{"seconds":true}}', "wrong type"),
        (b'{"cmd":"pause","args":{"mode":"duration","seconds":0}}', "between 1 and"),
        (b'{"cmd":"pause","args":{"mode":"forever-ish"}}', "pause mode"),
        (b'{"cmd":"micro","args":{"action":"later"}}', "micro action"),
    ],
)
def test_invalid_requests_say_what_is_wrong(line: bytes, message: str) -> None:
    with pytest.raises(ProtocolError, match=message):
        parse_request(line)


def test_oversized_request_is_refused() -> None:
    with pytest.raises(ProtocolError, match="too long"):
        parse_request(b'{"cmd":"status","pad":"' + b"x" * MAX_LINE + b'"}')


@given(st.binary(max_size=512))
def test_random_bytes_never_escape_as_anything_but_protocol_error(data: bytes) -> None:
    with contextlib.suppress(ProtocolError):
        parse_request(data)


ARG_VALUES = (
    st.none()
    | st.booleans()
    | st.integers(-5, 700_000)
    | st.text(max_size=8)
    | st.sampled_from(PAUSE_MODES)
    | st.sampled_from(MICRO_ACTIONS)
    | st.lists(st.integers(), max_size=2)
)


@st.composite
def requests(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    """A command from the protocol's own table (or an unknown one), with arguments drawn from the
    names that command takes (and some it does not), of every JSON type."""
    cmd = draw(st.sampled_from(sorted(COMMANDS)) | st.text(max_size=8))
    names = st.text(max_size=6)
    if COMMANDS.get(cmd):
        names = st.sampled_from(sorted(COMMANDS[cmd])) | names
    return cmd, draw(st.dictionaries(names, ARG_VALUES, max_size=3))


def well_formed(cmd: str, args: dict[str, object]) -> bool:
    """The protocol's rules, restated: known command, known arguments of the right type (a JSON
    true is no number), a pause that says how long, and a micro-break action that exists."""
    if cmd not in COMMANDS:
        return False
    for name, value in args.items():
        types = COMMANDS[cmd].get(name)
        if types is None or isinstance(value, bool) or not isinstance(value, types):
            return False
    if cmd == "micro":
        return args.get("action", "now") in MICRO_ACTIONS
    if cmd != "pause":
        return True
    mode = args.get("mode", "duration")
    seconds = args.get("seconds")
    if mode == "duration":
        return isinstance(seconds, int) and 1 <= seconds <= 7 * 24 * 3600
    return mode in PAUSE_MODES


@example(("ping", {}))
@example(("pause", {"mode": "duration", "seconds": 60}))
@example(("pause", {"mode": "duration", "seconds": 0}))
@example(("stretch", {"id": True}))
@example(("micro", {"action": "skip"}))
@example(("micro", {"action": "never"}))
@given(requests())
def test_requests_are_accepted_exactly_when_well_formed(
    drawn: tuple[str, dict[str, object]],
) -> None:
    cmd, args = drawn
    expected = well_formed(cmd, args)
    line = json.dumps({"cmd": cmd, "args": args}).encode()
    if not expected:
        with pytest.raises(ProtocolError, match=r"\w"):  # refused, with a message
            parse_request(line)
        return
    assert parse_request(line) == Request(cmd, args), "a valid request was not taken as it is"


def test_encode_is_one_line_and_replies_round_trip() -> None:
    line = encode({"ok": True, "result": {"text": "a\nb"}})
    assert line.count(b"\n") == 1
    assert parse_reply(line.strip())["result"]["text"] == "a\nb"
    with pytest.raises(ProtocolError):
        parse_reply(b'{"result": 1}')
