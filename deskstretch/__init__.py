"""DeskStretch: a light system-tray break reminder that animates a guided stretch."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

__version__ = "0.1.0"
APP_NAME = "DeskStretch"
APP_ID = "deskstretch"
#: The reverse-DNS id: the installed .desktop file's name (without ".desktop"), the icon name and
#: the AppStream id (packaging/linux). Notifications name it as their ``desktop-entry`` hint so that
#: the desktop ties them to the app; Qt gets it through ``setDesktopFileName``.
DESKTOP_ID = "io.github.deskstretch.DeskStretch"

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


def data_file(*parts: str) -> Path | Traversable:
    """A file or folder of the package's ``data`` folder.

    The package is on disk wherever it is installed (wheel, bundle, checkout), so this is
    a plain path; ``importlib.resources`` (a few hundred KiB of imports the idle app would
    otherwise not need) covers a zipped package.
    """
    here = Path(__file__).resolve().parent / "data"
    if here.is_dir():
        return here.joinpath(*parts)
    from importlib import resources

    return resources.files(__name__).joinpath("data", *parts)
