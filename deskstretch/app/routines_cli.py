"""``deskstretch routines check | add | list | remove | export``: the user's own routines.

A routine is one stretch as a TOML file (docs/routines.md). ``check`` reports every problem
of a file with its line and key and installs nothing; ``add`` checks, then copies the file
to the per-user routines folder as ``ID.toml`` and asks a running DeskStretch to read its
stretches again; ``list`` shows that folder and what is in it (files that cannot be used with
their problems); ``remove`` deletes one of the user's routines; ``export`` writes any stretch,
built-in or not, as a routine file. Exit codes: 0 done, 2 a problem (bad file, unknown or
built-in id, an id already installed without ``--replace``), 1 a file could not be written.
The grammar is in :func:`deskstretch.app.cli.build_parser`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from deskstretch.catalogue.model import Stretch
from deskstretch.i18n import _, ngettext
from deskstretch.settings.store import write_atomic

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_PROBLEM = 2

#: Sends one IPC request to the running app: its reply, or None when none runs.
Client = Callable[[str], dict[str, Any] | None]


def _say(text: str, stream: TextIO) -> None:
    stream.write(text + "\n")


@dataclass(frozen=True)
class Installed:
    """One file in the routines folder: its routine, or why it cannot be used."""

    path: Path
    stretch: Stretch | None
    problems: tuple[str, ...]


def key_poses(stretch: Stretch) -> int:
    """How many key poses (keyframes, over all phases) the routine's figure moves through."""
    return sum(len(frames) for frames in stretch.keyframes.values())


def builtin_ids() -> tuple[str, ...]:
    """The ids of the stretches that come with DeskStretch."""
    from deskstretch.catalogue.loader import load_catalogue

    return load_catalogue().ids


def check(path: Path) -> tuple[Stretch | None, tuple[str, ...]]:
    """Read one routine file: (the stretch, ()) when fine, else (None, problem lines)."""
    from deskstretch.catalogue.routine import check_file

    name = str(path)
    if not path.is_file():
        return None, (_("{file}: no such file").format(file=name),)
    try:
        result = check_file(path)
    except OSError as exc:
        return None, (
            _("{file}: cannot be read: {error}").format(file=name, error=exc.strerror or exc),
        )
    if result.problems or result.stretch is None:
        lines = tuple(p.format(name) for p in result.problems)
        return None, lines or (_("{file}: not a routine").format(file=name),)
    # The app checks a loaded stretch once more as a whole; a file it would skip is not fine.
    from deskstretch.catalogue.validate import validate_stretch

    found = validate_stretch(result.stretch)
    if found:
        return None, tuple(f"{name}: {problem}" for problem in found)
    return result.stretch, ()


def installed(folder: Path, builtins: tuple[str, ...]) -> list[Installed]:
    """Every ``*.toml`` file of ``folder`` in name order, checked as the app reads them."""
    if not folder.is_dir():
        return []
    found: list[Installed] = []
    seen: dict[str, Path] = {}
    for path in sorted(folder.glob("*.toml")):
        stretch, problems = check(path)
        if stretch is not None and stretch.id in builtins:
            problems = (
                _("{file}: id {id} is the id of a built-in stretch").format(
                    file=path, id=repr(stretch.id)
                ),
            )
            stretch = None
        elif stretch is not None and stretch.id in seen:
            problems = (
                _("{file}: id {id} is used by {other} too").format(
                    file=path, id=repr(stretch.id), other=seen[stretch.id].name
                ),
            )
            stretch = None
        if stretch is not None:
            seen[stretch.id] = path
        found.append(Installed(path, stretch, problems))
    return found


def _tell_app(client: Client, stretch_id: str, *, present: bool, out: TextIO, err: TextIO) -> None:
    """Ask the running app to read its stretches again and say truthfully what happened."""
    reply = client("reload-stretches")
    if reply is None:
        if present:
            _say(_("DeskStretch is not running; it will offer it when it starts."), out)
        else:
            _say(_("DeskStretch is not running; nothing to update."), out)
        return
    if not reply.get("ok"):
        _say(
            _(
                "The running DeskStretch could not read its stretches again ({error}); it will "
                "pick up the change when it starts again."
            ).format(error=reply.get("error")),
            err,
        )
        return
    result = reply.get("result")
    ids = result.get("ids") if isinstance(result, dict) else None
    offered = isinstance(ids, list) and stretch_id in ids
    if present and offered:
        _say(_("The running DeskStretch now offers it."), out)
    elif present:
        _say(
            _(
                "The running DeskStretch read its stretches again but does not offer it: its "
                "log says why."
            ),
            err,
        )
    elif offered:
        _say(_("The running DeskStretch still offers it (another file has that id)."), err)
    else:
        _say(_("The running DeskStretch no longer offers it."), out)


