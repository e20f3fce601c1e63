"""Order of the test run: the browser tests read what the notebook tests executed, so they run last."""

from pathlib import Path

BROWSER_TESTS = Path(__file__).resolve().parent / "browser"


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: BROWSER_TESTS in Path(item.path).parents)
