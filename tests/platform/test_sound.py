"""The phase cue: which player is chosen, that it really runs, and that it never raises."""

from __future__ import annotations

import logging
import stat
import sys
import wave
from pathlib import Path

import pytest

from deskstretch.platform import sound
from deskstretch.platform.sound import CommandSound, NullSound, pick_sound


def _fake_player(folder: Path, name: str, exit_code: int = 0) -> Path:
    """A stand-in for paplay & co. that records the file it was asked to play."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / name
    log_file = folder / f"{name}.log"
    script.write_text(
        f"#!{sys.executable}\nimport sys\n"
        f"open({str(log_file)!r}, 'a').write(' '.join(sys.argv[1:]) + '\\n')\n"
        f"sys.exit({exit_code})\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return log_file


def test_bundled_cues_are_short_mono_wav_files() -> None:
    cue, done = sound._sound_files()
    for path in (cue, done):
        with wave.open(str(path)) as wav:
            seconds = wav.getnframes() / wav.getframerate()
            assert wav.getnchannels() == 1
            assert 0.1 < seconds < 1.0
            assert any(wav.readframes(wav.getnframes()))  # not silence


def test_sound_off_in_settings_gives_silence(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="deskstretch.platform.sound"):
        cue = pick_sound(False)
    assert isinstance(cue, NullSound)
    cue("hold")  # does nothing, raises nothing
    assert "off" in caplog.text


def test_no_player_on_path_gives_silence_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    cue = pick_sound(True)
    assert isinstance(cue, NullSound)
    assert "paplay" in cue.reason
    cue("finish")


def test_the_first_available_player_plays_the_cue_and_the_finish_sound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    aplay_log = _fake_player(bin_dir, "aplay")
    pw_log = _fake_player(bin_dir, "pw-play")
    monkeypatch.setenv("PATH", str(bin_dir))  # only the fakes: a real paplay must not win
    cue = pick_sound(True)
    assert isinstance(cue, CommandSound)
    assert cue.name == "pw-play"  # paplay is missing; pw-play comes before aplay
    cue("hold")
    cue("finish")
    cue.wait()
    # both players run at once, so their log lines may come in either order
    played = sorted(Path(line).name for line in pw_log.read_text().splitlines())
    assert played == ["cue.wav", "done.wav"]
    assert not aplay_log.exists()


def test_a_failing_player_is_given_up_after_a_few_tries_without_raising(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    log_file = _fake_player(bin_dir, "paplay", exit_code=1)  # e.g. no sound server
    monkeypatch.setenv("PATH", str(bin_dir))
    cue = pick_sound(True)
    assert isinstance(cue, CommandSound)
    for _ in range(sound.MAX_FAILURES):
        cue("move")
        cue.wait()
    assert cue.disabled
    cue("hold")  # silent now: the player is not started again
    cue.wait()
    assert len(log_file.read_text().splitlines()) == sound.MAX_FAILURES


def test_a_player_that_cannot_start_is_reported_not_raised(tmp_path: Path) -> None:
    cue_file, done_file = sound._sound_files()
    cue = CommandSound(str(tmp_path / "vanished-player"), (), cue_file, done_file)
    cue("hold")
    assert cue.failures == 1
