"""Fixtures for the grading tests: the manifests, and a course released from the committed sources."""

import dataclasses
import shutil

import nbformat
import pytest

from grading_course import COURSE, RUN, SOLUTION_OUTPUT, Course, generate
from course_preprocessors import FORBIDDEN

#: Small assignments made from the real ones for the hostile submissions, so that each costs a kernel and
#: a few cells: id -> (the manifest it is cut from, the exercises kept, changes to every kept exercise).
#: h0 lets its exercise use everything the grader forbids, so that its submissions reach the sandbox.
SMALL = {
    "h1-attention": ("a1-attention-and-masks", ["ex1_1_dot_scores", "ex1_2_softmax"], {}),
    "h4-training": ("a4-training-and-decoding", ["ex9_4_noam_rate", "ex10_1_exact_match"], {}),
    "h0-sandbox": ("a1-attention-and-masks", ["ex1_1_dot_scores"], {"may_use": list(FORBIDDEN)}),
}


def small_assignments():
    real = {a.id: a for a in generate.manifests()}
    made = []
    for new_id, (parent, keep, changes) in SMALL.items():
        exercises = [dataclasses.replace(e, **changes) for e in real[parent].exercises if e.grade_id in keep]
        made.append(dataclasses.replace(real[parent], id=new_id, title=f"{real[parent].title} (cut for the tests)",
                                        exercises=exercises))
    return made


@pytest.fixture(scope="session")
def assignments():
    return generate.manifests()


@pytest.fixture(scope="session")
def small():
    return small_assignments()


@pytest.fixture(scope="session")
def run_dir():
    shutil.rmtree(RUN, ignore_errors=True)
    RUN.mkdir(parents=True)
    return RUN


@pytest.fixture(scope="session")
def course(run_dir, assignments, small):
    """The committed sources, copied into a fresh course and released with `nbgrader generate_assignment`.

    Every code cell of the copied sources is given outputs first, as if the instructor had run the
    source notebook before releasing it: the release must still carry none of them.
    """
    course = Course(run_dir / "course")
    shutil.copytree(COURSE / "source", course.root / "source")
    for assignment in small:
        target = course.root / "source" / assignment.id / assignment.path.name
        target.parent.mkdir(parents=True)
        target.write_text(generate.render(generate.build(assignment, generate.cell_timeout())), encoding="utf-8")
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
    assert all(course.release(a).exists() for a in [*assignments, *small]), result.stderr[-3000:]
    return course
