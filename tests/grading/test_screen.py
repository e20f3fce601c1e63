"""The grader's screen and sandbox, without nbgrader: what a cell declares as the kernel reads it, what
the screen leaves out of a solution, and what a process in the sandbox can see and how long it lives."""

import os
import subprocess
import time

import nbformat
import pytest

from grading_course import COURSE, ROOT, generate
from course_preprocessors import Declarations, RestoreFromSource, local_names, sandbox_command, simple_names


def kinds_and_names(code):
    return [list(zip(u.kinds, u.names)) for u in Declarations.units(code)]


def test_declarations_are_read_as_the_kernel_reads_them():
    assert kinds_and_names("var \\u0045xercise = (Foo) null;") == [[("VAR", "Exercise")]]
    assert kinds_and_names("int a, b = 3;\nSimpleMatrix f(SimpleMatrix m) {\n  return m;\n}\nclass C { }") == [
        [("VAR", "a"), ("VAR", "b")], [("METHOD", "f")], [("TYPE", "C")]]
    assert kinds_and_names("Exercise = null") == [[("ASSIGN", "Exercise")]]
    assert kinds_and_names("import static java.lang.Math.*;\nf(1);\n100") == [[("IMPORT", "*")], [("STATEMENT", "")],
                                                                              [("STATEMENT", "")]]


def test_only_names_the_tests_use_as_simple_names_are_protected():
    code = 'var q = new SimpleMatrix(2, 2);\nExpect.close("x", f(q), Softmax.rows(q), "hint");\nnew java.util.Random(1);'
    assert {"SimpleMatrix", "Expect", "Softmax", "java", "f", "q"} <= simple_names(code)
    assert not {"close", "rows", "util", "Random"} & simple_names(code)
    assert local_names(code) == {"q"}


def screened(assignment, gid, code):
    source = nbformat.read(assignment.path, as_version=4)
    restore = RestoreFromSource()
    refused = []
    kept = restore._screened(code, "cell", gid, restore._policy(source), refused)
    return kept, [r["note"] for r in refused]


@pytest.mark.parametrize("assignment", generate.manifests(), ids=lambda a: a.id)
def test_the_instructors_own_solutions_pass_the_screen(assignment):
    source = nbformat.read(assignment.path, as_version=4)
    for cell in source.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            kept, notes = screened(assignment, cell.metadata.nbgrader.grade_id, cell.source)
            assert not notes and kept == cell.source, notes


def test_the_screen_leaves_out_only_what_it_must():
    a1 = generate.manifests()[0]
    method = "SimpleMatrix dotScores(SimpleMatrix q, SimpleMatrix keys) {\n    return q.mult(keys.transpose());\n}"
    for hostile, reason in [("Pass Exercise = null;", "declares `Exercise`"),
                            ("Object java = null;", "declares `java`"),
                            ("class SimpleMatrix { }", "declares `SimpleMatrix`"),
                            ("import static some.where.Fake.*;", "static import"),
                            ("var k = Class.forName(\"x\");", "forName"),
                            ("new ProcessBuilder(\"sh\").start();", "ProcessBuilder"),
                            ("%classpath /tmp/x.jar", "magics")]:
        kept, notes = screened(a1, "ex1_1_dot_scores", hostile + "\n" + method)
        assert kept.strip() == method and len(notes) == 1 and reason in notes[0], (hostile, kept, notes)
    # A scratch variable named like one of the tests' own locals, and a display, are fine.
    honest = method + "\nvar q = new SimpleMatrix(new double[][] {{1, 2}});\ndotScores(q, q)"
    assert screened(a1, "ex1_1_dot_scores", honest) == (honest, [])
    # The kit's own solution of an exercise is refused for that exercise only.
    assert screened(a1, "ex1_2_softmax", "SimpleMatrix softmaxRow(SimpleMatrix s) { return Softmax.rows(s); }")[1]
    assert not screened(a1, "ex1_3_soft_lookup", "SimpleMatrix f(SimpleMatrix s) { return Softmax.rows(s); }")[1]


def test_the_sandbox_hides_the_course_and_takes_every_process_with_it(tmp_path):
    course = tmp_path / "course"
    (course / "source").mkdir(parents=True)
    (course / "source" / "secret.txt").write_text("hidden tests")
    work = course / "autograded" / "ann" / "a1"
    work.mkdir(parents=True)
    connection = tmp_path / "connection.json"
    connection.write_text("{}")
    marker = f"SANDBOX_TEST_{os.getpid()}"
    script = ("cat ../../../source/secret.txt; echo read=$?; touch ../../../written; echo wrote=$?; "
              f"setsid sh -c 'sleep 30; echo {marker}' & sleep 0.5; echo started")
    command = sandbox_command(["sh", "-c", script], str(work), str(connection), [str(course), str(ROOT)], [])
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert "started" in result.stdout, result.stderr
    assert "hidden tests" not in result.stdout and "read=1" in result.stdout, result.stdout
    assert "wrote=0" not in result.stdout or not (course / "written").exists()
    assert not (course / "written").exists()
    assert time.monotonic() - started < 20, "the setsid child kept the sandbox open"
    survivors = subprocess.run(["pgrep", "-f", f"echo {marker}"], capture_output=True, text=True).stdout.split()
    assert not survivors, f"processes outlived the sandbox: {survivors}"
