#!/usr/bin/python3
"""What a screen reader sees of DeskStretch, read through the AT-SPI registry (as Orca does).

Runs with Debian's ``/usr/bin/python3`` (its ``python3-pyatspi`` works with that interpreter
only), as a separate process from the tests, on the session bus named by
``DBUS_SESSION_BUS_ADDRESS`` (where ``at-spi-bus-launcher`` runs).

Usage:
    atspi_inspect.py dump [APP]      print the application's accessible tree as JSON
    atspi_inspect.py listen [APP]    print one JSON line per event of the application
                                     (announcements, text and name changes, window events),
                                     "ready" first, until killed

Each node: ``role`` (AT-SPI role name), ``name``, ``description``, ``text`` (the Text interface's
content, when it has one), ``value`` (the Value interface: current, minimum, maximum),
``states`` (a few: focused, focusable, showing), ``children``.

Not imported by the tests (pyatspi is not in the venv): they run it and parse its output.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import pyatspi  # type: ignore[import-not-found]

MAX_DEPTH = 40
_STATES = {
    "focused": pyatspi.STATE_FOCUSED,
    "focusable": pyatspi.STATE_FOCUSABLE,
    "showing": pyatspi.STATE_SHOWING,
    "active": pyatspi.STATE_ACTIVE,
}
EVENTS = (
    "object:announcement",
    "object:text-changed",
    "object:property-change:accessible-name",
    "object:property-change:accessible-description",
    "object:state-changed:focused",
    "window:create",
    "window:activate",
)


def find_app(name: str) -> Any:
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is not None and app.name == name:
            return app
    return None


def text_of(acc: Any) -> str | None:
    try:
        text = acc.queryText()
    except NotImplementedError:
        return None
    try:
        return str(text.getText(0, -1))
    except Exception:
        return None


def value_of(acc: Any) -> dict[str, float] | None:
    try:
        value = acc.queryValue()
    except NotImplementedError:
        return None
    return {
        "current": value.currentValue,
        "minimum": value.minimumValue,
        "maximum": value.maximumValue,
    }


def node(acc: Any, depth: int = 0) -> dict[str, Any]:
    states = acc.getState()
    out: dict[str, Any] = {
        "role": acc.getRoleName(),
        "name": acc.name or "",
        "description": acc.description or "",
        "states": sorted(k for k, v in _STATES.items() if states.contains(v)),
    }
    text = text_of(acc)
    if text is not None:
        out["text"] = text
    value = value_of(acc)
    if value is not None:
        out["value"] = value
    if depth < MAX_DEPTH:
        children = []
        for i in range(acc.childCount):
            child = acc.getChildAtIndex(i)
            if child is not None:
                children.append(node(child, depth + 1))
        if children:
            out["children"] = children
    return out


def dump(app_name: str) -> int:
    app = find_app(app_name)
    if app is None:
        print(json.dumps({"error": f"no application {app_name!r} on the AT-SPI bus"}))
        return 1
    print(json.dumps(node(app)))
    return 0


def listen(app_name: str) -> int:
    def on_event(event: Any) -> None:
        source = event.source
        try:
            app = source.getApplication() if source is not None else None
            if app is None or app.name != app_name:
                return
            record = {
                "type": str(event.type),
                "detail1": event.detail1,
                "detail2": event.detail2,
                "any_data": event.any_data if isinstance(event.any_data, str | int) else None,
                "role": source.getRoleName(),
                "name": source.name or "",
                "description": source.description or "",
                "text": text_of(source),
            }
        except Exception as error:  # a source gone meanwhile: say so and go on
            record = {"type": str(event.type), "error": repr(error)}
        print(json.dumps(record), flush=True)

    for kind in EVENTS:
        pyatspi.Registry.registerEventListener(on_event, kind)
    print(json.dumps({"type": "ready"}), flush=True)
    pyatspi.Registry.start()
    return 0


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[1] not in ("dump", "listen"):
        print(__doc__, file=sys.stderr)
        return 2
    app_name = argv[2] if len(argv) > 2 else "DeskStretch"
    return dump(app_name) if argv[1] == "dump" else listen(app_name)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
