"""Every notebook under notebooks/ runs top to bottom, headless, on the ``java`` kernel.

A notebook fails if any cell has an ``error`` output, if any cell writes to stderr, or if it shows no
``image/png`` at all. The executed copies go to ``build/executed/`` for reading, and the time each
notebook took goes to ``build/notebook-times.csv``.
"""

import csv
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


@pytest.mark.parametrize("path", notebooks, ids=[str(p.relative_to(NOTEBOOKS)) for p in notebooks])
def test_notebook_runs_cleanly(path: Path):
    nb, seconds = execute(path)
    name = str(path.relative_to(NOTEBOOKS))
    record_time(name, seconds)
    out = EXECUTED / name
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out)
    found = problems(nb)
    assert not found, f"{name} ({seconds:.1f} s):\n" + "\n".join(found)


def test_there_are_notebooks_to_run():
    assert notebooks, f"no notebooks under {NOTEBOOKS}"
