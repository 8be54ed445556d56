"""Reading and writing ``settings.toml`` without ever losing what the user wrote.

Loading never raises and never deletes anything: an unparsable file is renamed
aside (timestamped), a bad value falls back to its default (and only that key),
unknown keys are reported and kept, and a file from a newer DeskStretch is read
but never overwritten. A ``[[reminders]]`` entry that is wrong (or one past the
eighth) is reported by its number, not used, and kept verbatim: it is carried
like an unknown key and written back after the reminders in use. Saving is
atomic (temporary file in the same folder, fsync, ``os.replace``) with mode
0600, writes only what differs from the defaults, and keeps unknown keys.
Nothing here has side effects beyond the file (autostart entries and the like
are applied by the controller).

An optional organisation file (the platform's site config directory) supplies
defaults under the user's own; keys it lists under ``locked`` take the
organisation's value whatever the user's file says.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import logging
import os
import tempfile
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from deskstretch.core.clock import wall_time
from deskstretch.i18n import N_, _, ngettext
from deskstretch.settings import reminders, schema
from deskstretch.settings.migrations import detect_version, migrate
from deskstretch.settings.model import MAX_REMINDERS, SCHEMA_VERSION, Preferences, Reminder

log = logging.getLogger(__name__)

LOCKED_REASON = N_("set by your organisation")


@dataclass(frozen=True)
class Problem:
    """Something the user should know about their settings: one clear sentence."""

    key: str | None
    message: str


@dataclass(frozen=True)
class LoadResult:
    """What :meth:`SettingsStore.load` found.

    Attributes:
        prefs: The effective preferences (defaults, organisation file, user file).
        problems: One entry per thing the user should be told.
        read_only: True when saving would overwrite something DeskStretch could
            not read or does not understand (a newer file); saves are refused.
        locked: Keys the organisation fixed, with the reason to show.
        unknown: Keys in the user's file that are not settings (kept on save).
        path: The user's settings file.
        defaults: What "restore defaults" means here (built-in plus organisation).
    """

    prefs: Preferences
    problems: tuple[Problem, ...]
    read_only: bool
    locked: Mapping[str, str]
    unknown: Mapping[str, object]
    path: Path
    defaults: Preferences = field(default_factory=Preferences)


@dataclass(frozen=True)
class SaveResult:
    """Whether a save reached the disk, and a sentence for the user if not."""

    ok: bool
    message: str


def _parse(data: bytes) -> tuple[dict[str, Any] | None, str]:
    """Parse TOML bytes; returns (document, "") or (None, reason)."""
    try:
        # utf-8-sig: Windows editors like to start the file with a byte-order mark.
        return tomllib.loads(data.decode("utf-8-sig")), ""
    except UnicodeDecodeError:
        return None, _("it is not UTF-8 text")
    except tomllib.TOMLDecodeError as exc:
        return None, str(exc)


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, as the end of a sentence ("the disk is full")."""
    if exc.errno == errno.ENOSPC:
        return _("the disk is full")
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return _("the folder is read-only")
    if isinstance(exc, NotADirectoryError | FileExistsError):
        return _("a file is in the way of its folder")
    return exc.strerror or str(exc)


