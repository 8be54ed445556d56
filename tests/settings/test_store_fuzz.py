"""Hypothesis: no file content makes loading crash or lose the user's file."""

from __future__ import annotations

import datetime as dt
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskstretch.settings import reminders, schema
from deskstretch.settings.model import MAX_REMINDERS, Preferences
from deskstretch.settings.store import SettingsStore

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_names = st.sampled_from([s.name for s in schema.KEYS]) | st.text(min_size=1, max_size=8)
_scalars = (
    st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.booleans()
    | st.text(max_size=12)
    | st.floats(allow_nan=False)
    | st.times().map(lambda t: t.replace(microsecond=0))
    | st.dates()
    | st.sampled_from(["09:00", "mon", "camel", "hip-flexor", "24:00"])
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_names, inner, max_size=3),
    max_leaves=8,
)
_tables = st.dictionaries(_names, _values, max_size=6)
# [[reminders]] entries: mostly close to valid, so that used, wrong and surplus ones all occur.
_reminder_entries = st.fixed_dictionaries(
    {},
    optional={
        "text": st.text(max_size=130) | st.sampled_from(["Water", "", "a\nb"]) | _scalars,
        "interval_minutes": st.integers(min_value=-5, max_value=2000) | _scalars,
        "days": st.lists(st.sampled_from(["mon", "sun", "FRI", "funday"]), max_size=3) | _values,
        "start": st.sampled_from(["09:00", "", "24:00"]) | _scalars,
        "end": st.sampled_from(["17:00", "", "7:5"]) | _scalars,
        "enabled": st.booleans() | _scalars,
        "sound": _scalars,
    },
)
_reminder_lists = st.lists(_reminder_entries | _values, max_size=11)
_documents = st.dictionaries(
    st.sampled_from([*schema.SECTIONS, "locked", "plugins", "reminders"])
    | st.text(min_size=1, max_size=6),
    _tables | _values | _reminder_lists,
    max_size=6,
).flatmap(
    lambda doc: st.sampled_from([None, 0, 1, 2, -3, "one", True]).map(
        lambda v: doc if v is None else {**doc, "schema_version": v}
    )
)


def _check_load_keeps_file(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "settings.toml"
        path.write_bytes(data)
        store = SettingsStore(path)
        result = store.load()
        assert isinstance(result.prefs, Preferences)
        for spec in schema.KEYS:  # whatever came in, what goes out is valid
            value = schema.get_value(result.prefs, spec.key)
            assert schema.check_value(spec.key, value) == value
        assert len(result.prefs.reminders) <= MAX_REMINDERS
        for reminder in result.prefs.reminders:  # and every reminder in use is a valid one
            assert reminders.from_table(reminders.to_table(reminder), "r") == reminder
        # The user's bytes are still on disk: in place, or kept aside under another name.
        assert data in [p.read_bytes() for p in Path(folder).iterdir()]
        saved = store.save(result.prefs)
        if result.read_only:
            assert not saved.ok
            assert path.read_bytes() == data
        else:
            assert saved.ok, saved.message
            tomllib.loads(path.read_text())
            again = store.load()
            assert again.prefs == result.prefs
            assert set(again.unknown) == set(result.unknown)
            assert data in [p.read_bytes() for p in Path(folder).iterdir()] or not _was_older(data)


def _was_older(data: bytes) -> bool:
    """Whether saving over ``data`` should have kept a copy (an older or broken file)."""
    try:
        doc = tomllib.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return True
    version = doc.get("schema_version")
    return version == 0 or (
        version is None
        and not any(isinstance(doc.get(s), dict) for s in schema.SECTIONS)
        and not isinstance(doc.get("reminders"), list)  # reminders came after version 0
    )


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_never_crash_or_lose_the_file(data: bytes) -> None:
    _check_load_keeps_file(data)


@FUZZ
@given(_documents)
def test_random_toml_documents_never_crash_or_lose_the_file(doc: dict[str, Any]) -> None:
    _check_load_keeps_file(tomli_w.dumps(doc).encode())


def test_the_strategies_reach_every_branch() -> None:
    # Guard against a fuzzer that only ever produces one kind of document.
    seen = {"sections": False, "time": False, "reminders": False}

    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_documents)
    def probe(doc: dict[str, Any]) -> None:
        seen["sections"] |= any(isinstance(doc.get(s), dict) for s in schema.SECTIONS)
        seen["time"] |= any(isinstance(v, dt.time) for v in _walk(doc))
        listed = doc.get("reminders")
        seen["reminders"] |= isinstance(listed, list) and any(
            isinstance(e, dict) and "text" in e for e in listed
        )

    probe()
    assert all(seen.values()), seen


def _walk(value: object) -> list[object]:
    if isinstance(value, dict):
        return [x for v in value.values() for x in _walk(v)]
    if isinstance(value, list):
        return [x for v in value for x in _walk(v)]
    return [value]
