"""The stretches the app offers: the built-in ones plus the user's own routines.

Every place that lists or plays stretches (the tray app, ``list-stretches``, ``stretch ID``,
``config``, ``preview``) loads them through :func:`load_stretches`, so a routine added with
``deskstretch routines add`` is offered everywhere alike.
"""

from __future__ import annotations

import logging
from pathlib import Path

from deskstretch import i18n
from deskstretch.catalogue.loader import Catalogue
from deskstretch.core.ports import Capability
from deskstretch.i18n import _, ngettext

log = logging.getLogger(__name__)


def user_dir() -> Path:
    """The folder of the user's own routines (``routines`` in the per-user data folder)."""
    from deskstretch.platform.paths import routines_dir

    return routines_dir()


def load_stretches(folder: Path | None = None) -> Catalogue:
    """The built-in stretches and the user's routines from ``folder`` (:func:`user_dir` if
    None), with their texts in the active language (:func:`deskstretch.i18n.language`:
    ``general.language`` or the system's) where their files have them. Never raises for a
    broken user file: it is skipped, with a line in ``problems``."""
    from deskstretch.catalogue.loader import load_catalogue

    folder = folder if folder is not None else user_dir()
    return load_catalogue(user_dir=folder, language=i18n.language())


def places(catalogue: Catalogue) -> dict[str, str]:
    """Each stretch's place tag (desk, floor, bar) by id, for the rotation's place filter."""
    return {s.id: s.place for s in catalogue.stretches}


def user_ids(catalogue: Catalogue) -> tuple[str, ...]:
    """The ids of the user's own routines in ``catalogue``."""
    return tuple(s.id for s in catalogue.stretches if not s.builtin)


def skipped_files(catalogue: Catalogue) -> tuple[str, ...]:
    """The problems of routine files the catalogue skipped (one line each)."""
    return catalogue.skipped


def routines_line(catalogue: Catalogue) -> str:
    """ "2 of yours; 1 file skipped (see the log)", or "none of yours yet"."""
    count = len(user_ids(catalogue))
    skipped = len(skipped_files(catalogue))
    if not count and not skipped:
        return _("none of yours yet")
    if not skipped:
        return ngettext("{n} of yours", "{n} of yours", count).format(n=count)
    files = ngettext(
        "{n} file skipped (see the log)", "{n} files skipped (see the log)", skipped
    ).format(n=skipped)
    if not count:
        # TRANSLATORS: {files} is "1 file skipped (see the log)" or its plural.
        return _("none of yours yet; {files}").format(files=files)
    # TRANSLATORS: {files} is "1 file skipped (see the log)" or its plural.
    return ngettext("{n} of yours; {files}", "{n} of yours; {files}", count).format(
        n=count, files=files
    )


def routines_capability(catalogue: Catalogue) -> Capability:
    """The ``status`` line about the user's routines (how many, how many files skipped)."""
    # TRANSLATORS: {routines} is "2 of yours", "none of yours yet"...; {folder} a folder.
    detail = _("{routines}, in {folder}").format(
        routines=routines_line(catalogue), folder=user_dir()
    )
    hint = _("`deskstretch routines list` names each skipped file and its problem.")
    return Capability("routines", True, detail, hint if skipped_files(catalogue) else "")