class SettingsStore:
    """The user's ``settings.toml`` plus optional organisation defaults."""

    def __init__(
        self,
        path: Path,
        site_paths: Sequence[Path] = (),
        stretch_ids: Callable[[], Sequence[str]] | None = None,
    ) -> None:
        """Create a store.

        Args:
            path: The user's settings file (need not exist yet).
            site_paths: Organisation settings files, most important first.
            stretch_ids: Gives the stretch ids the stretch lists may name (the
                catalogue's); asked only when a file holds a stretch list.
                :func:`schema.known_stretch_ids` if None.
        """
        self.path = Path(path)
        self.site_paths = tuple(Path(p) for p in site_paths)
        self._stretch_ids = stretch_ids

    def known_stretch_ids(self) -> tuple[str, ...]:
        """The stretch ids the stretch lists of this store's files may name."""
        if self._stretch_ids is None:
            return schema.known_stretch_ids()
        return tuple(self._stretch_ids())

    # ------------------------------------------------------------ load

    def load(self, *, fallback: Preferences | None = None) -> LoadResult:
        """Read the effective preferences. Never raises, never loses the user's file.

        Args:
            fallback: The preferences in use when re-reading after an edit. With
                it, an unparsable file is left where it is (the user is probably
                still editing) and the fallback is returned, and a bad value keeps
                its previous value instead of the default.
        """
        try:
            return self._load(fallback)
        except Exception:  # a bug must not stop the app: defaults, and say so
            log.exception("settings: unexpected error loading %s", self.path)
            return LoadResult(
                fallback or Preferences(),
                (
                    Problem(
                        None,
                        _("DeskStretch could not read its settings and is using the defaults."),
                    ),
                ),
                True,
                {},
                {},
                self.path,
            )

    def _load(self, fallback: Preferences | None) -> LoadResult:
        base, locked = self.site_defaults()

        def result(
            prefs: Preferences,
            problems: list[Problem],
            read_only: bool = False,
            unknown: Mapping[str, object] | None = None,
        ) -> LoadResult:
            return LoadResult(
                prefs, tuple(problems), read_only, locked, unknown or {}, self.path, base
            )

        try:
            data = self.path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):  # nothing there to lose
            return result(base, [])
        except OSError as exc:
            log.warning("settings: cannot read %s: %s", self.path, exc)
            message = _(
                "DeskStretch cannot read {path} ({reason}); it uses the defaults for now and "
                "will not write over that file."
            ).format(path=self.path, reason=os_reason(exc))
            return result(fallback or base, [Problem(None, message)], read_only=True)

        doc, error = _parse(data)
        if doc is None:
            if fallback is not None:
                message = _(
                    "Your edit to {file} is not valid TOML ({error}); the previous settings stay "
                    "in use until it is fixed."
                ).format(file=self.path.name, error=error)
                return result(fallback, [Problem(None, message)])
            aside = self._set_aside()
            if aside is None:
                message = _(
                    "Your settings file could not be read ({error}) and could not be moved "
                    "aside, so DeskStretch uses the defaults and will not write over it."
                ).format(error=error)
                return result(base, [Problem(None, message)], read_only=True)
            message = _(
                "Your settings file could not be read ({error}). It was kept as {file} and the "
                "defaults are used."
            ).format(error=error, file=aside.name)
            return result(base, [Problem(None, message)])

        problems: list[Problem] = []
        read_only = False
        version = detect_version(doc, schema.SECTIONS)
        if version is None:
            problems.append(
                Problem(
                    "schema_version",
                    _(
                        "schema_version must be a whole number; reading the file as version "
                        "{version}."
                    ).format(version=SCHEMA_VERSION),
                )
            )
            version = SCHEMA_VERSION
        if version > SCHEMA_VERSION:
            read_only = True
            problems.append(
                Problem(
                    None,
                    _(
                        "Your settings file was written by a newer DeskStretch (settings version "
                        "{version}); it is read, but changes made here will not be saved over it."
                    ).format(version=version),
                )
            )
        else:
            doc = migrate(doc, version)

        values_from = fallback if fallback is not None else base
        prefs, residue, value_problems = read_values(
            doc, base, values_from, locked, self.known_stretch_ids, newer=read_only
        )
        problems.extend(value_problems)
        unknown = {k: v for k, v in flatten_unknown(residue).items() if k not in locked}
        if not read_only:  # a newer file is expected to hold keys this version does not know
            for key in unknown:
                message = schema.unknown_key_message(key, show_hint=False)
                problems.append(
                    Problem(
                        key,
                        _("{problem} It is kept in the file but has no effect.").format(
                            problem=message
                        ),
                    )
                )
        return result(prefs, problems, read_only, unknown)

    def site_defaults(self) -> tuple[Preferences, dict[str, str]]:
        """The organisation's defaults over the built-in ones, and its locked keys.

        Problems in an organisation file are logged (the user cannot fix them) and
        the bad parts ignored.
        """
        prefs = Preferences()
        locked: dict[str, str] = {}
        for site in reversed(self.site_paths):  # the most important file is applied last
            try:
                doc, error = _parse(site.read_bytes())
            except FileNotFoundError:
                continue
            except OSError as exc:
                log.warning("settings: cannot read organisation file %s: %s", site, exc)
                continue
            if doc is None:
                log.warning("settings: organisation file %s is not valid TOML: %s", site, error)
                continue
            raw_locked = doc.pop("locked", None)
            version = detect_version(doc, schema.SECTIONS)
            if version is not None and version <= SCHEMA_VERSION:
                doc = migrate(doc, version)
            prefs, residue, problems = read_values(doc, prefs, prefs, {}, self.known_stretch_ids)
            for problem in problems:
                log.warning("settings: organisation file %s: %s", site, problem.message)
            for key in flatten_unknown(residue):
                log.warning("settings: organisation file %s: unknown key %s ignored", site, key)
            locked.update(_read_locked(raw_locked, site))
        return prefs, locked

    def _set_aside(self) -> Path | None:
        """Rename the user's file to a free timestamped name; None if that failed."""
        stamp = datetime.fromtimestamp(wall_time(), UTC).strftime("%Y%m%d-%H%M%S")
        for n in range(100):
            suffix = f".broken-{stamp}" + (f"-{n}" if n else "")
            aside = self.path.with_name(self.path.name + suffix)
            if aside.exists():
                continue
            try:
                os.rename(self.path, aside)
            except OSError as exc:
                log.warning("settings: could not move %s aside: %s", self.path, exc)
                return None
            log.warning("settings: unreadable file moved to %s", aside)
            return aside
        return None

    # ------------------------------------------------------------ save

    def save(self, prefs: Preferences) -> SaveResult:
        """Write ``prefs`` atomically (mode 0600). Never raises.

        A failed save returns ``ok=False`` and one sentence saying why; the caller
        keeps using ``prefs`` for the session and tells the user.

        Refuses (``ok=False``) when the file on disk is from a newer DeskStretch or
        cannot be read, so that nothing the user has is overwritten.
        """
        try:
            return self._save(prefs)
        except OSError as exc:
            log.warning("settings: could not save %s: %s", self.path, exc)
            return SaveResult(
                False,
                _("Your settings could not be saved to {path} because {reason}.").format(
                    path=self.path, reason=os_reason(exc)
                ),
            )
        except Exception:
            log.exception("settings: unexpected error saving %s", self.path)
            return SaveResult(
                False, _("Your settings could not be saved because of an internal error.")
            )

    def _save(self, prefs: Preferences) -> SaveResult:
        base, locked = self.site_defaults()
        residue: dict[str, Any] = {}
        try:
            data: bytes | None = self.path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            data = None
        except OSError as exc:
            return SaveResult(
                False,
                _("DeskStretch cannot read {path} ({reason}), so it did not write over it.").format(
                    path=self.path, reason=os_reason(exc)
                ),
            )
        if data is not None:
            doc, _error = _parse(data)
            if doc is None:
                if self._set_aside() is None:
                    return SaveResult(
                        False,
                        _(
                            "{path} could not be read or moved aside, so it was not overwritten."
                        ).format(path=self.path),
                    )
            else:
                version = detect_version(doc, schema.SECTIONS)
                if version is not None and version > SCHEMA_VERSION:
                    return SaveResult(
                        False,
                        _(
                            "{path} was written by a newer DeskStretch, so it was not overwritten."
                        ).format(path=self.path),
                    )
                if version is not None and version < SCHEMA_VERSION:
                    self._keep_old_version(data, version)
                doc = migrate(doc, version if version is not None else SCHEMA_VERSION)
                _prefs, residue, _problems = read_values(
                    doc, base, base, locked, self.known_stretch_ids
                )
        out = render_document(prefs, base, locked, residue)
        write_atomic(self.path, out)
        log.info("settings: saved %s", self.path)
        return SaveResult(True, "")

    def _keep_old_version(self, data: bytes, version: int) -> None:
        """Before the first save over an older-format file, keep a copy of it."""
        backup = self.path.with_name(f"{self.path.name}.v{version}.bak")
        if not backup.exists():
            write_atomic(backup, data)
            log.info("settings: kept the version %d file as %s", version, backup)


