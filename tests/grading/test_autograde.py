"""The real grading flow (``grading/autograde.py``, nbgrader, the java kernel in its sandbox) on honest,
broken and hostile submissions, all graded in ONE run.

Every submission is a release as a student would hand it back, changed in one way. The four real
assignments get their source (full marks) and their untouched release (0 on every cell). The hostile
and broken submissions go to small assignments cut from the real ones (``conftest.SMALL``: two
exercises of assignment 1, two of assignment 4, and one exercise that may use everything the grader
forbids, so that what it does reaches the sandbox), each asserting the exact score it deserves, worked
out here from the manifests' points. The summary table of the run goes to ``build/grading-summary.md``.
"""

import csv
import html
import os
import re
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field

import nbformat
import pytest
from nbgrader.api import Gradebook

from grading_course import COURSE, MARKER, ROOT, generate, regions
from submissions import fill, find, grade_ids, solution_ids, solution_of, solved

#: Per-cell timeout for the run here; the infinite loop costs this much.
TIMEOUT = 30
JOBS = 3
SUMMARY = ROOT / "build" / "grading-summary.md"

# --------------------------------------------------------------------------------------------------
# Java for the hostile submissions

FAKE_GRADER = """
// Stand-ins for the grader's helpers that accept anything.
interface Body { void run() throws Exception; }
class Exercise { static void check(String name, Body body) { } }
class Expect { static void that(boolean ok, String what, String hint) { } }
"""

# A variable obscures the class of the same name that the test cells import (Java's obscuring rule).
OBSCURES_EXERCISE = """
interface AnyBody { void run() throws Exception; }
class Pass { static void check(String name, AnyBody body) { } }
Pass Exercise = null;
"""

# The tests compute the softmax they expect with Softmax.rows; this makes it the student's own (wrong) one.
OBSCURES_SOFTMAX = """
class Same { static SimpleMatrix rows(SimpleMatrix s) { return s.divide(s.elementSum()); } }
Same Softmax = null;
"""
WRONG_SOFTMAX = "return scores.divide(scores.elementSum());"

NO_TRACE = """
class NoTrace extends RuntimeException {
    @Override public StackTraceElement[] getStackTrace() { return null; }
}
"""
THROWS_NO_TRACE = 'throw new AssertionError("wrong", new NoTrace());'

UNREADABLE = """
class Unreadable extends RuntimeException {
    @Override public String getMessage() { throw new Unreadable(); }
}
"""

# Publishes an execute_result into the running test cell through the kernel's own objects, then fails.
FORGES_A_RESULT = """
var io = org.dflib.jjava.jupyter.kernel.BaseKernel.notebookKernel().getIO();
var field = org.dflib.jjava.jupyter.kernel.DisplayStream.class.getDeclaredField("env");
field.setAccessible(true);
var env = (org.dflib.jjava.jupyter.channels.ShellReplyEnvironment) field.get(io.display);
env.publish(new org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult(1,
        new org.dflib.jjava.jupyter.kernel.display.DisplayData("full marks")));
throw new IllegalStateException("wrong");
"""
FORGES_IN_A_METHOD = "try {\n" + FORGES_A_RESULT.replace("\n", "\n    ") + "\n} catch (Exception e) { throw new RuntimeException(e); }"

# Starts a process in a session of its own that outlives the kernel and, once it can, raises every mark.
OUTLIVES_GRADING = r"""
new ProcessBuilder("setsid", "sh", "-c",
        "for i in $(seq 90); do sleep 1; python3 -c \"import sqlite3; c = sqlite3.connect('file:../../../gradebook.db?mode=rw', uri=True); "
        + "c.execute('update grade set manual_score = 99'); c.commit()\" 2>/dev/null && touch ../../../tampered && break; done")
        .redirectErrorStream(true).start();
"""

READS_THE_SOURCE = """
for (String where : new String[] {"../../../source/h0-sandbox/attention-and-masks.ipynb", "%s"}) {
    try {
        System.out.println(java.nio.file.Files.readString(java.nio.file.Path.of(where)));
    } catch (Exception e) {
        System.out.println("could not read " + where + ": " + e.getClass().getSimpleName());
    }
}
"""

