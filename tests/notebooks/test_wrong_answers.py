"""Every exercise check rejects plausible wrong answers.

``wrong_answers/NN.json`` maps an exercise's ``grade_id`` to a list of wrong versions of its solution
cell: the mistakes learners really make (a missing √d_k, a transposed matrix, the wrong axis). Round k
puts the k-th wrong answer of every exercise into the lesson's source and runs it; each of those
exercises' check cells must then fail with an ``AssertionError`` from ``Exercise.check``.
"""

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
WRONG = Path(__file__).parent / "wrong_answers"
cases = sorted(WRONG.glob("*.json"))


def lesson_source(number: str) -> Path:
    found = sorted((ROOT / "lessons").glob(f"{number}-*.ipynb"))
    assert found, f"no lesson {number} in lessons/"
    return found[0]


@pytest.mark.parametrize("case", cases, ids=[c.stem for c in cases])
def test_checks_reject_wrong_answers(case: Path):
    wrong = json.loads(case.read_text())
    source = lesson_source(case.stem)
    rounds = max(len(v) for v in wrong.values())
    for k in range(rounds):
        nb = nbformat.read(source, as_version=4)
        planted = {}
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id in wrong and k < len(wrong[grade_id]):
                cell.source = wrong[grade_id][k]
                planted[grade_id + "_check"] = grade_id
        assert len(planted) == sum(1 for v in wrong.values() if k < len(v)), \
            f"{case.name}: some grade_ids are not solution cells of {source.name}"
        NotebookClient(nb, kernel_name="java", timeout=600, allow_errors=True,
                       resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
        for cell in nb.cells:
            check_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if check_id in planted:
                errors = [o for o in cell.outputs if o.output_type == "error"]
                assert errors and "AssertionError" in errors[0].evalue, (
                    f"{source.name}: wrong answer {k + 1} to {planted[check_id]} passed its check: "
                    f"{[o.get('text', o.get('evalue')) for o in cell.outputs]}")