# ---------------------------------------------------------------- helpers


def read_values(
    doc: Mapping[str, Any],
    base: Preferences,
    fallback: Preferences,
    locked: Mapping[str, str],
    stretch_ids: Callable[[], Sequence[str]] | None = None,
    *,
    newer: bool = False,
) -> tuple[Preferences, dict[str, Any], list[Problem]]:
    """Apply the known keys of a (current-version) document over ``base``.

    ``stretch_ids`` gives the stretch ids a stretch list may name; it is asked
    once, when the document holds a stretch list (:func:`schema.known_stretch_ids`
    if None).

    A bad value keeps ``fallback``'s value for that key and yields a problem.
    Locked keys keep ``base``'s value. Returns (prefs, residue, problems) where
    the residue holds, in the document's shape, everything to carry over
    unchanged on save: keys that are not settings, the user's values of
    locked keys, and the ``[[reminders]]`` entries that are not used (wrong, or
    past :data:`MAX_REMINDERS`). ``newer`` (a file from a newer DeskStretch, never
    written over) lets reminders with keys this version does not know be used.
    """
    prefs = base
    residue: dict[str, Any] = {}
    problems: list[Problem] = []
    known_ids: tuple[str, ...] | None = None
    for name, value in doc.items():
        if name == "schema_version":
            continue
        if name == "reminders":
            used, unused, found = _read_reminders(value, newer=newer)
            prefs = dataclasses.replace(prefs, reminders=used)
            problems.extend(found)
            if unused:
                residue[name] = unused
            continue
        if name not in schema.SECTIONS:
            residue[name] = value
            continue
        if not isinstance(value, dict):
            problems.append(
                Problem(
                    name,
                    _("{table} must be a table of settings; it was ignored.").format(
                        table=f"[{name}]"
                    ),
                )
            )
            continue
        for sub, raw in value.items():
            key = f"{name}.{sub}"
            try:
                spec = schema.spec_for(key)
            except KeyError:
                residue.setdefault(name, {})[sub] = raw
                continue
            if key in locked:
                # Not applied, but kept in the file: if the organisation unlocks the key
                # later, the user's own choice is still there.
                residue.setdefault(name, {})[sub] = raw
                log.info(
                    "settings: %s is locked (%s); the file's value is not used", key, locked[key]
                )
                continue
            if spec.kind == "stretches" and known_ids is None:
                known_ids = (
                    tuple(stretch_ids()) if stretch_ids is not None else schema.known_stretch_ids()
                )
            try:
                checked, dropped = _check_lenient(spec, raw, known_ids)
            except (ValueError, TypeError) as exc:
                kept = schema.format_value(key, schema.get_value(fallback, key))
                problems.append(
                    Problem(
                        key,
                        _("{problem} Using {value} instead.").format(
                            problem=exc, value=kept or _("(none)")
                        ),
                    )
                )
                prefs = schema.with_value_unchecked(prefs, key, schema.get_value(fallback, key))
                continue
            if dropped:
                problems.append(
                    Problem(
                        key,
                        _("{key}: unknown stretch {ids} left out; the rest is kept.").format(
                            key=key, ids=", ".join(dropped)
                        ),
                    )
                )
            prefs = schema.with_value_unchecked(prefs, key, checked)
    return prefs, residue, problems