def run_check(path: Path, out: TextIO) -> int:
    """``routines check FILE``."""
    stretch, problems = check(path)
    if stretch is None:
        for line in problems:
            _say(line, out)
        count = len(problems)
        _say(ngettext("{n} problem.", "{n} problems.", count).format(n=count), out)
        return EXIT_PROBLEM
    poses = key_poses(stretch)
    _say(
        ngettext(
            "{file}: fine: {name} ({id}), {n} key pose",
            "{file}: fine: {name} ({id}), {n} key poses",
            poses,
        ).format(file=path, name=stretch.name, id=stretch.id, n=poses),
        out,
    )
    return EXIT_OK


def run_add(
    path: Path, folder: Path, *, replace: bool, client: Client, out: TextIO, err: TextIO
) -> int:
    """``routines add FILE [--replace]``."""
    stretch, problems = check(path)
    if stretch is None:
        for line in problems:
            _say(line, err)
        _say(_("Nothing was installed: `deskstretch routines check FILE` lists the problems."), err)
        return EXIT_PROBLEM
    builtins = builtin_ids()
    if stretch.id in builtins:
        _say(
            _(
                "deskstretch routines add: {id} is the id of a built-in stretch; give your "
                "routine another id. Nothing was installed."
            ).format(id=repr(stretch.id)),
            err,
        )
        return EXIT_PROBLEM
    target = folder / f"{stretch.id}.toml"
    same = [i.path for i in installed(folder, builtins) if i.stretch and i.stretch.id == stretch.id]
    if target.exists() and target not in same:
        same.append(target)
    if same and not replace:
        _say(
            _(
                "deskstretch routines add: a routine with the id {id} is already installed "
                "({file}). Add --replace to replace it. Nothing was installed."
            ).format(id=repr(stretch.id), file=same[0]),
            err,
        )
        return EXIT_PROBLEM
    try:
        data = path.read_bytes()
        write_atomic(target, data)
        for other in same:
            if other != target:
                other.unlink()
    except OSError as exc:
        _say(
            _("deskstretch routines add: could not write {file}: {error}").format(
                file=target, error=exc.strerror or exc
            ),
            err,
        )
        return EXIT_FAILED
    if same:
        done = _("Replaced {name} ({id}) as {file}.")
    else:
        done = _("Installed {name} ({id}) as {file}.")
    _say(done.format(name=stretch.name, id=stretch.id, file=target), out)
    _tell_app(client, stretch.id, present=True, out=out, err=err)
    return EXIT_OK


def run_list(folder: Path, out: TextIO) -> int:
    """``routines list``."""
    _say(_("Your routines are in {folder}").format(folder=folder), out)
    found = installed(folder, builtin_ids())
    if not found:
        _say("  " + _("none yet: `deskstretch routines add FILE` installs one."), out)
        return EXIT_OK
    width = max((len(i.stretch.id) for i in found if i.stretch), default=0)
    for item in found:
        if item.stretch is not None:
            _say(f"  {item.stretch.id:<{width}}  {item.stretch.name}  ({item.path.name})", out)
    broken = [i for i in found if i.stretch is None]
    if broken:
        _say(_("Skipped (DeskStretch does not offer these until they are fixed):"), out)
        for item in broken:
            _say(f"  {item.path.name}:", out)
            for line in item.problems:
                _say(f"    {line}", out)
    return EXIT_OK


