"""The recorder turns what happened into history records (issue 15), on a fake clock."""

from __future__ import annotations

from datetime import timedelta

from deskstretch.app.recorder import Recorder
from deskstretch.core.events import (
    AwayEnded,
    BreakSkipped,
    BreakStarted,
    MicroBreakSkipped,
    MicroBreakStarted,
    Snoozed,
)
from deskstretch.core.history import (
    BreakRecord,
    FlexCheck,
    MicroRecord,
    Record,
    Restored,
    SnoozeRecord,
    Span,
    StretchDone,
)
from tests.helpers.fakes import FakeClock
from tests.helpers.recording import MemoryHistory

DONE = StretchDone("hip-flexor", 5, 5, 10, "finish", "completed")


def rig() -> tuple[FakeClock, MemoryHistory, Recorder]:
    clock = FakeClock()
    history = MemoryHistory()
    recorder = Recorder(clock, history.open)
    recorder.started()
    return clock, history, recorder


def spans(history: MemoryHistory, kind: str) -> list[Span]:
    return [r for r in history.kept if isinstance(r, Span) and r.kind == kind]


def test_nothing_is_opened_until_something_is_worth_writing_down() -> None:
    clock, history, recorder = rig()
    clock.advance(600)
    assert history.opened == 0
    recorder.on_events([Snoozed(clock.now() + timedelta(minutes=5), 2)])
    assert history.opened == 1
    assert isinstance(history.kept[-1], SnoozeRecord)


def test_a_break_is_recorded_with_when_it_fell_due_and_how_far_the_user_got() -> None:
    clock, history, recorder = rig()
    start = clock.now()
    clock.advance(1800)
    due = clock.now()
    recorder.on_events([BreakStarted(False, ("hip-flexor",), "scheduled", due=due)])
    assert recorder.break_open == ("hip-flexor",)
    clock.advance(150)
    record = recorder.break_ended("completed", (DONE,))
    assert record == BreakRecord(
        at=due,
        day=due.astimezone(clock.local_zone()).date(),
        due=due,
        ended=clock.now(),
        reason="scheduled",
        end="completed",
        long=False,
        stretches=(DONE,),
    )
    assert history.kept[-1] == record
    # The 30 minutes before the break were time at the computer; the break itself was not.
    active = spans(history, "active")
    assert [(s.start, s.end) for s in active] == [(start, due)]
    assert recorder.break_ended("skipped", ()) is None  # nothing open any more


def test_a_skipped_break_that_never_started_is_recorded_as_missed() -> None:
    _clock, history, recorder = rig()
    recorder.on_events([BreakSkipped()])
    record = history.kept[-1]
    assert isinstance(record, BreakRecord)
    assert record.end == "missed"
    assert record.ended is None


def test_micro_breaks_shown_and_skipped() -> None:
    clock, history, recorder = rig()
    recorder.on_events([MicroBreakStarted("blink", clock.now() + timedelta(seconds=20), "user")])
    clock.advance(20)
    recorder.micro_ended("done")
    recorder.on_events([MicroBreakSkipped()])
    micro = [r for r in history.kept if isinstance(r, MicroRecord)]
    assert [(r.cue_id, r.end) for r in micro] == [("blink", "done"), ("", "missed")]


def test_time_away_splits_the_time_at_the_computer() -> None:
    clock, history, recorder = rig()
    start = clock.now()
    clock.advance(600)
    left = clock.now()
    clock.advance(900)
    back = clock.now()
    recorder.on_events([AwayEnded(left, back, natural=True)])
    clock.advance(300)
    recorder.shutdown()
    assert [(s.start, s.end) for s in spans(history, "natural")] == [(left, back)]
    assert [(s.start, s.end) for s in spans(history, "active")] == [
        (start, left),
        (back, clock.now()),
    ]


def test_holds_pauses_and_sleep_become_spans() -> None:
    clock, history, recorder = rig()
    recorder.holds_changed({"camera"})
    clock.advance(120)
    recorder.holds_changed({"camera", "fullscreen"})
    clock.advance(60)
    recorder.holds_changed(set())
    recorder.pause_changed(True)
    clock.advance(1800)
    recorder.pause_changed(False)
    clock.advance(60)
    recorder.slept(3600)
    holds = sorted((s.reason, (s.end - s.start).total_seconds()) for s in spans(history, "hold"))
    assert holds == [("camera", 180.0), ("fullscreen", 60.0)]
    assert [(s.end - s.start).total_seconds() for s in spans(history, "pause")] == [1800.0]
    assert [(s.end - s.start).total_seconds() for s in spans(history, "asleep")] == [3600.0]


def test_flexibility_answers_and_restored_stretches() -> None:
    clock, history, recorder = rig()
    recorder.flex_answer("ankles")
    recorder.restored("camel")
    assert isinstance(history.kept[-2], FlexCheck)
    assert history.kept[-2].level == "ankles"
    assert history.kept[-1] == Restored(clock.now(), clock.local().date(), "camel")


def test_a_store_that_cannot_be_opened_records_nothing_and_raises_nothing() -> None:
    clock = FakeClock()

    def broken() -> MemoryHistory:
        raise OSError("read-only file system")

    recorder = Recorder(clock, broken)
    recorder.started()
    recorder.on_events([BreakSkipped()])
    assert recorder.records() == []
    recorder.shutdown()


class TroubledHistory(MemoryHistory):
    """A store that keeps working in memory but cannot write its file."""

    problem: str | None = None

    def add(self, record: Record) -> None:
        super().add(record)
        self.problem = "The break history cannot be written (disk full); kept in memory."


def test_a_store_problem_is_told_once() -> None:
    clock = FakeClock()
    history = TroubledHistory()
    told: list[str] = []
    recorder = Recorder(clock, history.open, told.append)
    recorder.on_events([BreakSkipped()])
    recorder.on_events([BreakSkipped()])
    assert told == ["The break history cannot be written (disk full); kept in memory."]