def _read_reminders(
    value: object, *, newer: bool = False
) -> tuple[tuple[Reminder, ...], list[Any], list[Problem]]:
    """The ``[[reminders]]`` entries: (the ones used, the ones kept unused, problems).

    Entries are numbered from 1 in messages, as ``deskstretch config reminders``
    numbers them.
    """
    if isinstance(value, dict):  # [reminders] written for [[reminders]]: one reminder
        value = [value]
    if not isinstance(value, list):
        message = _(
            "reminders must be [[reminders]] tables, one per reminder; {value} is not used but "
            "kept in the file."
        ).format(value=repr(value))
        return (), [value], [Problem("reminders", message)]
    used: list[Reminder] = []
    kept: list[Any] = []
    problems: list[Problem] = []
    extra = 0
    for number, raw in enumerate(value, 1):
        where = f"reminders[{number}]"
        entry = raw
        if newer and isinstance(raw, dict):  # keys from a newer version: use what is known
            entry = {k: v for k, v in raw.items() if k in reminders.FIELDS}
        try:
            reminder = reminders.from_table(entry, where)
        except reminders.ReminderError as exc:
            problems.append(
                Problem(
                    where,
                    _(
                        "{problem} This reminder is not used; it stays in the file as written."
                    ).format(problem=exc),
                )
            )
            kept.append(raw)
            continue
        if len(used) >= MAX_REMINDERS:
            extra += 1
            kept.append(raw)
            continue
        used.append(reminder)
    if extra:
        problems.append(
            Problem(
                "reminders",
                ngettext(
                    "Only {n} reminders can be used: the first {n} are; the other {extra} stays "
                    "in the file unused.",
                    "Only {n} reminders can be used: the first {n} are; the other {extra} stay "
                    "in the file unused.",
                    extra,
                ).format(n=MAX_REMINDERS, extra=extra),
            )
        )
    return tuple(used), kept, problems


def _check_lenient(
    spec: schema.KeySpec, raw: object, known_ids: tuple[str, ...] | None
) -> tuple[object, list[str]]:
    """Check a value; for stretch lists, unknown ids are dropped rather than the whole list.

    A catalogue update that renames one stretch should not throw away the user's
    whole selection.
    """
    dropped: list[str] = []
    if spec.kind == "stretches" and isinstance(raw, list) and known_ids is not None:
        dropped = [v for v in raw if isinstance(v, str) and v not in known_ids]
        raw = [v for v in raw if not (isinstance(v, str) and v not in known_ids)]
    return schema.check_value(spec.key, raw, known_ids), dropped


