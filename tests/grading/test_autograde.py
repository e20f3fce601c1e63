"""The real nbgrader flow, on the java kernel, for honest, broken and hostile submissions.

Every submission is the release as a student would hand it back, changed in one way. nbgrader
autogrades them all (one kernel per submission, one ``nbgrader autograde`` per assignment), and each
test reads the scores back through nbgrader's Gradebook API and compares them with scores worked out
here from the manifests' points. The score table of the run goes to ``build/grading-scores.md``.

Assignment 1 gets every kind of submission; the other assignments get the source (full marks) and
the untouched release (0 on every cell).
"""

import csv
import html
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import nbformat
import pytest
from nbgrader.api import Gradebook

from grading_course import ROOT, generate, regions
from submissions import fill, find, grade_ids, solution_ids, solved

#: Per-cell timeout for the grading runs here; the infinite loop costs this much.
TIMEOUT = 30
SCORES = ROOT / "build" / "grading-scores.md"

# Bodies for particular exercises of assignment 1: code that passes the visible tests but not the
# hidden ones, and code that returns NaN.
VISIBLE_ONLY = {
    # Divides by 2 = √4, the visible test's √d_k, instead of by √d_k.
    "ex2_1_scaled_scores": "return Q.mult(K.transpose()).divide(2);",
}
RETURNS_NAN = {
    "ex1_3_soft_lookup": """
        var answer = new SimpleMatrix(q.getNumRows(), values.getNumCols());
        answer.fill(Double.NaN);
        return answer;
    """,
}

FAKE_GRADER = """
// Stand-ins for the grader's helpers that accept anything.
interface Body { void run() throws Exception; }
class Exercise { static void check(String name, Body body) { } }
class Expect { static void that(boolean ok, String what, String hint) { } }
"""


def grade_cell_of(exercise_id: str) -> str:
    return exercise_id + generate.TEST_SUFFIX


def only(nb, exercise_id) -> str:
    if exercise_id not in solution_ids(nb):
        raise KeyError(f"assignment 1 has no exercise {exercise_id}; update VISIBLE_ONLY / RETURNS_NAN")
    return exercise_id


def insert_after(nb, grade_id, source):
    at = nb.cells.index(find(nb, grade_id))
    nb.cells.insert(at + 1, nbformat.v4.new_code_cell(source))


def submissions_for_assignment_1(release, source):
    """student -> (notebook, {test cell: expected score}) for every kind of submission."""
    exercises = solution_ids(release)
    first, last = exercises[0], exercises[-1]
    points = {gid: float(find(source, gid).metadata.nbgrader.points) for gid in grade_ids(source)}
    full = dict(points)

    def but(**zeroed):
        return {gid: (0.0 if gid in zeroed.values() else p) for gid, p in full.items()}

    made = {"solution": (source, full), "untouched": (release, {gid: 0.0 for gid in points})}

    nb = solved(release, source, leave=exercises[1:])
    visible_only = only(release, next(iter(VISIBLE_ONLY)))
    fill(nb, visible_only, VISIBLE_ONLY[visible_only])
    made["partial"] = (nb, {gid: (points[gid] if gid == grade_cell_of(first) else 0.0) for gid in points})

    nb = solved(release, source)
    find(nb, first).source += '\nthrow new IllegalStateException("a stray throw after the method");'
    insert_after(nb, first, 'throw new RuntimeException("a cell that only throws");')
    made["throws-at-top-level"] = (nb, full)

    nb = solved(release, source, leave=[first])
    fill(nb, first, "while (true) { }")
    made["infinite-loop"] = (nb, but(a=grade_cell_of(first)))

    nb = solved(release, source, leave=[last])
    fill(nb, last, "System.exit(0);\n" + _solution(source, last))
    made["system-exit"] = (nb, but(a=grade_cell_of(last)))

    nb = solved(release, source, leave=[first])
    fill(nb, first, 'System.err.println("debugging on stderr");\n' + _solution(source, first))
    find(nb, last).source += '\nSystem.err.println("top-level stderr, outside any test");'
    made["prints-to-stderr"] = (nb, but(a=grade_cell_of(first)))

    # The edited test (of an unsolved exercise) must fail once restored; the deleted one (of a solved
    # exercise) must come back and pass.
    nb = solved(release, source, leave=[first])
    edited = find(nb, grade_cell_of(first))
    edited.source = 'System.out.println("all tests passed");'
    edited.metadata.nbgrader.update(locked=False, points=100)
    nb.cells.remove(find(nb, grade_cell_of(last)))
    made["edits-locked-tests"] = (nb, but(a=grade_cell_of(first)))

    nan = only(release, next(iter(RETURNS_NAN)))
    nb = solved(release, source, leave=[nan])
    fill(nb, nan, RETURNS_NAN[nan])
    made["returns-nan"] = (nb, but(a=grade_cell_of(nan)))

    nb = solved(release, source, leave=[first, last])
    find(nb, grade_cell_of(first)).source = "false"
    find(nb, grade_cell_of(last)).source = "1000000"
    made["ends-tests-with-false-or-a-number"] = (nb, but(a=grade_cell_of(first), b=grade_cell_of(last)))

    nb = nbformat.from_dict(release)
    nb.cells.insert(1, nbformat.v4.new_code_cell(FAKE_GRADER))
    forged = nbformat.v4.new_code_cell("100", metadata={"nbgrader": {
        "grade": True, "solution": False, "locked": True, "points": 100, "grade_id": "bonus", "schema_version": 3}})
    nb.cells.append(forged)
    nb.cells.append(nbformat.v4.new_code_cell("5", metadata={"nbgrader": {"grade": True, "points": 5}}))
    made["forges-the-grader"] = (nb, {gid: 0.0 for gid in points})
    return made


