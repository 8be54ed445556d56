"""The typed, frozen preferences model with its defaults.

This is the shape every layer above relies on. Key metadata (types, ranges,
descriptions), validation, migrations and storage live beside it in this package.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from deskstretch.i18n import SHIPPED

SCHEMA_VERSION = 2

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# The stretches done beside a desk, without equipment: the default rotation starts with them.
DESK_SET: tuple[str, ...] = (
    "desk-hip-flexor",
    "seated-trunk-rotation",
    "seated-figure-four",
    "standing-back-extension",
    "neck-side-bend",
    "chest-opener",
    "wrist-flexor-stretch",
)

# The rotation before the desk set (settings version 1): hip flexor and trunk rotation
# first, then the others that need no equipment; the hangs (a pull-up bar) off.
V1_DEFAULT_ORDER: tuple[str, ...] = (
    "hip-flexor",
    "trunk-rotation",
    "camel",
    "arch-and-relax",
    "deep-squat-reach",
    "jefferson-curl",
    "toe-touch-check",
    "passive-hang",
    "active-hang",
)
HANGS: tuple[str, ...] = ("passive-hang", "active-hang")
V1_DEFAULT_ENABLED: tuple[str, ...] = tuple(s for s in V1_DEFAULT_ORDER if s not in HANGS)

# The desk-break rotation: the desk set, then the article's stretches. Stretches that
# need a pull-up bar are off by default.
DEFAULT_ORDER: tuple[str, ...] = DESK_SET + V1_DEFAULT_ORDER
DEFAULT_ENABLED: tuple[str, ...] = tuple(s for s in DEFAULT_ORDER if s not in HANGS)

#: Where scheduled breaks' stretches may be done: ``desk`` (only stretches tagged for the
#: desk) or ``anywhere`` (every enabled stretch). "Stretch now" always offers all.
PLACES: tuple[str, ...] = ("desk", "anywhere")
#: ``general.language``: "system" follows the desktop, or one of the shipped languages.
LANGUAGES: tuple[str, ...] = ("system", *SHIPPED)


@dataclass(frozen=True)
class Breaks:
    interval_minutes: int = 30
    long_every: int = 3
    long_count: int = 3
    snooze_minutes: int = 5
    max_snoozes: int = 3


@dataclass(frozen=True)
class Notifications:
    enabled: bool = True
    lead_seconds: int = 60


@dataclass(frozen=True)
class Schedule:
    enabled: bool = False
    days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")
    start: str = "09:00"
    end: str = "17:30"


@dataclass(frozen=True)
class Idle:
    natural_break_minutes: int = 5


@dataclass(frozen=True)
class Stretches:
    enabled: tuple[str, ...] = DEFAULT_ENABLED
    order: tuple[str, ...] = DEFAULT_ORDER
    place: str = "desk"


@dataclass(frozen=True)
class General:
    autostart: bool = False
    sound: bool = False
    reduced_motion: bool = False
    language: str = "system"
    spoken_cues: bool = True


@dataclass(frozen=True)
class Dnd:
    fullscreen: bool = True
    camera: bool = True
    microphone: bool = True
    desktop: bool = True


@dataclass(frozen=True)
class Micro:
    """Micro-breaks: a short cue (look far away, blink, roll the shoulders) between breaks."""

    enabled: bool = True
    interval_minutes: int = 20
    seconds: int = 20


@dataclass(frozen=True)
class History:
    """The local record of breaks and what the Progress window counts."""

    keep_days: int = 365
    streak_breaks: int = 3


@dataclass(frozen=True)
class Flexcheck:
    """The toe-touch self-check offered every so many days instead of the usual stretch."""

    every_days: int = 14


#: The most reminders a user can define.
MAX_REMINDERS = 8


@dataclass(frozen=True)
class Reminder:
    """A reminder of the user's own ("Drink some water"), shown as a notification when due.

    ``days`` empty means every day; ``start`` and ``end`` (``"HH:MM"``) empty mean all day.
    """

    text: str
    interval_minutes: int = 60
    days: tuple[str, ...] = ()
    start: str = ""
    end: str = ""
    enabled: bool = True


@dataclass(frozen=True)
class Preferences:
    breaks: Breaks = field(default_factory=Breaks)
    notifications: Notifications = field(default_factory=Notifications)
    schedule: Schedule = field(default_factory=Schedule)
    idle: Idle = field(default_factory=Idle)
    stretches: Stretches = field(default_factory=Stretches)
    general: General = field(default_factory=General)
    dnd: Dnd = field(default_factory=Dnd)
    micro: Micro = field(default_factory=Micro)
    history: History = field(default_factory=History)
    flexcheck: Flexcheck = field(default_factory=Flexcheck)
    # An array of tables in the file, not a section of keys (see settings.schema.SECTIONS).
    reminders: tuple[Reminder, ...] = ()