FLOOD = 'for (int i = 0; i < 20000; i++) System.out.println("line " + i);'
LATE_STDERR = 'for (int i = 0; i < 1000; i++) System.out.println("debug " + i);\nSystem.err.println("a late error");'


# --------------------------------------------------------------------------------------------------
# The submissions


@dataclass
class Case:
    assignment: str
    student: str
    nb: object                      # the notebook, or bytes for a file that is not one
    expected: dict                  # test cell -> points; None when it must not be graded
    status: str = "graded"          # what the summary table must say
    mentions: str = ""              # what the table's row must mention


def points_of(source):
    return {gid: float(find(source, gid).metadata.nbgrader.points) for gid in grade_ids(source)}


def cell_of(exercise_id):
    return exercise_id + "_test"


def insert_after(nb, grade_id, source):
    at = nb.cells.index(find(nb, grade_id))
    nb.cells.insert(at + 1, nbformat.v4.new_code_cell(source))


def cases_for_h1(release, source):
    first, last = solution_ids(release)
    points = points_of(source)
    full = dict(points)
    zero = {g: 0.0 for g in points}

    def but(*zeroed):
        return {g: (0.0 if g in [cell_of(z) for z in zeroed] else p) for g, p in full.items()}

    def sol(gid):
        return solution_of(source, gid)

    a, made = "h1-attention", []

    def case(student, nb, expected, status="graded", mentions=""):
        made.append(Case(a, student, nb, expected, status, mentions))

    case("solution", source, full)
    case("untouched", release, zero)

    nb = solved(release, source, leave=[last])
    fill(nb, last, "var e = scores.elementExp();\nreturn e.divide(e.elementSum());")   # passes the visible test only
    case("partial", nb, but(last))

    nb = solved(release, source)
    find(nb, first).source += '\nthrow new IllegalStateException("a stray throw after the method");'
    insert_after(nb, first, 'throw new RuntimeException("a cell that only throws");')
    case("throws-at-top-level", nb, full)

    nb = solved(release, source, leave=[first])
    fill(nb, first, "while (true) { }")
    case("infinite-loop", nb, but(first), mentions="ran out of time")

    nb = solved(release, source, leave=[last])
    fill(nb, last, "System.exit(0);\n" + sol(last))
    case("system-exit", nb, but(last), mentions="kernel ended")

    nb = solved(release, source, leave=[first])
    fill(nb, first, 'System.err.println("debugging on stderr");\n' + sol(first))
    find(nb, last).source += '\nSystem.err.println("top-level stderr, outside any test");'
    case("prints-to-stderr", nb, but(first), "needs a look", "stderr")

    nb = solved(release, source, leave=[first])
    edited = find(nb, cell_of(first))
    edited.source = 'System.out.println("all tests passed");'
    edited.metadata.nbgrader.update(locked=False, points=100)
    nb.cells.remove(find(nb, cell_of(last)))
    case("edits-locked-tests", nb, but(first), "needs a look", "locked cell was edited")

    nb = solved(release, source, leave=[first])
    fill(nb, first, "var answer = new SimpleMatrix(q.getNumRows(), keys.getNumRows());\nanswer.fill(Double.NaN);\nreturn answer;")
    case("returns-nan", nb, but(first))

    nb = solved(release, source, leave=[first, last])
    find(nb, cell_of(first)).source = "false"
    find(nb, cell_of(last)).source = "1000000"
    case("ends-tests-with-false-or-a-number", nb, zero, "needs a look")

    nb = nbformat.from_dict(release)
    nb.cells.insert(1, nbformat.v4.new_code_cell(FAKE_GRADER))
    nb.cells.append(nbformat.v4.new_code_cell("100", metadata={"nbgrader": {
        "grade": True, "solution": False, "locked": True, "points": 100, "grade_id": "bonus", "schema_version": 3}}))
    nb.cells.append(nbformat.v4.new_code_cell("5", metadata={"nbgrader": {"grade": True, "points": 5}}))
    case("forges-the-grader", nb, zero, "needs a look", "declares `Exercise`")

    # Holes that gave full marks for no work (issue 11)
    nb = nbformat.from_dict(release)
    find(nb, first).source += "\n" + OBSCURES_EXERCISE
    case("obscures-exercise", nb, zero, "needs a look", "declares `Exercise`")

    nb = solved(release, source, leave=[last])
    find(nb, first).source += "\n" + OBSCURES_SOFTMAX
    fill(nb, last, WRONG_SOFTMAX)
    case("obscures-softmax", nb, but(last), "needs a look", "declares `Softmax`")

    nb = nbformat.from_dict(release)
    find(nb, first).source = NO_TRACE + "\n" + find(nb, first).source
    fill(nb, first, THROWS_NO_TRACE)
    fill(nb, last, THROWS_NO_TRACE)
    case("null-stack-trace", nb, zero)

    nb = nbformat.from_dict(release)
    fill(nb, first, FORGES_IN_A_METHOD)
    case("forges-a-result", nb, zero, "needs a look", "which this exercise does not allow")

    nb = solved(release, source, leave=[first])
    fill(nb, first, LATE_STDERR + "\n" + sol(first))
    case("stderr-after-1000-lines", nb, but(first), "needs a look", "stderr")

    nb = solved(release, source, leave=[last])
    fill(nb, last, "return Softmax.rows(scores);")
    case("kit-solves-the-exercise", nb, but(last), "needs a look", "Softmax")

    # Honest work that used to be lost
    nb = solved(release, source)
    find(nb, first).source += "\n" + FLOOD
    case("floods-stdout", nb, full)

    nb = nbformat.from_dict(release)
    copy = nbformat.from_dict(find(nb, first))
    copy.id = "pasted-copy"
    copy.source = find(solved(release, source), first).source
    nb.cells.insert(nb.cells.index(find(nb, first)) + 1, copy)
    fill(nb, last, sol(last))
    case("copy-pasted-solution-cell", nb, full)

    nb = solved(release, source)
    nb.cells.remove(find(nb, last))
    case("deleted-solution-cell", nb, but(last), "needs a look", "missing")

    nb = solved(release, source)
    find(nb, cell_of(last)).metadata.nbgrader.update(solution=True, locked=False, grade=False)
    case("test-cell-made-a-solution", nb, full)

    nb = solved(release, source)
    find(nb, cell_of(first)).metadata.nbgrader["points"] = "lots"
    case("points-set-to-lots", nb, full)

    nb = solved(release, source, leave=[last])
    find(nb, first).source = UNREADABLE + "\n" + find(nb, first).source
    fill(nb, last, "throw new Unreadable();")
    case("unreadable-exception-message", nb, but(last))

    # What the instructor gets for files that cannot be graded as they are
    case("not-a-notebook", b'{"cells": [ this is not JSON', None, "NOT GRADED", "not a notebook")
    case("empty-notebook", nbformat.v4.new_notebook(), zero, "needs a look", "none of the assignment's exercise")
    return made


