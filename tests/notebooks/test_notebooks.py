"""Every notebook under notebooks/ runs top to bottom, headless, on the ``java`` kernel.

A notebook fails if any cell has an ``error`` output, if any cell writes to stderr, or if it shows no
``image/png`` at all. Each exercise's check cell must report what its version implies: "not attempted"
(✎) in the student version, correct (✓) in the worked solutions. The executed copies go to
``build/executed/`` for reading, and the time each notebook took goes to ``build/notebook-times.csv``.

Every lesson runs twice, once per version, and its narrative never depends on exercise code, so the two
runs are compared: every cell outside the exercises must give the same outputs, text and images, bit for
bit (all randomness is seeded). The only exception is a cell tagged ``measured``, whose outputs are
timings: its images are not compared, and its numbers are masked and its spacing and rules collapsed (a
table's columns widen with its numbers), so its wording must still match.
"""

import csv
import re
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
EXECUTED = ROOT / "build" / "executed"
TIMES = ROOT / "build" / "notebook-times.csv"
CELL_TIMEOUT = 600
NOT_ATTEMPTED, CORRECT = "✎", "✓"
MEASURED = "measured"

executed = {}  # notebook name → executed notebook, for comparing the two versions of a lesson

notebooks = sorted(p for p in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def execute(path: Path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="java", timeout=CELL_TIMEOUT, allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})
    started = time.perf_counter()
    client.execute()
    return nb, time.perf_counter() - started


def record_time(name: str, seconds: float) -> None:
    TIMES.parent.mkdir(parents=True, exist_ok=True)
    rows = {}
    if TIMES.exists():
        with TIMES.open() as f:
            rows = {r["notebook"]: r["seconds"] for r in csv.DictReader(f)}
    rows[name] = f"{seconds:.1f}"
    with TIMES.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["notebook", "seconds"])
        writer.writerows(sorted(rows.items()))


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


def grade_id(cell) -> str:
    return cell.metadata.get("nbgrader", {}).get("grade_id", "")


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
def test_notebook_runs_cleanly(path: Path):
    nb, seconds = execute(path)
    name = str(path.relative_to(NOTEBOOKS))
    record_time(name, seconds)
    executed[name] = nb
    out = EXECUTED / name
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out)
    found = problems(nb) + check_reports(nb, solutions=path.parent.name == "solutions")
    assert not found, f"{name} ({seconds:.1f} s):\n" + "\n".join(found)


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


lessons = sorted(p.name for p in (NOTEBOOKS / "solutions").glob("*.ipynb"))


@pytest.mark.parametrize("lesson", lessons)
def test_both_versions_tell_the_same_story(lesson: str):
    student, solutions = executed.get(lesson), executed.get(f"solutions/{lesson}")
    if student is None or solutions is None:
        pytest.skip(f"{lesson}: both versions must run in this session to be compared")
    differing = [f"cell {index}: student {str(a)[:300]!r}\n   solutions {str(b)[:300]!r}"
                 for (index, a), (_, b) in zip(narrative(student), narrative(solutions)) if a != b]
    assert not differing, (f"{lesson}: the narrative's outputs differ between the two runs (unseeded randomness, "
                           f"or narrative that depends on exercise code; tag timing cells '{MEASURED}'):\n"
                           + "\n".join(differing))


def test_there_are_notebooks_to_run():
    assert notebooks, f"no notebooks under {NOTEBOOKS}"
