#!/usr/bin/env bash
# make-venv.sh PYTHON DIR - create a virtual environment, installing Debian's python3-venv first when
# the interpreter cannot make one (Debian's python3 ships without ensurepip).
set -euo pipefail
py=$1 dir=$2
"$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || { echo "DeskStretch needs Python >= 3.11; $py is $("$py" --version 2>&1)" >&2; exit 2; }
if [ -x "$dir/bin/python" ]; then exit 0; fi
# venv's error message, in a file of our own (a fixed name in /tmp may belong to another user)
err=$(mktemp "${TMPDIR:-/tmp}/deskstretch-venv.XXXXXX")
trap 'rm -f "$err"' EXIT
if ! "$py" -m venv "$dir" 2>"$err"; then
  rm -rf "$dir"
  ver=$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "python$ver-venv" || DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "python$ver-venv"
  else
    cat "$err" >&2
    echo "Cannot create a venv. As root run: apt-get install python$ver-venv" >&2; exit 2
  fi
  "$py" -m venv "$dir"
fi