def cases_for_h4(release, source):
    first, last = solution_ids(release)
    points = points_of(source)
    full = dict(points)
    a = "h4-training"
    made = [Case(a, "solution", source, full), Case(a, "untouched", release, {g: 0.0 for g in points})]

    nb = nbformat.from_dict(release)
    find(nb, last).source += "\n" + OBSCURES_EXERCISE
    made.append(Case(a, "obscures-exercise", nb, {g: 0.0 for g in points}, "needs a look", "declares `Exercise`"))

    nb = nbformat.from_dict(release)
    find(nb, first).source = NO_TRACE + "\n" + find(nb, first).source
    fill(nb, first, THROWS_NO_TRACE)
    fill(nb, last, THROWS_NO_TRACE)
    made.append(Case(a, "null-stack-trace", nb, {g: 0.0 for g in points}))

    nb = solved(release, source, leave=[first])
    fill(nb, first, "return new NoamSchedule(dModel, warmup, 1.0).learningRate(step);")
    made.append(Case(a, "kit-solves-the-exercise", nb, {g: (0.0 if g == cell_of(first) else p) for g, p in full.items()},
                     "needs a look", "NoamSchedule"))
    return made


def cases_for_h0(release, source, course_root):
    (only,) = solution_ids(release)
    points = points_of(source)
    full = dict(points)
    a = "h0-sandbox"
    made = []

    nb = nbformat.from_dict(release)
    fill(nb, only, FORGES_IN_A_METHOD)
    made.append(Case(a, "forges-a-result", nb, {g: 0.0 for g in points}, "needs a look", "execute_result"))

    nb = solved(release, source)
    find(nb, only).source += "\n" + OUTLIVES_GRADING
    made.append(Case(a, "outlives-grading", nb, full))

    nb = solved(release, source)
    find(nb, only).source += "\n" + READS_THE_SOURCE % (COURSE / "source" / "a1-attention-and-masks" / "attention-and-masks.ipynb")
    made.append(Case(a, "reads-the-hidden-tests", nb, full))
    return made


