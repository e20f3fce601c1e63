"""The Binder rehearsal starts as soon as the tests are collected, in the background.

Most of it is waiting on the package registries (a fresh environment from an empty pip cache, the kit
built from an empty Maven repository), so it overlaps with the notebook runs instead of adding to them.
Its test, which comes later in the run, waits for it and reads what it printed.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOG = ROOT / "build" / "binder-rehearsal.log"
REHEARSAL = pytest.StashKey[subprocess.Popen]()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    if not config.option.collectonly and any(Path(item.path).parent == Path(__file__).parent for item in items):
        LOG.parent.mkdir(parents=True, exist_ok=True)
        config.stash[REHEARSAL] = subprocess.Popen(
            [sys.executable, str(ROOT / "workshop" / "binder_rehearsal.py")],
            stdout=LOG.open("w"), stderr=subprocess.STDOUT, start_new_session=True)


def pytest_unconfigure(config):
    process = config.stash.get(REHEARSAL, None)
    if process is not None and process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture(scope="session")
def rehearsal(request):
    """(exit status, everything it printed) of the rehearsal started at collection."""
    process = request.config.stash[REHEARSAL]
    process.wait(timeout=3600)
    return process.returncode, LOG.read_text()
