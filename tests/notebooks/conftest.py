"""The notebook executions the tests in this folder share (see runs.py): only those the selected tests read."""

import os
import time

import pytest
from runs import IJAVA_PREFIX, NOTEBOOKS, SOLUTIONS_PREFIX, solutions_of, start_all

NEEDED = pytest.StashKey[set]()
RUNS = pytest.StashKey[tuple]()


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
    jobs = int(os.environ.get("NOTEBOOK_JOBS", "2"))
    started = time.monotonic()
    runs, pool = start_all(request.config.stash.get(NEEDED, None), jobs)
    yield runs
    pool.shutdown(wait=True)
    request.config.stash[RUNS] = (runs, jobs, time.monotonic() - started)


def pytest_terminal_summary(terminalreporter, config):
    """The notebook executions, slowest first: the durations above charge them all to the first test."""
    if RUNS not in config.stash:
        return
    runs, jobs, wall = config.stash[RUNS]
    done = sorted((r for r in runs.values() if r.nb is not None), key=lambda r: -r.seconds())
    terminalreporter.section("notebook executions")
    for run in done[:10]:
        terminalreporter.line(f"{run.seconds():7.1f} s  {run.kernel:10}  {run.name}")
    total = sum(r.seconds() for r in done)
    terminalreporter.line(f"{len(done)} executions, {total:.0f} s in all, {wall:.0f} s of wall time, {jobs} at a time")
