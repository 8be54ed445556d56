"""Plain view-state the controller hands to the tray and the status window."""

from __future__ import annotations

from dataclasses import dataclass

IconKind = str  # "active" or "paused"


@dataclass(frozen=True)
class ControlsState:
    """Everything the tray icon, its menu and the no-tray status window show.

    Strings arrive translated and formatted; widgets only display them.
    """

    tooltip: str
    next_line: str
    paused: bool = False
    can_skip: bool = True  # also while a break is on screen: skipping ends it
    skip_label: str = "Skip next break"
    can_snooze: bool = False
    in_break: bool = False
    stretches: tuple[tuple[str, str], ...] = ()
    next_stretch_name: str = ""
    icon: IconKind = "active"
    micro_line: str = ""  # the next micro-break ("" when they are off or none is planned)
    can_micro: bool = True  # "Micro-break now" is offered