def real_cases(course, assignments):
    made = []
    for assignment in assignments:
        release = nbformat.read(course.release(assignment), as_version=4)
        source = nbformat.read(course.source(assignment), as_version=4)
        full = points_of(source)
        made += [Case(assignment.id, "solution", source, full),
                 Case(assignment.id, "untouched", release, {g: 0.0 for g in full})]
    return made


# --------------------------------------------------------------------------------------------------
# One run for everything


@dataclass
class Run:
    cases: list
    result: object = None
    seconds: float = 0.0
    scores: dict = field(default_factory=dict)    # (assignment, student) -> ({cell: score}, total, max) or str
    rows: dict = field(default_factory=dict)      # (assignment, student) -> the table's row text


@pytest.fixture(scope="module")
def graded(course, assignments, small, run_dir):
    by_id = {a.id: a for a in small}

    def notebooks(assignment_id):
        a = by_id[assignment_id]
        return (nbformat.read(course.release(a), as_version=4), nbformat.read(course.source(a), as_version=4))

    cases = real_cases(course, assignments)
    cases += cases_for_h1(*notebooks("h1-attention"))
    cases += cases_for_h4(*notebooks("h4-training"))
    cases += cases_for_h0(*notebooks("h0-sandbox"), course.root)
    # A wrong assignment's notebook, under this assignment's name.
    wrong = nbformat.read(course.release(assignments[1]), as_version=4)
    h1 = by_id["h1-attention"]
    cases.append(Case(h1.id, "wrong-assignment", wrong, {g: 0.0 for g in points_of(notebooks(h1.id)[1])},
                      "needs a look", "none of the assignment's exercise"))

    submissions = run_dir / "class"
    for c in cases:
        name = next(a for a in [*assignments, *small] if a.id == c.assignment).path.name
        target = submissions / c.student / c.assignment / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(c.nb, bytes):
            target.write_bytes(c.nb)
        else:
            nbformat.write(c.nb, target)
    # A student left in submitted/ by an earlier run must not be graded again.
    stale = course.root / "submitted" / "from-an-earlier-run" / h1.id / h1.path.name
    stale.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebooks(h1.id)[0], stale)

    env = dict(os.environ, **{MARKER: course.marker})
    started = time.perf_counter()
    result = subprocess.run([sys.executable, str(COURSE / "autograde.py"), str(submissions), "--course", str(course.root),
                             "--jobs", str(JOBS), "--table", str(SUMMARY), "--", f"--Execute.timeout={TIMEOUT}"],
                            env=env, capture_output=True, text=True, timeout=5400)
    run = Run(cases, result, time.perf_counter() - started)
    with course.log.open("a") as f:
        f.write(result.stdout + result.stderr + (course.root / "autograde.log").read_text(errors="replace"))
    for c in cases:
        run.scores[(c.assignment, c.student)] = read_score(course, c.assignment, c.student)
    for line in result.stdout.splitlines():
        cells = [x.strip() for x in line.strip("|").split("|")]
        if len(cells) == 5:
            run.rows[(cells[1], cells[0])] = line
    return run


def read_score(course, assignment_id, student):
    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}") as gb:
        try:
            submission = gb.find_submission(assignment_id, student)
        except Exception as missing:  # noqa: BLE001 (the tests report it)
            return f"not graded ({missing})"
        grades = {g.name: g.score for nb in submission.notebooks for g in nb.grades}
        return grades, submission.score, submission.max_score


