#!/usr/bin/env bash
# make-dmg.sh APP DMG - pack DeskStretch.app into a compressed disk image with an Applications link,
# so the user drags the app across to install it. macOS only (hdiutil); no third-party tools.
#   packaging/macos/make-dmg.sh build/pyinstaller/dist/DeskStretch.app dist/DeskStretch-0.1.0.dmg
# Sign the .app BEFORE this step and notarise the .dmg AFTER it (see packaging/README.md).
set -euo pipefail
app=${1:?usage: make-dmg.sh APP DMG}
dmg=${2:?usage: make-dmg.sh APP DMG}
[ -d "$app" ] || { echo "make-dmg: no app bundle at $app" >&2; exit 2; }
command -v hdiutil >/dev/null || { echo "make-dmg: needs hdiutil (macOS)" >&2; exit 2; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
# ditto keeps the bundle's symlinks, extended attributes and code signature intact (cp -R may not)
ditto "$app" "$stage/$(basename "$app")"
ln -s /Applications "$stage/Applications"
mkdir -p "$(dirname "$dmg")"
rm -f "$dmg"
hdiutil create -volname "DeskStretch" -srcfolder "$stage" -fs HFS+ -format UDZO -ov "$dmg"
echo "make-dmg: wrote $dmg ($(du -h "$dmg" | cut -f1))"
