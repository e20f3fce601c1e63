"""The committed assignment sources are what the manifests and lessons make, and their tests are sound.

These tests run no kernel.
"""

import re
import subprocess
import sys

import nbformat
import pytest
from traitlets.config.loader import PyFileConfigLoader

from grading_course import COURSE, ROOT, code_lines, generate, visible_and_hidden

sys.path.insert(0, str(ROOT / "lessons"))
import versions  # noqa: E402


def test_committed_sources_match_the_manifests_and_lessons():
    result = subprocess.run([sys.executable, str(COURSE / "generate.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr + result.stdout


def test_the_course_configuration_grades_java_with_a_stub_that_throws():
    config = PyFileConfigLoader("nbgrader_config.py", path=str(COURSE)).load_config()
    stub = config.ClearSolutions.code_stub["java"]
    assert stub == versions.JAVA_STUB, "the release and the lessons' student versions must use one stub"
    assert 'throw new UnsupportedOperationException("not implemented yet");' in stub
    assert config.Execute.kernel_name == "java"
    assert 0 < config.Execute.timeout <= 300
    names = [c.__name__ for c in config.Autograde.autograde_preprocessors]
    # The kernel runs in the sandbox, and the outputs are checked before LimitOutput can cut anything.
    assert names[:2] == ["GradeInSandbox", "CheckTestOutputs"] and names.index("LimitOutput") > 1, names
    assert config.Execute.raise_on_iopub_timeout is False
    sanitize = [c.__name__ for c in config.Autograde.sanitize_preprocessors]
    assert sanitize[0] == "RestoreFromSource" and "OverwriteCellsForJava" in sanitize, sanitize
    assert "ClearHiddenTests" in [c.__name__ for c in config.GenerateFeedback.preprocessors]


@pytest.mark.parametrize("assignment", generate.manifests(), ids=lambda a: a.id)
def test_every_test_cell_is_locked_scored_and_ends_with_a_statement(assignment):
    nb = nbformat.read(assignment.path, as_version=4)
    tests = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    solutions = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert len(tests) == len(solutions) == len(assignment.exercises) > 0
    for cell in tests:
        meta = cell.metadata["nbgrader"]
        assert meta["locked"] and meta["points"] > 0 and cell.cell_type == "code", meta
        visible, hidden = visible_and_hidden(cell.source)
        # The helpers come in by their full names before anything uses them.
        assert code_lines(visible)[:2] == [f"import {h};" for h in generate.HELPERS]
        for part in (visible, hidden):
            last = code_lines(part)[-1]
            # The last line closes a check call (a statement with no value): never an expression whose
            # value nbgrader would read as a score.
            assert last == "});", f"{meta['grade_id']} ends with {last!r}"
        # Hidden tests check something the visible ones do not.
        assert set(code_lines(hidden)) - set(code_lines(visible)), meta["grade_id"]


@pytest.mark.parametrize("assignment", generate.manifests(), ids=lambda a: a.id)
def test_hidden_tests_compare_without_revealing_expected_values(assignment):
    for exercise in assignment.exercises:
        revealing = re.findall(r"Expect\.(close|equal|shape)\(", exercise.hidden)
        assert not revealing, (f"{exercise.grade_id}: hidden tests use Expect.{revealing[0]}, whose message shows "
                               "the expected value; use closeHidden, equalHidden or that")
