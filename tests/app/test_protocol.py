"""The IPC protocol rejects anything that is not a valid request, with a message that says why."""

import contextlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskstretch.app.protocol import MAX_LINE, ProtocolError, encode, parse_reply, parse_request


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


@given(st.dictionaries(st.text(max_size=8), st.none() | st.integers() | st.text(max_size=8)))
def test_random_objects_are_validated(obj: dict[str, object]) -> None:
    try:
        req = parse_request(json.dumps(obj).encode())
    except ProtocolError:
        return
    assert req.cmd == obj["cmd"]


def test_encode_is_one_line_and_replies_round_trip() -> None:
    line = encode({"ok": True, "result": {"text": "a\nb"}})
    assert line.count(b"\n") == 1
    assert parse_reply(line.strip())["result"]["text"] == "a\nb"
    with pytest.raises(ProtocolError):
        parse_reply(b'{"result": 1}')
