"""Order of the test run.

The notebook tests come first: they start every notebook execution at once, in parallel (notebooks/runs.py).
The Binder rehearsal, started in the background at collection (binder/conftest.py), is waited for near the
end, and the browser tests, which read what the notebook tests executed, run last.
"""

from pathlib import Path

TESTS = Path(__file__).resolve().parent
ORDER = {"notebooks": 0, "binder": 2, "browser": 3}


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: ORDER.get(Path(item.path).relative_to(TESTS).parts[0], 1))
