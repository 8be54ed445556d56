# DeskStretch: the two commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: package bundle readme run test setup system-deps system-deps-runtime system-deps-bundle lint check bench preview clean

## run: set up (venv, pinned deps, Qt's system libraries) and start the tray app
run: system-deps-runtime setup
	$(BIN)/deskstretch

## test: set up (venv, pinned deps, the apt packages the tests need) and run the whole suite
test: system-deps setup
	tools/run-tests.sh

setup: $(STAMP)

$(STAMP): pyproject.toml requirements/constraints.txt
	tools/make-venv.sh "$(PYTHON)" "$(VENV)"
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements/constraints.txt -e '.[dev]'
	touch $@

system-deps:
	PYTHON="$(PYTHON)" tools/setup-desktop-test-env.sh || tools/setup-desktop-test-env.sh --check || true

system-deps-runtime:
	tools/setup-desktop-test-env.sh --runtime || true

system-deps-bundle:
	PYTHON="$(PYTHON)" tools/setup-desktop-test-env.sh --runtime --bundle || true

## lint: ruff, mypy --strict and the import contracts
lint: setup
	$(BIN)/ruff check deskstretch tests
	$(BIN)/ruff format --check deskstretch tests
	$(BIN)/mypy
	$(BIN)/lint-imports

## bench: measure start-up, idle CPU, memory, frame cost (see docs/performance.md)
bench: system-deps setup
	$(BIN)/python -m bench

## package: build the sdist and wheel into dist/
package: setup
	packaging/build.sh wheel

## bundle: build the standalone one-folder app (PyInstaller) into build/
bundle: setup system-deps-bundle
	packaging/build.sh bundle

## readme: regenerate the settings reference in README.md from the settings schema
readme: setup
	$(BIN)/python -c "import pathlib; from deskstretch.settings.schema import with_reference as w; \
	p = pathlib.Path('README.md'); p.write_text(w(p.read_text()))"

clean:
	rm -rf $(VENV) build dist *.egg-info test-output .pytest_cache .mypy_cache .ruff_cache
