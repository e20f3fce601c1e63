"""A leak scan of every released notebook: what students get holds no solution, no hidden test and
no output.

The release is made by the real ``nbgrader generate_assignment`` with the course's configuration, from
sources whose cells hold outputs (see the ``course`` fixture). No kernel runs here.
"""

import json

import nbformat
import pytest

from grading_course import COURSE, SOLUTION_OUTPUT, generate, regions, visible_and_hidden

MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")


def everything_in(nb) -> str:
    """All text a student receives: sources, outputs and metadata."""
    return json.dumps(nb, ensure_ascii=False)


def leaks(release, source) -> list:
    solution, hidden, outside = regions(source)
    text = everything_in(release)
    found = [m for m in MARKERS if m in text]
    # Only lines that are the solution's (or the hidden tests') own: a bare `}` is everywhere, and a
    # hidden test may repeat a piece of a visible line, which students see anyway.
    def own(lines):
        return [line for line in lines - outside if not any(line in other for other in outside)]
    found += [f"solution line {line!r}" for line in own(solution) if json.dumps(line, ensure_ascii=False)[1:-1] in text]
    found += [f"hidden-test line {line!r}" for line in own(hidden) if json.dumps(line, ensure_ascii=False)[1:-1] in text]
    for index, cell in enumerate(release.cells):
        if cell.get("outputs") or cell.get("execution_count"):
            found.append(f"cell {index} has outputs")
    return found


@pytest.mark.parametrize("assignment", generate.manifests(), ids=lambda a: a.id)
def test_the_release_holds_no_solution_no_hidden_test_and_no_output(course, assignment):
    release = nbformat.read(course.release(assignment), as_version=4)
    source = nbformat.read(course.source(assignment), as_version=4)
    assert all(c.outputs for c in source.cells if c.cell_type == "code"), "the source should hold outputs"
    assert SOLUTION_OUTPUT not in everything_in(release)
    assert not leaks(release, source), "\n".join(leaks(release, source))


@pytest.mark.parametrize("assignment", generate.manifests(), ids=lambda a: a.id)
def test_the_release_is_the_source_with_stubs_and_without_hidden_tests(course, assignment):
    release = nbformat.read(course.release(assignment), as_version=4)
    source = nbformat.read(course.source(assignment), as_version=4)
    assert [c.id for c in release.cells] == [c.id for c in source.cells]
    stub = generate_stub()
    for mine, theirs in zip(release.cells, source.cells):
        meta = theirs.metadata.get("nbgrader", {})
        if meta.get("solution"):
            lines = theirs.source.split("\n")
            begin = next(i for i, l in enumerate(lines) if "BEGIN SOLUTION" in l)
            end = next(i for i, l in enumerate(lines) if "END SOLUTION" in l)
            indent = lines[begin][: len(lines[begin]) - len(lines[begin].lstrip())]
            expected = lines[:begin] + [indent + s for s in stub.split("\n")] + lines[end + 1:]
            assert mine.source == "\n".join(expected), meta["grade_id"]
        elif meta.get("grade"):
            assert mine.source == visible_and_hidden(theirs.source)[0], meta["grade_id"]
        else:
            assert mine.source == theirs.source


def generate_stub():
    from traitlets.config.loader import PyFileConfigLoader
    return PyFileConfigLoader("nbgrader_config.py", path=str(COURSE)).load_config().ClearSolutions.code_stub["java"]


@pytest.mark.parametrize("assignment", generate.manifests(), ids=lambda a: a.id)
def test_the_leak_scan_catches_a_solution_or_a_hidden_test_left_in(assignment):
    """The scan itself can fail: a 'release' that kept the solutions, or the hidden tests, is caught."""
    source = nbformat.read(assignment.path, as_version=4)
    markers_only = nbformat.from_dict(source)
    for cell in markers_only.cells:
        cell.source = "\n".join(line for line in cell.source.split("\n") if not any(m in line for m in MARKERS))
    found = leaks(markers_only, source)
    assert any(f.startswith("solution line") for f in found), found
    assert any(f.startswith("hidden-test line") for f in found), found
