"""The markers tests/conftest.py gives by fixture: proven on a throw-away test module."""

from __future__ import annotations

import pytest

SAMPLE = """
import pytest

@pytest.fixture
def started_app(desktop):  # as tests/e2e's `app` fixture: a desktop through another fixture
    return desktop

def test_on_a_desktop(desktop): pass
def test_on_a_desktop_with_a_window_manager(desktop_with_wm): pass
def test_through_another_fixture(started_app): pass
def test_with_qtbot(qtbot): pass
def test_with_qapp(qapp): pass
def test_plain(tmp_path): pass
@pytest.mark.e2e
def test_marked_by_hand(): pass
"""


def _markers(pytester: pytest.Pytester) -> dict[str, list[str]]:
    pytester.makeconftest(
        """
from tests.conftest import pytest_collection_modifyitems  # the hook under test

pytest_plugins = ["tests.helpers.desktop"]  # the real desktop fixtures
"""
    )
    pytester.makeini(
        """
[pytest]
markers =
    gui: x
    e2e: x
qt_api = pyside6
"""
    )
    pytester.makepyfile(test_sample=SAMPLE)
    items, _ = pytester.inline_genitems("-p", "no:cacheprovider")
    return {item.name: [m.name for m in item.iter_markers()] for item in items}


def test_a_test_that_starts_a_desktop_is_e2e_and_a_qt_test_is_gui(
    pytester: pytest.Pytester,
) -> None:
    marks = _markers(pytester)
    assert marks["test_on_a_desktop"] == ["e2e"]
    assert marks["test_on_a_desktop_with_a_window_manager"] == ["e2e"]
    assert marks["test_through_another_fixture"] == ["e2e"]
    assert marks["test_with_qtbot"] == ["gui"]
    assert marks["test_with_qapp"] == ["gui"]
    assert marks["test_plain"] == []
    assert marks["test_marked_by_hand"] == ["e2e"]  # not added twice