def flatten_unknown(residue: Mapping[str, Any]) -> dict[str, object]:
    """Residue as dotted keys for display: ``section.key`` inside known tables."""
    flat: dict[str, object] = {}
    for name, value in residue.items():
        if name == "reminders":  # unused reminders are reported entry by entry
            continue
        if name in schema.SECTIONS and isinstance(value, dict):
            for sub, raw in value.items():
                flat[f"{name}.{sub}"] = raw
        else:
            flat[name] = value
    return flat


def _read_locked(raw: object, site: Path) -> dict[str, str]:
    """``locked = ["key", ...]`` or a ``[locked]`` table of key = "reason"."""
    items: dict[str, str] = {}
    if isinstance(raw, list):
        items = {k: _(LOCKED_REASON) for k in raw if isinstance(k, str)}
    elif isinstance(raw, dict):
        items = {
            k: v if isinstance(v, str) and v.strip() else _(LOCKED_REASON) for k, v in raw.items()
        }
    elif raw is not None:
        log.warning("settings: organisation file %s: 'locked' must be a list of keys", site)
    known = {s.key for s in schema.KEYS}
    for key in [k for k in items if k not in known]:
        log.warning("settings: organisation file %s locks unknown key %s", site, key)
        del items[key]
    return items


def render_document(
    prefs: Preferences,
    base: Preferences,
    locked: Mapping[str, str],
    residue: Mapping[str, Any],
) -> bytes:
    """The TOML text to save: the version, each section in model order, the reminders.

    Only values that differ from ``base`` are written, so a later change of a
    default (or of the organisation's defaults) reaches users who never touched
    that key. Locked keys are not written from ``prefs``; what the user's file
    had for them stays, like unknown keys, where it was.
    """
    out: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    mine = schema.to_sections(prefs)
    defaults = schema.to_sections(base)
    for section in schema.SECTIONS:
        table: dict[str, Any] = {}
        for name, value in mine[section].items():
            key = f"{section}.{name}"
            if key not in locked and value != defaults[section][name]:
                table[name] = value
        extra = residue.get(section)
        if isinstance(extra, dict):
            for name, value in extra.items():
                table.setdefault(name, value)
        if table:
            out[section] = table
    for name, value in residue.items():
        if name not in schema.SECTIONS and name not in out and name != "reminders":
            out[name] = value
    kept = residue.get("reminders")
    kept_list = kept if isinstance(kept, list) else []
    blocks = ""
    if prefs.reminders != base.reminders or kept_list:
        # The reminders in use, then the ones the file had that are not used (wrong,
        # or past the limit), as the user wrote them: fixed by hand, they count again.
        entries = [reminders.to_table(r) for r in prefs.reminders] + kept_list
        if entries and all(_flat_table(e) for e in entries):
            blocks = _reminder_blocks(entries)
        else:  # none, or odd entries kept as written: tomli_w's own form reads back the same
            out["reminders"] = entries
    import tomli_w  # only when saving: not part of the idle app

    return (tomli_w.dumps(out) + blocks).encode("utf-8")


def _flat_table(entry: object) -> bool:
    """A table of plain values: one that can be written as a ``[[reminders]]`` block."""
    return isinstance(entry, dict) and not any(
        isinstance(v, dict) or (isinstance(v, list) and any(isinstance(i, dict) for i in v))
        for v in entry.values()
    )


def _reminder_blocks(entries: list[dict[str, Any]]) -> str:
    """``[[reminders]]`` blocks, as a user writes them (tomli_w would inline short ones).

    They go after everything else: a block ends only where the next table starts.
    """
    import tomli_w

    return "".join(f"\n[[reminders]]\n{tomli_w.dumps(e)}" for e in entries)


#: A temporary file this old was left by a save that never finished (the process was
#: killed or the machine lost power between writing and renaming it).
STALE_TEMP_SECONDS = 600.0


def _remove_stale_temps(path: Path) -> None:
    """Delete the temporary files of earlier saves that never finished.

    A younger one may belong to a save running right now in another process (the
    CLI and the app can both save), so it is left alone.
    """
    now = wall_time()
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            if now - leftover.lstat().st_mtime > STALE_TEMP_SECONDS:
                leftover.unlink()
                log.info("settings: removed %s, left by an unfinished save", leftover.name)


def write_atomic(path: Path, data: bytes) -> None:
    """Temporary file in the same folder, flush, fsync, replace: old or new, never half.

    A symlinked file (dotfile managers do this) is written through the link, so
    the link survives.
    """
    if path.is_symlink():
        path = path.resolve()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    _remove_stale_temps(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), 0o600)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    # Make the rename itself durable; not possible (nor needed) on every platform.
    with contextlib.suppress(OSError, AttributeError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
