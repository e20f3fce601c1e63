"""Every notebook under notebooks/ runs top to bottom, headless, on the ``java`` kernel (and on IJava).

A notebook fails if any cell has an ``error`` output, if any cell writes to stderr, or if it shows no
``image/png`` at all. Each exercise's check cell must report what its version implies: "not attempted"
(✎) in the student version, correct (✓) in the worked solutions. The executed copies go to
``build/executed/`` for reading, and the time each notebook took goes to ``build/notebook-times.csv``.
The executions themselves are shared with the other notebook tests and run in parallel (conftest.py).

Every lesson runs twice, once per version, and its narrative never depends on exercise code, so the two
runs are compared: every cell outside the exercises must give the same outputs, text and images, bit for
bit (all randomness is seeded). The only exception is a cell tagged ``measured``, whose outputs are
timings: its images are not compared, and its numbers are masked and its spacing and rules collapsed (a
table's columns widen with its numbers), so its wording must still match.

When ``IJAVA_JAR`` names IJava 1.3.0's jar, every student version also runs on ``java-ijava``, and must
show what it shows on JJava: no error, no stderr, every exercise "not attempted", and the same number of
images and of HTML outputs (matrices, tables and charts render on both kernels).
"""

import csv
import re
from pathlib import Path

import pytest
from runs import (IJAVA_PREFIX, NOTEBOOKS, SOLUTIONS_PREFIX, grade_id, ijava_enabled, solution_notebooks,
                  student_notebooks)

ROOT = Path(__file__).resolve().parents[2]
TIMES = ROOT / "build" / "notebook-times.csv"
KERNELS = ROOT / "build" / "kernel-comparison.csv"
NOT_ATTEMPTED, CORRECT = "✎", "✓"
MEASURED = "measured"

notebooks = student_notebooks + solution_notebooks


def record(table: Path, header: list, row: list) -> None:
    """Put ``row`` into the CSV ``table``, replacing the row with the same first field."""
    table.parent.mkdir(parents=True, exist_ok=True)
    rows = {}
    if table.exists():
        with table.open() as f:
            rows = {r[0]: r for r in list(csv.reader(f))[1:]}
    rows[row[0]] = [str(v) for v in row]
    with table.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(sorted(rows.values()))


def record_time(name: str, seconds: float) -> None:
    record(TIMES, ["notebook", "seconds"], [name, f"{seconds:.1f}"])


def problems(nb) -> list:
    found = []
    images = 0
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "error":
                found.append(f"cell {index}: error {output.get('ename')}: {output.get('evalue')}")
            elif kind == "stream" and output.get("name") == "stderr":
                found.append(f"cell {index}: wrote to stderr: {output.get('text', '')[:300]!r}")
            if "image/png" in output.get("data", {}):
                images += 1
    if images == 0:
        found.append("no cell shows an image/png")
    return found


def stdout(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream" and o.get("name") == "stdout")


def check_reports(nb, solutions: bool) -> list:
    """Every check cell reports ✓ in the worked solutions and ✎ (not attempted) in the student version."""
    expected, other = (CORRECT, NOT_ATTEMPTED) if solutions else (NOT_ATTEMPTED, CORRECT)
    found, checks = [], 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not grade_id(cell).endswith("_check"):
            continue
        checks += 1
        text = stdout(cell)
        if expected not in text or other in text:
            found.append(f"cell {index} ({grade_id(cell)}): expected a {expected} report, got {text.strip()[:200]!r}")
    if checks < 2:
        found.append(f"only {checks} exercise check cell(s); every lesson has at least 2")
    return found


@pytest.mark.parametrize("path", notebooks, ids=[str(p.relative_to(NOTEBOOKS)) for p in notebooks])
def test_notebook_runs_cleanly(path: Path, executions):
    name = str(path.relative_to(NOTEBOOKS))
    run = executions[name]
    nb = run.result()
    record_time(name, run.seconds())
    found = problems(nb) + check_reports(nb, solutions=path.parent.name == "solutions")
    assert not found, f"{name} ({run.seconds():.1f} s):\n" + "\n".join(found)


def masked(text: str) -> str:
    """A measured output's wording: numbers masked, and the spacing and rules that widen with them collapsed."""
    text = re.sub(r"\d[\d.,]*([eE][+-]?\d+)?", "#", text)
    return re.sub(r"\s+", " ", re.sub(r"[-=─]{2,}", "-", text))


def narrative(nb) -> list:
    """(cell index, outputs) of every code cell outside the exercises, with measured cells normalised."""
    cells = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or cell.metadata.get("nbgrader", {}).get("solution") \
                or grade_id(cell).endswith("_check"):
            continue
        measured = MEASURED in cell.metadata.get("tags", [])
        outputs = []
        for output in cell.get("outputs", []):
            parts = {"text": output.get("text")} if output.get("output_type") == "stream" else dict(output.get("data", {}))
            if measured:
                parts = {kind: masked(str(value)) for kind, value in parts.items() if not kind.startswith("image/")}
            outputs.append(parts)
        cells.append((index, outputs))
    return cells


lessons = [p.name for p in solution_notebooks]


@pytest.mark.parametrize("lesson", lessons)
def test_both_versions_tell_the_same_story(lesson: str, executions):
    student, solutions = executions[lesson].result(), executions[SOLUTIONS_PREFIX + lesson].result()
    differing = [f"cell {index}: student {str(a)[:300]!r}\n   solutions {str(b)[:300]!r}"
                 for (index, a), (_, b) in zip(narrative(student), narrative(solutions)) if a != b]
    assert not differing, (f"{lesson}: the narrative's outputs differ between the two runs (unseeded randomness, "
                           f"or narrative that depends on exercise code; tag timing cells '{MEASURED}'):\n"
                           + "\n".join(differing))


def output_counts(nb) -> dict:
    """How many outputs of each kind a notebook shows: images, HTML, errors."""
    counts = {"image/png": 0, "text/html": 0}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            for kind in counts:
                counts[kind] += kind in output.get("data", {})
    return counts


@pytest.mark.skipif(not ijava_enabled(), reason="IJAVA_JAR does not name IJava 1.3.0's jar (.ci/run sets it)")
@pytest.mark.parametrize("lesson", [p.name for p in student_notebooks])
def test_student_version_runs_the_same_on_ijava(lesson: str, executions):
    run = executions[IJAVA_PREFIX + lesson]
    on_ijava, on_jjava = run.result(), executions[lesson].result()
    record_time(IJAVA_PREFIX + lesson, run.seconds())
    found = problems(on_ijava) + check_reports(on_ijava, solutions=False)
    record(KERNELS, ["lesson", "JJava images", "JJava HTML", "IJava images", "IJava HTML", "IJava problems"],
           [lesson, *output_counts(on_jjava).values(), *output_counts(on_ijava).values(), len(found)])
    if output_counts(on_ijava) != output_counts(on_jjava):
        found.append(f"outputs on IJava {output_counts(on_ijava)}, on JJava {output_counts(on_jjava)}")
    assert not found, f"{lesson} on IJava 1.3.0 ({run.seconds():.1f} s):\n" + "\n".join(found)


def test_there_are_notebooks_to_run():
    assert notebooks, f"no notebooks under {NOTEBOOKS}"