def _solution(source, grade_id):
    from submissions import solution_of
    return solution_of(source, grade_id)


#: Submissions are split over this many copies of the course, autograded side by side.
SHARDS = 2


@dataclass
class Graded:
    expected: dict = field(default_factory=dict)    # (assignment, student) -> {test cell: points}
    scores: dict = field(default_factory=dict)      # (assignment, student) -> ({cell: score}, total, max)
    where: dict = field(default_factory=dict)       # (assignment, student) -> the course that graded it
    results: list = field(default_factory=list)     # (course, assignment, completed nbgrader process)
    seconds: float = 0.0


def planned(course, assignments):
    """(assignment, student, notebook, expected scores) for every submission."""
    plan = []
    for n, assignment in enumerate(assignments):
        release = nbformat.read(course.release(assignment), as_version=4)
        source = nbformat.read(course.source(assignment), as_version=4)
        if n == 0:
            made = submissions_for_assignment_1(release, source)
        else:
            full = {gid: float(find(source, gid).metadata.nbgrader.points) for gid in grade_ids(source)}
            made = {"solution": (source, full), "untouched": (release, {gid: 0.0 for gid in full})}
        plan += [(assignment, student, nb, expected) for student, (nb, expected) in made.items()]
    return plan


@pytest.fixture(scope="module")
def graded(course, assignments):
    """Every submission, autograded by the real nbgrader, with the scores read back from its gradebook."""
    plan = planned(course, assignments)
    shards = [course.copy(course.root.parent / f"shard-{i}") for i in range(SHARDS)]
    out = Graded()
    for index, (assignment, student, nb, expected) in enumerate(plan):
        shard = shards[index % SHARDS]
        target = shard.root / "submitted" / student / assignment.id / assignment.path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
        out.expected[(assignment.id, student)] = expected
        out.where[(assignment.id, student)] = shard

    def autograde(shard):
        # One nbgrader process grades every assignment in the shard (each starts slowly on a busy machine).
        return [(shard, "*", shard.nbgrader("autograde", "*", f"--Execute.timeout={TIMEOUT}"))]

    started = time.perf_counter()
    with ThreadPoolExecutor(SHARDS) as pool:
        for done in pool.map(autograde, shards):
            out.results += done
    out.seconds = time.perf_counter() - started
    for key, shard in out.where.items():
        out.scores[key] = read_score(shard, *key)
    write_table(out, len(plan))
    return out


def read_score(course, assignment_id, student):
    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}") as gb:
        try:
            submission = gb.find_submission(assignment_id, student)
        except Exception as missing:  # noqa: BLE001 (the tests report it)
            return f"not graded ({missing})"
        grades = {g.name: g.score for nb in submission.notebooks for g in nb.grades}
        return grades, submission.score, submission.max_score


def write_table(out, count):
    lines = ["| assignment | submission | score per test cell | total | expected |", "|---|---|---|---|---|"]
    for (assignment_id, student), expected in out.expected.items():
        got = out.scores[(assignment_id, student)]
        if isinstance(got, tuple):
            cells = ", ".join("None" if g is None else f"{g:g}" for g in got[0].values())
            lines.append(f"| {assignment_id} | {student} | {cells} | {got[1]:g} / {got[2]:g} | {sum(expected.values()):g} |")
        else:
            lines.append(f"| {assignment_id} | {student} | {got} | | {sum(expected.values()):g} |")
    lines.append(f"\n{count} submissions autograded in {out.seconds:.0f} s ({SHARDS} courses side by side, "
                 f"cell timeout {TIMEOUT} s).")
    SCORES.parent.mkdir(parents=True, exist_ok=True)
    SCORES.write_text("\n".join(lines) + "\n")


def test_autograde_completes_for_every_submission(graded):
    for course, assignment_id, result in graded.results:
        assert result.returncode == 0, f"{course.root.name} {assignment_id}:\n{result.stderr[-4000:]}"
        assert "There was an error processing" not in result.stderr


def cases(assignments):
    first = assignments[0].id
    names = ["solution", "untouched", "partial", "throws-at-top-level", "infinite-loop", "system-exit",
             "prints-to-stderr", "edits-locked-tests", "returns-nan", "ends-tests-with-false-or-a-number",
             "forges-the-grader"]
    found = [(first, n) for n in names] + [(a.id, n) for a in assignments[1:] for n in ("solution", "untouched")]
    return found


