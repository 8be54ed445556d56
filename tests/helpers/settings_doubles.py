"""Test doubles for settings, autostart and the config CLI (tested in test_settings_doubles.py)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from deskstretch.settings import schema
from deskstretch.settings.model import Preferences


def non_default_value(spec: schema.KeySpec) -> object:
    """A valid value for ``spec`` that differs from its default."""
    if spec.kind == "int":
        assert spec.min is not None
        assert spec.max is not None
        return spec.max if spec.default != spec.max else spec.min
    if spec.kind == "bool":
        return not spec.default
    if spec.kind == "time":
        return "06:15"
    if spec.kind == "days":
        return ("sat", "sun")
    if spec.kind == "stretches":
        ids = schema.known_stretch_ids()
        return (ids[-1],) if spec.key == "stretches.enabled" else tuple(reversed(ids))
    if spec.kind == "choice":
        assert spec.choices is not None
        return next(c for c in spec.choices if c != spec.default)
    raise AssertionError(f"no non-default value for {spec.key}")


def all_changed() -> Preferences:
    """Preferences in which every single key differs from the default."""
    prefs = Preferences()
    for spec in schema.KEYS:
        prefs = schema.with_value(prefs, spec.key, non_default_value(spec))
    return prefs


class FailingReplace:
    """Stands in for ``os.replace`` and fails like a full disk or a read-only folder.

    The temporary file has been written when ``os.replace`` is called, so this
    checks that a failed save cleans up and leaves the old file alone.
    """

    def __init__(self, code: int = errno.ENOSPC) -> None:
        self.code = code
        self.calls: list[tuple[str, str]] = []

    def __call__(self, src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        self.calls.append((str(src), str(dst)))
        raise OSError(self.code, os.strerror(self.code), str(dst))


class FakeRunKey:
    """An in-memory HKCU ``...\\CurrentVersion\\Run`` key for the Windows autostart adapter."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def set(self, name: str, command: str) -> None:
        self.values[name] = command

    def delete(self, name: str) -> None:
        self.values.pop(name, None)


class RecordingAutostart:
    """An autostart adapter that remembers what it was asked to do."""

    name = "recording"

    def __init__(self, enabled: bool = False) -> None:
        self.enabled = enabled
        self.calls: list[str] = []

    def is_enabled(self) -> bool:
        return self.enabled

    def enable(self) -> None:
        self.calls.append("enable")
        self.enabled = True

    def disable(self) -> None:
        self.calls.append("disable")
        self.enabled = False


def files_in(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` by name, with its bytes (for "nothing was lost" checks)."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
