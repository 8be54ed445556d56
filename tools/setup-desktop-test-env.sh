#!/usr/bin/env bash
# setup-desktop-test-env.sh (DeskStretch's copy; x11-utils, openbox, libxss1, python3-venv, desktop-file-utils, appstream and the pulseaudio packages added) - Debian 12 (bookworm) packages needed to run and test the PySide6 tray app
# on a machine without a screen:
#   * Qt offscreen            (QT_QPA_PLATFORM=offscreen)  - libraries PySide6's wheels do not bundle + a font
#   * Qt xcb under Xvfb       (QT_QPA_PLATFORM=xcb)        - the xcb plugin's libraries + xvfb/xauth
#   * a system tray host      (trayer, XEmbed) and xdotool for real clicks
#   * a notification daemon   (dunst) on a private session D-Bus, notify-send, dbus-monitor
#   * a wlroots desktop       (sway headless, waybar as the SNI tray, mako, grim, wtype)
#   * GNOME Shell headless (Wayland) with its notification service, for the GNOME e2e tests
#   * a sound server          (pulseaudio, started privately by the tests) and pactl/parecord, for the
#                             microphone-in-use check
#
# Idempotent: asks dpkg what is installed and only calls apt-get for missing packages
# (runs `apt-get update` only if a missing package has no install candidate).
# Runs apt as root, through sudo when not root. Safe while another apt runs (waits for the dpkg lock).
#
# Usage: setup-desktop-test-env.sh [options]
#   --offscreen-only   only what QT_QPA_PLATFORM=offscreen needs (no X server, tray, D-Bus, dunst)
#   --runtime          what running the app on a desktop needs (Qt offscreen + xcb libraries, venv)
#   --bundle           also what building the standalone bundle needs (binutils; libpython3.X for
#                      Debian's python3, or the interpreter named by $PYTHON); implied by the full set
#   --with-multimedia  also libpulse0: `import PySide6.QtMultimedia` (PySide6-Addons) fails without it
#   --with-dbus-build  also what `pip install dbus-python` needs to compile (sdist only on PyPI)
#   --check            install nothing; list missing packages; exit 1 if any are missing
#   --list             print the package list for the chosen options and exit
#   --self-test [PY]   after installing, start Xvfb + trayer + private D-Bus + dunst and check that they
#                      work; with PY (a python that has PySide6) also check Qt offscreen, xcb, fonts, tray
#   -h | --help
set -euo pipefail

# --- package sets (Debian 12 names; each verified on a debootstrap --variant=minbase bookworm) ---------
# PySide6-Essentials 6.x: QtCore needs libglib2.0-0; QtGui needs libGL/libEGL/libxkbcommon/libfontconfig/
# libfreetype/libdbus/libX11. libfontconfig1 pulls fonts-dejavu-core in on Debian, listed anyway: without
# any font Qt draws every glyph as a box and says nothing.
QT_OFFSCREEN_PKGS=(libglib2.0-0 libgl1 libegl1 libx11-6 libxkbcommon0 libfontconfig1 libfreetype6
                   libdbus-1-3 fonts-dejavu-core)
# libqxcb.so (Qt >= 6.5): missing ones show up one by one with QT_DEBUG_PLUGINS=1; on minbase the first
# five were missing, the rest came in as dependencies but are linked directly, so they are named too.
QT_XCB_PKGS=(libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
             libxcb-image0 libxcb-randr0 libxcb-render-util0 libxcb-render0 libxcb-shm0 libxcb-sync1
             libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libxcb1 libx11-xcb1)