@pytest.mark.parametrize("assignment_id, student", cases(generate.manifests()),
                         ids=lambda v: v if isinstance(v, str) else None)
def test_each_submission_gets_exactly_its_expected_score(graded, assignments, assignment_id, student):
    expected = graded.expected[(assignment_id, student)]
    got = graded.scores[(assignment_id, student)]
    assert isinstance(got, tuple), f"{student}: {got}"
    grades, total, max_score = got
    assert grades == pytest.approx(expected), f"{student}: got {grades}, expected {expected}"
    assert total == pytest.approx(sum(expected.values()))
    # Nothing a submission does changes what the assignment is worth.
    assert max_score == pytest.approx(next(a.points for a in assignments if a.id == assignment_id))


def test_no_jvm_is_left_running_after_grading(graded):
    courses = set(graded.where.values())
    deadline = time.monotonic() + 10
    while any(c.kernels_left() for c in courses) and time.monotonic() < deadline:
        time.sleep(0.5)
    left = [k for c in courses for k in c.kernels_left()]
    assert not left, "\n".join(left)


def autograded(graded, assignment_id, student):
    folder = graded.where[(assignment_id, student)].root / "autograded" / student / assignment_id
    return nbformat.read(next(folder.glob("*.ipynb")), as_version=4)


def test_edited_and_deleted_test_cells_are_put_back_as_in_the_source(course, graded, assignments):
    assignment = assignments[0]
    source = nbformat.read(course.source(assignment), as_version=4)
    for student in ("edits-locked-tests", "ends-tests-with-false-or-a-number"):
        nb = autograded(graded, assignment.id, student)
        for gid in grade_ids(source):
            restored = find(nb, gid).source
            # A deleted cell comes back headed by a Java comment that says so.
            assert restored == find(source, gid).source or (
                restored.startswith("// ") and restored.endswith("\n\n" + find(source, gid).source)), f"{student}: {gid}"


def test_the_infinite_loop_times_out_and_the_cells_after_it_still_run(course, graded, assignments):
    nb = autograded(graded, assignments[0].id, "infinite-loop")
    tests = [find(nb, gid) for gid in grade_ids(nb)]
    assert any(o.output_type == "error" for o in tests[0].outputs)
    assert all(not any(o.output_type == "error" for o in cell.outputs) for cell in tests[1:])


def test_test_cells_never_show_a_value_that_nbgrader_could_read_as_a_score(course, graded, assignments):
    for assignment in assignments:
        nb = autograded(graded, assignment.id, "solution")
        for gid in grade_ids(nb):
            shown = [o for o in find(nb, gid).outputs if o.output_type == "execute_result"]
            assert not shown, f"{assignment.id} {gid} shows {shown}"


def test_feedback_shows_scores_but_not_the_hidden_tests(graded, assignments):
    assignment = assignments[0]
    source = nbformat.read(graded.where[(assignment.id, "solution")].source(assignment), as_version=4)
    _, hidden, outside = regions(source)
    shards = {graded.where[(assignment.id, student)] for student in ("partial", "solution")}
    for shard in shards:
        result = shard.nbgrader("generate_feedback", assignment.id)
        assert result.returncode == 0, result.stderr[-3000:]
    for student in ("partial", "solution"):
        shard = graded.where[(assignment.id, student)]
        page = next((shard.root / "feedback" / student / assignment.id).glob("*.html")).read_text()
        text = html.unescape(re.sub(r"<[^>]+>", "", page))
        leaked = [line for line in hidden - outside if line in text]
        assert not leaked, f"{student}'s feedback shows hidden tests: {leaked[:3]}"
        assert "Score" in text


def test_grades_csv_holds_every_submissions_total(graded):
    rows = {}
    for shard in set(graded.where.values()):
        out = shard.root / "grades.csv"
        result = shard.nbgrader("export", f"--to={out}")
        assert result.returncode == 0, result.stderr[-3000:]
        with out.open() as f:
            rows[shard] = {(r["assignment"], r["student_id"]): float(r["score"]) for r in csv.DictReader(f)}
    for key, expected in graded.expected.items():
        # Each course lists every student for every assignment; read the one that graded this one.
        assert rows[graded.where[key]][key] == pytest.approx(sum(expected.values())), key


def test_validate_fails_an_untouched_release_because_the_kernel_knows_it_is_graded(course, assignments):
    """Students press Validate before submitting. nbgrader sets NBGRADER_EXECUTION for the kernel then,
    so the checks count an untouched exercise as a failure instead of printing "not attempted yet"."""
    assignment = assignments[-1]
    result = course.nbgrader("validate", str(course.release(assignment)), f"--Execute.timeout={TIMEOUT}")
    output = result.stdout + result.stderr
    assert "VALIDATION FAILED" in output, output[-3000:]
    assert "not attempted" in output, output[-3000:]
