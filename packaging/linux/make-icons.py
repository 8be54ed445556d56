#!/usr/bin/env python3
"""Render the app icon for desktops and installers from the one SVG master.

    .venv/bin/python packaging/linux/make-icons.py                 # refresh packaging/linux/icons
    .venv/bin/python packaging/linux/make-icons.py --check         # exit 1 if they are out of date
    .venv/bin/python packaging/linux/make-icons.py --out build/icons --installers

Writes ``hicolor/scalable/apps/APP_ID.svg`` (a byte copy of the master
``deskstretch/data/icons/deskstretch.svg``) and ``hicolor/NxN/apps/APP_ID.png`` for N in SIZES,
rendered with Qt's SVG renderer (the renderer the app itself uses for the tray). With
``--installers`` also ``deskstretch.ico`` (Windows, PNG entries) and ``DeskStretch.icns`` (macOS),
written by hand: both are small container formats.
"""

# ruff: noqa: T201  (a command-line script: it reports with print)
from __future__ import annotations

import argparse
import os
import struct
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "io.github.deskstretch.DeskStretch"
MASTER = ROOT / "deskstretch" / "data" / "icons" / "deskstretch.svg"
DEFAULT_OUT = ROOT / "packaging" / "linux" / "icons"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 256)
# icns element types holding PNG data, by pixel size (several types share a size: 1x and 2x slots)
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)


def render_png(svg: bytes, size: int) -> bytes:
    """The SVG rendered to a size x size PNG with a transparent background."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise SystemExit(f"make-icons: {MASTER} is not a valid SVG for Qt")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    buf.close()
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico with PNG-compressed entries (Vista and later read them)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in the directory entry
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        blobs += blob
    return header + entries + blobs


def icns(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns holding PNG elements."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
        for kind, size in ICNS_TYPES
        if size in pngs
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def expected_files(installers: bool) -> dict[str, bytes]:
    """Relative path -> content of every file this script writes."""
    svg = MASTER.read_bytes()
    files = {f"hicolor/scalable/apps/{APP_ID}.svg": svg}
    pngs = {size: render_png(svg, size) for size in sorted({*SIZES, *ICO_SIZES})}
    for size in SIZES:
        files[f"hicolor/{size}x{size}/apps/{APP_ID}.png"] = pngs[size]
    if installers:
        files["deskstretch.ico"] = ico({s: pngs[s] for s in ICO_SIZES})
        files["DeskStretch.icns"] = icns(pngs)
    return files


def same_pixels(a: bytes, b: bytes) -> bool:
    """Whether two PNGs show the same render: PNG bytes differ with the zlib build, and the
    pixels of a render by as much as the app's stated rendering noise across machines."""
    from PySide6.QtGui import QImage

    sys.path.insert(0, str(ROOT))
    from deskstretch.ui.icons import RENDER_TOLERANCE, render_difference

    ia, ib = QImage.fromData(a), QImage.fromData(b)
    return not ia.isNull() and render_difference(ia, ib) <= RENDER_TOLERANCE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--installers", action="store_true", help="also write .ico and .icns")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    ns = parser.parse_args(argv)

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(["make-icons"])  # noqa: F841 - keeps Qt up
    files = expected_files(ns.installers or ns.out != DEFAULT_OUT)

    if ns.check:
        stale = []
        for rel, content in files.items():
            path = ns.out / rel
            if not path.is_file():
                stale.append(f"missing {rel}")
                continue
            old = path.read_bytes()
            same = same_pixels(old, content) if rel.endswith(".png") else old == content
            if not same:
                stale.append(f"differs {rel}")
        for line in stale:
            print(f"make-icons: {line}", file=sys.stderr)
        if stale:
            print("make-icons: run packaging/linux/make-icons.py to refresh", file=sys.stderr)
        return 1 if stale else 0

    for rel, content in files.items():
        path = ns.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as tmp:
            tmp.write(content)
        os.replace(tmp.name, path)
        os.chmod(path, 0o644)
    print(f"make-icons: wrote {len(files)} files to {ns.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
