"""Fixtures for the grading tests: the manifests, and a course released from the committed sources."""

import shutil

import nbformat
import pytest

from grading_course import COURSE, RUN, SOLUTION_OUTPUT, Course, generate


@pytest.fixture(scope="session")
def assignments():
    return generate.manifests()


@pytest.fixture(scope="session")
def run_dir():
    shutil.rmtree(RUN, ignore_errors=True)
    RUN.mkdir(parents=True)
    return RUN


@pytest.fixture(scope="session")
def course(run_dir, assignments):
    """The committed sources, copied into a fresh course and released with `nbgrader generate_assignment`.

    Every code cell of the copied sources is given outputs first, as if the instructor had run the
    source notebook before releasing it: the release must still carry none of them.
    """
    course = Course(run_dir / "course")
    shutil.copytree(COURSE / "source", course.root / "source")
    for path in (course.root / "source").glob("*/*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        for n, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                cell.execution_count = n
                cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"{SOLUTION_OUTPUT} {n}\n"),
                                nbformat.v4.new_output("execute_result", data={"text/plain": f"4.{n}"},
                                                       execution_count=n)]
        nbformat.write(nb, path)
    result = course.nbgrader("generate_assignment", "*")
    assert result.returncode == 0, result.stderr[-3000:]
    assert all(course.release(a).exists() for a in assignments), result.stderr[-3000:]
    return course
