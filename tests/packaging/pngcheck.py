"""Read PNG files without Qt: size and a few pixel statistics, enough to tell a blank frame.

Handles what Qt and most tools write: 8-bit greyscale, RGB, RGBA (with or without alpha), palette,
not interlaced. Anything else raises ``ValueError`` (a test should fail loudly, not guess).
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


@dataclass(frozen=True)
class PngStats:
    """What a test needs to know about an image."""

    width: int
    height: int
    colours: int  # distinct pixel values (RGBA), capped at 4096
    top_colour_share: float  # share of pixels having the most common value (1.0 = one flat colour)
    digest: int  # CRC-32 of the pixel data, to compare two frames


def size(path: Path) -> tuple[int, int]:
    """Width and height from the IHDR chunk."""
    data = path.read_bytes()[:32]
    if not data.startswith(SIGNATURE) or data[12:16] != b"IHDR":
        raise ValueError(f"{path} is not a PNG file")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def _rows(path: Path) -> tuple[int, int, int, list[bytearray], bytes]:
    data = path.read_bytes()
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path} is not a PNG file")
    pos, idat, palette = 8, b"", b""
    width = height = depth = ctype = interlace = -1
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, ctype, _c, _f, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"PLTE":
            palette = body
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    if depth != 8 or interlace != 0 or ctype not in _CHANNELS:
        raise ValueError(
            f"{path}: unsupported PNG (depth {depth}, type {ctype}, interlace {interlace})"
        )
    bpp = _CHANNELS[ctype]
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytearray] = []
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind_byte, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = prev[i]
            if kind_byte == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind_byte == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind_byte == 3:
                line[i] = (line[i] + ((left + up) >> 1)) & 0xFF
            elif kind_byte == 4:
                up_left = prev[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + _paeth(left, up, up_left)) & 0xFF
        rows.append(line)
        prev = line
    return width, height, ctype, rows, palette


def stats(path: Path, step: int = 1) -> PngStats:
    """Decode ``path`` and count its colours (every ``step``-th pixel in both directions)."""
    width, height, ctype, rows, palette = _rows(path)
    bpp = _CHANNELS[ctype]
    counts: dict[bytes, int] = {}
    for row in rows[::step]:
        for x in range(0, width, step):
            px = bytes(row[x * bpp : (x + 1) * bpp])
            if ctype == 3:
                px = palette[px[0] * 3 : px[0] * 3 + 3]
            counts[px] = counts.get(px, 0) + 1
            if len(counts) > 4096:
                break
    total = sum(counts.values())
    return PngStats(
        width=width,
        height=height,
        colours=len(counts),
        top_colour_share=max(counts.values()) / total,
        digest=zlib.crc32(b"".join(bytes(r) for r in rows)),
    )


def assert_frames_show_a_moving_figure(out: Path) -> None:
    """PNG frames exist, are not blank, and the figure moves between them."""
    frames = sorted(out.glob("frame-*.png"))
    assert len(frames) >= 10, sorted(p.name for p in out.iterdir())
    assert (out / "contact-sheet.png").exists()
    first, middle = (
        stats(frames[0], step=4),
        stats(frames[len(frames) // 2], step=4),
    )
    for st in (first, middle):
        assert (st.width, st.height) == (800, 600)
        # a blank frame is one flat colour; a drawn figure and text add many shades
        assert st.colours > 20, st
        assert st.top_colour_share < 0.97, st
    assert first.digest != middle.digest, "the figure did not move"
