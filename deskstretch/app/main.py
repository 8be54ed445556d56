"""The ``deskstretch`` console script: a plain start runs the tray app, the rest is the CLI.

Start-up order matters for how fast the tray icon appears: a plain start skips the
CLI grammar and goes straight to :func:`deskstretch.app.launch.run_app`, which shows
the icon first and sets up everything else on the first turn of the event loop.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from deskstretch.app.launch import run_app

# The command lines that only start the app: they skip the CLI grammar (argparse and
# the modules the other commands need), which is start-up time before the tray icon.
_PLAIN_STARTS: dict[tuple[str, ...], bool] = {
    (): False,
    ("run",): False,
    ("-v",): True,
    ("--verbose",): True,
    ("-v", "run"): True,
    ("--verbose", "run"): True,
}


def main(argv: Sequence[str] | None = None) -> int:
    """The ``deskstretch`` command."""
    args = tuple(sys.argv[1:] if argv is None else argv)
    if args in _PLAIN_STARTS:
        return run_app(verbose=_PLAIN_STARTS[args])
    # Lazy: the CLI grammar (argparse and what the commands need) is not on the plain start path.
    from deskstretch.app.cli import main as cli_main

    try:
        code = cli_main(list(args))
        sys.stdout.flush()  # a buffered write meets a closed pipe here, not at exit
        return code
    except BrokenPipeError:  # `deskstretch config show | head`: the reader left, not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the exit-time flush does not fail again
        return 0
