"""The class on a real JupyterHub: the hub of workshop/hub.py, with an instructor and three learners.

The hub, its users and everything they started are removed when the module's tests end, pass or fail.
The hub creates Unix users, so these tests need root (CI runs as root); without it they are skipped,
with the reason shown, since no user without root can give each learner an account of their own.
"""

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "workshop"), str(ROOT / "grading")]

from hub import CourseHub  # noqa: E402

LEARNERS = ("ada", "ben", "cy")  # the same in test_class_flow.py


def pytest_collection_modifyitems(items):
    if os.geteuid() != 0:
        for item in items:
            if Path(item.path).parent == Path(__file__).parent:
                item.add_marker(pytest.mark.skip(reason="a hub with a Unix account per learner needs root"))


@pytest.fixture(scope="module")
def hub():
    with CourseHub(LEARNERS, instructor="ins") as running:
        yield running