def test_the_run_ends_with_a_table_and_exits_1_because_some_need_a_look(graded):
    assert graded.result.returncode == 1, graded.result.stdout[-3000:] + graded.result.stderr[-3000:]
    assert "| student | assignment | score | status | what went wrong |" in graded.result.stdout


def ids(c):
    return f"{c.assignment}/{c.student}"


def all_cases():
    """The cases' names, for parametrizing; the notebooks themselves are built in the fixture."""
    return [("h1-attention", s) for s in (
        "solution", "untouched", "partial", "throws-at-top-level", "infinite-loop", "system-exit", "prints-to-stderr",
        "edits-locked-tests", "returns-nan", "ends-tests-with-false-or-a-number", "forges-the-grader",
        "obscures-exercise", "obscures-softmax", "null-stack-trace", "forges-a-result", "stderr-after-1000-lines",
        "kit-solves-the-exercise", "floods-stdout", "copy-pasted-solution-cell", "deleted-solution-cell",
        "test-cell-made-a-solution", "points-set-to-lots", "unreadable-exception-message", "not-a-notebook",
        "empty-notebook", "wrong-assignment")] + [("h4-training", s) for s in (
        "solution", "untouched", "obscures-exercise", "null-stack-trace", "kit-solves-the-exercise")] + [
        ("h0-sandbox", s) for s in ("forges-a-result", "outlives-grading", "reads-the-hidden-tests")] + [
        (a.id, s) for a in generate.manifests() for s in ("solution", "untouched")]


@pytest.mark.parametrize("assignment_id, student", all_cases(), ids=lambda v: v)
def test_each_submission_gets_exactly_its_expected_score_and_row(graded, assignment_id, student):
    case = next(c for c in graded.cases if (c.assignment, c.student) == (assignment_id, student))
    got = graded.scores[(assignment_id, student)]
    row = graded.rows.get((assignment_id, student), "")
    assert f"| {case.status} |" in row, f"{student}: the table says {row!r}, expected status {case.status}"
    assert case.mentions in row, f"{student}: the table says {row!r}, expected it to mention {case.mentions!r}"
    if case.expected is None:
        # No score in the table. (nbgrader may still hold a 0 for it, as grades.csv does for any student
        # who handed nothing in: the table is where the instructor learns why.)
        assert "| — |" in row, row
        return
    assert isinstance(got, tuple), f"{student}: {got}"
    grades, total, max_score = got
    assert grades == pytest.approx(case.expected), f"{student}: got {grades}, expected {case.expected}"
    assert total == pytest.approx(sum(case.expected.values()))
    # Nothing a submission does changes what the assignment is worth.
    assert max_score == pytest.approx(sum(points_of_case(graded, case).values()))


def points_of_case(graded, case):
    solution = next(c for c in graded.cases if c.assignment == case.assignment and c.student in ("solution", "forges-a-result"))
    return {g: p for g, p in ((g, float(find(solution.nb, g).metadata.nbgrader.points)) for g in grade_ids(solution.nb))}


def test_every_case_is_checked(graded):
    assert sorted((c.assignment, c.student) for c in graded.cases) == sorted(all_cases())


def test_only_the_submissions_given_are_graded(graded):
    assert not any("from-an-earlier-run" in line for line in graded.result.stdout.splitlines())


def test_nothing_outlives_grading_or_touches_the_gradebook(course, graded):
    time.sleep(5)   # what a surviving process would need to act after nbgrader has exited
    left = course.kernels_left()
    assert not left, "\n".join(left)
    db = sqlite3.connect(course.root / "gradebook.db")
    assert db.execute("select count(*) from grade where manual_score is not null").fetchone() == (0,)
    assert not (course.root / "tampered").exists()


def autograded(course, assignment_id, student):
    folder = course.root / "autograded" / student / assignment_id
    return nbformat.read(next(folder.glob("*.ipynb")), as_version=4)


def test_the_sandbox_hides_the_hidden_tests(course, graded):
    nb = autograded(course, "h0-sandbox", "reads-the-hidden-tests")
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert printed.count("could not read") == 2, printed[:2000]
    assert "BEGIN HIDDEN TESTS" not in printed