X_TOOLS_PKGS=(xvfb xauth xdotool trayer x11-utils openbox libxss1)
# validators for the packaged .desktop and AppStream files
PACKAGING_PKGS=(desktop-file-utils appstream)
# A CJK font, so that Japanese and Chinese windows (tools/render_windows.py --lang ja) show their
# glyphs rather than boxes when people look at them; the tests measure with whatever font is there and
# need none. WenQuanYi Micro Hei: 1.6 MB download, 5 MB installed (fonts-noto-cjk: 57 MB / 91 MB);
# it covers kana, kanji and simplified hanzi (kanji in Chinese glyph forms: fine for layout checks).
FONT_PKGS=(fonts-wqy-microhei)
# python3-venv: Debian's python3 cannot make a venv without it
PY_PKGS=(python3-venv)
# dbus-x11 must be installed together with (or before) dunst: dunst depends on
# "default-dbus-session-bus | dbus-session-bus" and apt otherwise picks dbus-user-session, which pulls in
# systemd + libpam-systemd. dbus-x11 provides dbus-session-bus (and dbus-daemon, dbus-bin).
NOTIFY_PKGS=(dbus-x11 dbus-daemon dbus-bin dunst libnotify-bin)
# pactl and parecord work with PulseAudio and with PipeWire's pulse server; the pulseaudio daemon (the
# tests start a private one) is left out where pipewire-pulse is installed: the two conflict in apt.
AUDIO_PKGS=(pulseaudio-utils)
if ! dpkg-query -W -f='${Status}' pipewire-pulse 2>/dev/null | grep -q "ok installed"; then
  AUDIO_PKGS+=(pulseaudio)
fi
MULTIMEDIA_PKGS=(libpulse0)
# The accessibility e2e test: the AT-SPI bus (at-spi-bus-launcher, registryd) and the inspector's
# pyatspi, which works with Debian's /usr/bin/python3 only (the test runs it as a separate process).
A11Y_PKGS=(at-spi2-core python3-pyatspi)
# GNOME Shell 43 headless on Wayland (tests/helpers/gnome.py): gnome-shell (mutter comes with it) and gjs,
# which runs its notification service (org.freedesktop.Notifications); gsettings-desktop-schemas holds the
# schemas the shell reads. No xwayland: the tests start the shell with --no-x11. About 230 packages with
# --no-install-recommends (with sway and waybar); dpkg took 30 s here, plus the download.
GNOME_PKGS=(gnome-shell gjs gsettings-desktop-schemas)
# The wlroots desktop of the tests (tests/helpers/sway.py): headless sway, waybar as the
# StatusNotifierItem host, mako as the notification server, grim (screenshots), wtype (typed keys);
# Qt's wayland platform plugin needs the libwayland client libraries. sway runs as uid 1000 in a
# user namespace (unshare, from util-linux, which Debian always has) because it refuses root.
SWAY_PKGS=(sway waybar mako-notifier grim wtype libwayland-client0 libwayland-cursor0 libwayland-egl1)
# The standalone bundle (PyInstaller, built by the packaging tests and `make bundle`) needs objdump and
# the interpreter's shared library, which Debian's own python3 keeps in a package of its own.
BUNDLE_PKGS=(binutils)
py=$(command -v "${PYTHON:-python3}" 2>/dev/null || true)
case "$(readlink -f "${py:-/nonexistent}")" in
  /usr/bin/python3.*) BUNDLE_PKGS+=("libpython$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')") ;;
esac
DBUS_BUILD_PKGS=(gcc pkg-config libdbus-1-dev libglib2.0-dev)

