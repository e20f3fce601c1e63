"""Every exercise check rejects plausible wrong answers.

``wrong_answers/NN.json`` maps an exercise's ``grade_id`` to a list of wrong versions of its solution
cell: the mistakes learners really make (a missing √d_k, a transposed matrix, the wrong axis). Each one is
planted in the worked-solutions run of its lesson, right after the exercise's check (runs.py): the wrong
answer, then the check again, which must fail with an ``AssertionError`` from ``Exercise.check``; then the
worked solution again, so each wrong answer is judged with every other exercise answered correctly.
"""

import json
from pathlib import Path

import pytest
from runs import PLANT_KEY, WRONG, solutions_of

cases = sorted(WRONG.glob("*.json"))


def outputs(cell) -> list:
    return [o.get("text", o.get("evalue")) for o in cell.get("outputs", [])]


@pytest.mark.parametrize("case", cases, ids=[c.stem for c in cases])
def test_checks_reject_wrong_answers(case: Path, executions):
    name = solutions_of(case.stem)
    assert name in executions, f"{case.name}: no lesson {case.stem} in notebooks/solutions/"
    run = executions[name]
    run.result()
    assert not run.missing, f"{case.name}: {run.missing} are not exercises (solution and check cells) of {name}"
    wrong = json.loads(case.read_text())
    found, judged = [], 0
    for index, cell in enumerate(run.planted):
        plant = cell.metadata[PLANT_KEY]
        if plant["role"] == "answer" and any(o.output_type == "error" for o in cell.outputs):
            found.append(f"wrong answer {plant['wrong']} to {plant['exercise']} does not even run: {outputs(cell)}")
        elif plant["role"] == "check":
            judged += 1
            errors = [o for o in cell.outputs if o.output_type == "error"]
            if not (errors and "AssertionError" in errors[0].evalue):
                found.append(f"wrong answer {plant['wrong']} to {plant['exercise']} passed its check: {outputs(cell)}")
        elif plant["role"] == "restore" and any(o.output_type == "error" for o in cell.outputs):
            found.append(f"restoring the solution of {plant['exercise']} failed: {outputs(cell)}")
    assert judged == sum(len(v) for v in wrong.values()), f"{case.name}: {judged} wrong answers judged"
    assert not found, f"{name}:\n" + "\n".join(found)
