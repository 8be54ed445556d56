#!/usr/bin/env bash
# run-tests.sh - the whole suite, as `make test` and CI run it:
#   1. static checks: ruff, mypy --strict, import-linter contracts
#   2. the pure layers (core, catalogue, pose, settings) in a venv WITHOUT PySide6, proving they need no Qt
#   3. everything: unit, GUI (offscreen) and end-to-end tests (real app under Xvfb + trayer + dunst)
# Every step runs; the script fails if any failed. pytest's "no tests collected" (exit 5) is a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
OUT=test-output
mkdir -p "$OUT"
failed=()

step() {
  local name=$1; shift
  echo "=== $name: $*"
  "$@"
  local rc=$?
  if [ "$rc" -eq 5 ]; then echo "=== $name: pytest collected no tests - that is a failure"; failed+=("$name"); 
  elif [ "$rc" -ne 0 ]; then echo "=== $name: FAILED (exit $rc)"; failed+=("$name"); fi
}

step ruff "$BIN/ruff" check deskstretch tests bench tools
step mypy "$BIN/mypy"
step import-contracts "$BIN/lint-imports"

# The pure layers must work where PySide6 is not installed.
if tools/make-venv.sh "${PYTHON:-python3}" .venv-pure >/dev/null; then
  .venv-pure/bin/pip install --quiet --disable-pip-version-check -c requirements/constraints.txt \
    pytest hypothesis tomli-w >/dev/null || failed+=("pure-venv")
  step pure-no-qt env PYTHONPATH=. .venv-pure/bin/python -m pytest -c tests/pure-pytest.ini \
    tests/core tests/catalogue tests/pose tests/settings -q
else
  failed+=("pure-venv")
fi

step pytest "$BIN/python" -m pytest tests "$@" --junitxml="$OUT/junit.xml"

if [ ${#failed[@]} -gt 0 ]; then
  echo "=== FAILED steps: ${failed[*]}"
  exit 1
fi
echo "=== all steps passed"
