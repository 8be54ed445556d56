"""Recording doubles for the controller's ports (notifier, stretch window, idle, do-not-disturb)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from deskstretch.catalogue.model import Stretch
from deskstretch.core.events import MicroOutcome
from deskstretch.core.history import Record, StretchDone
from deskstretch.core.outcome import Outcome
from deskstretch.core.ports import DeliveryResult, Notice
from deskstretch.settings.model import Dnd


class RecordingNotifier:
    """Delivers nothing, remembers every notice."""

    name = "recording"

    def __init__(self, deliver: bool = True) -> None:
        self.notices: list[Notice] = []
        self.withdrawn: list[str] = []  # the tags withdrawn, in order
        self.deliver = deliver

    def notify(self, notice: Notice) -> DeliveryResult:
        self.notices.append(notice)
        return DeliveryResult(self.deliver, self.name)

    def withdraw(self, tag: str) -> None:
        self.withdrawn.append(tag)


class FakeWindow:
    """Stands in for the stretch window; the test finishes it.

    Like the real window it reports its outcome once: closing it before the routine ended
    reports "skipped".
    """

    def __init__(
        self, stretches: Sequence[Stretch], on_finished: Callable[[Outcome], None]
    ) -> None:
        self.stretches = list(stretches)
        self.on_finished = on_finished
        self.started = False
        self.closed = False
        self.outcome: Outcome | None = None
        self.done: tuple[StretchDone, ...] | None = None
        self.early = False

    def start(self) -> None:
        self.started = True

    def close(self) -> bool:
        self.closed = True
        if self.outcome is None:
            self.finish("skipped")
        return True

    def finish(self, outcome: Outcome = "completed") -> None:
        if self.outcome is None:
            self.outcome = outcome
            self.on_finished(outcome)

    def progress(self) -> tuple[StretchDone, ...]:
        """What the test says the user did (every stretch done, unless ``done`` is set)."""
        if self.done is not None:
            return self.done
        return tuple(
            StretchDone(s.id, s.reps, s.reps, s.reps * (2 if s.sides else 0), "finish", "completed")
            for s in self.stretches
        )

    @property
    def closed_early(self) -> bool:
        return self.early


class WindowRecorder:
    """A window factory that records the windows it made."""

    def __init__(self) -> None:
        self.windows: list[FakeWindow] = []

    def __call__(
        self,
        stretches: Sequence[Stretch],
        reduced_motion: bool,
        next_break_text: Callable[[], str],
        on_finished: Callable[[Outcome], None],
    ) -> FakeWindow:
        window = FakeWindow(stretches, on_finished)
        self.windows.append(window)
        return window


class FakeMicroPanel:
    """Stands in for the micro-break panel; the test ends it (by itself, or clicked away)."""

    def __init__(self, on_closed: Callable[[MicroOutcome], None]) -> None:
        self.on_closed = on_closed
        self.cue_id = ""
        self.seconds = 0.0
        self.closed = False

    def show_cue(self, cue_id: str, seconds: float, *, dark: bool, reduced_motion: bool) -> None:
        self.cue_id = cue_id
        self.seconds = seconds

    def close(self) -> bool:
        self.closed = True
        return True

    def end(self, outcome: MicroOutcome) -> None:
        self.closed = True
        self.on_closed(outcome)


class MicroRecorder:
    """A micro-panel factory that records the panels it made."""

    def __init__(self) -> None:
        self.panels: list[FakeMicroPanel] = []

    def __call__(self, on_closed: Callable[[MicroOutcome], None]) -> FakeMicroPanel:
        panel = FakeMicroPanel(on_closed)
        self.panels.append(panel)
        return panel


class MemoryHistory:
    """The History port in memory (the real store is an SQLite file; see platform.history_db)."""

    def __init__(self) -> None:
        self.kept: list[Record] = []
        self.opened = 0
        self.closed = False

    def add(self, record: Record) -> None:
        self.kept.append(record)

    def records(self, since: date | None = None) -> list[Record]:
        return [r for r in self.kept if since is None or r.day >= since]

    def open(self) -> MemoryHistory:
        self.opened += 1
        return self

    def first_day(self) -> date | None:
        return min((r.day for r in self.kept), default=None)

    def close(self) -> None:
        self.closed = True


class FakeIdle:
    """An idle monitor whose idle time the test sets."""

    name = "fake"

    def __init__(self, seconds: float | None = 0.0) -> None:
        self.seconds = seconds

    def idle_seconds(self) -> float | None:
        return self.seconds


class FakeIdleEvents(FakeIdle):
    """An idle source that reports changes as events: the test sets the idle time and calls
    :meth:`changed` where the desktop would report a threshold crossed or input after one."""

    def __init__(self, seconds: float | None = 0.0, works: bool = True) -> None:
        super().__init__(seconds)
        self.works = works
        self.thresholds: tuple[float, ...] | None = None
        self._changed: Callable[[], None] | None = None
        self.watch_calls = 0

    def watch(self, thresholds: tuple[float, ...], changed: Callable[[], None]) -> bool:
        self.watch_calls += 1
        if not self.works:
            return False
        self.thresholds = thresholds
        self._changed = changed
        return True

    def unwatch(self) -> None:
        self.thresholds = None
        self._changed = None

    def changed(self, seconds: float) -> None:
        """The user has been idle ``seconds`` now (0: they just came back); report it."""
        self.seconds = seconds
        assert self._changed is not None, "nothing watches"
        self._changed()


class FakeDnd:
    """A do-not-disturb probe whose reasons the test sets."""

    def __init__(self) -> None:
        self.reasons: tuple[str, ...] = ()
        self.asked = 0

    def active_reasons(self, settings: Dnd) -> tuple[str, ...]:
        self.asked += 1
        return self.reasons
