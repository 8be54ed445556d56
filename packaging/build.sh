#!/usr/bin/env bash
# packaging/build.sh - build what DeskStretch ships. Run from anywhere; outputs go to the repo's dist/ and
# build/ folders (both git-ignored).
#
#   packaging/build.sh venv     the build tools (requirements/packaging.txt) in build/packaging-venv
#   packaging/build.sh wheel    sdist + wheel into dist/ (or $DIST_DIR)        (python -m build)
#   packaging/build.sh bundle   one-folder app into build/pyinstaller/dist/    (PyInstaller)
#   packaging/build.sh icons    hicolor PNGs 16-512 (+ .ico/.icns inputs) from the SVG master
#   packaging/build.sh dmg      macOS only: DeskStretch-VERSION.dmg from the .app
#   packaging/build.sh all      wheel + bundle
#
# The build venv is made from .venv's interpreter and sees .venv's runtime dependencies (PySide6...)
# through a .pth file, so nothing is downloaded twice and .venv itself is never changed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BASE_PY=${BASE_PY:-$ROOT/.venv/bin/python}
[ -x "$BASE_PY" ] || BASE_PY=$ROOT/.venv/Scripts/python.exe   # Windows (Git Bash)
VENV=$ROOT/build/packaging-venv
if [ -x "$VENV/bin/python" ]; then PY=$VENV/bin/python; else PY=$VENV/Scripts/python.exe; fi
STAMP=$VENV/.installed

say() { printf 'build.sh: %s\n' "$*" >&2; }

make_venv() {
  if [ -f "$STAMP" ] && [ "$STAMP" -nt requirements/packaging.txt ]; then return 0; fi
  [ -x "$BASE_PY" ] || { say "no $BASE_PY: run 'make setup' first"; exit 2; }
  say "creating $VENV"
  "$BASE_PY" -m venv "$VENV"
  if [ -x "$VENV/bin/python" ]; then PY=$VENV/bin/python; else PY=$VENV/Scripts/python.exe; fi
  local site deps
  site=$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  deps=$("$BASE_PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  # A plain path line: .venv's packages become importable, but .venv's own .pth files (the editable
  # deskstretch install) are NOT run, so the bundle and the wheel test see only what they should.
  printf '%s\n' "$deps" > "$site/_deskstretch_runtime_deps.pth"
  "$PY" -m pip install --quiet --disable-pip-version-check -r requirements/packaging.txt
  touch "$STAMP"
}

version() { "$BASE_PY" -c 'import re,sys; print(re.search(r"__version__ = \"(.+?)\"", open("deskstretch/__init__.py").read()).group(1))'; }

build_wheel() {
  make_venv
  local out=${DIST_DIR:-$ROOT/dist}
  mkdir -p "$out"
  # --no-isolation: the pinned setuptools/wheel of the build venv, no download per build
  "$PY" -m build --no-isolation --sdist --wheel --outdir "$out" "$ROOT" >&2
  say "built $out/deskstretch-$(version).tar.gz and $out/deskstretch-$(version)-py3-none-any.whl"
}

build_icons() {
  "$BASE_PY" packaging/linux/make-icons.py --out build/icons
}

build_bundle() {
  make_venv
  build_icons >/dev/null
  local t0=$SECONDS
  # PyInstaller's cache (bincache) per checkout, not the user's ~/.cache/pyinstaller: it is not
  # safe for two builds at once (two checkouts, or two users' test runs).
  export PYINSTALLER_CONFIG_DIR=${PYINSTALLER_CONFIG_DIR:-$ROOT/build/pyinstaller/config}
  "$PY" -m PyInstaller --noconfirm --log-level WARN \
    --distpath build/pyinstaller/dist --workpath build/pyinstaller/work \
    packaging/pyinstaller/deskstretch.spec
  local out=build/pyinstaller/dist/deskstretch
  if [ -d "$out" ] && [ "$(uname)" = Linux ]; then
    # desktop files and a per-user installer travel with the Linux bundle
    local id=io.github.deskstretch.DeskStretch
    mkdir -p "$out/share/applications" "$out/share/metainfo" "$out/share/icons"
    cp packaging/linux/$id.desktop "$out/share/applications/"
    cp packaging/linux/$id.metainfo.xml "$out/share/metainfo/"
    cp -R packaging/linux/icons/hicolor "$out/share/icons/"
    cp packaging/linux/install.sh "$out/install.sh"
  fi
  [ -d "$out" ] || out=build/pyinstaller/dist/DeskStretch.app
  say "bundle: $out ($(du -sh "$out" | cut -f1)) in $((SECONDS - t0)) s"
}

build_dmg() {
  [ "$(uname)" = Darwin ] || { say "dmg: macOS only"; exit 2; }
  packaging/macos/make-dmg.sh build/pyinstaller/dist/DeskStretch.app "dist/DeskStretch-$(version).dmg"
}

case "${1:-all}" in
  venv) make_venv ;;
  wheel) build_wheel ;;
  bundle) build_bundle ;;
  icons) build_icons ;;
  dmg) build_dmg ;;
  all) build_wheel; build_bundle ;;
  *) echo "usage: packaging/build.sh venv|wheel|bundle|icons|dmg|all" >&2; exit 2 ;;
esac
