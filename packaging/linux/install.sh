#!/bin/sh
# install.sh - install the DeskStretch Linux bundle for the current user (no root needed).
# Run it from the unpacked bundle folder:
#   ./install.sh               install into ~/.local (or $PREFIX)
#   ./install.sh --uninstall   remove what install.sh put there (your settings stay)
# It copies the app to PREFIX/lib/deskstretch, links PREFIX/bin/deskstretch, and installs the menu
# entry, the AppStream metadata and the icons so the desktop shows DeskStretch like any other app.
set -eu
APP_ID=io.github.deskstretch.DeskStretch
here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-$HOME/.local}
app_dir=$prefix/lib/deskstretch
share=$prefix/share

refresh() {
  # optional caches; desktops also notice the files without them
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$share/applications" || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$app_dir"
  rm -f "$prefix/bin/deskstretch" "$share/applications/$APP_ID.desktop" "$share/metainfo/$APP_ID.metainfo.xml"
  find "$share/icons/hicolor" -name "$APP_ID.*" -type f -exec rm -f {} + 2>/dev/null || true
  refresh
  echo "DeskStretch removed from $prefix (settings in ~/.config/deskstretch are kept)."
  exit 0
fi

[ -x "$here/deskstretch" ] || { echo "install.sh: run me from the unpacked DeskStretch folder" >&2; exit 2; }
mkdir -p "$prefix/bin" "$share/applications" "$share/metainfo" "$share/icons"
if [ "$here" != "$app_dir" ]; then
  rm -rf "$app_dir"
  mkdir -p "$(dirname "$app_dir")"
  cp -a "$here" "$app_dir"
fi
ln -sf "$app_dir/deskstretch" "$prefix/bin/deskstretch"
# the menu entry starts the app by its full path: ~/.local/bin is not on every session's PATH
case "$app_dir" in
  *[\ \"\`\$\\]*) exec_line="\"$(printf '%s' "$app_dir/deskstretch" | sed 's/[\\"`$]/\\\\&/g')\"" ;;
  *) exec_line="$app_dir/deskstretch" ;;
esac
sed "s|^Exec=deskstretch\$|Exec=$exec_line|" "$here/share/applications/$APP_ID.desktop" \
  > "$share/applications/$APP_ID.desktop"
cp "$here/share/metainfo/$APP_ID.metainfo.xml" "$share/metainfo/"
cp -R "$here/share/icons/hicolor" "$share/icons/"
refresh
echo "DeskStretch installed in $app_dir; start it from the app menu or with: $prefix/bin/deskstretch"
