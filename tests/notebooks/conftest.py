"""The notebook executions the tests in this folder share (see runs.py): only those the selected tests read."""

import os

import pytest
from runs import IJAVA_PREFIX, NOTEBOOKS, SOLUTIONS_PREFIX, solutions_of, start_all

NEEDED = pytest.StashKey[set]()


def needs(item) -> set:
    """The executions a test reads, from its parameters: a notebook path, a lesson name or a wrong-answer case."""
    params = getattr(item, "callspec", None)
    params = params.params if params else {}
    if "path" in params:
        return {str(params["path"].relative_to(NOTEBOOKS))}
    if "lesson" in params:
        lesson = params["lesson"]
        both = {lesson, SOLUTIONS_PREFIX + lesson}
        return {lesson, IJAVA_PREFIX + lesson} if item.originalname.endswith("on_ijava") else both
    if "case" in params:
        return {solutions_of(params["case"].stem)}
    return set()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    config.stash[NEEDED] = set().union(*(needs(item) for item in items)) if items else set()


@pytest.fixture(scope="session")
def executions(request):
    """name → Execution for the notebook runs the selected tests read, all started on first use."""
    runs, pool = start_all(request.config.stash.get(NEEDED, None), int(os.environ.get("NOTEBOOK_JOBS", "2")))
    yield runs
    pool.shutdown(wait=True)