runtime=0 bundle=0 offscreen_only=0 multimedia=0 dbus_build=0 check_only=0 list_only=0 self_test=0 self_test_py=""
while [ $# -gt 0 ]; do
  case "$1" in
    --offscreen-only) offscreen_only=1 ;;
    --runtime) runtime=1 ;;
    --bundle) bundle=1 ;;
    --with-multimedia) multimedia=1 ;;
    --with-dbus-build) dbus_build=1 ;;
    --check) check_only=1 ;;
    --list) list_only=1 ;;
    --self-test)
      self_test=1
      if [ $# -gt 1 ] && [ "${2#-}" = "$2" ]; then self_test_py="$2"; shift; fi ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup-desktop-test-env: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

pkgs=("${PY_PKGS[@]}" "${QT_OFFSCREEN_PKGS[@]}")
if [ "$runtime" = 1 ]; then pkgs+=("${QT_XCB_PKGS[@]}"); offscreen_only=1; fi
if [ "$offscreen_only" = 0 ]; then pkgs+=("${QT_XCB_PKGS[@]}" "${X_TOOLS_PKGS[@]}" "${NOTIFY_PKGS[@]}" "${PACKAGING_PKGS[@]}" "${AUDIO_PKGS[@]}" "${A11Y_PKGS[@]}" "${FONT_PKGS[@]}" "${SWAY_PKGS[@]}" "${GNOME_PKGS[@]}"); bundle=1; fi
if [ "$bundle" = 1 ]; then pkgs+=("${BUNDLE_PKGS[@]}"); fi
if [ "$multimedia" = 1 ]; then pkgs+=("${MULTIMEDIA_PKGS[@]}"); fi
if [ "$dbus_build" = 1 ]; then pkgs+=("${DBUS_BUILD_PKGS[@]}"); fi

if [ "$list_only" = 1 ]; then printf '%s\n' "${pkgs[@]}"; exit 0; fi

log() { printf 'setup-desktop-test-env: %s\n' "$*" >&2; }

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  log "needs a Debian-based system (dpkg-query/apt-get not found)"; exit 2
fi
if [ -r /etc/os-release ]; then
  # shellcheck disable=SC1091
  . /etc/os-release
  [ "${VERSION_CODENAME:-}" = bookworm ] || log "note: written for Debian 12 (bookworm); this is ${PRETTY_NAME:-unknown}"
fi

is_installed() { [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]; }

missing=()
for p in "${pkgs[@]}"; do is_installed "$p" || missing+=("$p"); done

if [ "$check_only" = 1 ]; then
  if [ ${#missing[@]} -eq 0 ]; then log "all ${#pkgs[@]} packages installed"; exit 0; fi
  log "missing: ${missing[*]}"; exit 1
fi

if [ ${#missing[@]} -eq 0 ]; then
  log "all ${#pkgs[@]} packages already installed, nothing to do"
else
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      log "not root and no sudo; as root run: apt-get install --no-install-recommends ${missing[*]}"; exit 1
    fi
    if [ -t 0 ]; then SUDO=(sudo); else SUDO=(sudo -n); fi   # no terminal (CI): never wait for a password
    if ! "${SUDO[@]}" true; then
      log "sudo is not usable here; as root run: apt-get install --no-install-recommends ${missing[*]}"; exit 1
    fi
  fi
  APT=("${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -o APT::Get::Assume-Yes=true)
  need_update=0
  for p in "${missing[@]}"; do
    cand=$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')
    if [ -z "$cand" ] || [ "$cand" = "(none)" ]; then need_update=1; break; fi
  done
  if [ "$need_update" = 1 ]; then log "apt-get update"; "${APT[@]}" update -q; fi
  log "installing ${#missing[@]} package(s): ${missing[*]}"
  "${APT[@]}" install -q --no-install-recommends "${missing[@]}"
  still=()
  for p in "${missing[@]}"; do is_installed "$p" || still+=("$p"); done
  if [ ${#still[@]} -gt 0 ]; then log "still missing after install: ${still[*]}"; exit 1; fi
  log "done"
fi

[ "$self_test" = 1 ] || exit 0

# ---------------------------------------------------------------------------------------------------
# self-test: everything started here is stopped by its PID on exit
pids=()
tmp=$(mktemp -d)
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { log "SELF-TEST FAILED: $*"; exit 1; }
ok() { log "self-test ok: $*"; }

if [ -n "$self_test_py" ]; then
  QT_QPA_PLATFORM=offscreen "$self_test_py" - <<'PY' || fail "Qt offscreen"
import sys
from PySide6.QtWidgets import QApplication, QLabel
from PySide6.QtGui import QFontDatabase, QFontInfo, QFont
app = QApplication(sys.argv)
w = QLabel("Hello"); w.show(); app.processEvents()
fam = QFontInfo(QFont()).family()
assert fam, "no usable font (Qt would draw boxes): install fonts-dejavu-core"
assert not w.grab().isNull()
print("offscreen ok, default font:", fam)
PY
  ok "Qt offscreen"
fi
[ "$offscreen_only" = 1 ] && exit 0

Xvfb -displayfd 5 -screen 0 1280x800x24 -nolisten tcp 5>"$tmp/display" 2>"$tmp/xvfb.log" &
pids+=($!)
for _ in $(seq 100); do [ -s "$tmp/display" ] && break; sleep 0.05; done
[ -s "$tmp/display" ] || fail "Xvfb did not start: $(cat "$tmp/xvfb.log")"
DISPLAY=":$(tr -d '[:space:]' < "$tmp/display")"
export DISPLAY
xdotool getdisplaygeometry >/dev/null || fail "cannot talk to Xvfb on $DISPLAY"
ok "Xvfb on $DISPLAY"

trayer --edge top --align right --widthtype pixel --width 200 --height 32 --SetDockType true \
       --transparent false >"$tmp/trayer.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do xdotool search --classname trayer >/dev/null 2>&1 && break; sleep 0.05; done
xdotool search --classname trayer >/dev/null 2>&1 || fail "trayer window not found: $(cat "$tmp/trayer.log")"
ok "trayer (XEmbed tray host) running"

bus=$(dbus-daemon --session --fork --nopidfile --print-address=1 --print-pid=1 2>"$tmp/dbus.log") \
  || fail "dbus-daemon: $(cat "$tmp/dbus.log")"
DBUS_SESSION_BUS_ADDRESS=$(sed -n 1p <<<"$bus")
export DBUS_SESSION_BUS_ADDRESS
pids+=("$(sed -n 2p <<<"$bus")")
dunst >"$tmp/dunst.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null | grep -q 'boolean true' && break
  sleep 0.05
done
dbus-monitor --session "type='method_call',interface='org.freedesktop.Notifications',member='Notify'" \
  >"$tmp/monitor.log" 2>&1 &
pids+=($!)
sleep 0.3
notify-send -a setup-self-test "self-test" "notification via dunst" || fail "notify-send: $(cat "$tmp/dunst.log")"
for _ in $(seq 40); do grep -q 'string "self-test"' "$tmp/monitor.log" && break; sleep 0.05; done
grep -q 'string "self-test"' "$tmp/monitor.log" || fail "Notify call not seen on the session bus"
ok "dunst owns org.freedesktop.Notifications; Notify seen by dbus-monitor"

if [ -n "$self_test_py" ]; then
  QT_QPA_PLATFORM=xcb "$self_test_py" - <<'PY' || fail "Qt xcb/tray (run with QT_DEBUG_PLUGINS=1 for the missing library)"
import sys, time
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
from PySide6.QtGui import QPixmap, QIcon, QColor
app = QApplication(sys.argv)
assert app.platformName() == "xcb", app.platformName()
end = time.time() + 5
while not QSystemTrayIcon.isSystemTrayAvailable() and time.time() < end:
    app.processEvents(); time.sleep(0.05)
assert QSystemTrayIcon.isSystemTrayAvailable(), "no system tray"
pm = QPixmap(22, 22); pm.fill(QColor("orange"))
ti = QSystemTrayIcon(QIcon(pm)); ti.show()
end = time.time() + 5
while (ti.geometry().width() == 0 or ti.geometry().topLeft().isNull()) and time.time() < end:
    app.processEvents(); time.sleep(0.05)
g = ti.geometry()
assert g.width() > 0 and not g.topLeft().isNull(), "tray icon not embedded: %r" % g
print("xcb ok, tray icon embedded at", g.x(), g.y(), g.width(), g.height())
PY
  ok "Qt xcb + tray icon embedded"
fi
log "self-test passed"
