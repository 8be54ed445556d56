"""How long a pause lasts, in the words the tray, the CLI and the IPC protocol share."""

from __future__ import annotations

from typing import Final, Literal, get_args

PauseMode = Literal["duration", "until-tomorrow", "indefinitely"]
"""``duration``: for a number of seconds; ``until-tomorrow``: until the next working day
starts (or midnight); ``indefinitely``: until the user resumes."""

#: Every pause mode, in the order the CLI lists them.
PAUSE_MODES: Final[tuple[PauseMode, ...]] = get_args(PauseMode)


def as_pause_mode(value: object) -> PauseMode | None:
    """``value`` as a pause mode, or None when it is not one."""
    for mode in PAUSE_MODES:
        if mode == value:
            return mode
    return None
