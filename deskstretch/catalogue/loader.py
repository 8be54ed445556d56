"""The stretch catalogue: the built-in routine files plus the user's own.

The built-in stretches are routine files (docs/routines.md) in
``deskstretch/data/stretches``, in the order ``index.toml`` there gives; the user's
routines are the ``*.toml`` files of their routines folder, after the built-in ones, by
file name. A file that cannot be used is skipped and reported in ``Catalogue.problems``
(one line naming the file and its first problem, in the active language; the same lines
are in ``Catalogue.skipped``); the rest still loads.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from deskstretch import data_file
from deskstretch.catalogue.model import Stretch, localized
from deskstretch.catalogue.routine import Problem, check_file, read_routine
from deskstretch.catalogue.validate import validate_stretch
from deskstretch.i18n import _, ngettext


@dataclass(frozen=True)
class Catalogue:
    """The loaded stretches plus what was wrong with the entries that were skipped.

    Attributes:
        stretches: The stretches, in catalogue order.
        problems: Every problem, one line each (a skipped file, an unusable index or folder).
        skipped: The lines of ``problems`` that name a routine file that was skipped (the
            lines are translated: tell them apart by this, not by their words).
    """

    stretches: tuple[Stretch, ...]
    problems: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids of the loaded stretches, in catalogue order."""
        return tuple(s.id for s in self.stretches)

    @property
    def desk_rotation(self) -> tuple[str, ...]:
        """The default order for breaks: every stretch that needs no pull-up bar, in
        catalogue order (the desk set's hip flexor and trunk rotation come first)."""
        return tuple(s.id for s in self.stretches if not s.needs_bar)

    @property
    def user_stretches(self) -> tuple[Stretch, ...]:
        """The user's own routines that loaded."""
        return tuple(s for s in self.stretches if not s.builtin)

    def localized(self, language: str) -> Catalogue:
        """The catalogue with each stretch's texts in ``language`` where its file has them."""
        stretches = tuple(localized(s, language) for s in self.stretches)
        return Catalogue(stretches, self.problems, self.skipped)

    def get(self, stretch_id: str) -> Stretch | None:
        """The stretch with this id, or None."""
        for s in self.stretches:
            if s.id == stretch_id:
                return s
        return None


def _skipped(name: str, problem: str) -> str:
    # TRANSLATORS: a routine file the app does not load: {file} is its name,
    # {problem} what is wrong with it (one or more problems, joined by
    # semicolons).
    return _("routine file {file} skipped: {problem}").format(file=name, problem=problem)


def _summary(name: str, problems: tuple[Problem, ...]) -> str:
    first = str(problems[0])
    if len(problems) == 1:
        return _skipped(name, first)
    more = len(problems) - 1
    # TRANSLATORS: {file} is a routine file's name, {problem} its first
    # problem and {n} how many more it has.
    message = ngettext(
        "routine file {file} skipped: {problem} (and {n} more)",
        "routine file {file} skipped: {problem} (and {n} more)",
        more,
    )
    return message.format(file=name, problem=first, n=more)


def _builtin_files(folder: Path) -> tuple[list[Path], list[str]]:
    index = folder / "index.toml"
    try:
        order = tomllib.loads(index.read_text("utf-8"))["order"]
    except (OSError, tomllib.TOMLDecodeError, KeyError) as exc:
        # TRANSLATORS: {index} is a file's path; {error} what is wrong with it.
        message = _("the stretch index {index} is unusable: {error}")
        return sorted(folder.glob("*.toml")), [message.format(index=index, error=exc)]
    return [folder / f"{name}.toml" for name in order], []


def _user_files(folder: Path) -> tuple[list[Path], list[str]]:
    try:
        return sorted(p for p in folder.glob("*.toml") if p.is_file()), []
    except OSError as exc:
        # TRANSLATORS: {folder} is a folder's path; {error} the system's reason.
        message = _("cannot read the routines folder {folder}: {error}")
        return [], [message.format(folder=folder, error=exc.strerror or exc)]


def load_folder(
    folder: Path, *, builtin: bool = False, taken: frozenset[str] = frozenset()
) -> Catalogue:
    """The stretches of one folder of routine files.

    Args:
        folder: The folder.
        builtin: The built-in folder (its ``index.toml`` gives the files and their order).
        taken: Ids already used (by the built-in stretches): a file that reuses one is skipped.
    """
    files, report = _builtin_files(folder) if builtin else _user_files(folder)
    skipped: list[str] = []
    stretches: list[Stretch] = []
    seen = set(taken)
    for path in files:
        if builtin:
            try:
                # The shipped files meet their contacts as written (a test checks every
                # pose), so start-up reads them without solving: a third of the time.
                checked = read_routine(path.read_text("utf-8"), solve=False)
            except OSError as exc:
                skipped.append(_skipped(path.name, str(exc.strerror or exc)))
                continue
        else:
            checked = check_file(path)
        if checked.stretch is None:
            skipped.append(_summary(path.name, checked.problems))
            continue
        stretch = checked.stretch
        found = validate_stretch(stretch)
        if stretch.id in seen:
            if stretch.id in taken:
                # TRANSLATORS: {id} is a stretch's id.
                message = _("the id {id} is already used by a built-in stretch")
            else:
                # TRANSLATORS: {id} is a stretch's id; the other file is a routine file.
                message = _("the id {id} is already used by another file")
            found.append(message.format(id=repr(stretch.id)))
        if found:
            skipped.append(_skipped(path.name, "; ".join(found)))
            continue
        seen.add(stretch.id)
        stretches.append(stretch)
    # The order the problems were met in: the index or the folder first, then the files.
    return Catalogue(tuple(stretches), (*report, *skipped), tuple(skipped))


def _builtin_folder() -> Path:
    return Path(str(data_file("stretches")))


@functools.cache
def _builtin() -> Catalogue:
    return load_folder(_builtin_folder(), builtin=True)


@functools.cache
def _builtin_in(language: str) -> Catalogue:
    # Read anew, not from _builtin(): its every-language copy is what this one spares.
    return _one_language(load_folder(_builtin_folder(), builtin=True), language)


def _one_language(catalogue: Catalogue, language: str) -> Catalogue:
    shown = catalogue.localized(language)
    stretches = tuple(replace(stretch, translations={}) for stretch in shown.stretches)
    return Catalogue(stretches, shown.problems, shown.skipped)


def load_catalogue(
    source: Path | None = None, *, user_dir: Path | None = None, language: str | None = None
) -> Catalogue:
    """The catalogue.

    Args:
        source: None for the built-in stretches (read once, then cached); else a folder of
            routine files to use instead of them.
        user_dir: The user's routines folder: its stretches follow the built-in ones.
        language: The texts in this language (where a file has them), and no other language
            kept: what an app that shows one language holds (every text in nine other
            languages is a third of a megabyte). None: the files' own texts, with every
            translation (to export a routine, or show it in several languages).

    Returns:
        The catalogue; ``problems`` names every file that was skipped and why.
    """
    if language is None:
        base = _builtin() if source is None else load_folder(source)
    elif source is None:
        base = _builtin_in(language)
    else:
        base = _one_language(load_folder(source), language)
    if user_dir is None:
        return base
    if not user_dir.is_dir():
        return base
    own = load_folder(user_dir, taken=frozenset(base.ids))
    if language is not None:
        own = _one_language(own, language)
    return Catalogue(
        base.stretches + own.stretches,
        base.problems + own.problems,
        base.skipped + own.skipped,
    )