def _settings_without(stretch_id: str) -> Callable[[], str] | None:
    """Prepare taking ``stretch_id`` out of the user's stretch lists in settings.toml.

    Read while the routine is still installed (a list naming a stretch that does not exist
    would not be read at all). Returns what saves the lists without it and says so, or None
    when no list names it (or the lists are the organisation's, or the file is not ours to
    write).
    """
    import dataclasses

    from deskstretch.app.config_cli import default_store

    store = default_store()
    loaded = store.load()
    if loaded.read_only:
        return None
    current = loaded.prefs.stretches
    enabled, order = current.enabled, current.order
    if "stretches.enabled" not in loaded.locked:
        enabled = tuple(i for i in enabled if i != stretch_id)
    if "stretches.order" not in loaded.locked:
        order = tuple(i for i in order if i != stretch_id)
    if (enabled, order) == (current.enabled, current.order):
        return None
    if not enabled:  # it was the only one turned on: the defaults, rather than no breaks
        enabled = loaded.defaults.stretches.enabled
    prefs = dataclasses.replace(
        loaded.prefs, stretches=dataclasses.replace(current, enabled=enabled, order=order)
    )

    def save() -> str:
        saved = store.save(prefs)
        if not saved.ok:
            return _("It is still named in your settings: {problem}").format(problem=saved.message)
        return _("It is also out of your stretch lists in {path}.").format(path=store.path)

    return save


def run_remove(stretch_id: str, folder: Path, *, client: Client, out: TextIO, err: TextIO) -> int:
    """``routines remove ID``; also takes it out of the stretch lists of the user's settings."""
    builtins = builtin_ids()
    if stretch_id in builtins:
        _say(
            _(
                "deskstretch routines remove: {id} is built in; turn it off in Preferences or "
                "`deskstretch config`."
            ).format(id=repr(stretch_id)),
            err,
        )
        return EXIT_PROBLEM
    files = [
        i.path
        for i in installed(folder, builtins)
        if (i.stretch is not None and i.stretch.id == stretch_id) or i.path.stem == stretch_id
    ]
    if not files:
        _say(
            _(
                "deskstretch routines remove: no routine of yours has the id {id}; "
                "`deskstretch routines list` shows them."
            ).format(id=repr(stretch_id)),
            err,
        )
        return EXIT_PROBLEM
    forget = _settings_without(stretch_id)
    try:
        for path in files:
            path.unlink()
    except OSError as exc:
        _say(
            _("deskstretch routines remove: could not delete {file}: {error}").format(
                file=path, error=exc.strerror or exc
            ),
            err,
        )
        return EXIT_FAILED
    _say(_("Removed {files}.").format(files=", ".join(str(p) for p in files)), out)
    if forget is not None:
        _say(forget(), out)
        client("reload-settings")
    _tell_app(client, stretch_id, present=False, out=out, err=err)
    return EXIT_OK


def run_export(stretch_id: str, target: Path | None, out: TextIO, err: TextIO) -> int:
    """``routines export ID [FILE]``."""
    from deskstretch.app.routines import load_stretches
    from deskstretch.catalogue.routine import export_routine

    catalogue = load_stretches()
    stretch = catalogue.get(stretch_id)
    if stretch is None:
        _say(
            _("deskstretch routines export: unknown stretch {id}; known: {ids}").format(
                id=repr(stretch_id), ids=", ".join(catalogue.ids)
            ),
            err,
        )
        return EXIT_PROBLEM
    text = export_routine(stretch)
    if target is None:
        out.write(text if text.endswith("\n") else text + "\n")
        return EXIT_OK
    try:
        write_atomic(target, text.encode("utf-8"))
    except OSError as exc:
        _say(
            _("deskstretch routines export: could not write {file}: {error}").format(
                file=target, error=exc.strerror or exc
            ),
            err,
        )
        return EXIT_FAILED
    _say(
        _("Wrote {name} ({id}) to {file}.").format(name=stretch.name, id=stretch.id, file=target),
        out,
    )
    return EXIT_OK


def run_routines(
    ns: argparse.Namespace,
    *,
    out: TextIO,
    err: TextIO,
    client: Client,
    folder: Path | None = None,
) -> int:
    """Run ``deskstretch routines <action>``; returns the exit code."""
    from deskstretch.app.routines import user_dir

    where = folder if folder is not None else user_dir()
    action: str = ns.routines_command
    if action == "check":
        return run_check(Path(ns.file), out)
    if action == "add":
        return run_add(Path(ns.file), where, replace=ns.replace, client=client, out=out, err=err)
    if action == "list":
        return run_list(where, out)
    if action == "remove":
        return run_remove(ns.id, where, client=client, out=out, err=err)
    if action == "export":
        return run_export(ns.id, Path(ns.file) if ns.file else None, out, err)
    raise AssertionError(action)  # pragma: no cover - argparse allows only the above
