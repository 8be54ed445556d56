"""Logging to the per-user log directory, with rotation, and a hook for uncaught exceptions."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from deskstretch.platform import paths

LOG_FILE = "deskstretch.log"
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def setup_logging(verbose: bool = False, *, to_file: bool = True) -> Path | None:
    """Log warnings (everything with ``verbose``) to stderr and, with ``to_file``, all to a file.

    The app starts with ``to_file=False`` and calls :func:`add_file_log` once its tray icon is
    up: opening the rotating log costs start-up time the user would see.

    Returns the log file path, or None when there is none.
    """
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    console.setFormatter(logging.Formatter("deskstretch: %(levelname)s: %(message)s"))
    root.addHandler(console)
    logging.captureWarnings(True)
    # APScheduler logs every job it adds at INFO; one re-plan per break is not news.
    logging.getLogger("apscheduler").setLevel(logging.DEBUG if verbose else logging.WARNING)
    return add_file_log() if to_file else None


def add_file_log() -> Path | None:
    """Also log to ``<user log dir>/deskstretch.log`` (1 MB x 3 files).

    Returns the path, or None when the directory cannot be written (then logging goes to
    stderr only, and says so).
    """
    import logging.handlers

    path = paths.log_dir() / LOG_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError as exc:
        logging.getLogger(__name__).warning("cannot write the log file %s: %s", path, exc)
        return None
    handler.setFormatter(logging.Formatter(_FORMAT))
    logging.getLogger().addHandler(handler)
    return path


ErrorSink = Callable[[str], None]


def install_excepthook(show: ErrorSink | None = None) -> None:
    """Log every uncaught exception (also those raised in Qt slots) and show it to the user."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        logging.getLogger("deskstretch").critical(
            "uncaught exception", exc_info=(exc_type, exc, tb)
        )
        if show is not None:
            try:
                show(f"{exc_type.__name__}: {exc}")
            except Exception:  # the error window itself failed: the log has it
                logging.getLogger("deskstretch").exception("could not show the error")

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        hook(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook
