"""The PNG reader the packaging tests use to tell a rendered frame from a blank one."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from tests.packaging import pngcheck

ICONS = Path(__file__).resolve().parents[2] / "packaging" / "linux" / "icons" / "hicolor"


def write_png(path: Path, rows: list[bytes], width: int, ctype: int = 2, filt: int = 0) -> None:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    raw = b"".join(bytes([filt]) + r for r in rows)
    ihdr = struct.pack(">IIBBBBB", width, len(rows), 8, ctype, 0, 0, 0)
    path.write_bytes(
        pngcheck.SIGNATURE
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def test_a_flat_image_is_one_colour(tmp_path: Path) -> None:
    path = tmp_path / "flat.png"
    write_png(path, [b"\xff\xff\xff" * 4] * 3, 4)
    st = pngcheck.stats(path)
    assert (st.width, st.height, st.colours, st.top_colour_share) == (4, 3, 1, 1.0)


def test_sub_filtered_rows_decode_to_distinct_pixels(tmp_path: Path) -> None:
    # filter 1 (Sub): each byte is stored as the difference to the pixel on its left
    path = tmp_path / "ramp.png"
    write_png(path, [b"\x10\x00\x00" + b"\x10\x00\x00" * 3], 4, filt=1)
    st = pngcheck.stats(path)
    assert st.colours == 4


def test_the_app_icon_has_a_figure_on_a_disc() -> None:
    st = pngcheck.stats(ICONS / "64x64" / "apps" / "io.github.deskstretch.DeskStretch.png")
    assert (st.width, st.height) == (64, 64)
    # transparent corners, teal disc, white figure, dark rim, antialiased edges
    assert st.colours > 10
    assert st.top_colour_share < 0.6


def test_not_a_png_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "x.png"
    path.write_bytes(b"GIF89a")
    with pytest.raises(ValueError, match="not a PNG"):
        pngcheck.size(path)


def test_blank_frames_are_caught(tmp_path: Path) -> None:
    # a renderer that drew nothing: every frame one flat colour, all alike
    for i in range(1, 13):
        write_png(tmp_path / f"frame-{i:05d}.png", [b"\xf5\xf6\xfa" * 800] * 600, 800)
    write_png(tmp_path / "contact-sheet.png", [b"\xff\xff\xff"], 1)
    with pytest.raises(AssertionError):
        pngcheck.assert_frames_show_a_moving_figure(tmp_path)
