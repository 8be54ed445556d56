from deskstretch.catalogue.model import Stretch
from tests.helpers.stretches import RecordingSound, make_stretch


def test_make_stretch_gives_the_documented_round_numbers_and_accepts_changes() -> None:
    stretch = make_stretch()
    assert isinstance(stretch, Stretch)
    assert (stretch.reps, stretch.move_seconds, stretch.hold_seconds) == (2, 2.0, 10.0)
    assert stretch.side_list == ("left", "right")
    one_sided = make_stretch("other", sides=False, reps=5)
    assert one_sided.id == "other"
    assert one_sided.side_list == (None,)
    assert one_sided.reps == 5


def test_recording_sound_remembers_the_kinds_in_order() -> None:
    sound = RecordingSound()
    sound("ready")
    sound("hold")
    assert sound.played == ["ready", "hold"]
