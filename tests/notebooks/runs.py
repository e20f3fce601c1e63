"""One execution of each notebook serves every test that reads it, and independent notebooks run at once.

Executions, each a kernel in a process of its own (``execute.py``), ``NOTEBOOK_JOBS`` at a time (default:
two, one per core of the machines the course targets, and two kernels fit in 2 GB each):

- every student version on ``java`` (JJava);
- every worked-solutions version on ``java``, with the plausible wrong answers of
  ``wrong_answers/NN.json`` planted in it: after each exercise's check cell come, for each wrong answer,
  that answer and a copy of the check (which must fail), then the worked solution again, so that every
  wrong answer is tried against correct answers to every other exercise. The planted cells are taken
  out of the executed notebook before any test reads it, so the solutions run is also the run that
  ``test_notebooks.py`` checks and compares with the student version;
- every student version on ``java-ijava`` (the original IJava 1.3.0), when ``IJAVA_JAR`` names its jar
  (``make setup`` then installs that kernel).

All of them are started when the first test asks for one, longest first, and each test waits only for
the executions it reads.
"""

import json
import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
WRONG = Path(__file__).parent / "wrong_answers"
EXECUTED = ROOT / "build" / "executed"
EXECUTED_IJAVA = ROOT / "build" / "executed-ijava"
PLANTED = ROOT / "build" / "planted"
RUNNER = Path(__file__).parent / "execute.py"
JJAVA, IJAVA = "java", "java-ijava"
SOLUTIONS_PREFIX, IJAVA_PREFIX = "solutions/", "ijava/"
PLANT_KEY = "course_test_planted"

student_notebooks = sorted(NOTEBOOKS.glob("*.ipynb"))
solution_notebooks = sorted((NOTEBOOKS / "solutions").glob("*.ipynb"))


def ijava_enabled() -> bool:
    return bool(os.environ.get("IJAVA_JAR"))


def grade_id(cell) -> str:
    return cell.metadata.get("nbgrader", {}).get("grade_id", "")


def wrong_answers(lesson: str) -> dict:
    """grade_id → wrong versions of that solution cell, for the lesson named like ``02-scaled….ipynb``."""
    case = WRONG / f"{lesson[:2]}.json"
    return json.loads(case.read_text()) if case.exists() else {}


def solutions_of(number: str) -> str:
    """The name of lesson ``number``'s worked-solutions run, for example ``solutions/02-scaled….ipynb``."""
    found = [p.name for p in solution_notebooks if p.name.startswith(number + "-")]
    return SOLUTIONS_PREFIX + (found[0] if found else f"{number}-(no such lesson)")


def plant(nb, wrong: dict) -> list:
    """Insert every wrong answer after its exercise's check cell; return what was planted (or missing)."""
    solutions = {grade_id(c): c for c in nb.cells if c.cell_type == "code"}
    missing = [g for g in wrong if g not in solutions or g + "_check" not in solutions]
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        exercise = grade_id(cell)[:-len("_check")] if grade_id(cell).endswith("_check") else None
        if exercise not in wrong or exercise in missing:
            continue
        for k, answer in enumerate(wrong[exercise]):
            for role, source in (("answer", answer), ("check", cell.source)):
                cells.append(nbformat.v4.new_code_cell(source, metadata={PLANT_KEY: {
                    "exercise": exercise, "wrong": k + 1, "role": role}}))
        cells.append(nbformat.v4.new_code_cell(solutions[exercise].source, metadata={PLANT_KEY: {
            "exercise": exercise, "role": "restore"}}))
    nb.cells = cells
    return missing


def unplant(nb) -> list:
    """Take the planted cells out of an executed notebook; return them (with their outputs)."""
    planted = [c for c in nb.cells if PLANT_KEY in c.metadata]
    nb.cells = [c for c in nb.cells if PLANT_KEY not in c.metadata]
    return planted


class Execution:
    """One notebook executed on one kernel; ``result()`` waits for it and returns the executed notebook."""

    def __init__(self, name: str, source: Path, kernel: str, out: Path, wrong: dict = None):
        self.name, self.source, self.kernel, self.out, self.wrong = name, source, kernel, out, wrong or {}
        self.planted, self.missing, self.error = [], [], None
        self.done = threading.Event()
        self.nb = None

    def run(self) -> None:
        try:
            to_run = self.source
            if self.wrong:  # only the solutions runs carry planted cells; the others run the notebook itself
                nb = nbformat.read(self.source, as_version=4)
                self.missing = plant(nb, self.wrong)
                to_run = PLANTED / self.kernel / self.name
                to_run.parent.mkdir(parents=True, exist_ok=True)
                nbformat.write(nb, to_run)
            self.out.parent.mkdir(parents=True, exist_ok=True)
            result = subprocess.run([sys.executable, str(RUNNER), str(to_run), str(self.out), "--kernel", self.kernel,
                                     "--cwd", str(self.source.parent)], capture_output=True, text=True)
            if result.returncode != 0:
                self.error = f"{self.name} on {self.kernel}: the execution failed:\n{result.stderr[-3000:]}"
                return
            nb = nbformat.read(self.out, as_version=4)
            if self.wrong:
                self.planted = unplant(nb)
                nbformat.write(nb, self.out)
            self.nb = nb
        except Exception as e:  # reported by the tests that wait for this execution
            self.error = f"{self.name} on {self.kernel}: {e!r}"
        finally:
            self.done.set()

    def seconds(self) -> float:
        return self.nb.metadata.get("course_test", {}).get("seconds", 0.0)

    def result(self):
        self.done.wait()
        if self.error:
            pytest.fail(self.error, pytrace=False)
        return self.nb


def expected_cost(execution: Execution) -> tuple:
    """Longest first: later lessons train more, solutions carry the planted answers, IJava starts slower."""
    return (int(execution.name.split("/")[-1][:2]), bool(execution.wrong), execution.kernel == IJAVA)


def start_all(needed, jobs: int):
    """The executions named in ``needed`` (all when None), started longest first on ``jobs`` workers.

    Returns (name → Execution, the pool running them)."""
    runs = {}
    for path in student_notebooks:
        runs[path.name] = Execution(path.name, path, JJAVA, EXECUTED / path.name)
        if ijava_enabled():
            runs[IJAVA_PREFIX + path.name] = Execution(path.name, path, IJAVA, EXECUTED_IJAVA / path.name)
    for path in solution_notebooks:
        name = SOLUTIONS_PREFIX + path.name
        runs[name] = Execution(name, path, JJAVA, EXECUTED / name, wrong_answers(path.name))
    if needed is not None:
        runs = {name: run for name, run in runs.items() if name in needed}
    pool = ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="notebook")
    for execution in sorted(runs.values(), key=expected_cost, reverse=True):
        pool.submit(execution.run)
    return runs, pool
