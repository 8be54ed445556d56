from deskstretch.core.rotation import Rotation

ORDER = ("hip-flexor", "trunk-rotation", "camel")


def test_short_breaks_take_the_stretches_in_turn_and_wrap_around() -> None:
    rotation = Rotation()
    seen = []
    for _ in range(4):
        seen.append(rotation.peek(ORDER))
        rotation = rotation.advanced(ORDER)
    assert seen == [("hip-flexor",), ("trunk-rotation",), ("camel",), ("hip-flexor",)]


def test_a_long_break_takes_several_in_a_row_and_the_next_one_continues_after_them() -> None:
    rotation = Rotation("trunk-rotation")
    assert rotation.peek(ORDER, 2) == ("trunk-rotation", "camel")
    assert rotation.advanced(ORDER, 2).peek(ORDER) == ("hip-flexor",)


def test_a_long_break_never_repeats_a_stretch_when_few_are_enabled() -> None:
    assert Rotation().peek(ORDER[:2], 5) == ("hip-flexor", "trunk-rotation")


def test_reordering_or_disabling_keeps_a_sensible_place() -> None:
    rotation = Rotation("camel")
    assert rotation.peek(("camel", "hip-flexor")) == ("camel",)
    assert rotation.peek(("hip-flexor", "trunk-rotation")) == ("hip-flexor",)


def test_no_enabled_stretches_gives_an_empty_break() -> None:
    assert Rotation().peek(()) == ()
    assert Rotation().advanced(()) == Rotation()