def test_a_forged_result_is_caught_by_the_output_check_when_it_runs(course, graded):
    nb = autograded(course, "h0-sandbox", "forges-a-result")
    (test,) = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    kinds = [o.output_type for o in test.outputs]
    assert "execute_result" in kinds, f"the forgery did not run, so this case tests nothing: {kinds}"
    assert kinds[0] == "error"


def test_edited_and_deleted_test_cells_are_put_back_as_in_the_source(course, graded, small):
    a = next(x for x in small if x.id == "h1-attention")
    source = nbformat.read(course.source(a), as_version=4)
    for student in ("edits-locked-tests", "ends-tests-with-false-or-a-number", "test-cell-made-a-solution"):
        nb = autograded(course, a.id, student)
        for gid in grade_ids(source):
            assert find(nb, gid).source == find(source, gid).source, f"{student}: {gid}"


def test_the_infinite_loop_times_out_and_the_cells_after_it_still_run(course, graded):
    nb = autograded(course, "h1-attention", "infinite-loop")
    tests = [find(nb, gid) for gid in grade_ids(nb)]
    assert any(o.output_type == "error" and o.ename == "CellTimeoutError" for o in tests[0].outputs)
    assert all(not any(o.output_type == "error" for o in cell.outputs) for cell in tests[1:])


def test_a_failed_check_shows_its_message_once_and_no_stack_trace(course, graded):
    nb = autograded(course, "h1-attention", "untouched")
    test = find(nb, grade_ids(nb)[0])
    (error,) = [o for o in test.outputs if o.output_type == "error"]
    text = "\n".join(error.traceback)
    assert text.count("not attempted yet") == 1 and "\tat " not in text and "at transformer." not in text, text


def test_test_cells_never_show_a_value_that_nbgrader_could_read_as_a_score(course, graded, assignments):
    for assignment in assignments:
        nb = autograded(course, assignment.id, "solution")
        for gid in grade_ids(nb):
            shown = [o for o in find(nb, gid).outputs if o.output_type == "execute_result"]
            assert not shown, f"{assignment.id} {gid} shows {shown}"


def test_feedback_shows_scores_and_notes_but_not_the_hidden_tests(course, graded):
    result = course.nbgrader("generate_feedback", "h1-attention")
    assert result.returncode == 0, result.stderr[-3000:]
    source = nbformat.read(course.root / "source" / "h1-attention" / "attention-and-masks.ipynb", as_version=4)
    _, hidden, outside = regions(source)
    for student in ("partial", "solution", "obscures-exercise"):
        page = next((course.root / "feedback" / student / "h1-attention").glob("*.html")).read_text()
        text = html.unescape(re.sub(r"<[^>]+>", "", page))
        leaked = [line for line in hidden - outside if line in text]
        assert not leaked, f"{student}'s feedback shows hidden tests: {leaked[:3]}"
        assert "Score" in text
    page = next((course.root / "feedback" / "obscures-exercise" / "h1-attention").glob("*.html")).read_text()
    assert "Notes from grading" in page


def test_grades_csv_holds_every_submissions_total(course, graded):
    out = course.root / "grades.csv"
    result = course.nbgrader("export", f"--to={out}")
    assert result.returncode == 0, result.stderr[-3000:]
    with out.open() as f:
        rows = {(r["assignment"], r["student_id"]): float(r["score"]) for r in csv.DictReader(f)}
    for c in graded.cases:
        if c.expected is not None:
            assert rows[(c.assignment, c.student)] == pytest.approx(sum(c.expected.values())), (c.assignment, c.student)


def test_validate_fails_an_untouched_release_because_the_kernel_knows_it_is_graded(course, assignments):
    """Students press Validate before submitting. nbgrader sets NBGRADER_EXECUTION for the kernel then,
    so the checks count an untouched exercise as a failure instead of printing "not attempted yet"."""
    assignment = assignments[-1]
    result = course.nbgrader("validate", str(course.release(assignment)), f"--Execute.timeout={TIMEOUT}")
    output = result.stdout + result.stderr
    assert "VALIDATION FAILED" in output, output[-3000:]
    assert "not attempted" in output, output[-3000:]
